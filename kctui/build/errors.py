"""What a build reports: every problem of the curated CSVs, or why it could not write."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One validation failure, reported as ``file:line: column: problem``."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class BuildError(Exception):
    """The curated data did not validate, or the database could not be written.

    ``problems`` lists every row problem (empty when the failure is not the data's:
    a full disk, an unwritable folder, a refused target); the message is one line.
    """

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems = problems if isinstance(problems, list) else []
        message = problems if isinstance(problems, str) else "\n".join(map(str, problems))
        super().__init__(message)
