"""The pathway flowchart as DOT source, built from the model.

All text comes from YAML and is untrusted. It reaches DOT only through `_label` and `_tooltip`,
which make Graphviz show it literally: no HTML labels, no `\\N`-style substitutions, no entities.
The same model always gives the same bytes, so the SVG cache (svg.py) can key on the source.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable

import graphviz

from forloeb.diagram import style as stil
from forloeb.model.pathway import Forloeb, Trin
from forloeb.model.task_shift import task_shifts

# --- Untrusted text -----------------------------------------------------------------------------


def clean(text: str) -> str:
    # Control characters would end up in the SVG (invalid XML) or cut DOT strings short; whitespace
    # (including newlines) becomes single spaces, because line breaks are ours to place.
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    return " ".join(kept.split())


def _wrap(text: str, width: int = stil.WRAP, max_lines: int | None = None) -> list[str]:
    return textwrap.wrap(clean(text), width=width, max_lines=max_lines, placeholder=" …") or [""]


def _escape(line: str) -> str:
    # Graphviz decodes entities in labels, so '&' is escaped to keep "&lt;" literal; graphviz.escape
    # doubles backslashes so escString sequences (\N, \G, \l ...) are not interpreted.
    return graphviz.escape(line.replace("&", "&amp;"))


def _label(lines: Iterable[str]) -> str:
    # The DOT line break is added after escaping, so it is the only escape sequence in the label.
    # nohtml: a label like "<b>" must stay text, never become an HTML-like label.
    return graphviz.nohtml("\\n".join(_escape(line) for line in lines))


def _tooltip(text: str) -> str:
    # Tooltips are unescaped twice by Graphviz (newline handling, then \N substitution), so each
    # backslash needs four to come out as one.
    return graphviz.nohtml(clean(text).replace("&", "&amp;").replace("\\", "\\\\\\\\"))


# --- DOT ----------------------------------------------------------------------------------------


def _digraph(name: str, graph_id: str, **graph_attr: str) -> graphviz.Digraph:
    font = {"fontname": stil.FONT, "fontsize": stil.FONTSIZE}
    return graphviz.Digraph(
        name=name,
        graph_attr={"id": graph_id, "rankdir": "TB", "nodesep": "0.3", "ranksep": "0.4", **font, **graph_attr},
        node_attr={"margin": "0.15,0.06", **font},
        edge_attr={"arrowsize": "0.7", **font, "fontsize": "10"},
    )


def _trin_lines(t: Trin) -> list[str]:
    """Text of a step's node: title, performer, form, deadline and the task-shifting flag."""
    lines = _wrap(t.titel)
    if t.udfoerer:
        lines += _wrap(stil.UDFOERER_NAVN[t.udfoerer])
    if t.form:
        lines += _wrap(stil.FORM_NAVN[t.form])
    if t.tidsfrist:
        lines += _wrap(stil.tidsfrist(t.tidsfrist))
    for s in task_shifts(t):
        lines += _wrap(stil.OPGAVEFLYTNING[s.udfoerer] if s.is_warning else stil.aftalt(s))
    return lines


def _trin_node(g: graphviz.Digraph, t: Trin) -> None:
    g.node(
        t.id,
        _label(_trin_lines(t)),
        id=f"node-{t.id}",
        URL=f"#trin-{t.id}",
        target="_top",
        tooltip=_tooltip(t.titel),
        **stil.node_attrs(t.type, t.form),
    )


def build_dot(f: Forloeb, related_titles: dict[str, str] | None = None) -> str:
    """DOT source of the pathway's flowchart; the same model always gives the same bytes."""
    g = _digraph(f.id, f"diagram--{f.id}")
    # Names starting with '_' and ids with '--' cannot clash with slugs (the step ids).
    henvisere = [textwrap.shorten(clean(h), 40, placeholder=" …") for h in f.henvisning.henvisere]
    g.node(
        "_start",
        _label([stil.START_TITEL, *_wrap("Fra: " + ", ".join(henvisere), max_lines=4)]),
        id="node--start",
        tooltip=_tooltip("Henvisning fra: " + "; ".join(f.henvisning.henvisere)),
        **stil.START,
    )

    faser = {fa.id: fa for fa in reversed(f.faser)}  # reversed: the first of duplicate ids wins
    for fase_id in dict.fromkeys(fa.id for fa in f.faser):
        members = [t for t in f.trin if t.fase == fase_id]
        if not members:
            continue
        fase = faser[fase_id]
        lines = _wrap(fase.titel, stil.CLUSTER_WRAP)
        if fase.forloebstid:
            lines.append(stil.forloebstid(fase.forloebstid))
        with g.subgraph(name=f"cluster_{fase_id}") as c:
            c.attr(label=_label(lines), id=f"fase--{fase_id}", style="rounded", labeljust="l")
            for t in members:
                _trin_node(c, t)
    for t in f.trin:
        if t.fase not in faser:
            _trin_node(g, t)

    ids = {t.id for t in f.trin}
    g.edge("_start", f.trin[0].id, id="kant--start")
    n = 0
    for t in f.trin:
        for o in t.overgange:
            if o.til not in ids:  # reported by the consistency check; an implicit node would mislead
                continue
            n += 1
            label = {"label": _label(_wrap(o.betingelse, stil.EDGE_WRAP))} if o.betingelse else {}
            g.edge(t.id, o.til, id=f"kant--{n}", **label)
    _andre_forloeb(g, f, related_titles or {})
    return g.source


def _andre_forloeb(g: graphviz.Digraph, f: Forloeb, related_titles: dict[str, str]) -> None:
    """A note per pathway that an overgang step leads to, shared by all steps leading there."""
    relaterede = {r.forloeb: r for r in reversed(f.relaterede)}
    drawn: set[str] = set()
    for t in f.trin:
        target = t.til_forloeb
        if t.type != "overgang" or target is None:
            continue
        if target not in drawn:
            drawn.add(target)
            rel = relaterede.get(target)
            titel = related_titles.get(target) or (rel.titel if rel else None) or target
            lines = _wrap(titel) + ([stil.EKSTERN_TEKST] if rel and rel.ekstern else [])
            g.node(
                f"_forloeb_{target}",
                _label(lines),
                id=f"node--forloeb-{target}",
                tooltip=_tooltip(f"{stil.ANDET_FORLOEB_TITEL}: {titel}"),
                **stil.ANDET_FORLOEB,
            )
        g.edge(t.id, f"_forloeb_{target}", id=f"kant--{t.id}--forloeb")


def legend_dot() -> str:
    """Legend: one sample per step type, per contact form and for the other node kinds."""
    g = _digraph("tegnforklaring", "tegnforklaring", rankdir="LR")
    typer = [(f"type_{k}", v, stil.node_attrs(k, None)) for k, v in stil.TYPE_NAVN.items()]
    former = [(f"form_{k}", stil.FORM_NAVN[k], stil.node_attrs("konsultation", k)) for k in stil.FORM_STREG]
    oevrige = [("start", stil.START_TITEL, stil.START), ("andet", stil.ANDET_FORLOEB_TITEL, stil.ANDET_FORLOEB)]
    oevrige += [(f"flag_{k}", v, stil.node_attrs("behandling", None)) for k, v in stil.OPGAVEFLYTNING.items()]
    oevrige.append(("aftalt", stil.AFTALT_FORKLARING, stil.node_attrs("behandling", None)))
    columns = [("Trintyper", typer), ("Kontaktform (kant og tekst)", former), ("Øvrige", oevrige)]
    previous: str | None = None
    for i, (titel, nodes) in enumerate(columns):
        with g.subgraph(name=f"cluster_{i}") as c:
            c.attr(label=_label([titel]), id=f"tegnforklaring--{i}", style="rounded")
            for name, text, attrs in nodes:
                c.node(name, _label(_wrap(text)), id=f"tegnforklaring--{name}", **attrs)
        if previous:  # an invisible edge puts each column one rank to the right of the previous one
            g.edge(previous, nodes[0][0], style="invis", id=f"tegnforklaring--kant-{i}")
        previous = nodes[0][0]
    return g.source
