"""The flowcharts of a pathway page as the templates show them, and the markers the SVGs replace.

macros/render/diagrams.py decides them; macros/pages/pathway.py hands them to the templates.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup

MARKER = re.compile(r"<!-- forloeb-svg:([a-z0-9_-]+) -->")


def marker(key: str) -> Markup:
    """The placeholder for the SVG stored under key (a pathway id or the legend's key)."""
    if not MARKER.fullmatch(f"<!-- forloeb-svg:{key} -->"):
        raise ValueError(f"ugyldig diagramnøgle: {key!r}")
    return Markup(f"<!-- forloeb-svg:{key} -->")


@dataclass(frozen=True)
class Figure:
    """One flowchart on a pathway page, as the templates show it."""

    key: str  # its SVG's marker key
    anchor: str  # the figure's id
    desc_id: str  # its caption's id (the SVG's aria-describedby)
    kind: Literal["forloeb", "oversigt", "fase"]
    fase_titel: str | None
    number: int
    count: int
    landscape: bool  # printed on an A4 page turned sideways

    @property
    def svg(self) -> Markup:
        return marker(self.key)

    @property
    def del_tekst(self) -> str:
        return f"del {self.number} af {self.count}" if self.count > 1 else ""

    @property
    def navn(self) -> str:
        """Names the figure in a sentence, unique on its page."""
        base = {"forloeb": "flowchart over forløbet", "oversigt": "oversigt over faserne"}.get(self.kind)
        name = base or f"flowchart over fasen {self.fase_titel}"
        return f"{name}, {self.del_tekst}" if self.count > 1 else name

    @property
    def titel(self) -> str | None:
        """The visible title of a part, which heads its page on paper; none for a diagram in one piece."""
        if self.count == 1:
            return None
        return f"{self.fase_titel or 'Flowchart over forløbet'} – {self.del_tekst}"


@dataclass(frozen=True)
class PathwayFigures:
    """A pathway page's flowcharts: under *Grafisk fremstilling* (the whole, its parts or the
    overview of the phases), and under each phase drawn on its own, that phase's (or its parts)."""

    main: tuple[Figure, ...]
    by_phase: Mapping[str, tuple[Figure, ...]] = field(default_factory=dict)

    @property
    def overview(self) -> bool:
        return bool(self.by_phase)

    @classmethod
    def whole(cls, forloeb_id: str, landscape: bool = False) -> PathwayFigures:
        """The pathway in one diagram under its own key."""
        desc_id = f"diagram-{forloeb_id}-beskrivelse"
        return cls((Figure(forloeb_id, "flowchart", desc_id, "forloeb", None, 1, 1, landscape),))
