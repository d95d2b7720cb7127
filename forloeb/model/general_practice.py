"""What general practice needs from a pathway, derived from the model: when and how to refer, what
the hospital does, what comes back, and what the pathway asks of general practice.

The DSAM note asks for one place where a GP finds the region's guidance, and for "en klar og tydelig
overlevering, når behandlingsansvaret flytter sig mellem sektorer". Everything here comes from
fields the page shows in full elsewhere, so nothing is written twice; where the pathway does not
say something, the view holds nothing for it and the page says that it is not described.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forloeb.model.pathway import Aftale, Fase, Forloeb, Trin
from forloeb.model.sectors import HOSPITAL, SECTOR_OF_PERFORMER, Handover, handovers, sector
from forloeb.model.task_shift import TaskShift, names_general_practice, task_shifts

GENERAL_PRACTICE = SECTOR_OF_PERFORMER["almen-praksis"]
# Who gets a referral back: the one who referred, most often general practice.
_REFERRER = re.compile(r"\bhenvisende læge", re.IGNORECASE)
# Shown under the referral, not again among the hospital's steps.
_REFERRAL_TYPES = {"visitation"}
_END_TYPES = {"afslutning", "overgang"}


@dataclass(frozen=True)
class HospitalPhase:
    """The hospital's steps in one phase; fase is None for steps outside the phases."""

    fase: Fase | None
    trin: list[Trin]


@dataclass(frozen=True)
class HandoverBack:
    """A handover from the hospital to general practice (or to the referring doctor)."""

    overlevering: Handover
    derefter: list[Trin]  # the steps in general practice that follow: what the GP does afterwards

    @property
    def til_almen_praksis(self) -> bool:
        """The step handed over to is itself general practice's, so its title says what the GP does."""
        return is_general_practice(self.overlevering.til)


@dataclass(frozen=True)
class Tasks:
    """The tasks the pathway gives general practice under one agreement, or under none (task shifting)."""

    aftale: Aftale | None
    opgaver: list[tuple[Trin, TaskShift]]


@dataclass(frozen=True)
class GeneralPractice:
    foer_henvisning: list[list[Trin]]  # examinations in general practice before the referral; alternatives together
    foer_faser: list[Fase]  # the phases of those examinations that have a time frame
    henvisning: list[Handover]  # from general practice to the hospital: what the referral holds
    sygehus: list[HospitalPhase]
    tilbage: list[HandoverBack]
    slutter: list[Trin]  # where the pathway ends, shown when no handover back is described
    opgaver: list[Tasks]


def is_general_practice(step: Trin) -> bool:
    return sector(step) == GENERAL_PRACTICE


def _is_end(step: Trin) -> bool:
    return step.type in _END_TYPES and not step.overgange


def _gives_general_practice_a_task(step: Trin) -> bool:
    return any(s.udfoerer == "almen-praksis" for s in task_shifts(step))


def _at_hospital(step: Trin) -> bool:
    """A step of the hospital's own: by a hospital performer, or by nobody named (the pathway's unit)
    unless its text gives the task to general practice."""
    if step.type in _REFERRAL_TYPES:
        return False
    return sector(step) == HOSPITAL or (step.udfoerer is None and not _gives_general_practice_a_task(step))


def _upstream(f: Forloeb, targets: set[str]) -> set[str]:
    """The steps from which one of the targets can be reached, the targets included."""
    before: dict[str, set[str]] = {t.id: set() for t in f.trin}
    for t in f.trin:
        for o in t.overgange:
            if o.til in before:
                before[o.til].add(t.id)
    found, todo = set(), list(targets)
    while todo:
        node = todo.pop()
        if node not in found:
            found.add(node)
            todo.extend(before.get(node, ()))
    return found


def _onward_in_general_practice(f: Forloeb, start: Trin) -> list[Trin]:
    """The general-practice steps after start, as long as the way stays in general practice."""
    steps = {t.id: t for t in f.trin}

    def following(t: Trin) -> list[Trin]:
        return [steps[o.til] for o in t.overgange if o.til in steps and is_general_practice(steps[o.til])]

    found: set[str] = set()
    todo = following(start)
    while todo:
        t = todo.pop()
        if t.id not in found and t.id != start.id:
            found.add(t.id)
            todo += following(t)
    return [t for t in f.trin if t.id in found]


def _alternatives_together(steps: list[Trin]) -> list[list[Trin]]:
    """Steps in order, each with the steps marked as its alternatives (one of them is done, not all)."""
    groups: list[list[Trin]] = []
    placed: dict[str, list[Trin]] = {}
    for t in steps:
        group = next((placed[a] for a in t.alternativ_til if a in placed), None)
        if group is None:
            group = []
            groups.append(group)
        group.append(t)
        placed[t.id] = group
    return groups


def _goes_back(h: Handover) -> bool:
    if h.fra_sektor != HOSPITAL:
        return False
    if h.til_sektor == GENERAL_PRACTICE:
        return True
    ov = h.overgang.overlevering
    return ov is not None and (names_general_practice(ov.ansvar_efter) or bool(_REFERRER.search(ov.ansvar_efter)))


def _hospital_phases(f: Forloeb) -> list[HospitalPhase]:
    phase_ids = {fa.id for fa in f.faser}
    groups = [HospitalPhase(None, [t for t in f.trin if t.fase not in phase_ids])]
    groups += [HospitalPhase(fa, [t for t in f.trin if t.fase == fa.id]) for fa in f.faser]
    out = [HospitalPhase(g.fase, [t for t in g.trin if _at_hospital(t) and not _is_end(t)]) for g in groups]
    return [g for g in out if g.trin]


def _tasks(f: Forloeb) -> list[Tasks]:
    """The tasks by agreement (its name and level; each step cites its own source), task shifting first."""
    groups: dict[tuple[str, str] | None, Tasks] = {None: Tasks(None, [])}
    for t in f.trin:
        for s in task_shifts(t):
            if s.udfoerer == "almen-praksis":
                key = None if s.aftale is None else (s.aftale.navn, s.aftale.niveau)
                groups.setdefault(key, Tasks(s.aftale, [])).opgaver.append((t, s))
    return [g for g in groups.values() if g.opgaver]


def general_practice(f: Forloeb) -> GeneralPractice:
    changes = handovers(f)
    referrals = [h for h in changes if h.fra_sektor == GENERAL_PRACTICE and h.til_sektor == HOSPITAL]
    before = _upstream(f, {h.fra.id for h in referrals})
    tests = [t for t in f.trin if t.id in before and is_general_practice(t) and t.type == "undersoegelse"]
    phases = {t.fase for t in tests}
    back = [HandoverBack(h, _onward_in_general_practice(f, h.til)) for h in changes if _goes_back(h)]
    return GeneralPractice(
        foer_henvisning=_alternatives_together(tests),
        foer_faser=[fa for fa in f.faser if fa.id in phases and fa.forloebstid is not None],
        henvisning=referrals,
        sygehus=_hospital_phases(f),
        tilbage=back,
        slutter=[] if back else [t for t in f.trin if _is_end(t)],
        opgaver=_tasks(f),
    )
