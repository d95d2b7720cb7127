"""The D4 clean-up pages: the register (bruttoliste) of each specialty, each document's way from the
working group's recommendation through SFR's approval to D4, and what it repeats of a pathway.

The pages, their nav entries and their links come from the register alone: adding a document to
the register (pathways/_registre/d4.yaml or d4/) adds it to its specialty's page, and a
specialty's first document adds the page. mkdocs.yml only says where in the nav they go, with the
entry the plugin's `nav_d4` option names ('D4-oprydning'); nav.py puts them there. Which pathways a
document covers, the passages it repeats and the thresholds in which it differs come from the
overlap check's analysis (forloeb/overlap/), made once per build.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from forloeb.model.pathway import Forloeb
from forloeb.model.registers import D4Dokument
from forloeb.overlap.bruttoliste import ThresholdConflict
from forloeb.overlap.passages import PassageMatch
from macros.pages.generated import PageContent
from macros.render.templating import render_page
from macros.site import SiteData, pathway_src

D4_DIR = "oversigter/d4-oprydning"
log = logging.getLogger("mkdocs.plugins.forloeb")


def d4_status_src() -> str:
    return f"{D4_DIR}/index.md"


def d4_specialty_src(speciale: str) -> str:
    return f"{D4_DIR}/{speciale}.md"


def anchor(d: D4Dokument) -> str:
    return f"d4-{d.dokid}"


@dataclass(frozen=True)
class Progress:
    """How far the clean-up has come for some documents: how many have reached each step."""

    total: int
    anbefalet: int  # the working group has recommended (and maybe more)
    godkendt: int  # SFR has approved the recommendation (and maybe more)
    gennemfoert: int  # the change is made in D4

    @property
    def share(self) -> float | None:
        return self.gennemfoert / self.total if self.total else None


def progress(docs: list[D4Dokument]) -> Progress:
    steps = [d.trin for d in docs]
    return Progress(
        len(docs),
        sum(s != "ikke-vurderet" for s in steps),
        sum(s in ("godkendt", "gennemfoert") for s in steps),
        steps.count("gennemfoert"),
    )


@dataclass(frozen=True)
class Covered:
    """A pathway a document covers: why, the passages it repeats, the thresholds in which it differs."""

    forloeb: Forloeb
    reasons: tuple[str, ...]  # labels.D4_GRUND
    passages: list[PassageMatch]
    conflicts: list[ThresholdConflict]


def covered(site: SiteData, d: D4Dokument) -> list[Covered]:
    c, coverage = site.catalog, site.analysis.coverage if site.analysis else None
    return [
        Covered(
            c.forloeb[fid],
            why,
            coverage.passages.get((fid, d.dokid), []) if coverage else [],
            coverage.conflicts.get((fid, d.dokid), []) if coverage else [],
        )
        for fid, why in site.bruttoliste.by_document.get(d.dokid, {}).items()
    ]


def pathway_documents(site: SiteData, f: Forloeb) -> list[tuple[D4Dokument, tuple[str, ...]]]:
    """The register documents that cover a pathway's patients, with why: its page's D4 section."""
    return [(site.catalog.d4[dokid], why) for dokid, why in site.bruttoliste.by_pathway.get(f.id, [])]


def d4_link(site: SiteData, d: D4Dokument) -> str | None:
    """The document in D4 itself, when the site knows D4's address; an example is in no D4."""
    return site.d4_url.format(dokid=d.dokid) if site.d4_url and not d.eksempel else None


def pages(site: SiteData, cache: D4PageCache) -> dict[str, Callable[[str], PageContent]]:
    """Source path -> a function from the page's URL to its content."""
    out: dict[str, Callable[[str], PageContent]] = {d4_status_src(): partial(status, site)}
    for sid in site.catalog.d4_by_speciale():
        out[d4_specialty_src(sid)] = partial(cache.specialty, site, sid)
    return out


def page_sources(site: SiteData) -> dict[str, Path]:
    """Each specialty's page -> the register file its edit action opens: the one holding its first document
    (each document's own file is named on the page when the site has edit links)."""
    c = site.catalog
    return {d4_specialty_src(sid): c.d4_files[docs[0].dokid] for sid, docs in c.d4_by_speciale().items()}


def nav_section(site: SiteData, title: Callable[[str], str]) -> list[Any]:
    """The nav entries: the status page and one page per specialty; `title` makes a name a safe nav title."""
    c = site.catalog
    return [d4_status_src(), *({title(c.specialer[sid].navn): d4_specialty_src(sid)} for sid in c.d4_by_speciale())]


def doc_link(site: SiteData, page_url: str, d: D4Dokument) -> str:
    """A link from page_url to the document's entry on its specialty's D4 page."""
    return f"{site.link(page_url, d4_specialty_src(d.speciale))}#{anchor(d)}"


def status(site: SiteData, page_url: str) -> PageContent:
    c = site.catalog
    rows = [
        (c.specialer[sid], progress(docs), site.link(page_url, d4_specialty_src(sid)))
        for sid, docs in c.d4_by_speciale().items()
    ]
    body = render_page(
        "oversigter/d4_status.html.j2",
        rows=rows,
        i_alt=progress(list(c.d4.values())),
        forloeb=_per_pathway(site, list(c.forloeb.values())),
        link=lambda f: site.link(page_url, pathway_src(f)),
    )
    return PageContent.html("D4-oprydning", body)


def _per_pathway(site: SiteData, pathways: list[Forloeb]) -> list[tuple[Forloeb, Progress]]:
    """Each pathway with documents on its bruttoliste, and how far they have come."""
    out = []
    for f in pathways:
        docs = [d for d, _ in pathway_documents(site, f)]
        if docs:
            out.append((f, progress(docs)))
    return out


class D4PageCache:
    """A specialty's page by what it shows, kept by the plugin across `mkdocs serve` rebuilds.

    The key is its register documents by identity (the loader hands out the same objects while a
    file is unchanged), of each pathway it names the id, specialty and title (its link and its
    name), and what the analysis says about its documents, by value: every edit of a pathway makes
    a new analysis, but it rarely changes what a register page shows. So a register page of a
    thousand documents is rendered again only when something on it changed. An entry holds its
    objects, so their ids cannot be reused while it lives."""

    MAX_PAGES = 64

    def __init__(self) -> None:
        self._pages: dict[tuple[Any, ...], tuple[tuple[Any, ...], tuple[Any, ...], PageContent]] = {}

    def specialty(self, site: SiteData, speciale_id: str, page_url: str) -> PageContent:
        c = site.catalog
        docs = c.d4_by_speciale().get(speciale_id, [])
        shown = (c.specialer[speciale_id], *docs)
        analysed = _analysed(site, speciale_id, docs)
        key = (page_url, site.use_directory_urls, site.d4_url, site.edit, _named(site, analysed), *map(id, shown))
        kept = self._pages.get(key)
        if kept is None or kept[1] != analysed:
            if len(self._pages) >= self.MAX_PAGES:
                self._pages.clear()
            kept = self._pages[key] = (shown, analysed, specialty(site, speciale_id, page_url))
        return kept[2]


def _named(site: SiteData, analysed: tuple[Any, ...]) -> tuple[tuple[str, str, str], ...]:
    """Of the pathways a specialty's page names (_analysed), what it shows: the title, and the id and
    specialty in the link. Another pathway's new title leaves the page as it was."""
    per_document, per_pathway = analysed
    ids = {entry[0] for covering in per_document for entry in covering} | {fid for fid, _ in per_pathway}
    return tuple((fid, site.catalog.forloeb[fid].speciale, site.catalog.forloeb[fid].titel) for fid in sorted(ids))


def _analysed(site: SiteData, speciale_id: str, docs: list[D4Dokument]) -> tuple[Any, ...]:
    """What a specialty's page shows of the analysis: per document the pathways it covers, why, the
    passages it repeats and the thresholds in which it differs; per pathway its documents."""
    per_document = tuple(
        tuple((c.forloeb.id, c.reasons, tuple(c.passages), tuple(c.conflicts)) for c in covered(site, d)) for d in docs
    )
    in_specialty = [f for f in site.catalog.forloeb.values() if f.speciale == speciale_id]
    return per_document, tuple((f.id, p) for f, p in _per_pathway(site, in_specialty))


def specialty(site: SiteData, speciale_id: str, page_url: str) -> PageContent:
    c = site.catalog
    docs = c.d4_by_speciale().get(speciale_id, [])
    in_specialty = [f for f in c.forloeb.values() if f.speciale == speciale_id]
    body = render_page(
        "oversigter/d4_oprydning.html.j2",
        speciale=c.specialer[speciale_id],
        dokumenter=[(d, covered(site, d)) for d in docs],
        tal=progress(docs),
        forloeb=_per_pathway(site, in_specialty),
        eksempler=sum(d.eksempel for d in docs),
        anchor=anchor,
        link=lambda f: site.link(page_url, pathway_src(f)),
        d4_link=lambda d: d4_link(site, d),
        register_file=lambda d: _register_file(site, d),
        doc_link=lambda dokid: f"#d4-{dokid}" if c.d4.get(dokid, None) in docs else None,
        status_link=site.link(page_url, d4_status_src()),
    )
    return PageContent.html(f"D4-oprydning: {c.specialer[speciale_id].navn}", body)


def _register_file(site: SiteData, d: D4Dokument) -> tuple[str, str] | None:
    """The document's register file as (path in the repository, its edit URL), when the site has edit links."""
    if site.edit is None:
        return None
    path = site.catalog.d4_files[d.dokid]
    return site.edit.repo_path(path), site.edit.url(path)
