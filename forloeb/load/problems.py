"""A problem found in an input file, pointing at the line an editor must change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["fejl", "advarsel", "info"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    message: str
    severity: Severity = "fejl"

    def __str__(self) -> str:
        prefix = "" if self.severity == "fejl" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.col}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "fejl"


@dataclass(frozen=True)
class ModelProblem:
    """A problem found in a validated model, placed by its path in the data (e.g. ("trin", 2, "id")),
    before the loader maps that path to the file's line."""

    loc: tuple[str | int, ...]
    message: str
    severity: Severity = "fejl"


class InputError(Exception):
    """Raised when input files have errors; carries every problem, sorted."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
