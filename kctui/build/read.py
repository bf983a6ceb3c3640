"""Read one curated CSV into (line number, row) pairs, reporting every shape problem."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from kctui.build.errors import Problem


def read_csv(
    path: Path, columns: tuple[str, ...], problems: list[Problem]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for each data row, reporting shape problems."""
    name = path.name
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        problems.append(Problem(name, 0, "-", f"cannot read: {exc.strerror or exc}"))
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, None)
            if header is None:
                problems.append(Problem(name, 1, "-", "empty file (expected a header row)"))
                return
            header = [h.strip() for h in header]
            if tuple(header) != columns:
                missing = [c for c in columns if c not in header]
                extra = [c for c in header if c not in columns]
                detail = []
                if missing:
                    detail.append("missing " + ", ".join(missing))
                if extra:
                    detail.append("unexpected " + ", ".join(extra))
                if not detail:
                    detail.append("columns out of order")
                problems.append(
                    Problem(
                        name, 1, "header", f"{'; '.join(detail)} (expected {','.join(columns)})"
                    )
                )
                return
            line = reader.line_num + 1
            for row in reader:
                start, line = line, reader.line_num + 1
                if not row or all(not c.strip() for c in row):
                    continue
                if len(row) != len(columns):
                    problems.append(
                        Problem(name, start, "-", f"{len(row)} fields, expected {len(columns)}")
                    )
                    continue
                yield start, dict(zip(columns, row, strict=True))
        except UnicodeDecodeError as exc:
            problems.append(Problem(name, reader.line_num + 1, "-", f"not UTF-8 ({exc.reason})"))
        except csv.Error as exc:
            problems.append(Problem(name, reader.line_num, "-", f"malformed CSV ({exc})"))
