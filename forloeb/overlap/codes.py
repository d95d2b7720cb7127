"""Which parties cover the same patients: diagnosis codes that overlap by prefix, ages that meet.

SKS codes are hierarchical by prefix: DE83 covers DE831, which covers DE831A. Two parties overlap
when a code of one is a prefix of (or equal to) a code of the other. Codes are indexed by their full
text, and each code looks up only its own prefixes, so the work grows with the number of codes
(times their length, at most a handful of characters) and with the overlaps found, never with the
square of the number of parties.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from forloeb.model.pathway import Aldersinterval
from forloeb.overlap.parties import Party

MIN_PREFIX = 4  # the shortest valid SKS code, e.g. "DE83"


@dataclass(frozen=True)
class CodeOverlap:
    """Two parties with overlapping codes; a comes before b in the input, code_* index their codes."""

    a: Party
    b: Party
    code_a: int
    code_b: int

    def relation(self) -> str:
        """The overlap in words: "begge dækker DE831" or "DE83 omfatter DE831A"."""
        ka, kb = self.a.codes[self.code_a][0], self.b.codes[self.code_b][0]
        if ka == kb:
            return f"begge dækker {ka}"
        broad, narrow = (ka, kb) if kb.startswith(ka) else (kb, ka)
        return f"{broad} omfatter {narrow}"


def overlapping(parties: Sequence[Party]) -> list[CodeOverlap]:
    """Every pair of parties whose codes overlap, once, with the first overlapping pair of codes."""
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for pi, p in enumerate(parties):
        for ci, (kode, _) in enumerate(p.codes):
            index[kode].append((pi, ci))
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for pi, p in enumerate(parties):
        for ci, (kode, _) in enumerate(p.codes):
            for end in range(min(MIN_PREFIX, len(kode)), len(kode) + 1):
                for qi, qc in index.get(kode[:end], ()):
                    if qi == pi:
                        continue
                    pair = (pi, qi) if pi < qi else (qi, pi)
                    codes = (ci, qc) if pi < qi else (qc, ci)
                    if pair not in found or codes < found[pair]:
                        found[pair] = codes
    return [CodeOverlap(parties[i], parties[j], *found[(i, j)]) for i, j in sorted(found)]


def ages_meet(a: Aldersinterval | None, b: Aldersinterval | None) -> bool:
    """Whether two age ranges (inclusive; None or a missing bound is unbounded) share an age."""
    lo_a, hi_a = (a.min, a.max) if a else (None, None)
    lo_b, hi_b = (b.min, b.max) if b else (None, None)
    lo = max(x for x in (lo_a, lo_b, 0) if x is not None)
    hi = min(x for x in (hi_a, hi_b, 1000) if x is not None)
    return lo <= hi


def age_text(a: Aldersinterval | None) -> str:
    if a is None:  # an age range has at least one bound (the model's rule)
        return "alle aldre"
    if a.max is None:
        return f"fra {a.min} år"
    if a.min is None:
        return f"til og med {a.max} år"
    return f"{a.min}–{a.max} år"
