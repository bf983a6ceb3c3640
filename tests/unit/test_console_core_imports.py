"""The console's headless core never imports Textual (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        "import kctui.paging, kctui.history, kctui.export, kctui.sqltext, kctui.completion\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'pandas'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
