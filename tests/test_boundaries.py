"""The layout's boundary as a checked fact: the headless packages never import the UI.

Every module of ``kctui.core`` and ``kctui.build`` (found by walking the packages, no
hand-kept list) is imported alone in a fresh interpreter, and so is the whole of
``kctui sql``; none may pull in textual, rich, pandas or plotext, nor kctui serve's
textual-serve and aiohttp. That is what keeps the CLI about as fast as DuckDB itself,
and what lets the core be tested alone.
(pyproject.toml's import-linter contracts check the same statically, and that the UI
never imports the build.)
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import kctui.build
import kctui.core

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("textual", "rich", "pandas", "plotext", "textual_serve", "aiohttp")


def _modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [package.__name__] + [m.name for m in pkgutil.walk_packages(path, prefix)]  # type: ignore[attr-defined]


HEADLESS = _modules(kctui.core) + _modules(kctui.build)
REPORT = (
    "import sys; "
    f"bad = sorted({{m.split('.')[0] for m in sys.modules}} & set({FORBIDDEN!r})); "
    "print('FORBIDDEN', bad)"
)


def test_the_walk_finds_the_packages() -> None:
    # A walk that finds nothing would pass every check below.
    assert "kctui.core.db" in HEADLESS and "kctui.build.validate" in HEADLESS
    assert "kctui.core.console.run" in HEADLESS
    assert len(HEADLESS) >= 20


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_ui(module: str) -> None:
    code = f"import {module}; {REPORT}"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "FORBIDDEN []" in result.stdout, f"{module}: {result.stdout}"


def test_kctui_sql_imports_no_ui(db_path: Path) -> None:
    code = (
        "import sys; from kctui.cli import main; "
        f"rc = main(['sql', 'select 1', '--db', {str(db_path)!r}]); {REPORT}; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "FORBIDDEN []" in result.stdout


def test_kctui_build_imports_no_ui(tmp_path: Path) -> None:
    code = (
        "import sys; from kctui.cli import main; "
        f"rc = main(['build', '--out', {str(tmp_path / 'kc.duckdb')!r}]); {REPORT}; sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "FORBIDDEN []" in result.stdout


def test_no_import_cycles() -> None:
    """No module of kctui imports, through others, one that imports it back (imports made
    only for type checking aside)."""
    import grimp

    graph = grimp.build_graph("kctui", exclude_type_checking_imports=True)
    modules = set(graph.modules)
    cycles = sorted(
        f"{module} -> {imported} -> ... -> {module}"
        for module in modules
        for imported in graph.find_modules_directly_imported_by(module) & modules
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert cycles == []
