"""The pathway flowchart: DOT source from the model, SVG from Graphviz, inlined into the page.

All text comes from YAML and is untrusted. It reaches DOT only through `_label` and `_tooltip`,
which make Graphviz show it literally: no HTML labels, no `\\N`-style substitutions, no entities.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import graphviz

from forloeb import diagram_style as stil
from forloeb.model import Forloeb, Trin

DOT_COMMAND = "dot"  # looked up on PATH when rendering, so tests can swap it
MANGLER_DOT = "Graphviz (dot) er ikke installeret: installer pakken graphviz (apt-get install graphviz)"


class DiagramError(Exception):
    """A diagram could not be drawn; the message is for whoever builds the site."""


# --- Untrusted text -----------------------------------------------------------------------------


def _clean(text: str) -> str:
    # Control characters would end up in the SVG (invalid XML) or cut DOT strings short; whitespace
    # (including newlines) becomes single spaces, because line breaks are ours to place.
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cs"))
    return " ".join(kept.split())


def _wrap(text: str, width: int = stil.WRAP, max_lines: int | None = None) -> list[str]:
    return textwrap.wrap(_clean(text), width=width, max_lines=max_lines, placeholder=" …") or [""]


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
    return graphviz.nohtml(_clean(text).replace("&", "&amp;").replace("\\", "\\\\\\\\"))


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
        lines += _wrap(stil.tidsfrist(t.tidsfrist.maks_dage))
    if t.udfoerer in stil.OPGAVEFLYTNING:
        lines += _wrap(stil.OPGAVEFLYTNING[t.udfoerer])
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
    henvisere = [textwrap.shorten(_clean(h), 40, placeholder=" …") for h in f.henvisning.henvisere]
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
            lines.append(stil.forloebstid(fase.forloebstid.maks_dage))
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


# --- SVG ----------------------------------------------------------------------------------------


def _dot_executable() -> str:
    path = shutil.which(DOT_COMMAND)
    if path is None:
        raise DiagramError(MANGLER_DOT)
    return path


@lru_cache(maxsize=8)
def _dot_version(executable: str) -> str:
    # Part of the cache key: another Graphviz version may lay out the same source differently.
    try:
        proc = subprocess.run([executable, "-V"], capture_output=True, timeout=30, check=False)
    except FileNotFoundError as exc:
        raise DiagramError(MANGLER_DOT) from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiagramError(f"'{executable} -V' fejlede: {exc}") from exc
    version = (proc.stderr + proc.stdout).decode("utf-8", "replace").strip()  # dot writes it to stderr
    if proc.returncode != 0 or not version:
        raise DiagramError(f"'{executable} -V' gav ikke et versionsnummer")
    return version


def render_svg(dot_source: str, cache_dir: Path, *, timeout: float = 30) -> str:
    """SVG for the DOT source, from cache_dir when this source was drawn by this dot before."""
    executable = _dot_executable()
    key = hashlib.sha256(f"{_dot_version(executable)}\0{dot_source}".encode()).hexdigest()
    cached = cache_dir / f"{key}.svg"
    try:
        return cached.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    try:
        proc = subprocess.run(
            [executable, "-Tsvg"], input=dot_source.encode(), capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise DiagramError(MANGLER_DOT) from exc
    except subprocess.TimeoutExpired as exc:
        raise DiagramError(f"dot brugte mere end {timeout:g} s på at tegne diagrammet") from exc
    except OSError as exc:
        raise DiagramError(f"dot kunne ikke startes: {exc}") from exc
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").splitlines()
        first = next((line.strip() for line in stderr if line.strip()), "ingen fejlbesked")
        raise DiagramError(f"dot fejlede (exit {proc.returncode}): {first}")
    svg = proc.stdout.decode("utf-8", "replace")
    try:
        _write_atomic(cached, svg)
    except OSError as exc:
        raise DiagramError(f"diagram-cachen {cache_dir} kan ikke skrives: {exc}") from exc
    return svg


def _write_atomic(path: Path, text: str) -> None:
    # Parallel builds may write the same entry; readers must never see a half-written file.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_many(
    sources: dict[str, str], cache_dir: Path, workers: int | None = os.cpu_count(), *, timeout: float = 30
) -> dict[str, str]:
    """Render {pathway id: DOT} in parallel; dot runs as a subprocess, so threads suffice."""
    if not sources:
        return {}
    with ThreadPoolExecutor(max_workers=workers or 1) as pool:
        futures = {pid: pool.submit(render_svg, src, cache_dir, timeout=timeout) for pid, src in sources.items()}
        result: dict[str, str] = {}
        for pid, future in futures.items():  # in input order, so the reported failure is deterministic
            try:
                result[pid] = future.result()
            except DiagramError as exc:
                for other in futures.values():
                    other.cancel()
                raise DiagramError(f"diagrammet for forløbet '{pid}' kunne ikke tegnes: {exc}") from exc
    return result


_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="([^"]*)"')
_GRAPH_TITLE = re.compile(r'(<g\b[^>]*\bclass="graph"[^>]*>\s*)<title>[^<]*</title>\s*')


def inline_svg(svg: str, title: str, desc_id: str) -> str:
    """dot's SVG as an accessible, responsive element that can sit in Markdown as raw HTML."""
    svg = _PROLOG.sub("", svg)
    match = _SVG_TAG.search(svg)
    if match is None:
        raise DiagramError("dot gav ikke et <svg>-element")
    tag = match.group(0)
    width = dict(m.groups() for m in _SIZE.finditer(tag)).get("width")
    tag = _SIZE.sub("", tag)[:-1].rstrip()  # without its closing ">"
    # Natural width as the upper bound: small graphs are not blown up, wide ones shrink to fit.
    style = (f"width:{width};" if width else "") + "max-width:100%;height:auto"
    title_id = f"{desc_id}-titel"
    # role=group, not img: the step nodes are links and must stay reachable by keyboard.
    opening = (
        f'{tag} role="group" aria-labelledby="{html.escape(title_id)}"'
        f' aria-describedby="{html.escape(desc_id)}" style="{style}">'
        f'\n<title id="{html.escape(title_id)}">{html.escape(_clean(title))}</title>'
    )
    rest = _GRAPH_TITLE.sub(r"\1", svg[match.end() :], count=1)  # ours replaces the graph's own title
    body = svg[: match.start()] + opening + rest
    # A blank line would end the raw HTML block in Markdown.
    return "\n".join(line for line in body.splitlines() if line.strip())
