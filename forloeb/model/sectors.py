"""Sectors and the handovers between them: who holds the treatment responsibility at each change.

A step's sector follows from its performer; a transition from a step in one sector to a step in
another is a change of sector, where the DSAM note asks for "en klar og tydelig overlevering".
"""

from __future__ import annotations

from dataclasses import dataclass

from forloeb.model.pathway import Forloeb, Overgang, Trin

HOSPITAL = "sygehuset"
SECTOR_OF_PERFORMER = {
    "laege": HOSPITAL,
    "sygeplejerske": HOSPITAL,
    "sekretaer": HOSPITAL,
    "bioanalytiker": HOSPITAL,
    "radiograf": HOSPITAL,
    "tvaerfagligt-team": HOSPITAL,
    "blodbank": HOSPITAL,
    "almen-praksis": "almen praksis",
    "praktiserende-speciallaege": "praktiserende speciallæge",
    "kommunal-sygepleje": "kommunen",
    "kommune": "kommunen",
    # "patient": the patient's own steps belong to no sector
}

DSAM_QUOTE = (
    "Der er generelt et klart og tydeligt behandlingsansvar og en klar og tydelig overlevering, når "
    "behandlingsansvaret flytter sig mellem sektorer."
)
DSAM_SOURCE = "DSAM's notat «Vision om et bedre samarbejde», afsnit 4"


def sector(step: Trin) -> str | None:
    return SECTOR_OF_PERFORMER.get(step.udfoerer or "")


@dataclass(frozen=True)
class Handover:
    """A transition that changes sector, or that describes a handover, with its place in the file."""

    fra: Trin
    overgang: Overgang
    til: Trin
    loc: tuple[str | int, ...]  # the transition's path in the model, e.g. ("trin", 3, "overgange", 1)

    @property
    def fra_sektor(self) -> str | None:
        return sector(self.fra)

    @property
    def til_sektor(self) -> str | None:
        return sector(self.til)

    @property
    def changes_sector(self) -> bool:
        a, b = self.fra_sektor, self.til_sektor
        return a is not None and b is not None and a != b


def handovers(f: Forloeb) -> list[Handover]:
    """Every change of sector, and every transition with a described handover, in the file's order."""
    steps = {t.id: t for t in f.trin}
    out = []
    for i, t in enumerate(f.trin):
        for j, o in enumerate(t.overgange):
            target = steps.get(o.til)
            if target is None:
                continue
            h = Handover(t, o, target, ("trin", i, "overgange", j))
            if h.changes_sector or o.overlevering is not None:
                out.append(h)
    return out
