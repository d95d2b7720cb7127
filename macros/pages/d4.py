"""The D4 clean-up pages: the register (bruttoliste) of each specialty with decisions and progress.

The pages, their nav entries and their links come from the register alone: adding a document to
the register (pathways/_registre/d4.yaml or d4/) adds it to its specialty's page, and a
specialty's first document adds the page. mkdocs.yml only says where in the nav they go, with the
entry the plugin's `nav_d4` option names ('D4-oprydning'); nav.py puts them there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from forloeb.model import labels
from forloeb.model.pathway import Forloeb
from forloeb.model.registers import D4Dokument
from macros.render.templating import render
from macros.site import SiteData, pathway_src

D4_DIR = "oversigter/d4-oprydning"
UNDECIDED = "ikke-vurderet"


def d4_status_src() -> str:
    return f"{D4_DIR}/index.md"


def d4_specialty_src(speciale: str) -> str:
    return f"{D4_DIR}/{speciale}.md"


def anchor(d: D4Dokument) -> str:
    return f"d4-{d.dokid}"


@dataclass(frozen=True)
class Progress:
    """How far the clean-up has come: documents with a decision out of all."""

    total: int
    decided: int
    per_decision: dict[str, int]

    @property
    def share(self) -> float | None:
        return self.decided / self.total if self.total else None


def progress(docs: list[D4Dokument]) -> Progress:
    per_decision = {b: sum(d.beslutning == b for d in docs) for b in labels.BESLUTNING}
    return Progress(len(docs), len(docs) - per_decision[UNDECIDED], per_decision)


def pages(site: SiteData, cache: D4PageCache) -> dict[str, Callable[[str], str]]:
    """Source path -> a function from the page's URL to its Markdown."""
    out: dict[str, Callable[[str], str]] = {d4_status_src(): partial(status, site)}
    for sid in site.catalog.d4_by_speciale():
        out[d4_specialty_src(sid)] = partial(cache.specialty, site, sid)
    return out


def nav_section(site: SiteData, title: Callable[[str], str]) -> list[Any]:
    """The nav entries: the status page and one page per specialty; `title` makes a name a safe nav title."""
    c = site.catalog
    return [d4_status_src(), *({title(c.specialer[sid].navn): d4_specialty_src(sid)} for sid in c.d4_by_speciale())]


def doc_link(site: SiteData, page_url: str, d: D4Dokument) -> str:
    """A link from page_url to the document's entry on its specialty's D4 page."""
    return f"{site.link(page_url, d4_specialty_src(d.speciale))}#{anchor(d)}"


def status(site: SiteData, page_url: str) -> str:
    c = site.catalog
    rows = [
        (c.specialer[sid], progress(docs), site.link(page_url, d4_specialty_src(sid)))
        for sid, docs in c.d4_by_speciale().items()
    ]
    return render(
        "oversigter/d4_status.md.j2",
        rows=rows,
        i_alt=progress(list(c.d4.values())),
    )


class D4PageCache:
    """A specialty's page by what it shows, kept by the plugin across `mkdocs serve` rebuilds.

    The key is its register documents by identity (the loader hands out the same objects while a
    file is unchanged) and of each replacing pathway the id, specialty and title (its link and its
    name). So a register page of a thousand documents is rendered again only when the register
    changed or a replacing pathway was renamed or moved. An entry holds its objects, so their ids
    cannot be reused while it lives."""

    MAX_PAGES = 64

    def __init__(self) -> None:
        self._pages: dict[tuple[Any, ...], tuple[tuple[Any, ...], str]] = {}

    def specialty(self, site: SiteData, speciale_id: str, page_url: str) -> str:
        c = site.catalog
        docs = c.d4_by_speciale().get(speciale_id, [])
        replacing = c.replacing()
        erstattes_af = {d.dokid: replacing[d.dokid] for d in docs}
        shown = (c.specialer[speciale_id], *docs)
        named = tuple((dokid, *((f.id, f.speciale, f.titel) for f in fs)) for dokid, fs in erstattes_af.items())
        key = (page_url, site.use_directory_urls, named, *map(id, shown))
        if key not in self._pages:
            if len(self._pages) >= self.MAX_PAGES:
                self._pages.clear()
            self._pages[key] = (shown, specialty(site, speciale_id, page_url, erstattes_af))
        return self._pages[key][1]


def specialty(site: SiteData, speciale_id: str, page_url: str, erstattes_af: dict[str, list[Forloeb]]) -> str:
    c = site.catalog
    docs = c.d4_by_speciale().get(speciale_id, [])

    def link(f: Forloeb) -> str:
        return site.link(page_url, pathway_src(f))

    return render(
        "oversigter/d4_oprydning.md.j2",
        speciale=c.specialer[speciale_id],
        dokumenter=docs,
        tal=progress(docs),
        erstattes_af=erstattes_af,
        anchor=anchor,
        link=link,
        status_link=site.link(page_url, d4_status_src()),
    )
