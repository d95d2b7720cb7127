"""How one pathway's flowchart is laid out on its page: whole, or phase by phase, or in parts.

1. Whole, when it is at most `screen_pt` wide and prints its labels readably on one A4 page
   (paper.py).
2. Otherwise phase by phase, when it has two phases or more: an overview of the phases, and each
   phase's diagram under the phase's heading.
3. A phase's diagram (or, without phases, the whole) that still does not print readably is cut
   into parts at the flow's natural breaks (parts.py), until every part does.

Only Graphviz knows how large a diagram comes out, so a Planning works in rounds: `wanted()` names
the DOT sources it needs drawn, `measured()` takes each drawing's size, and when `wanted()` is
empty, `plan` is the decision. Whoever drives it draws in between (in parallel, from a cache).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from forloeb.diagram import paper
from forloeb.diagram.dot import phases, transitions
from forloeb.diagram.parts import Cutting, Measured, Request, Steps
from forloeb.diagram.phases import Part, numbered, part_dot, phase_parts, placement
from forloeb.diagram.style import FONTSIZE
from forloeb.diagram.svg import Box
from forloeb.model.pathway import Forloeb

LABEL_PT = float(FONTSIZE)
WIDE = 1.5  # a drawing this many times wider than tall is drawn across as well, where it does not fit
# Where a part is measured before the cutting is decided, the other parts of its phase are named
# by this number: digits are equally wide in the diagrams' font, so the drawing comes out as
# large as it will with the final numbers.
PROVISIONAL = 9


def score(width: float, height: float) -> float:
    """The labels' printed size of a drawing of this natural size."""
    return paper.printed(width, height, LABEL_PT).label_pt


@dataclass(frozen=True)
class Drawing:
    """What the planning needs to know of one drawing."""

    width: float  # natural, in points
    height: float
    boxes: Mapping[str, Box] | None = None  # where its nodes are: needed when it does not print readably

    @property
    def label_pt(self) -> float:
        return score(self.width, self.height)

    @property
    def measured(self) -> Measured:
        return Measured(self.label_pt, self.boxes, self.width > WIDE * self.height)


@dataclass(frozen=True)
class Plan:
    """The decision: no parts means drawn whole; parts by phase come with an overview. dots holds
    each part's DOT source, in the order of parts."""

    parts: tuple[Part, ...] = ()
    dots: tuple[str, ...] = ()

    @property
    def overview(self) -> bool:
        return any(p.fase for p in self.parts)


@dataclass
class _Unit:
    """A phase's steps, or all steps: drawn as one part, or cut into several."""

    fase: str | None
    steps: Steps
    cutting: Cutting | None = None
    groups: list[Request] | None = None  # decided


@dataclass
class Planning:
    """Lays out one pathway, given its whole diagram as drawn."""

    f: Forloeb
    whole: Drawing
    related_titles: dict[str, str] = field(default_factory=dict)
    screen_pt: float = float("inf")

    def __post_init__(self) -> None:
        self._edges = [(t.id, o.til) for t, o in transitions(self.f)]
        self._sizes: dict[str, Drawing] = {}
        self._units: list[_Unit] = []
        self._dots: dict[tuple[str | None, Steps, bool], str] = {}  # each provisional drawing's DOT, built once
        if self.whole.width <= self.screen_pt and self.whole.label_pt >= paper.MIN_LABEL_PT:
            return
        if len(phases(self.f)) > 1:
            self._units = [_Unit(p.fase, p.steps) for p in phase_parts(self.f)]
        elif self.whole.boxes is not None:  # too large for a page, and nothing to draw by phase
            steps = tuple(t.id for t in self.f.trin)
            self._units = [_Unit(None, steps, self._cutting(steps, self.whole))]
        # else only too wide for the screen, where it scrolls: whole

    def measured(self, dot: str, drawing: Drawing) -> None:
        self._sizes[dot] = drawing

    @property
    def plan(self) -> Plan:
        if self.wanted():
            raise RuntimeError("the planning is not done")
        by_unit = [
            numbered(unit.fase, [r.steps for r in unit.groups or []], [r.across for r in unit.groups or []])
            for unit in self._units
        ]
        parts = tuple(part for unit_parts in by_unit for part in unit_parts)
        where = placement(parts)
        # A unit drawn in one piece comes out as it was measured; parts are drawn with their numbers.
        dots = [
            self._dot(unit, unit.steps) if len(unit_parts) == 1 and not unit_parts[0].across else None
            for unit, unit_parts in zip(self._units, by_unit, strict=True)
            for _ in unit_parts
        ]
        final = tuple(
            dot or part_dot(self.f, part, where, self.related_titles) for part, dot in zip(parts, dots, strict=True)
        )
        return Plan(parts, final)

    def wanted(self) -> list[str]:
        """DOT sources to draw before the plan can be made; empty when it is made."""
        wanted = [dot for unit in self._units if unit.groups is None for dot in self._advance(unit)]
        return list(dict.fromkeys(wanted))

    def _advance(self, unit: _Unit) -> list[str]:
        """Decides the unit as far as what is drawn allows; the drawings it needs next."""
        if unit.cutting is None:
            dot = self._dot(unit, unit.steps)
            drawn = self._sizes.get(dot)
            if drawn is None:
                return [dot]
            if drawn.label_pt >= paper.MIN_LABEL_PT or len(unit.steps) == 1 or drawn.boxes is None:
                unit.groups = [Request(unit.steps)]
                return []
            unit.cutting = self._cutting(unit.steps, drawn)
        while requests := unit.cutting.wanted():
            missing = []
            for request in requests:
                drawn = self._sizes.get(dot := self._dot(unit, request.steps, request.across))
                if drawn is None:
                    missing.append(dot)
                else:
                    unit.cutting.measured(request, drawn.measured)
            if missing:
                return missing
        unit.groups = unit.cutting.parts
        return []

    def _cutting(self, steps: Steps, drawn: Drawing) -> Cutting:
        notes = {t.id: [f"_forloeb_{t.til_forloeb}"] for t in self.f.trin if t.til_forloeb}
        return Cutting(steps, self._edges, drawn.measured, score, paper.MIN_LABEL_PT, notes)

    def _dot(self, unit: _Unit, group: Sequence[str], across: bool = False) -> str:
        """A group of a unit's steps drawn as one part: the unit whole, or a part of it, with the
        other parts of the unit named provisionally."""
        steps = tuple(group)
        key = (unit.fase, steps, across)
        if key not in self._dots:
            self._dots[key] = self._provisional(unit, steps, across)
        return self._dots[key]

    def _provisional(self, unit: _Unit, steps: Steps, across: bool) -> str:
        whole_unit = steps == unit.steps
        part = Part(unit.fase, steps, 1, 1 if whole_unit and unit.fase else 2, across)
        others = [Part(u.fase, u.steps) for u in self._units if u is not unit]
        rest = tuple(s for s in unit.steps if s not in steps)
        where = placement([*others, part, Part(unit.fase, rest, PROVISIONAL, PROVISIONAL)])
        return part_dot(self.f, part, where, self.related_titles)
