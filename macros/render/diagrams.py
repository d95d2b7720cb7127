"""The flowcharts of a build: drawn once per pathway, then put into the finished pages.

The templates leave a marker comment where a diagram goes, and the plugin swaps in the SVG after
Markdown and the search plugin are done with the page. Neither has to parse tens of kilobytes of
SVG per page (a large share of build time on a thousand pathways), and diagram labels stay out
of the search index, where they would only repeat the step titles.

Whether a pathway is drawn whole, phase by phase or in parts is forloeb/diagram/layout.py's
decision; this module draws what it asks for, every pathway's drawings of a round at once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from forloeb.diagram import paper
from forloeb.diagram.dot import build_dot, legend_dot, phases
from forloeb.diagram.layout import LABEL_PT, Drawing, Plan, Planning
from forloeb.diagram.phases import Part, overview_dot
from forloeb.diagram.svg import cached_svg, inline_svg, natural_size, node_boxes, render_many
from forloeb.load.catalog import Catalog
from forloeb.memo import IdentityMemo
from forloeb.model.pathway import Forloeb
from macros.render.drawn_pathways import DrawnPathway, DrawnPathways, Shown
from macros.render.figures import MARKER, Figure, PathwayFigures, marker
from macros.site import LEGEND_KEY

__all__ = ["Diagrams", "Drawings", "draw_models", "inject", "marker"]


def inject(html: str, svgs: Mapping[str, str]) -> str:
    """Replace every marker with its SVG; a marker without an SVG is left as the comment it is."""
    return MARKER.sub(lambda m: svgs.get(m.group(1), m.group(0)), html)


# A pathway whose whole flowchart is drawn wider than this is drawn phase by phase. Material's
# content column is 688 px wide on a 1280 px desktop; a drawing wider than 750 pt shows its 11 pt
# labels below 10 px there.
SPLIT_ABOVE_PT = 750.0
LEGEND_TITLE = "Signaturforklaring til flowchart"


def part_key(forloeb_id: str, part: Part) -> str:
    """The key of a part's diagram ('_' is in no slug, so it cannot clash with a pathway id)."""
    return f"{forloeb_id}_{part.slug}"


@dataclass(frozen=True)
class Drawings:
    svgs: dict[str, str]  # marker key -> inline SVG
    figures: dict[str, PathwayFigures]  # pathway id -> its flowcharts


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
    printed: paper.Printed  # how it goes on paper


def _drawn(raw: str, spec: Spec) -> Drawn:
    return _inlined(raw, spec.title, spec.title_id, spec.desc_id)


def _inlined(raw: str, title: str, title_id: str, desc_id: str | None) -> Drawn:
    printed = paper.printed(*natural_size(raw), LABEL_PT)
    return Drawn(inline_svg(raw, title, title_id, desc_id, print_width_pt=printed.width_pt), printed)


@dataclass(frozen=True)
class _Pathway:
    """A pathway's drawings as its pages show them, and what they were drawn from."""

    model: Forloeb
    related: tuple[tuple[str, str], ...]
    svgs: dict[str, str]  # marker key -> inline SVG
    figures: PathwayFigures
    key: str | None = None  # its record's, when kept on disk


def _ids(stem: str) -> tuple[str, str]:
    return f"diagram-{stem}-titel", f"diagram-{stem}-beskrivelse"


def _stem(f: Forloeb, part: Part) -> str:
    return f"{f.id}-{part.slug.replace('--', '-')}"


def _pathway_dot(f: Forloeb, related_titles: tuple[tuple[str, str], ...]) -> str:
    return build_dot(f, dict(related_titles))


def _part_title(f: Forloeb, part: Part) -> str:
    names = [f.titel, *[fa.titel for fa in f.faser if fa.id == part.fase][:1]]
    names += [f"del {part.number} af {part.count}"] if part.count > 1 else []
    return "Flowchart: " + ", ".join(names)


def _part_specs(f: Forloeb, plan: Plan, related_titles: tuple[tuple[str, str], ...]) -> dict[str, Spec]:
    """The parts' diagrams and, when they are phases (or their parts), the overview of the phases
    under the pathway's own key."""
    specs: dict[str, Spec] = {}
    if plan.overview:
        title = f"Flowchart: {f.titel}, oversigt over faserne"
        specs[f.id] = Spec(overview_dot(f, dict(related_titles)), title, *_ids(f.id))
    for part, dot in zip(plan.parts, plan.dots, strict=True):
        specs[part_key(f.id, part)] = Spec(dot, _part_title(f, part), *_ids(_stem(f, part)))
    return specs


def _figure(f: Forloeb, part: Part, drawn: Drawn) -> Figure:
    fase_titel = next((fa.titel for fa in f.faser if fa.id == part.fase), None)
    kind: Literal["forloeb", "fase"] = "fase" if fase_titel else "forloeb"
    desc_id = _ids(_stem(f, part))[1]
    landscape = drawn.printed.landscape
    return Figure(part_key(f.id, part), part.anchor, desc_id, kind, fase_titel, part.number, part.count, landscape)


def _figures(f: Forloeb, plan: Plan, drawn: Mapping[str, Drawn]) -> PathwayFigures:
    figures = [_figure(f, p, drawn[part_key(f.id, p)]) for p in plan.parts]
    if not plan.overview:
        return PathwayFigures(tuple(figures))
    overview = drawn[f.id]
    main = Figure(f.id, "flowchart", _ids(f.id)[1], "oversigt", None, 1, 1, overview.printed.landscape)
    by_phase: dict[str, tuple[Figure, ...]] = {}
    for part, figure in zip(plan.parts, figures, strict=True):
        by_phase[part.fase or ""] = (*by_phase.get(part.fase or "", ()), figure)
    return PathwayFigures((main,), by_phase)


class Diagrams:
    """Draws a catalog's diagrams as inline SVG; kept by the plugin across `mkdocs serve` rebuilds.

    SVGs come from the cache on disk (keyed by DOT source and Graphviz version), so a build draws
    only new diagrams. Within one process it goes further: an unchanged pathway's DOT is not built
    again (the loader hands out the same model object), its layout is not planned again, and its
    inline SVGs are reused as they were."""

    def __init__(self) -> None:
        self._dot: IdentityMemo[str] = IdentityMemo(_pathway_dot)
        self._part_specs: IdentityMemo[dict[str, Spec]] = IdentityMemo(_part_specs)
        self._drawn: dict[Spec, Drawn] = {}  # this build's diagrams (the previous build's, until it starts)
        self._previous: dict[Spec, Drawn] = {}
        self._plans: dict[Spec, Plan] = {}  # by the whole diagram's spec, which holds all a plan depends on
        self._pathways: dict[str, _Pathway] = {}  # this build's pathways (the previous build's, until it starts)

    def draw(
        self, catalog: Catalog, cache_dir: Path, timeout: float, only: Collection[str] | None = None, code: str = ""
    ) -> Drawings:
        """Every pathway's flowcharts, and the legend's SVG under LEGEND_KEY; raises DiagramError
        naming the pathway. With `only` (the preview of an edit under serve), just those pathways',
        and what the build before drew is kept for the build after. With `code` (the digest of our
        code), a pathway drawn by an earlier build from the same model is taken from its record."""
        if only is None:  # this build's only: edits do not pile up
            self._previous, self._drawn = self._drawn, {}
            previous_plans, self._plans = self._plans, {}
            earlier, self._pathways = self._pathways, {}
        else:
            previous_plans, earlier = dict(self._plans), self._pathways
        related = {
            fid: tuple((r.forloeb, r.titel or catalog.forloeb[r.forloeb].titel) for r in f.relaterede)
            for fid, f in catalog.forloeb.items()
            if only is None or fid in only
        }
        kept = DrawnPathways(cache_dir, code) if code else None
        done: dict[str, _Pathway] = {}
        keys: dict[str, str] = {}  # the records' names of the pathways not drawn by this process before
        for fid, titles in related.items():
            f = catalog.forloeb[fid]
            same = earlier.get(fid)
            if same is not None and same.model is f and same.related == titles:
                done[fid] = same
                if kept is not None and same.key is not None:
                    kept.used.add(same.key)
            elif kept is not None:
                keys[fid] = kept.key(f, titles)
                if (found := self._recorded(kept, keys[fid], f, titles)) is not None:
                    done[fid] = found
        todo = {fid: titles for fid, titles in related.items() if fid not in done}

        wholes = {
            fid: Spec(self._dot(catalog.forloeb[fid], titles), f"Flowchart: {catalog.forloeb[fid].titel}", *_ids(fid))
            for fid, titles in todo.items()
        }
        known = {fid: plan for fid, spec in wholes.items() if (plan := previous_plans.get(spec)) is not None}
        plans = {**known, **self._plan(catalog, wholes, set(known), todo, cache_dir, timeout)}
        self._plans.update((wholes[fid], plan) for fid, plan in plans.items())

        # What the pages show: the whole, or the overview and the parts; and the legend.
        shown = {
            fid: self._part_specs(catalog.forloeb[fid], plan, todo[fid]) if plan.parts else {fid: wholes[fid]}
            for fid, plan in plans.items()
        }
        legend = {LEGEND_KEY: Spec(legend_dot(), LEGEND_TITLE, "signaturforklaring-titel", None)}
        wanted = legend | {k: spec for specs in shown.values() for k, spec in specs.items()}
        drawn = self._render(wanted, cache_dir, timeout)
        for fid, plan in plans.items():
            f = catalog.forloeb[fid]
            whole = not plan.parts
            figures = PathwayFigures.whole(fid, drawn[fid].printed.landscape) if whole else _figures(f, plan, drawn)
            key = None if kept is None else self._record(kept, keys[fid], figures, shown[fid], cache_dir, timeout)
            done[fid] = _Pathway(f, todo[fid], {k: drawn[k].svg for k in shown[fid]}, figures, key)
        if kept is not None and only is None:
            kept.prune()
        self._pathways.update(done)
        ordered = [done[fid] for fid in related]  # the catalog's order, however each was found
        svgs = {LEGEND_KEY: drawn[LEGEND_KEY].svg}
        for p in ordered:
            svgs.update(p.svgs)
        return Drawings(svgs, {p.model.id: p.figures for p in ordered})

    @staticmethod
    def _recorded(kept: DrawnPathways, key: str, f: Forloeb, titles: tuple[tuple[str, str], ...]) -> _Pathway | None:
        found = kept.get(key)
        if found is None:
            return None
        record, raw = found
        svgs = {k: _inlined(raw[k], s.title, s.title_id, s.desc_id).svg for k, s in record.shown.items()}
        return _Pathway(f, titles, svgs, record.figures, key)

    @staticmethod
    def _record(
        kept: DrawnPathways,
        key: str,
        figures: PathwayFigures,
        shown: dict[str, Spec],
        cache_dir: Path,
        timeout: float,
    ) -> str:
        diagrams = {
            k: Shown(cached_svg(spec.dot, cache_dir, timeout=timeout).name, spec.title, spec.title_id, spec.desc_id)
            for k, spec in shown.items()
        }
        kept.put(key, DrawnPathway(diagrams, figures))
        return key

    def _plan(
        self,
        catalog: Catalog,
        wholes: Mapping[str, Spec],
        known: set[str],
        related: Mapping[str, tuple[tuple[str, str], ...]],
        cache_dir: Path,
        timeout: float,
    ) -> dict[str, Plan]:
        """The plans of the pathways not known, each made with the drawings it asks for, round by
        round, every pathway's at once. Their whole diagrams are only measured here: only the page
        of a pathway drawn whole shows it."""
        new = {fid: spec.dot for fid, spec in wholes.items() if fid not in known}
        plannings: dict[str, Planning] = {}
        for fid, raw in render_many(new, cache_dir, timeout=timeout).items():
            f = catalog.forloeb[fid]
            width, height = natural_size(raw)
            # Where the whole is cut (too large for a page, and no phases to draw it by), the cut
            # needs to know where its nodes are.
            cut = len(phases(f)) < 2 and not paper.fits(width, height, LABEL_PT)
            drawing = Drawing(width, height, node_boxes(raw) if cut else None)
            plannings[fid] = Planning(f, drawing, dict(related[fid]), SPLIT_ABOVE_PT)
        while asked := {fid: dots for fid, p in plannings.items() if (dots := p.wanted())}:
            sources = {f"{fid}~{n}": dot for fid, dots in asked.items() for n, dot in enumerate(dots)}
            drawn = render_many(sources, cache_dir, timeout=timeout)
            for key, dot in sources.items():
                plannings[key.split("~")[0]].measured(dot, _drawing(drawn[key]))
        return {fid: p.plan for fid, p in plannings.items()}

    def _render(self, wanted: dict[str, Spec], cache_dir: Path, timeout: float) -> dict[str, Drawn]:
        known = {**self._previous, **self._drawn}
        missing = {key: spec.dot for key, spec in wanted.items() if spec not in known}
        svgs = render_many(missing, cache_dir, timeout=timeout)
        drawn: dict[str, Drawn] = {}
        for key, spec in wanted.items():
            done = known.get(spec)
            if done is None:
                done = _drawn(svgs[key], spec)
            drawn[key] = self._drawn[spec] = done
        return drawn


def draw_models(
    models: dict[str, tuple[Forloeb, tuple[tuple[str, str], ...]]], cache_dir: Path, timeout: float
) -> dict[str, str]:
    """Inline SVGs of pathways outside the catalog (approved versions from git), by the caller's key,
    each drawn whole; drawn in parallel through the same cache on disk. Raises DiagramError naming the key."""
    specs = {
        key: Spec(_pathway_dot(f, titles), f"Flowchart: {f.titel}", *_ids(f.id)) for key, (f, titles) in models.items()
    }
    svgs = render_many({key: spec.dot for key, spec in specs.items()}, cache_dir, timeout=timeout)
    return {key: _drawn(svgs[key], spec).svg for key, spec in specs.items()}


def _drawing(raw: str) -> Drawing:
    """What the planning needs of a drawing: its size, and where its nodes are when it does not fit."""
    width, height = natural_size(raw)
    fits = paper.printed(width, height, LABEL_PT).readable
    return Drawing(width, height, None if fits else node_boxes(raw))
