"""The flowcharts of a build: drawn once per pathway, then put into the finished pages.

The templates leave a marker comment where a diagram goes, and the plugin swaps in the SVG after
Markdown and the search plugin are done with the page. Neither has to parse tens of kilobytes of
SVG per page (a large share of build time on a thousand pathways), and diagram labels stay out
of the search index, where they would only repeat the step titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from forloeb.diagram.dot import build_dot, legend_dot, phases
from forloeb.diagram.phases import overview_dot, phase_dot
from forloeb.diagram.svg import inline_svg, natural_width, render_many
from forloeb.load.catalog import Catalog
from forloeb.memo import IdentityMemo
from forloeb.model.pathway import Fase, Forloeb
from macros.site import LEGEND_KEY

_MARKER = re.compile(r"<!-- forloeb-svg:([a-z0-9_-]+) -->")


def marker(key: str) -> Markup:
    """The placeholder for the SVG stored under key (a pathway id or the legend's key)."""
    if not _MARKER.fullmatch(f"<!-- forloeb-svg:{key} -->"):
        raise ValueError(f"ugyldig diagramnøgle: {key!r}")
    return Markup(f"<!-- forloeb-svg:{key} -->")


def inject(html: str, svgs: Mapping[str, str]) -> str:
    """Replace every marker with its SVG; a marker without an SVG is left as the comment it is."""
    return _MARKER.sub(lambda m: svgs.get(m.group(1), m.group(0)), html)


# A pathway whose whole flowchart is drawn wider than this is drawn phase by phase, where that
# makes every diagram narrower. Material's content column is 688 px wide on a 1280 px desktop;
# a drawing wider than 750 pt shows its 11 pt labels below 10 px there.
SPLIT_ABOVE_PT = 750.0
LEGEND_TITLE = "Signaturforklaring til flowchart"


def phase_key(forloeb_id: str, fase_id: str) -> str:
    """The key of a phase's diagram ('_' is in no slug, so it cannot clash with a pathway id)."""
    return f"{forloeb_id}_{fase_id}"


def drawn_by_phase(svgs: Mapping[str, str], f: Forloeb) -> list[Fase]:
    """The phases that have a diagram of their own; empty when the pathway is drawn whole."""
    return [fa for fa in phases(f) if phase_key(f.id, fa.id) in svgs]


@dataclass(frozen=True)
class Spec:
    """What one diagram is drawn from: DOT source, title and the ids of its title and description."""

    dot: str
    title: str
    title_id: str
    desc_id: str | None


@dataclass(frozen=True)
class Drawn:
    svg: str  # inline
    width: float  # natural, in points


def _pathway_dot(f: Forloeb, related_titles: tuple[tuple[str, str], ...]) -> str:
    return build_dot(f, dict(related_titles))


def _phase_specs(f: Forloeb, related_titles: tuple[tuple[str, str], ...]) -> dict[str, Spec]:
    """The overview (under the pathway's own key, in the whole diagram's place) and each phase."""
    titles = dict(related_titles)
    specs = {f.id: Spec(overview_dot(f, titles), f"Flowchart: {f.titel}, oversigt over faserne", *_ids(f.id))}
    for fase in phases(f):
        ids = _ids(f"{f.id}-fase-{fase.id}")
        specs[phase_key(f.id, fase.id)] = Spec(phase_dot(f, fase, titles), f"Flowchart: {f.titel}, {fase.titel}", *ids)
    return specs


def _ids(stem: str) -> tuple[str, str]:
    return f"diagram-{stem}-titel", f"diagram-{stem}-beskrivelse"


class Diagrams:
    """Draws a catalog's diagrams as inline SVG; kept by the plugin across `mkdocs serve` rebuilds.

    SVGs come from the cache on disk (keyed by DOT source and Graphviz version), so a build draws
    only new diagrams. Within one process it goes further: an unchanged pathway's DOT is not built
    again (the loader hands out the same model object) and its inline SVG is reused as it was."""

    def __init__(self) -> None:
        self._dot: IdentityMemo[str] = IdentityMemo(_pathway_dot)
        self._phase_specs: IdentityMemo[dict[str, Spec]] = IdentityMemo(_phase_specs)
        self._drawn: dict[Spec, Drawn] = {}  # the previous build's diagrams

    def draw(self, catalog: Catalog, cache_dir: Path, timeout: float) -> dict[str, str]:
        """Pathway id (and the legend's key, and phase_key() of the phases of a pathway drawn phase by
        phase) -> inline SVG; raises DiagramError naming the pathway."""
        wanted = {LEGEND_KEY: Spec(legend_dot(), LEGEND_TITLE, "signaturforklaring-titel", None)}
        related: dict[str, tuple[tuple[str, str], ...]] = {}
        for fid, f in catalog.forloeb.items():
            related[fid] = tuple((r.forloeb, r.titel or catalog.forloeb[r.forloeb].titel) for r in f.relaterede)
            wanted[fid] = Spec(self._dot(f, related[fid]), f"Flowchart: {f.titel}", *_ids(fid))
        previous, self._drawn = self._drawn, {}  # this build's only: edits do not pile up
        whole = self._render(wanted, previous, cache_dir, timeout)
        result = {key: d.svg for key, d in whole.items()}
        # Too wide for the column: phase by phase instead, where every phase comes out narrower.
        split = {
            fid: self._phase_specs(f, related[fid])
            for fid, f in catalog.forloeb.items()
            if whole[fid].width > SPLIT_ABOVE_PT and len(phases(f)) > 1
        }
        parts = self._render(
            {k: spec for specs in split.values() for k, spec in specs.items()}, previous, cache_dir, timeout
        )
        for fid, specs in split.items():
            if all(parts[key].width < whole[fid].width for key in specs if key != fid):
                result.update({key: parts[key].svg for key in specs})
        return result

    def _render(
        self, wanted: dict[str, Spec], previous: dict[Spec, Drawn], cache_dir: Path, timeout: float
    ) -> dict[str, Drawn]:
        missing = {key: spec.dot for key, spec in wanted.items() if spec not in previous}
        svgs = render_many(missing, cache_dir, timeout=timeout)
        drawn: dict[str, Drawn] = {}
        for key, spec in wanted.items():
            done = previous.get(spec)
            if done is None:
                raw = svgs[key]
                done = Drawn(inline_svg(raw, spec.title, spec.title_id, spec.desc_id), natural_width(raw))
            drawn[key] = self._drawn[spec] = done
        return drawn


def draw_models(
    models: dict[str, tuple[Forloeb, tuple[tuple[str, str], ...]]], cache_dir: Path, timeout: float
) -> dict[str, str]:
    """Inline SVGs of pathways outside the catalog (approved versions from git), by the caller's key;
    drawn in parallel through the same cache on disk. Raises DiagramError naming the key."""
    svgs = render_many(
        {key: _pathway_dot(f, titles) for key, (f, titles) in models.items()}, cache_dir, timeout=timeout
    )
    return {key: inline_svg(svgs[key], f"Flowchart: {f.titel}", *_ids(f.id)) for key, (f, _) in models.items()}
