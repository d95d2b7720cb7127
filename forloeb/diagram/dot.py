"""The pathway flowchart as DOT source, built from the model.

All text comes from YAML and is untrusted. It reaches DOT only through `_label` and `_tooltip`,
which make Graphviz show it literally: no HTML labels, no `\\N`-style substitutions, no entities.
The same model always gives the same bytes, so the SVG cache (svg.py) can key on the source.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Callable, Iterable, Iterator

import graphviz

from forloeb.diagram import style as stil
from forloeb.model.pathway import Fase, Forloeb, Overgang, Trin
from forloeb.model.task_shift import task_shifts

# --- Untrusted text -----------------------------------------------------------------------------


def clean(text: str) -> str:
    # Control characters would end up in the SVG (invalid XML) or cut DOT strings short; whitespace
    # (including newlines) becomes single spaces, because line breaks are ours to place.
    folded = " ".join(text.split())
    if folded.isprintable():  # nothing to drop (the common case, checked in C): the same result
        return folded
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    return " ".join(kept.split())


def wrap(text: str, width: int = stil.WRAP) -> list[str]:
    # Never shortened: the whole text is always in the diagram. A word longer than a line stays
    # whole (the node grows) rather than being split where a reader would not expect it.
    return textwrap.wrap(clean(text), width=width, break_long_words=False) or [""]


def _escape(line: str) -> str:
    # Graphviz decodes entities in labels, so '&' is escaped to keep "&lt;" literal; graphviz.escape
    # doubles backslashes so escString sequences (\N, \G, \l ...) are not interpreted.
    return graphviz.escape(line.replace("&", "&amp;"))


def label(lines: Iterable[str]) -> str:
    # The DOT line break is added after escaping, so it is the only escape sequence in the label.
    # nohtml: a label like "<b>" must stay text, never become an HTML-like label.
    return graphviz.nohtml("\\n".join(_escape(line) for line in lines))


def tooltip(text: str) -> str:
    # Tooltips are unescaped twice by Graphviz (newline handling, then \N substitution), so each
    # backslash needs four to come out as one.
    return graphviz.nohtml(clean(text).replace("&", "&amp;").replace("\\", "\\\\\\\\"))


# --- DOT ----------------------------------------------------------------------------------------


def digraph(name: str, graph_id: str, **graph_attr: str) -> graphviz.Digraph:
    font = {"fontname": stil.FONT, "fontsize": stil.FONTSIZE}
    return graphviz.Digraph(
        name=name,
        graph_attr={"id": graph_id, "rankdir": "TB", "nodesep": "0.3", "ranksep": "0.4", **font, **graph_attr},
        node_attr={"margin": "0.15,0.06", **font},
        edge_attr={"arrowsize": "0.7", **font},  # conditions as large as the steps: read on paper too
    )


def _trin_lines(t: Trin) -> list[str]:
    """Text of a step's node: title, performer, form, deadline and the task-shifting flag."""
    lines = wrap(t.titel)
    if t.udfoerer:
        lines += wrap(stil.UDFOERER_NAVN[t.udfoerer])
    if t.form:
        lines += wrap(stil.FORM_NAVN[t.form])
    if t.tidsfrist:
        lines += wrap(stil.tidsfrist(t.tidsfrist))
    for s in task_shifts(t):
        lines += wrap(stil.OPGAVEFLYTNING[s.udfoerer] if s.is_warning else stil.aftalt(s))
    return lines


def trin_node(g: graphviz.Digraph, t: Trin) -> None:
    g.node(
        t.id,
        label(_trin_lines(t)),
        id=f"node-{t.id}",
        URL=f"#trin-{t.id}",
        target="_top",
        tooltip=tooltip(t.titel),
        **stil.node_attrs(t.type, t.form),
    )


def start_node(g: graphviz.Digraph, f: Forloeb, node_id: str) -> None:
    """The referral node "_start": every referrer, in full."""
    henvisere = ", ".join(clean(h) for h in f.henvisning.henvisere)
    g.node(
        "_start",
        label([stil.START_TITEL, *wrap("Fra: " + henvisere)]),
        id=node_id,
        tooltip=tooltip("Henvisning fra: " + "; ".join(f.henvisning.henvisere)),
        **stil.START,
    )


def phases(f: Forloeb) -> list[Fase]:
    """The phases that have steps, in the file's order; the first of duplicate ids wins."""
    first = {fa.id: fa for fa in reversed(f.faser)}
    return [first[fid] for fid in dict.fromkeys(fa.id for fa in f.faser) if any(t.fase == fid for t in f.trin)]


def phase_lines(fase: Fase, width: int = stil.CLUSTER_WRAP) -> list[str]:
    lines = wrap(fase.titel, width)
    if fase.forloebstid:
        lines.append(stil.forloebstid(fase.forloebstid))
    return lines


def transitions(f: Forloeb) -> Iterator[tuple[Trin, Overgang]]:
    """Every transition to a step of the pathway, in the file's order. Others are reported by the
    consistency check; drawing them would need an implicit node, which would mislead."""
    ids = {t.id for t in f.trin}
    for t in f.trin:
        for o in t.overgange:
            if o.til in ids:
                yield t, o


def condition(o: Overgang) -> dict[str, str]:
    return {"label": label(wrap(o.betingelse, stil.EDGE_WRAP))} if o.betingelse else {}


def staggered(f: Forloeb) -> dict[tuple[str, str], int]:
    """Transitions drawn lower than dot would, with the number of ranks they span: a step that leads
    to more than FAN_ROW steps that end the pathway (nothing follows them) spreads them over rows
    of at most FAN_ROW, taking turns, so its endings stay narrow enough for a page instead of one
    row wider than it (Graphviz's unflatten does the same to leaves)."""
    ids = {t.id for t in f.trin}
    ends = {t.id for t in f.trin if not any(o.til in ids for o in t.overgange)}
    lower: dict[tuple[str, str], int] = {}
    for t in f.trin:
        targets = [v for v in dict.fromkeys(o.til for o in t.overgange) if v in ends]
        if len(targets) > stil.FAN_ROW:
            rows = -(-len(targets) // stil.FAN_ROW)
            lower.update({(t.id, v): 1 + i % rows for i, v in enumerate(targets) if i % rows})
    return lower


def edge_attrs(o: Overgang, ranks: int | None) -> dict[str, str]:
    """A transition's edge: its condition, and the ranks it spans where it is staggered."""
    return {**condition(o), "minlen": str(ranks)} if ranks else condition(o)


def build_dot(f: Forloeb, related_titles: dict[str, str] | None = None) -> str:
    """DOT source of the pathway's flowchart; the same model always gives the same bytes."""
    g = digraph(f.id, f"diagram--{f.id}")
    # Names starting with '_' and ids with '--' cannot clash with slugs (the step ids).
    start_node(g, f, "node--start")
    drawn = phases(f)
    for fase in drawn:
        with g.subgraph(name=f"cluster_{fase.id}") as c:
            c.attr(label=label(phase_lines(fase)), id=f"fase--{fase.id}", style="rounded", labeljust="l")
            for t in f.trin:
                if t.fase == fase.id:
                    trin_node(c, t)
    in_phase = {fa.id for fa in drawn}
    for t in f.trin:
        if t.fase not in in_phase:
            trin_node(g, t)

    g.edge("_start", f.trin[0].id, id="kant--start")
    lower = staggered(f)
    for n, (t, o) in enumerate(transitions(f), start=1):
        g.edge(t.id, o.til, id=f"kant--{n}", **edge_attrs(o, lower.get((t.id, o.til))))
    andre_forloeb(g, f, related_titles or {}, f.trin)
    return g.source


def andre_forloeb(
    g: graphviz.Digraph,
    f: Forloeb,
    related_titles: dict[str, str],
    steps: Iterable[Trin],
    ns: str = "",
    source: Callable[[Trin], str] = lambda t: t.id,
) -> None:
    """A note per pathway that an overgang step among steps leads to, shared by all steps leading
    there. ns prefixes the ids, so several diagrams can share a page; source names the node an
    edge starts from (the step itself, or the phase it belongs to in an overview)."""
    relaterede = {r.forloeb: r for r in reversed(f.relaterede)}
    drawn: set[str] = set()
    edges: set[tuple[str, str]] = set()
    for t in steps:
        target = t.til_forloeb
        if t.type != "overgang" or target is None:
            continue
        if target not in drawn:
            drawn.add(target)
            rel = relaterede.get(target)
            titel = related_titles.get(target) or (rel.titel if rel else None) or target
            lines = wrap(titel) + ([stil.EKSTERN_TEKST] if rel and rel.ekstern else [])
            g.node(
                f"_forloeb_{target}",
                label(lines),
                id=f"{ns}node--forloeb-{target}",
                tooltip=tooltip(f"{stil.ANDET_FORLOEB_TITEL}: {titel}"),
                **stil.ANDET_FORLOEB,
            )
        start = source(t)
        if (start, target) not in edges:
            edges.add((start, target))
            g.edge(start, f"_forloeb_{target}", id=f"{ns}kant--{start.lstrip('_')}--forloeb-{target}")


def legend_dot() -> str:
    """Legend: one sample per step type, per contact form and for the other node kinds."""
    g = digraph("tegnforklaring", "tegnforklaring", rankdir="LR")
    typer = [(f"type_{k}", v, stil.node_attrs(k, None)) for k, v in stil.TYPE_NAVN.items()]
    former = [(f"form_{k}", stil.FORM_NAVN[k], stil.node_attrs("konsultation", k)) for k in stil.FORM_STREG]
    oevrige = [("start", stil.START_TITEL, stil.START), ("andet", stil.ANDET_FORLOEB_TITEL, stil.ANDET_FORLOEB)]
    oevrige += [(f"flag_{k}", v, stil.node_attrs("behandling", None)) for k, v in stil.OPGAVEFLYTNING.items()]
    oevrige += [
        ("fase", stil.FASE_FORKLARING, stil.FASE),
        ("forbindelse", stil.FORBINDELSE_FORKLARING, stil.FORBINDELSE),
    ]
    oevrige.append(("aftalt", stil.AFTALT_FORKLARING, stil.node_attrs("behandling", None)))
    columns = [("Trintyper", typer), ("Kontaktform (kant og tekst)", former), ("Øvrige", oevrige)]
    previous: str | None = None
    for i, (titel, nodes) in enumerate(columns):
        with g.subgraph(name=f"cluster_{i}") as c:
            c.attr(label=label([titel]), id=f"tegnforklaring--{i}", style="rounded")
            for name, text, attrs in nodes:
                c.node(name, label(wrap(text)), id=f"tegnforklaring--{name}", **attrs)
        if previous:  # an invisible edge puts each column one rank to the right of the previous one
            g.edge(previous, nodes[0][0], style="invis", id=f"tegnforklaring--kant-{i}")
        previous = nodes[0][0]
    return g.source
