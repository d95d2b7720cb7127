"""A large pathway's flowchart phase by phase: an overview of the phases, and one diagram per phase.

Every step is drawn exactly once across them (in its phase's diagram, or in the overview when it
has no phase), so `#node-<step>` still names one place on the page. A transition that leaves a
phase ends in an off-page connector naming the step it goes to and linking there; one that enters
a phase starts at a connector naming where it comes from.

Which pathways are drawn this way is the page's decision (macros/render/diagrams.py): it depends
on how wide the whole diagram comes out, which only Graphviz knows.
"""

from __future__ import annotations

from itertools import count

from forloeb.diagram import style as stil
from forloeb.diagram.dot import (
    andre_forloeb,
    condition,
    digraph,
    label,
    phase_lines,
    phases,
    start_node,
    tooltip,
    transitions,
    trin_node,
    wrap,
)
from forloeb.model.pathway import Fase, Forloeb


def phase_anchor(fase_id: str) -> str:
    """The id of a phase's diagram on the page; the overview's phase nodes link to it."""
    return f"flowchart-fase-{fase_id}"


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


def phase_dot(f: Forloeb, fase: Fase, related_titles: dict[str, str] | None = None) -> str:
    """One phase's steps, with connectors to and from the rest of the pathway."""
    ns = f"fase--{fase.id}--"
    g = digraph(f"{f.id}--{fase.id}", f"diagram--{f.id}--fase--{fase.id}")
    by_id = {t.id: t for t in f.trin}
    fase_titel = {fa.id: fa.titel for fa in phases(f)}
    place = _places(f)
    mine = [t for t in f.trin if t.fase == fase.id]
    ids = {t.id for t in mine}

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
    entries: set[tuple[str, str]] = set()
    for t, o in transitions(f):
        if t.id in ids and o.til in ids:
            g.edge(t.id, o.til, id=next(edge_ids), **condition(o))
        elif t.id in ids:  # leaves the phase: to the target step, wherever it is drawn
            target = by_id[o.til]
            other = fase_titel.get(target.fase or "") if place[target.id] != target.id else None
            lines = [line for text in stil.videre_til(target.titel, other) for line in wrap(text)]
            connector(f"_til_{target.id}", lines, f"#node-{target.id}")
            g.edge(t.id, f"_til_{target.id}", id=next(edge_ids), **condition(o))
        elif o.til in ids:  # enters the phase: from another phase's diagram or a step in the overview
            if place[t.id] == t.id:
                name, text, href = f"_fra_trin_{t.id}", stil.kommer_fra(t.titel, False), f"#node-{t.id}"
            else:
                other_id = t.fase or ""
                name, href = f"_fra_fase_{other_id}", f"#{phase_anchor(other_id)}"
                text = stil.kommer_fra(fase_titel[other_id], True)
            if (name, o.til) not in entries:
                entries.add((name, o.til))
                connector(name, wrap(text), href)
                g.edge(name, o.til, id=next(edge_ids))
    andre_forloeb(g, f, related_titles or {}, mine, ns)
    return g.source


def phase_dots(f: Forloeb, related_titles: dict[str, str] | None = None) -> dict[str, str]:
    """Phase id -> DOT of that phase's diagram, for every phase with steps, in the file's order."""
    return {fase.id: phase_dot(f, fase, related_titles) for fase in phases(f)}
