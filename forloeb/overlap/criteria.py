"""When two sets of structured criteria (graensevaerdier) contradict each other.

Two thresholds are compared only when they say the same kind of thing:

* the same purpose (referral, start of treatment, treatment target, control, acute): a start of
  treatment at ferritin >= 800 does not contradict referral at ferritin > 300; a threshold without a
  purpose is compared with nothing,
* the same parameter (the slug, e.g. ``ferritin``),
* the same unit after normalisation (µg/L = ug/L = μg/L = ng/mL; mg/dL is converted to mg/L);
  units that cannot be converted are compared only when they are equal,
* the same direction: ``>`` and ``>=`` are lower limits ("over"), ``<`` and ``<=`` upper limits
  ("under"), ``=`` an exact value. A lower and an upper limit on the same parameter are different
  criteria (an entry criterion and a treatment target), not a contradiction,
* the same sex: a threshold without ``koen`` applies to women and men alike.

For each sex, each side then has a set of values for such a parameter. The sides contradict when
each has a value the other lacks: ferritin > 200 against > 400 is a contradiction; a side that says
both > 300 (referral) and > 500 (start of treatment) does not contradict one that says only > 300,
because the extra value may serve another purpose. ``>`` and ``>=`` at the same value count as the
same limit: for a measured quantity the difference is a single point.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from forloeb.model import labels
from forloeb.model.formatting import exact
from forloeb.model.pathway import Formaal, Graensevaerdi, Koen

Direction = Literal["over", "under", "lig"]
SEXES: tuple[Koen, ...] = ("kvinde", "mand")
_DIRECTION: dict[str, Direction] = {">": "over", ">=": "over", "<": "under", "<=": "under", "=": "lig"}

# Normalised spelling (NFKC, casefolded, no spaces: the micro sign becomes Greek mu) -> unit, factor.
_UNITS: dict[str, tuple[str, float]] = {
    "μg/l": ("µg/L", 1),
    "ug/l": ("µg/L", 1),
    "mcg/l": ("µg/L", 1),
    "ng/ml": ("µg/L", 1),
    "mg/l": ("mg/L", 1),
    "mg/dl": ("mg/L", 10),
    "g/l": ("g/L", 1),
    "g/dl": ("g/L", 10),
    "mmol/l": ("mmol/L", 1),
    "μmol/l": ("µmol/L", 1),
    "umol/l": ("µmol/L", 1),
    "%": ("%", 1),
    "procent": ("%", 1),
}


def unit(enhed: str) -> tuple[str, float]:
    """The canonical unit and the factor to it: 'μg/L' -> ('µg/L', 1), 'mg/dL' -> ('mg/L', 10)."""
    key = "".join(unicodedata.normalize("NFKC", enhed).casefold().split())
    return _UNITS.get(key, (key, 1.0))


@dataclass(frozen=True)
class Conflict:
    """Threshold a (index into the first list) contradicts threshold b for these sexes."""

    a: int
    b: int
    sexes: frozenset[Koen]
    formaal: Formaal

    def sex_text(self) -> str:
        return "" if len(self.sexes) == len(SEXES) else f" for {labels.KOEN[next(iter(self.sexes))]}"


Key = tuple[Formaal, str, str, Direction]
Purposed = tuple[Graensevaerdi, Formaal | None]  # a threshold and what it is for


def _by_key(thresholds: Sequence[Purposed]) -> dict[Key, dict[Koen, dict[float, int]]]:
    """Key -> sex -> normalised value -> index of the first threshold saying it."""
    out: dict[Key, dict[Koen, dict[float, int]]] = {}
    for i, (g, formaal) in enumerate(thresholds):
        if formaal is None:
            continue
        canonical, factor = unit(g.enhed)
        per_sex = out.setdefault((formaal, g.parameter, canonical, _DIRECTION[g.operator]), {s: {} for s in SEXES})
        for s in SEXES if g.koen is None else (g.koen,):
            per_sex[s].setdefault(round(g.vaerdi * factor, 9), i)
    return out


def conflicts(a: Sequence[Purposed], b: Sequence[Purposed]) -> list[Conflict]:
    """The contradictions between two parties' thresholds, one per pair of thresholds."""
    by_a, by_b = _by_key(a), _by_key(b)
    found: dict[tuple[int, int, Formaal], set[Koen]] = {}
    for key in by_a.keys() & by_b.keys():
        for s in SEXES:
            va, vb = by_a[key][s], by_b[key][s]
            only_a, only_b = va.keys() - vb.keys(), vb.keys() - va.keys()
            if va and vb and only_a and only_b:
                for x in sorted(only_a):
                    for y in sorted(only_b):
                        found.setdefault((va[x], vb[y], key[0]), set()).add(s)
    return [Conflict(i, j, frozenset(s), formaal) for (i, j, formaal), s in sorted(found.items())]


def value_text(g: Graensevaerdi) -> str:
    """A threshold without its parameter (or sex, which a Conflict names): "< 100 µg/L"."""
    return f"{g.operator} {exact(g.vaerdi)} {g.enhed}"
