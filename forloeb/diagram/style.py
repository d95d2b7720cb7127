"""How the flowchart draws each step type and contact form, as data.

Both the pathway diagrams and the legend are built from these tables, so they cannot disagree.
Every form is recognisable without colour: by its border style and by a text line in the node.
"""

from __future__ import annotations

from typing import Final

from forloeb.model import labels
from forloeb.model.formatting import time_frame, upper_first
from forloeb.model.pathway import Tidsfrist
from forloeb.model.task_shift import AGREEMENT_LEVEL, TaskShift

# Danish display names. They are the shared ones from labels.py, re-exported under the names the
# page renderer imports from here, so diagram and page always use the same words.
TYPE_NAVN: Final[dict[str, str]] = labels.TRIN_TYPE
UDFOERER_NAVN: Final[dict[str, str]] = labels.UDFOERER
FORM_NAVN: Final[dict[str, str]] = labels.FORM

FONT: Final = "Helvetica"
FONTSIZE: Final = "11"
WRAP: Final = 24  # characters per line in a node
EDGE_WRAP: Final = 25  # characters per line on an edge
CLUSTER_WRAP: Final = 40  # phase titles span several nodes, so they may be wider
FAN_ROW: Final = 3  # a step leading to more endings than this spreads them over rows (dot.staggered)

# Node attributes per step type: classic flowchart shapes (process, decision, terminator ...).
TYPE_FORM: Final[dict[str, dict[str, str]]] = {
    "visitation": {"shape": "hexagon"},
    "konsultation": {"shape": "box", "style": "rounded"},
    "undersoegelse": {"shape": "parallelogram"},
    "behandling": {"shape": "box"},
    "beslutning": {"shape": "diamond"},
    "overgang": {"shape": "cds", "margin": "0.3,0.12"},  # room for the arrow tip
    "afslutning": {"shape": "ellipse", "peripheries": "2"},
}

# Border per contact form; merged into the type's style. Steps without a form keep a plain border.
FORM_STREG: Final[dict[str, dict[str, str]]] = {
    "fysisk": {"style": "solid"},
    "video": {"style": "dashed"},
    "telefon": {"style": "dotted"},
    "digital": {"style": "dashed", "penwidth": "2.5"},
}

# Steps that give a task to general practice or municipal nursing (the concept, section 5.0) are
# flagged; a step whose placement holds under a named agreement gets the note instead of the flag.
OPGAVEFLYTNING: Final[dict[str, str]] = {
    "almen-praksis": "⚠ Opgave hos almen praksis",
    "kommunal-sygepleje": "⚠ Opgave hos den kommunale sygepleje",
}
AFTALT_FORKLARING: Final = "Efter national eller regional aftale"


def aftalt(s: TaskShift) -> str:
    """The note on a step placed under an agreement; the sector is named when only the text says it."""
    assert s.aftale is not None
    level = AGREEMENT_LEVEL[s.aftale.niveau]
    return f"Efter {level}" if s.loc == ("udfoerer",) else upper_first(f"{s.sektor} efter {level}")


START: Final[dict[str, str]] = {"shape": "ellipse"}
START_TITEL: Final = "Henvisning"
ANDET_FORLOEB: Final[dict[str, str]] = {"shape": "note"}
ANDET_FORLOEB_TITEL: Final = "Andet forløb"
EKSTERN_TEKST: Final = "(ikke i dette katalog)"


def node_attrs(trin_type: str, form: str | None) -> dict[str, str]:
    """Shape of the type plus border of the form; styles are combined, not overwritten."""
    attrs = dict(TYPE_FORM[trin_type])
    streg = dict(FORM_STREG.get(form, {})) if form else {}
    styles = [s for s in (attrs.pop("style", ""), streg.pop("style", "")) if s]
    if styles:
        attrs["style"] = ",".join(styles)
    attrs.update(streg)
    return attrs


def forloebstid(t: Tidsfrist) -> str:
    return f"Forløbstid: {time_frame(t, short=True)}"


def tidsfrist(t: Tidsfrist) -> str:
    # "Frist" only where the source sets a limit; an aim alone is a "Mål", never a deadline.
    return f"{'Frist' if t.maks_dage is not None else 'Mål'}: {time_frame(t, short=True)}"


# Drawn phase by phase (phases.py): a phase in the overview, and a connector (an arrow) where a
# transition leaves or enters a phase, naming and linking to the other end.
FASE: Final[dict[str, str]] = {"shape": "folder"}
FASE_TITEL: Final = "Fase"
FASE_FORKLARING: Final = "Fase (i oversigten over faserne)"
# The arrow's shaft is lower than its head: the margin keeps the top and bottom lines inside the shaft.
FORBINDELSE: Final[dict[str, str]] = {"shape": "rarrow", "margin": "0.2,0.12"}
FORBINDELSE_FORKLARING: Final = "Til eller fra en anden fase eller del"


def antal_trin(n: int) -> str:
    return f"{n} trin"


def i_fase(fase_titel: str) -> str:
    return f"fase: {fase_titel}"


def i_del(nummer: int) -> str:
    return f"del {nummer}"


def videre_til(trin_titel: str, sted: str | None) -> list[str]:
    """Lines of a connector to a step outside the diagram: where the transition goes and, where
    it is not in the overview, which diagram it is in (i_fase, i_del)."""
    return ["Videre til:", trin_titel] + ([f"({sted})"] if sted else [])


def kommer_fra(titel: str, sted: str | None) -> list[str]:
    """Lines of a connector from a step outside the diagram (drawn in the overview, or in the part sted)."""
    return [f"Fra: {titel}"] + ([f"({sted})"] if sted else [])


def kommer_fra_fase(fase_titel: str) -> list[str]:
    """Lines of a connector from another phase's diagram."""
    return [f"Fra fase: {fase_titel}"]
