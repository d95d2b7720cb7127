"""Diagrams on A4 paper (paper.py) and cut into parts where they are too large (parts.py): the page
geometry and the choice of orientation, cycles kept whole, cuts where the flow narrows, and
decisions that follow the measured sizes over the estimates."""

from __future__ import annotations

from itertools import pairwise

import pytest

from forloeb.diagram import paper
from forloeb.diagram.parts import Cutting, Measured, Request, connectors, cycles, levels
from forloeb.diagram.svg import Box

LABEL = 11.0


def test_the_page_is_a4_less_its_margins_and_the_heading() -> None:
    width, height = paper.area(landscape=False)
    assert width == pytest.approx(180 * 72 / 25.4) and height == pytest.approx(267 * 72 / 25.4 - paper.HEADING_PT)
    assert paper.area(landscape=True) == pytest.approx((267 * 72 / 25.4, 180 * 72 / 25.4 - paper.HEADING_PT))


def test_a_diagram_is_printed_at_most_at_its_natural_size() -> None:
    small = paper.printed(300, 200, LABEL)
    assert (small.landscape, small.width_pt, small.label_pt) == (False, 300, LABEL)
    narrow = paper.printed(1020.4, 400, LABEL)  # twice the portrait width
    assert narrow.landscape and narrow.label_pt == pytest.approx(LABEL * paper.area(True)[0] / 1020.4)


def test_landscape_only_where_portrait_is_unreadable_or_clearly_smaller() -> None:
    # 700 pt wide: 8.0 pt upright, 11 pt sideways (less than 1.5 times as large): upright.
    assert not paper.printed(700, 300, LABEL).landscape
    # 900 pt wide: 6.2 pt upright is below the floor, sideways it fits.
    wide = paper.printed(900, 300, LABEL)
    assert wide.landscape and wide.readable
    # Tall and wide: no way up is readable, and portrait is the larger.
    huge = paper.printed(2000, 3000, LABEL)
    assert not huge.readable and not huge.landscape
    assert not paper.fits(2000, 3000, LABEL) and paper.fits(500, 700, LABEL)


def box(x: float, y: float, w: float = 100, h: float = 40) -> Box:
    """A node centred at x, y (y grows downwards, as in dot's SVG after its transform)."""
    return Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)


def score(width: float, height: float) -> float:
    return paper.printed(width, height, LABEL).label_pt


def test_cycles_are_found_and_every_other_step_stands_alone() -> None:
    edges = [("a", "b"), ("b", "c"), ("c", "b"), ("c", "d"), ("d", "d"), ("d", "e"), ("e", "c")]
    assert cycles(["a", "b", "c", "d", "e", "f"], edges) == [["a"], ["b", "c", "d", "e"], ["f"]]


def test_levels_keep_a_cycle_at_the_row_it_starts_in_or_follow_the_rows() -> None:
    boxes = {"a": box(0, 0), "b": box(0, 100), "c": box(0, 200), "d": box(200, 200), "e": box(0, 300)}
    edges = [("a", "b"), ("b", "c"), ("c", "b"), ("b", "d"), ("c", "e")]
    assert levels(["a", "b", "c", "d", "e"], edges, boxes) == [
        [["a"], ["b", "c"], ["d"], ["e"]],
        [["a"], ["b"], ["c", "d"], ["e"]],
    ]
    # One cycle only: its rows. One row only: its columns, left to right.
    assert levels(["b", "c"], edges, boxes) == [[["b"], ["c"]]]
    assert levels(["d", "c"], [], boxes) == [[["c"], ["d"]]]
    assert levels(["c"], [], boxes) == []


def test_connectors_count_the_steps_named_across_a_cut() -> None:
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "a")]
    unit = {"a", "b", "c", "d"}
    # {a}: to b and to c, and from d (the loop back).
    assert connectors({"a"}, unit, edges) == 3
    # {a, b, c}: to d once, from d once.
    assert connectors({"a", "b", "c"}, unit, edges) == 2


Drawn = dict[Request, Measured]


def drive(cutting: Cutting, measure: Drawn) -> list[list[str]]:
    """Answer the cutting's questions from a table of 'drawings' (any other fits) until it is done."""
    asked: list[Request] = []
    while wanted := cutting.wanted():
        for request in wanted:
            asked.append(request)
            cutting.measured(request, measure.get(request, Measured(LABEL)))
    assert len(asked) == len(set(asked)), "nothing is drawn twice"
    assert not any(p.across for p in cutting.parts)
    return [list(p.steps) for p in cutting.parts]


def chain(n: int, gap: float = 120) -> tuple[list[str], list[tuple[str, str]], dict[str, Box]]:
    steps = [f"s{i:02d}" for i in range(n)]
    return steps, list(pairwise(steps)), {s: box(0, i * gap) for i, s in enumerate(steps)}


def test_a_tall_chain_is_cut_into_as_few_parts_as_fit() -> None:
    steps, edges, boxes = chain(24)  # 24 rows of 120 pt: 2,800 pt, about three portrait pages
    parts = drive(Cutting(steps, edges, Measured(5.0, boxes), score, paper.MIN_LABEL_PT), {})
    assert [s for part in parts for s in part] == steps, "every step once, in reading order"
    assert len(parts) == 3
    for part in parts:  # estimated as drawn alone: its rows and a connector row at each cut side
        assert paper.fits(100, (len(part) - 1) * 120 + 40 + 2 * 70, LABEL)


def test_the_cut_falls_where_the_flow_narrows() -> None:
    # a -> (b1 | b2 | b3) -> c -> (d1 | d2) -> e, each row 300 pt apart: too tall for one page.
    rows = [["a"], ["b1", "b2", "b3"], ["c"], ["d1", "d2"], ["e"]]
    boxes = {s: box(150 * k, 300 * i) for i, row in enumerate(rows) for k, s in enumerate(row)}
    edges = [("a", b) for b in rows[1]] + [(b, "c") for b in rows[1]] + [("c", d) for d in rows[3]]
    edges += [(d, "e") for d in rows[3]]
    steps = [s for row in rows for s in row]
    parts = drive(Cutting(steps, edges, Measured(5.0, boxes), score, paper.MIN_LABEL_PT), {})
    # Two parts, cut below c, where one step carries the flow (3 connectors), not through a fan of
    # arrows (4); of the two cuts that cost 3, the one that leaves both parts larger.
    assert parts == [["a", "b1", "b2", "b3", "c"], ["d1", "d2", "e"]]


def test_a_cycle_stays_in_one_part() -> None:
    steps, edges, boxes = chain(12)
    edges.append(("s07", "s04"))  # s04 .. s07 repeat until a result
    parts = drive(Cutting(steps, edges, Measured(5.0, boxes), score, paper.MIN_LABEL_PT), {})
    assert any({"s04", "s05", "s06", "s07"} <= set(part) for part in parts), parts


def test_measured_sizes_overrule_the_estimates() -> None:
    steps, edges, boxes = chain(12)

    # Estimated, halves of six rows fit; drawn, anything from s00 to s05 does not (say, a long
    # edge label), and is cut again if it is chosen.
    def drawn(group: tuple[str, ...]) -> Measured:
        too_large = {"s00", "s05"} <= set(group)
        return Measured(5.0, {s: boxes[s] for s in group}) if too_large else Measured(LABEL)

    measure = {Request(g): drawn(g) for g in _all_groups(steps)}
    parts = drive(Cutting(steps, edges, Measured(5.0, boxes), score, paper.MIN_LABEL_PT), measure)
    assert [s for part in parts for s in part] == steps
    assert parts[0] == steps[:5] and len(parts) == 2, "the first part ends before s05, the rest still fits"


def _all_groups(steps: list[str]) -> list[tuple[str, ...]]:
    return [tuple(steps[i:j]) for i in range(len(steps)) for j in range(i + 1, len(steps) + 1)]


def test_a_row_too_wide_is_cut_into_columns() -> None:
    steps = [f"e{i}" for i in range(10)]
    boxes = {s: box(250 * i, 0, w=230) for i, s in enumerate(steps)}  # 2,480 pt in one row
    parts = drive(Cutting(steps, [], Measured(5.0, boxes), score, paper.MIN_LABEL_PT), {})
    assert len(parts) >= 2 and [s for part in parts for s in part] == steps


def test_a_wide_fan_that_fits_across_is_drawn_across() -> None:
    # A decision over a row of nine outcomes: too wide top to bottom; drawn left to right, its
    # outcomes a column beside it, it fits, and is not cut apart.
    ends = [f"e{i}" for i in range(9)]
    boxes = {"d": box(1000, 0), **{e: box(230 * i, 150, w=210) for i, e in enumerate(ends)}}
    steps, edges = ["d", *ends], [("d", e) for e in ends]
    cutting = Cutting(steps, edges, Measured(4.0, boxes, wide=True), score, paper.MIN_LABEL_PT)
    assert cutting.wanted() == [Request(tuple(steps), across=True)]
    cutting.measured(Request(tuple(steps), True), Measured(9.0))
    assert cutting.wanted() == [] and cutting.parts == [Request(tuple(steps), across=True)]
    # Across does not fit either: cut, each part asked for top to bottom first.
    cutting = Cutting(steps, edges, Measured(4.0, boxes, wide=True), score, paper.MIN_LABEL_PT)
    cutting.measured(Request(tuple(steps), True), Measured(5.0))
    assert all(not r.across for r in cutting.wanted())


def test_one_step_that_fits_neither_way_is_drawn_the_way_that_prints_larger() -> None:
    # A decision alone, its many ways out drawn as connectors: it cannot be cut, so of its two
    # drawings the larger print wins, even where neither reaches the minimum.
    boxes = {"d": box(0, 0)}
    for down, across, expected in ((4.5, 6.9, True), (6.0, 5.0, False)):
        cutting = Cutting(["d"], [], Measured(down, boxes, wide=True), score, paper.MIN_LABEL_PT)
        assert cutting.wanted() == [Request(("d",), across=True)]
        cutting.measured(Request(("d",), True), Measured(across))
        assert cutting.wanted() == [] and cutting.parts == [Request(("d",), across=expected)]
