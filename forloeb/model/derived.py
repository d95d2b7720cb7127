"""Figures derived from a pathway's steps: contacts per year per phase, the virtual share, tests.

Nothing here is written in the YAML; it is computed from `trin` so it can never disagree with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from forloeb.model.pathway import Forloeb, Formaal, Graensevaerdi, Trin

DAYS_PER_YEAR = 365.25
DAYS_PER_UNIT = {"dag": 1.0, "uge": 7.0, "maaned": DAYS_PER_YEAR / 12, "aar": DAYS_PER_YEAR}
VIRTUAL_FORMS = {"video", "telefon", "digital"}
TASK_SHIFT_PERFORMERS = {"almen-praksis": "almen praksis", "kommune": "kommunen"}
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
    """Planned contacts and tests in one phase (or outside any phase)."""

    fase_id: str
    titel: str
    kontakter_pr_aar: Range = ZERO
    virtuelle_pr_aar: Range = ZERO
    undersoegelser_pr_aar: Range = ZERO
    engangskontakter: int = 0
    efter_behov: list[Trin] = field(default_factory=list)

    @property
    def virtuel_andel(self) -> float | None:
        total = self.kontakter_pr_aar.mid
        return None if total == 0 else self.virtuelle_pr_aar.mid / total

    @property
    def has_contacts(self) -> bool:
        return self.kontakter_pr_aar.hi > 0 or self.engangskontakter > 0 or bool(self.efter_behov)


def is_contact(step: Trin) -> bool:
    return step.form is not None


def consultations(f: Forloeb) -> list[Trin]:
    """The steps that are patient contacts, in pathway order: the consultation table."""
    return [t for t in f.trin if is_contact(t)]


def examinations(f: Forloeb) -> list[Trin]:
    return [t for t in f.trin if t.type == "undersoegelse"]


def task_shift(step: Trin) -> str | None:
    """The sector a step is assigned to when that is general practice or the municipality."""
    return TASK_SHIFT_PERFORMERS.get(step.udfoerer or "")


def phase_figures(f: Forloeb) -> list[PhaseFigures]:
    steps = {t.id: t for t in f.trin}
    figures = {NO_PHASE: PhaseFigures(NO_PHASE, "Uden for faserne")}
    figures.update({fa.id: PhaseFigures(fa.id, fa.titel) for fa in f.faser})
    for t in f.trin:
        fig = figures[t.fase if t.fase in figures else NO_PHASE]
        yearly = per_year(t, steps)
        if t.type == "undersoegelse" and yearly is not None:
            fig.undersoegelser_pr_aar += yearly
        if not is_contact(t):
            continue
        if t.hyppighed is not None and t.hyppighed.type == "engang":
            fig.engangskontakter += 1
        elif yearly is None:
            fig.efter_behov.append(t)
        else:
            fig.kontakter_pr_aar += yearly
            if t.form in VIRTUAL_FORMS:
                fig.virtuelle_pr_aar += yearly
    ordered = [figures[fa.id] for fa in f.faser]
    if figures[NO_PHASE].has_contacts or figures[NO_PHASE].undersoegelser_pr_aar.hi > 0:
        ordered.insert(0, figures[NO_PHASE])
    return ordered


@dataclass(frozen=True)
class Threshold:
    """A structured threshold of a pathway with its purpose and the YAML path it stands at."""

    graense: Graensevaerdi
    formaal: Formaal | None  # None: not given and not derivable, so it is compared with nothing
    loc: tuple[str | int, ...]
    derived: bool  # the purpose comes from where the threshold stands, not from its formaal


def thresholds(f: Forloeb) -> list[Threshold]:
    """Every threshold of the pathway with its purpose: given in `formaal`, or derived from where it
    stands. A referral criterion is for referral; a transition out of a treatment phase (one with a
    step of type behandling) into another phase states the treatment target."""
    out = [
        Threshold(g, g.formaal or "henvisning", ("henvisning", "kriterier", i, "graensevaerdier", j), g.formaal is None)
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
                out.append(Threshold(g, g.formaal or derived, loc, g.formaal is None))
    return out
