"""The flowcharts of a build: drawn once per pathway, then put into the finished pages.

The templates leave a marker comment where a diagram goes, and the plugin swaps in the SVG after
Markdown and the search plugin are done with the page. Neither has to parse tens of kilobytes of
SVG per page (a large share of build time on a thousand pathways), and diagram labels stay out
of the search index, where they would only repeat the step titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from forloeb.diagram.dot import build_dot, legend_dot
from forloeb.diagram.svg import inline_svg, render_many
from forloeb.load.catalog import Catalog
from forloeb.memo import IdentityMemo
from forloeb.model.pathway import Forloeb
from macros.site import LEGEND_KEY

_MARKER = re.compile(r"<!-- forloeb-svg:([a-z0-9_-]+) -->")

# What a diagram is drawn from, as the inline-SVG cache's key: DOT source, title, description id.
Spec = tuple[str, str, str]


def marker(key: str) -> Markup:
    """The placeholder for the SVG stored under key (a pathway id or the legend's key)."""
    if not _MARKER.fullmatch(f"<!-- forloeb-svg:{key} -->"):
        raise ValueError(f"ugyldig diagramnøgle: {key!r}")
    return Markup(f"<!-- forloeb-svg:{key} -->")


def inject(html: str, svgs: Mapping[str, str]) -> str:
    """Replace every marker with its SVG; a marker without an SVG is left as the comment it is."""
    return _MARKER.sub(lambda m: svgs.get(m.group(1), m.group(0)), html)


def _pathway_dot(f: Forloeb, related_titles: tuple[tuple[str, str], ...]) -> str:
    return build_dot(f, dict(related_titles))


class Diagrams:
    """Draws a catalog's diagrams as inline SVG; kept by the plugin across `mkdocs serve` rebuilds.

    SVGs come from the cache on disk (keyed by DOT source and Graphviz version), so a build draws
    only new diagrams. Within one process it goes further: an unchanged pathway's DOT is not built
    again (the loader hands out the same model object) and its inline SVG is reused as it was."""

    def __init__(self) -> None:
        self._dot: IdentityMemo[str] = IdentityMemo(_pathway_dot)
        self._inline: dict[Spec, str] = {}  # the previous build's diagrams

    def draw(self, catalog: Catalog, cache_dir: Path, timeout: float) -> dict[str, str]:
        """Pathway id (and the legend's key) -> inline SVG; raises DiagramError naming the pathway."""
        wanted: dict[str, Spec] = {LEGEND_KEY: (legend_dot(), "Signaturforklaring til flowchart", "")}
        for fid, f in catalog.forloeb.items():
            titles = tuple((r.forloeb, r.titel or catalog.forloeb[r.forloeb].titel) for r in f.relaterede)
            wanted[fid] = (self._dot(f, titles), f"Flowchart: {f.titel}", f"diagram-{fid}-beskrivelse")
        missing = {key: spec[0] for key, spec in wanted.items() if spec not in self._inline}
        svgs = render_many(missing, cache_dir, timeout=timeout)
        inline = {key: self._inline.get(spec) or inline_svg(svgs[key], *spec[1:]) for key, spec in wanted.items()}
        self._inline = {spec: inline[key] for key, spec in wanted.items()}  # this build's only: edits do not pile up
        return inline


def draw_models(
    models: dict[str, tuple[Forloeb, tuple[tuple[str, str], ...]]], cache_dir: Path, timeout: float
) -> dict[str, str]:
    """Inline SVGs of pathways outside the catalog (approved versions from git), by the caller's key;
    drawn in parallel through the same cache on disk. Raises DiagramError naming the key."""
    svgs = render_many(
        {key: _pathway_dot(f, titles) for key, (f, titles) in models.items()}, cache_dir, timeout=timeout
    )
    return {
        key: inline_svg(svgs[key], f"Flowchart: {f.titel}", f"diagram-{f.id}-beskrivelse")
        for key, (f, _) in models.items()
    }
