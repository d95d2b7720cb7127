"""Figures derived from a pathway's steps: contacts per year per phase, the virtual share, tests.

Nothing here is written in the YAML; it is computed from `trin` so it can never disagree with it.
Figures follow the branches of the flow (forloeb.model.branches): exclusive alternatives are never
added together, so a phase gets one row per branch when its branches differ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from forloeb.model.branches import Branch, phase_branches
from forloeb.model.pathway import Forloeb, Formaal, Graensevaerdi, Trin

DAYS_PER_YEAR = 365.25
DAYS_PER_UNIT = {"dag": 1.0, "uge": 7.0, "maaned": DAYS_PER_YEAR / 12, "aar": DAYS_PER_YEAR}
VIRTUAL_FORMS = {"video", "telefon", "digital"}
NO_PHASE = ""


@dataclass(frozen=True)
class Range:
    """A figure known only as an interval, e.g. 26-52 venesections a year."""

    lo: float
    hi: float

    def __add__(self, other: Range) -> Range:
        return Range(self.lo + other.lo, self.hi + other.hi)

    def __truediv__(self, other: Range) -> Range:
        return Range(self.lo / other.hi, self.hi / other.lo)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def hull(self, other: Range) -> Range:
        """The smallest range holding both: the figure over alternatives, never their sum."""
        return Range(min(self.lo, other.lo), max(self.hi, other.hi))


ZERO = Range(0.0, 0.0)


def per_year(step: Trin, steps: dict[str, Trin], _seen: frozenset[str] = frozenset()) -> Range | None:
    """How often a step happens per year; None for one-off steps and unquantified needs."""
    h = step.hyppighed
    if h is None or h.type == "engang" or step.id in _seen:
        return None
    if h.type == "efter-behov":
        return None if h.antal_pr_aar is None else Range(h.antal_pr_aar, h.antal_pr_aar)
    assert h.fra is not None and h.enhed is not None  # guaranteed by the model for intervals
    every = Range(h.fra, h.til if h.til is not None else h.fra)
    if h.enhed == "gang":
        ref = steps.get(h.relativ_til or "")
        base = per_year(ref, steps, _seen | {step.id}) if ref else None
        return None if base is None else base / every
    days = DAYS_PER_UNIT[h.enhed]
    return Range(DAYS_PER_YEAR, DAYS_PER_YEAR) / Range(every.lo * days, every.hi * days)


@dataclass
class PhaseFigures:
    """Planned contacts and tests in one phase (or outside any phase), for one branch or for all.

    `gren` names the branch when the phase's branches give different figures; None when one row
    holds for the whole phase (its figures are then ranges over the branches that stay in it).
    """

    fase_id: str
    titel: str
    gren: str | None = None
    kontakter_pr_aar: Range = ZERO
    virtuelle_pr_aar: Range = ZERO
    undersoegelser_pr_aar: Range = ZERO
    engangskontakter: Range = ZERO
    efter_behov: list[Trin] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.fase_id, self.gren)

    @property
    def virtuel_andel(self) -> float | None:
        total = self.kontakter_pr_aar.mid
        return None if total == 0 else self.virtuelle_pr_aar.mid / total

    @property
    def has_contacts(self) -> bool:
        return self.kontakter_pr_aar.hi > 0 or self.engangskontakter.hi > 0 or bool(self.efter_behov)

    @property
    def recurs(self) -> bool:
        """Something happens again and again in this branch: it is a regime, not only a way through."""
        return self.kontakter_pr_aar.hi > 0 or self.undersoegelser_pr_aar.hi > 0 or bool(self.efter_behov)

    def figures(self) -> tuple[object, ...]:
        return (
            self.kontakter_pr_aar,
            self.virtuelle_pr_aar,
            self.undersoegelser_pr_aar,
            self.engangskontakter,
            tuple(t.id for t in self.efter_behov),
        )


def is_contact(step: Trin) -> bool:
    return step.form is not None


def consultations(f: Forloeb) -> list[Trin]:
    """The steps that are patient contacts, in pathway order: the consultation table."""
    return [t for t in f.trin if is_contact(t)]


def examinations(f: Forloeb) -> list[Trin]:
    return [t for t in f.trin if t.type == "undersoegelse"]


def _branch_figures(fase_id: str, titel: str, members: list[Trin], steps: dict[str, Trin]) -> PhaseFigures:
    """The figures of the steps one patient meets in one branch: these are added together."""
    fig = PhaseFigures(fase_id, titel)
    for t in members:
        yearly = per_year(t, steps)
        if t.type == "undersoegelse" and yearly is not None:
            fig.undersoegelser_pr_aar += yearly
        if not is_contact(t):
            continue
        if t.hyppighed is not None and t.hyppighed.type == "engang":
            fig.engangskontakter += Range(1, 1)
        elif yearly is None:
            fig.efter_behov.append(t)
        else:
            fig.kontakter_pr_aar += yearly
            if t.form in VIRTUAL_FORMS:
                fig.virtuelle_pr_aar += yearly
    return fig


def _merged(fase_id: str, titel: str, figs: list[PhaseFigures]) -> PhaseFigures:
    """One row for alternatives whose yearly figures agree: each figure the range over them."""
    out = PhaseFigures(fase_id, titel)
    first = True
    seen: set[str] = set()
    for fig in figs:
        for name in ("kontakter_pr_aar", "virtuelle_pr_aar", "undersoegelser_pr_aar", "engangskontakter"):
            value = getattr(fig, name)
            setattr(out, name, value if first else getattr(out, name).hull(value))
        first = False
        out.efter_behov += [t for t in fig.efter_behov if t.id not in seen]
        seen.update(t.id for t in fig.efter_behov)
    return out


def _rows(fase_id: str, titel: str, branches: list[Branch], f: Forloeb, steps: dict[str, Trin]) -> list[PhaseFigures]:
    figs = [_branch_figures(fase_id, titel, [t for t in f.trin if t.id in b.steps], steps) for b in branches]
    pairs = list(zip(figs, branches, strict=True))
    # Branches that end the pathway or leave it for another have no yearly life in this phase.
    staying = [(fig, b) for fig, b in pairs if not b.ends] or pairs
    regimes: dict[tuple[object, ...], PhaseFigures] = {}
    for fig, b in staying:
        if fig.recurs and fig.figures() not in regimes:
            fig.gren = b.name
            regimes[fig.figures()] = fig
    if len(regimes) < 2:
        return [_merged(fase_id, titel, [fig for fig, _ in staying])]
    rows = list(regimes.values())
    names = [r.gren for r in rows]
    for i, r in enumerate(rows):  # two branches of the same name stay apart in tables and diffs
        if names.count(r.gren) > 1:
            r.gren = f"{r.gren} ({names[: i + 1].count(r.gren)})"
    return rows


def phase_figures(f: Forloeb) -> list[PhaseFigures]:
    """Per phase one row, or one row per branch where exclusive branches give different figures."""
    steps = {t.id: t for t in f.trin}
    phase_ids = {fa.id for fa in f.faser}
    groups = [(NO_PHASE, "Uden for faserne", [t for t in f.trin if t.fase not in phase_ids])]
    titles = {fa.id: fa.titel for fa in reversed(f.faser)}  # the first of duplicate ids wins
    groups += [
        (fid, titles[fid], [t for t in f.trin if t.fase == fid]) for fid in dict.fromkeys(fa.id for fa in f.faser)
    ]
    out: list[PhaseFigures] = []
    for fase_id, titel, members in groups:
        rows = _rows(fase_id, titel, phase_branches(f, {t.id for t in members}), f, steps) if members else []
        if fase_id == NO_PHASE:
            rows = [r for r in rows if r.has_contacts or r.undersoegelser_pr_aar.hi > 0]
        out += rows or ([] if fase_id == NO_PHASE else [PhaseFigures(fase_id, titel)])
    return out


# phase_figures, or a memo of it (forloeb/memo.py) where one model is shown and compared more than once.
Figures = Callable[[Forloeb], list[PhaseFigures]]


@dataclass(frozen=True)
class Threshold:
    """A structured threshold of a pathway with its purpose and the YAML path it stands at."""

    graense: Graensevaerdi
    formaal: Formaal | None  # None: not given and not derivable, so it is compared with nothing
    loc: tuple[str | int, ...]


def thresholds(f: Forloeb) -> list[Threshold]:
    """Every threshold of the pathway with its purpose: given in `formaal`, or derived from where it
    stands. A referral criterion is for referral; a transition out of a treatment phase (one with a
    step of type behandling) into another phase states the treatment target."""
    out = [
        Threshold(g, g.formaal or "henvisning", ("henvisning", "kriterier", i, "graensevaerdier", j))
        for i, k in enumerate(f.henvisning.kriterier)
        for j, g in enumerate(k.graensevaerdier)
    ]
    phase_of = {t.id: t.fase for t in f.trin}
    treatment_phases = {t.fase for t in f.trin if t.type == "behandling" and t.fase}
    for i, t in enumerate(f.trin):
        for j, o in enumerate(t.overgange):
            leaves_treatment = t.fase in treatment_phases and phase_of.get(o.til) not in (None, t.fase)
            derived: Formaal | None = "behandlingsmaal" if leaves_treatment else None
            for k, g in enumerate(o.graensevaerdier):
                loc = ("trin", i, "overgange", j, "graensevaerdier", k)
                out.append(Threshold(g, g.formaal or derived, loc))
    return out
