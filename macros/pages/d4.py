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

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from forloeb.load.catalog import Catalog
from forloeb.model.pathway import Forloeb
from forloeb.model.registers import D4Dokument
from forloeb.overlap.bruttoliste import ThresholdConflict
from forloeb.overlap.check import Analysis, Limits, analyse
from forloeb.overlap.passages import PassageMatch
from forloeb.overlap.stemmed import FOLDER as STEMMED_FOLDER
from macros.pages.generated import PageContent
from macros.render.templating import render_page
from macros.site import SiteData, pathway_src

D4_DIR = "oversigter/d4-oprydning"
FORMAT = 1  # of a stored analysis
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


class AnalysisCache:
    """The overlap check's analysis, kept by the plugin and on disk.

    Under `mkdocs serve` the last one is made again only when a pathway, a register file or a
    document's text changed (the loader hands out the same objects while a file is unchanged). A
    new process finds it in `cache_dir` under a digest of every file of the pathways folder, the
    limits, the day and our code, so a build of an unchanged repository does not read the D4 texts
    again (a third of a warm build's own work at 200 pathways and 600 documents)."""

    def __init__(self) -> None:
        self._last: tuple[tuple[Any, ...], tuple[Any, ...], Analysis] | None = None

    def analyse(self, catalog: Catalog, today: date, options: Any, stored: StoredAnalyses | None = None) -> Analysis:
        inputs = (*catalog.forloeb.values(), *catalog.d4_sources)  # the loader's objects: same while unchanged
        texts = tuple((p, p.stat().st_mtime_ns) for p in catalog.d4_text_files.values())
        limits = (today, options.d4_frist_dage, options.d4_afsnit_graense)
        key = (tuple(map(id, inputs)), texts, limits)
        if self._last is None or self._last[0] != key:
            limits = Limits(
                containment=options.d4_afsnit_graense,
                today=today,
                deadline_days=options.d4_frist_dage,
                stemmed=stored.stemmed if stored else None,
            )
            found = stored.get(limits) if stored else None
            if found is None:
                found = analyse(catalog, limits)
                if stored:
                    stored.put(limits, found)
            self._last = (key, inputs, found)
        return self._last[2]


class StoredAnalyses:
    """The last analysis on disk, under a digest of what it was made from (AnalysisCache)."""

    def __init__(self, directory: Path, pathways: Path, code: str) -> None:
        self._dir, self._pathways, self._code = directory, pathways, code
        self._paths: dict[Limits, Path] = {}  # the folder is read once, for get() and put() alike

    @property
    def stemmed(self) -> Path:
        """Where the analysis keeps the D4 texts' stemmed words (forloeb/overlap/stemmed.py)."""
        return self._dir / STEMMED_FOLDER

    def _path(self, limits: Limits) -> Path:
        if limits not in self._paths:
            self._paths[limits] = self._digest_path(limits)
        return self._paths[limits]

    def _digest_path(self, limits: Limits) -> Path:
        h = hashlib.sha256(f"{FORMAT}\0{self._code}\0{limits!r}\0".encode())
        for path in sorted(p for p in self._pathways.rglob("*") if p.is_file()):
            h.update(path.relative_to(self._pathways).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        return self._dir / f"{h.hexdigest()}.pickle"

    def get(self, limits: Limits) -> Analysis | None:
        try:
            with self._path(limits).open("rb") as fh:
                found = pickle.load(fh)  # written by put() below from our own objects, never from input
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None
        return found if isinstance(found, Analysis) else None

    def put(self, limits: Limits, found: Analysis) -> None:
        path = self._path(limits)
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
            for old in self._dir.glob("*.pickle"):  # one analysis is kept: the repository's current one
                old.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._dir, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(found, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as exc:  # a full disk or a read-only checkout: the next build analyses again
            log.warning(f"Overlapanalysen kan ikke gemmes til næste bygning ({exc.strerror}: {exc.filename})")


class D4PageCache:
    """A specialty's page by what it shows, kept by the plugin across `mkdocs serve` rebuilds.

    The key is its register documents by identity (the loader hands out the same objects while a
    file is unchanged), of each pathway the id, specialty and title (its link and its name), and what
    the analysis says about its documents, by value: every edit of a pathway makes a new analysis,
    but it rarely changes what a register page shows. So a register page of a thousand documents is
    rendered again only when something on it changed. An entry holds its objects, so their ids
    cannot be reused while it lives."""

    MAX_PAGES = 64

    def __init__(self) -> None:
        self._pages: dict[tuple[Any, ...], tuple[tuple[Any, ...], tuple[Any, ...], PageContent]] = {}

    def specialty(self, site: SiteData, speciale_id: str, page_url: str) -> PageContent:
        c = site.catalog
        docs = c.d4_by_speciale().get(speciale_id, [])
        shown = (c.specialer[speciale_id], *docs)
        named = tuple((f.id, f.speciale, f.titel) for f in c.forloeb.values())
        key = (page_url, site.use_directory_urls, site.d4_url, site.edit, named, *map(id, shown))
        analysed = _analysed(site, speciale_id, docs)
        kept = self._pages.get(key)
        if kept is None or kept[1] != analysed:
            if len(self._pages) >= self.MAX_PAGES:
                self._pages.clear()
            kept = self._pages[key] = (shown, analysed, specialty(site, speciale_id, page_url))
        return kept[2]


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
