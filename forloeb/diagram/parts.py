"""Where to cut a diagram that is too large for a page: into parts at the flow's natural breaks.

A flowchart drawn top to bottom is cut between two of its ranks (the rows dot puts its steps in),
so each part is a band of consecutive rows and the reader follows the flow from one part to the
next. Every transition that crosses a cut becomes a connector in both parts, one per step it names
(phases.py draws them), so the best cuts are where the flow narrows. Of all the ways to cut, the
one with the fewest parts (pages) wins, then the one with the fewest connectors, then the one
whose smallest part prints its labels largest. Two ways to see the rows are compared: as dot draws
them, and with each cycle (a control loop, a step repeated until a result) kept whole at the row
where it starts. A single row too wide is cut into columns; a group too wide and shallow (a step
with a fan of outcomes) is also drawn left to right, where its fan becomes a column.

Whether a part fits is known only once Graphviz has drawn it. A Cutting therefore works in rounds:
it chooses the best cuts by what it knows (measured parts) and estimates (the rest, from the
drawing being cut), asks for drawings of the parts it has not measured yet, and chooses again with
their sizes, until every part it chooses has been measured to fit (or is one step, which cannot
be cut).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from forloeb.diagram.svg import Box
from forloeb.model.branches import components

# A connector's row that a cut adds above or below a band: a two-line arrow and the rank gap; and
# its width (a line of 24 characters, the arrow's tip and the gap to the next).
CONNECTOR_PT: Final = 70.0
CONNECTOR_WIDTH_PT: Final = 170.0
NODE_GAP_PT: Final = 22.0  # dot's nodesep (0.3 in) between two nodes of a row
EDGE_LABEL_PT: Final = 60.0  # room for edge labels and edges routed beside the nodes of a row
SAME_ROW_PT: Final = 1.0  # dot centres the nodes of one rank on one line

Steps = tuple[str, ...]
Score = Callable[[float, float], float]  # (width, height) -> the labels' printed size in points


def cycles(steps: Sequence[str], edges: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The steps grouped into strongly connected components (each cycle in one group, every other
    step alone), each in the order of steps, in the order of their first step."""
    members = set(steps)
    after: dict[str, list[str]] = {s: [] for s in steps}
    for u, v in edges:
        if u in members and v in members:
            after[u].append(v)
    order = {s: i for i, s in enumerate(steps)}
    groups = [sorted(c, key=order.__getitem__) for c in components(list(steps), after)]
    return sorted(groups, key=lambda g: order[g[0]])


def levels(steps: Sequence[str], edges: Iterable[tuple[str, str]], boxes: Mapping[str, Box]) -> list[list[list[str]]]:
    """The ways to see a drawing's steps as levels that a cut may fall between: rows with each
    cycle kept at the row it starts in, and plain rows (where they differ); columns where all steps
    are in one row. Only ways with two levels or more."""
    rows = _lines([[s] for s in steps], boxes, 1)
    kept = _lines(cycles(steps, list(edges)), boxes, 1)
    found = [way for way in ([kept] if kept != rows else []) + [rows] if len(way) > 1]
    columns = _lines([[s] for s in steps], boxes, 0)
    return found or ([columns] if len(columns) > 1 else [])


def _lines(items: list[list[str]], boxes: Mapping[str, Box], axis: int) -> list[list[str]]:
    def position(item: list[str]) -> float:
        return min(boxes[s].centre[axis] for s in item)

    found: list[tuple[float, list[str]]] = []
    for item in sorted(items, key=position):
        if found and position(item) - found[-1][0] <= SAME_ROW_PT:
            found[-1][1].extend(item)
        else:
            found.append((position(item), list(item)))
    return [steps for _, steps in found]


def crossing(band: set[str], unit: set[str], edges: Iterable[tuple[str, str]]) -> tuple[int, int]:
    """The connectors a band of the unit needs: one per step outside it that a transition leaves
    for, and one per step outside it that a transition comes from."""
    edge_list = list(edges)
    to = {v for u, v in edge_list if u in band and v in unit - band}
    from_ = {u for u, v in edge_list if v in band and u in unit - band}
    return len(to), len(from_)


def connectors(band: set[str], unit: set[str], edges: Iterable[tuple[str, str]]) -> int:
    return sum(crossing(band, unit, edges))


def extent(
    band: Sequence[str],
    boxes: Mapping[str, Box],
    connector_rows: int,
    attached: Mapping[str, Sequence[str]],
    widest_row: int = 0,
) -> tuple[float, float]:
    """Estimated width and height of a band drawn on its own, with the nodes attached to its steps
    (the notes of other pathways): as tall as it is in the drawing, with a row of connectors at each
    side it was cut; as wide as its widest row, side by side, or as the drawing spreads it,
    whichever is narrower, but no narrower than its widest row of connectors (widest_row of them)."""
    nodes = [n for s in band for n in (s, *attached.get(s, ())) if n in boxes]
    left, right = min(boxes[n].left for n in nodes), max(boxes[n].right for n in nodes)
    top, bottom = min(boxes[n].top for n in nodes), max(boxes[n].bottom for n in nodes)
    rows: dict[float, list[Box]] = {}
    for n in dict.fromkeys(nodes):
        rows.setdefault(round(boxes[n].centre[1]), []).append(boxes[n])
    side_by_side = max(sum(b.right - b.left for b in row) + NODE_GAP_PT * (len(row) - 1) for row in rows.values())
    width = max(min(right - left, side_by_side + EDGE_LABEL_PT), CONNECTOR_WIDTH_PT * widest_row)
    return width, bottom - top + CONNECTOR_PT * connector_rows


@dataclass(frozen=True, order=True)
class _Cost:
    parts: int  # pages, counting a band still to be cut as the pages it is estimated to take
    connectors: int
    smallest: float  # minus the smallest band's printed label size: less is better


@dataclass
class _Open:
    """Steps still to be cut, by the ways to see them as levels in the drawing they were measured in."""

    steps: Steps
    ways: list[list[list[str]]]
    boxes: Mapping[str, Box]


@dataclass(frozen=True)
class Measured:
    """A group of steps drawn on its own: its labels' printed size; where its nodes are, when it does
    not fit; and whether it came out much wider than tall."""

    label_pt: float
    boxes: Mapping[str, Box] | None = None
    wide: bool = False


@dataclass(frozen=True)
class Request:
    """A drawing the cutting needs: a group of steps, top to bottom or (across) left to right."""

    steps: Steps
    across: bool = False


class Cutting:
    """Cuts the steps of one drawing that does not fit on a page into parts that do.

    Ask `wanted()` for the drawings it needs, report each with `measured()`, and ask again, until
    `wanted()` is empty: then `parts` is the result, in reading order. A group that does not fit
    top to bottom and is wide and shallow (a step with a fan of outcomes) is also drawn left to
    right, where its fan becomes a column; if that fits, it is a part drawn across. attached names
    the nodes that go with a step wherever it is drawn (the note of the pathway it leads to)."""

    def __init__(
        self,
        steps: Sequence[str],
        edges: Iterable[tuple[str, str]],
        drawn: Measured,
        score: Score,
        minimum: float,
        attached: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """drawn is the steps' drawing, which does not fit (with its boxes)."""
        if drawn.boxes is None:
            raise ValueError("the drawing to cut needs its boxes")
        self._steps = tuple(steps)
        self._attached = attached or {}
        self._edges = [(u, v) for u, v in edges if u in drawn.boxes and v in drawn.boxes]
        self._score, self._minimum = score, minimum
        self._sizes: dict[Request, Measured] = {Request(self._steps): drawn}
        self._pieces: list[Steps | Request | _Open] = [self._steps]

    @property
    def parts(self) -> list[Request]:
        """The parts, each a group of steps and whether it is drawn across."""
        if self.wanted():
            raise RuntimeError("the cutting is not done")
        return [p for p in self._pieces if isinstance(p, Request)]

    def measured(self, request: Request, drawn: Measured) -> None:
        """A drawing, as asked for."""
        self._sizes[request] = drawn

    def wanted(self) -> list[Request]:
        """The drawings to make next; empty when the cutting is done."""
        while True:
            wanted: list[Request] = []
            pieces: list[Steps | Request | _Open] = []
            for piece in self._pieces:
                if isinstance(piece, Request):
                    pieces.append(piece)
                elif isinstance(piece, tuple):  # a group chosen: settled once it is measured
                    missing = self._missing(piece)
                    wanted += [missing] if missing else []
                    pieces.append(piece if missing else self._settle(piece))
                else:
                    chosen = self._choose(piece)
                    unknown = [r for group in chosen if (r := self._missing(group)) is not None]
                    wanted += unknown
                    pieces += [piece] if unknown else chosen
            changed = pieces != self._pieces
            self._pieces = pieces
            if wanted or not changed:
                return wanted

    def _missing(self, group: Steps) -> Request | None:
        """The drawing of the group still needed to know whether it fits, if any."""
        down = self._sizes.get(Request(group))
        if down is None:
            return Request(group)
        if down.label_pt < self._minimum and down.wide and Request(group, True) not in self._sizes:
            return Request(group, True)
        return None

    def _label(self, group: Steps) -> float | None:
        """The labels' printed size of the group's better drawing, where it is known."""
        sizes = [m.label_pt for across in (False, True) if (m := self._sizes.get(Request(group, across)))]
        return max(sizes) if sizes and self._missing(group) is None else None

    def _open(self, steps: Steps) -> Request | _Open:
        """Steps that do not fit, to be cut; as they are where there is nothing to cut between."""
        boxes = self._sizes[Request(steps)].boxes
        ways = levels(steps, self._edges, boxes) if boxes is not None else []
        return _Open(steps, ways, boxes) if boxes is not None and ways else Request(steps)

    def _settle(self, group: Steps) -> Request | _Open:
        """A chosen group: a part when it fits (across, when only that fits) or is one step, else
        to be cut again."""
        down = self._sizes[Request(group)]
        if down.label_pt >= self._minimum:
            return Request(group)
        across = self._sizes.get(Request(group, True))
        if across is not None and across.label_pt >= self._minimum:
            return Request(group, True)
        if len(group) > 1:
            return self._open(group)
        # One step, which cannot be cut (a decision with many ways out): the way that prints larger.
        return Request(group, across is not None and across.label_pt > down.label_pt)

    def _choose(self, piece: _Open) -> list[Steps]:
        """The best cut of the piece by what is known, as step groups in reading order."""
        return min((self._best(piece, way) for way in piece.ways), key=lambda found: found[0])[1]

    def _best(self, piece: _Open, levels: list[list[str]]) -> tuple[_Cost, list[Steps]]:
        """The best cut between the given levels, and its cost."""
        n = len(levels)
        unit = set(piece.steps)

        def band(i: int, j: int) -> tuple[Steps, int, float]:
            members = {s for level in levels[i : j + 1] for s in level}
            group = tuple(s for s in piece.steps if s in members)
            to, from_ = crossing(members, unit, self._edges)
            known = self._label(group)
            if known is not None:
                label = known
            else:
                size = extent(group, piece.boxes, (i > 0) + (j < n - 1), self._attached, max(to, from_))
                label = self._score(*size)
            return group, to + from_, label

        def pages(i: int, j: int, group: Steps, label: float, strict: bool) -> int | None:
            """The pages a band takes: one where it fits. A single level that does not fit may go
            on alone, to be cut again into about as many pages as it is larger than one; one step
            known not to fit cannot be cut, and goes on alone only where nothing else can be done."""
            if label >= self._minimum:
                return 1
            if i != j:
                return None
            if len(group) == 1 and self._label(group) is not None:
                return None if strict else 1
            return max(2, math.ceil((self._minimum / label) ** 2))

        for strict in (True, False):
            # best[j]: the cheapest way to cut levels 0..j-1 into bands, and where its last band starts.
            best: list[tuple[_Cost, int] | None] = [(_Cost(0, 0, float("-inf")), 0)] + [None] * n
            for j in range(1, n + 1):
                for i in range(j):
                    before = best[i]
                    if before is None or (i == 0 and j == n):  # the whole does not fit: it is what is cut
                        continue
                    group, count, label = band(i, j - 1)
                    taken = pages(i, j - 1, group, label, strict)
                    if taken is None:
                        continue
                    smallest = max(before[0].smallest, -label)
                    cost = _Cost(before[0].parts + taken, before[0].connectors + count, smallest)
                    current = best[j]
                    if current is None or cost < current[0]:
                        best[j] = (cost, i)
            if best[n] is not None:
                break
        last = best[n]
        assert last is not None  # without strictness a single level is always allowed
        groups: list[Steps] = []
        j = n
        while j > 0:
            entry = best[j]
            assert entry is not None
            groups.append(band(entry[1], j - 1)[0])
            j = entry[1]
        return (last[0], groups[::-1])
