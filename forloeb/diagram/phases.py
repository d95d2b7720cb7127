"""A large pathway's flowchart in pieces: an overview of the phases, and one diagram per phase, or
per part of a phase, or per part of the whole pathway (where parts.py cut one that was too large).

Every step is drawn exactly once across them (in its part's diagram, or in the overview when it has
no phase), so `#node-<step>` still names one place on the page. A transition that leaves a diagram
ends in an off-page connector naming the step it goes to, where it is drawn, and linking there;
one that enters a diagram starts at a connector naming where it comes from.

Which pathways are drawn this way, and in which parts, is the page's decision
(macros/render/diagrams.py): it depends on how large the diagrams come out, which only Graphviz knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import count

from forloeb.diagram import style as stil
from forloeb.diagram.dot import (
    andre_forloeb,
    condition,
    digraph,
    edge_attrs,
    label,
    phase_lines,
    phases,
    staggered,
    start_node,
    tooltip,
    transitions,
    trin_node,
    wrap,
)
from forloeb.model.pathway import Forloeb, Trin


def phase_anchor(fase_id: str) -> str:
    """The id of a phase's diagram on the page (of its first part's, when it is drawn in parts,
    under a wrapper with this id); the overview's phase nodes link to it."""
    return f"flowchart-fase-{fase_id}"


@dataclass(frozen=True)
class Part:
    """Some of a pathway's steps drawn as one diagram: all of a phase's (fase set, one part), or
    part `number` of `count` of a phase or, without fase, of the whole pathway."""

    fase: str | None
    steps: tuple[str, ...]  # in the file's order
    number: int = 1
    count: int = 1
    across: bool = False  # drawn left to right (a step with a fan of outcomes), not top to bottom

    @property
    def slug(self) -> str:
        """'fase--<id>', 'fase--<id>--del-<n>' or 'del-<n>': names its ids on the page."""
        parts = [f"fase--{self.fase}"] if self.fase else []
        parts += [f"del-{self.number}"] if self.count > 1 or not self.fase else []
        return "--".join(parts)

    @property
    def anchor(self) -> str:
        """The id of its figure on the page."""
        base = phase_anchor(self.fase) if self.fase else "flowchart"
        return f"{base}-del-{self.number}" if self.count > 1 or not self.fase else base


def numbered(fase: str | None, groups: Sequence[Iterable[str]], across: Sequence[bool] = ()) -> list[Part]:
    """The parts of a phase (or of the whole, fase None), numbered in reading order; across says
    which are drawn left to right."""
    steps = [tuple(g) for g in groups]
    sideways = [*across, *[False] * (len(steps) - len(across))]
    return [Part(fase, s, n, len(steps), sideways[n - 1]) for n, s in enumerate(steps, start=1)]


def placement(parts: Iterable[Part]) -> dict[str, Part]:
    """Step id -> the part it is drawn in."""
    return {step: part for part in parts for step in part.steps}


def _places(f: Forloeb) -> dict[str, str]:
    """Step id -> the node that stands for it in the overview: its phase's node, or itself."""
    drawn = {fa.id for fa in phases(f)}
    return {t.id: (f"_fase_{t.fase}" if t.fase in drawn else t.id) for t in f.trin}


def overview_dot(f: Forloeb, related_titles: dict[str, str] | None = None) -> str:
    """The phases as nodes that link to their diagrams, with the steps that have no phase."""
    ns = "oversigt--"
    g = digraph(f.id, f"diagram--{f.id}")
    place = _places(f)
    start_node(g, f, f"{ns}start")
    for fase in phases(f):
        steps = sum(t.fase == fase.id for t in f.trin)
        g.node(
            f"_fase_{fase.id}",
            label([*phase_lines(fase, stil.WRAP), stil.antal_trin(steps)]),
            id=f"{ns}fase--{fase.id}",
            URL=f"#{phase_anchor(fase.id)}",
            target="_top",
            tooltip=tooltip(f"{stil.FASE_TITEL}: {fase.titel}"),
            **stil.FASE,
        )
    for t in f.trin:
        if place[t.id] == t.id:
            trin_node(g, t)

    g.edge("_start", place[f.trin[0].id], id=f"{ns}kant--start")
    # One edge between two places however many transitions join them; it keeps the conditions
    # only where it leaves a step (a phase's conditions, and its inner edges, are its diagram's).
    edges: dict[tuple[str, str], list[str]] = {}
    for t, o in transitions(f):
        key = (place[t.id], place[o.til])
        if key[0] != key[1] or key[0] == t.id:
            conditions = edges.setdefault(key, [])
            if key[0] == t.id and o.betingelse:
                conditions.append(o.betingelse)
    for n, ((a, b), conditions) in enumerate(edges.items(), start=1):
        text = {"label": label(wrap("; ".join(conditions), stil.EDGE_WRAP))} if conditions else {}
        g.edge(a, b, id=f"{ns}kant--{n}", **text)
    andre_forloeb(g, f, related_titles or {}, f.trin, ns, lambda t: place[t.id])
    return g.source


def part_dot(f: Forloeb, part: Part, where: Mapping[str, Part], related_titles: dict[str, str] | None = None) -> str:
    """One part's steps, with connectors to and from the rest of the pathway. where says which
    part every other step is drawn in; a step in none is in the overview."""
    ns = f"{part.slug}--"
    g = digraph(f"{f.id}--{part.slug}", f"diagram--{f.id}--{part.slug}", **({"rankdir": "LR"} if part.across else {}))
    by_id = {t.id: t for t in f.trin}
    fase_titel = {fa.id: fa.titel for fa in f.faser}
    ids = set(part.steps)
    mine = [t for t in f.trin if t.id in ids]

    def elsewhere(step: Trin) -> tuple[str | None, str | None]:
        """Where a step outside this part is drawn: ('fase: …' or 'del n' or None, its phase if
        that is another phase's diagram)."""
        other = where.get(step.id)
        if other is None:
            return None, None
        if other.fase != part.fase and other.fase is not None:
            return stil.i_fase(fase_titel[other.fase]), other.fase
        return stil.i_del(other.number), None

    if f.trin[0].id in ids:
        start_node(g, f, f"{ns}start")
        g.edge("_start", f.trin[0].id, id=f"{ns}kant--start")
    for t in mine:
        trin_node(g, t)

    connectors: set[str] = set()

    def connector(name: str, lines: list[str], href: str) -> None:
        if name in connectors:
            return
        connectors.add(name)
        text = " ".join(lines)
        node_id = ns + name.strip("_").replace("_", "-")
        g.node(name, label(lines), id=node_id, URL=href, target="_top", tooltip=tooltip(text), **stil.FORBINDELSE)

    edge_ids = (f"{ns}kant--{n}" for n in count(1))
    lower = staggered(f)
    entries: set[tuple[str, str]] = set()
    for t, o in transitions(f):
        if t.id in ids and o.til in ids:
            g.edge(t.id, o.til, id=next(edge_ids), **edge_attrs(o, lower.get((t.id, o.til))))
        elif t.id in ids:  # leaves the part: to the target step, wherever it is drawn
            target = by_id[o.til]
            lines = [line for text in stil.videre_til(target.titel, elsewhere(target)[0]) for line in wrap(text)]
            connector(f"_til_{target.id}", lines, f"#node-{target.id}")
            g.edge(t.id, f"_til_{target.id}", id=next(edge_ids), **condition(o))
        elif o.til in ids:  # enters the part: from another phase as a whole, or from a step
            sted, other_fase = elsewhere(t)
            if other_fase is not None:
                name, href = f"_fra_fase_{other_fase}", f"#{phase_anchor(other_fase)}"
                text = stil.kommer_fra_fase(fase_titel[other_fase])
            else:
                name, text, href = f"_fra_trin_{t.id}", stil.kommer_fra(t.titel, sted), f"#node-{t.id}"
            if (name, o.til) not in entries:
                entries.add((name, o.til))
                connector(name, [line for part in text for line in wrap(part)], href)
                g.edge(name, o.til, id=next(edge_ids))
    andre_forloeb(g, f, related_titles or {}, mine, ns)
    return g.source


def phase_parts(f: Forloeb) -> list[Part]:
    """Each phase with steps as one part, in the file's order."""
    return [Part(fase.id, tuple(t.id for t in f.trin if t.fase == fase.id)) for fase in phases(f)]


def phase_dots(f: Forloeb, related_titles: dict[str, str] | None = None) -> dict[str, str]:
    """Phase id -> DOT of that phase's diagram, for every phase with steps, in the file's order."""
    parts = phase_parts(f)
    where = placement(parts)
    return {part.fase or "": part_dot(f, part, where, related_titles) for part in parts}
