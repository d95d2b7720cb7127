"""A finding of the overlap check: a problem that involves two places, often in two files.

forloeb.problems.Problem points at one line an editor must change. An overlap has two sides (two
pathways, a pathway and a D4 document, two D4 documents), and the editor of either may be the one
to act, so a Finding carries every place it concerns, and its message names them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from forloeb.load.problems import Problem, Severity

Kind = Literal[
    "input",
    "patientgruppe",
    "afgraensning",
    "kriterier",
    "d4-bruttoliste",
    "d4-afsnit",
    "d4-fremdrift",
    "tekst",
    "opgaveglidning",
]

TITLES: dict[Kind, str] = {
    "input": "Fejl i input",
    "patientgruppe": "Overlappende patientgrupper",
    "afgraensning": "Afgrænsede patientgrupper",
    "kriterier": "Modstridende kriterier",
    "d4-bruttoliste": "D4-dokument uden anbefaling",
    "d4-afsnit": "Afsnit gentaget i D4-dokument",
    "d4-fremdrift": "D4-oprydningens fremdrift",
    "tekst": "Næsten ens tekst",
    "opgaveglidning": "Opgaveglidning",
}

_SEVERITY_ORDER: dict[Severity, int] = {"fejl": 0, "advarsel": 1, "info": 2}


@dataclass(frozen=True, order=True)
class Place:
    path: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    kind: Kind
    message: str  # names every place itself, so it reads the same wherever it is shown
    places: tuple[Place, ...]

    @property
    def is_error(self) -> bool:
        return self.severity == "fejl"

    @property
    def title(self) -> str:
        return TITLES[self.kind]

    def sort_key(self) -> tuple[int, tuple[Place, ...], str]:
        return (_SEVERITY_ORDER[self.severity], self.places, self.message)


def from_problem(problem: Problem) -> Finding:
    """An input error (from loading the catalog) as a finding with its one place."""
    return Finding(problem.severity, "input", problem.message, (Place(problem.path, problem.line, problem.col),))


def count(findings: list[Finding]) -> dict[Severity, int]:
    totals: dict[Severity, int] = {"fejl": 0, "advarsel": 0, "info": 0}
    for f in findings:
        totals[f.severity] += 1
    return totals
