"""The MkDocs plugin `forloeb`: the site built from the pathways folder.

An editor adds a YAML file and nothing else: its page, nav entry and index entries all come from
here. Any input error stops the build before a single page is written; under `mkdocs serve` every
page lists the errors instead (pages/errors.py), so the preview never goes stale.

The plugin object owns everything that outlives one build. MkDocs keeps a plugin that has
`on_startup` for the whole `mkdocs serve` session, so the caches below make a rebuild after one edit
cheap: unchanged files are not parsed or checked again, unchanged diagrams not drawn or read again,
unchanged overview pages not written again. Each build starts from on_config and replaces what the
previous one left; nothing is kept anywhere else.
"""

from __future__ import annotations

import logging
import sys
from collections import ChainMap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from forloeb.diagram.svg import DiagramError
from forloeb.history.git import file_histories
from forloeb.history.historik import historik_problems
from forloeb.load.cache import LoadCache
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.layout import Layout
from forloeb.load.loader import display_path
from forloeb.load.problems import InputError, Problem
from macros.config import ForloebConfig
from macros.edit import edit_links
from macros.pages import changes, d4, nav, overviews
from macros.pages.d4 import AnalysisCache, D4PageCache
from macros.pages.errors import TITLE, error_files, error_markdown
from macros.pages.generated import WrittenPages, content_page, pathway_page, version_page
from macros.pages.nav import nav_title
from macros.pages.pathway import render_pathway
from macros.pages.versions import MARKER, VersionCache, page_file, shell_digest
from macros.pdf.browser import chromium_available, missing_chromium
from macros.pdf.printer import ENV_FLAG, write_pdfs
from macros.render.diagrams import Diagrams, Drawings, inject
from macros.site import SiteData, pathway_src, specialty_src

log = logging.getLogger("mkdocs.plugins.forloeb")


class ErrorsInsteadOfSite(Exception):
    """Under serve: the input cannot be built; the problems are shown as the site instead."""

    def __init__(self, problems: list[Problem], others: list[str] | None = None) -> None:
        super().__init__()
        self.page = error_markdown(problems, others)
        # Printed, not logged: a logged warning would make `serve --strict` abort this build too.
        print(f"\n{TITLE}:", *map(str, problems), *(others or []), sep="\n", file=sys.stderr)


class ForloebPlugin(BasePlugin[ForloebConfig]):
    def __init__(self) -> None:
        self.serving = False
        # Kept across `mkdocs serve` rebuilds:
        self.loads = LoadCache()
        self.diagrams = Diagrams()
        self.written = WrittenPages()
        self.d4_pages = D4PageCache()
        self.analyses = AnalysisCache()
        self.versions = VersionCache()
        self.feeds = changes.FeedCache()
        # This build's, set by on_config:
        self.layout: Layout | None = None
        self.site: SiteData | None = None  # None while the error page is shown
        self.error_page: str | None = None
        self.pathway_pages: dict[str, str] = {}  # page source path -> pathway id
        self.page_sources: dict[str, Path] = {}  # generated page's source path -> the file its edit action opens
        self.version_pages: dict[str, str] = {}  # an approved version's page source path -> its cache key
        self.page_specialty: dict[str, str] = {}  # page source path -> the specialty whose feed it names
        self.injected: Mapping[str, str] = {}  # what goes in place of markers: flowcharts, change summaries
        self.macro_errors: list[str] = []  # from the macros of the page being read (main.py)

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self.site = None

    # --- Configuration: load, draw, check ----------------------------------------------------------

    @event_priority(100)  # before mkdocs-macros defines the macros, which read self.site
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.layout = Layout(root, self.config.pathways_dir)
        self.site, self.error_page, self.pathway_pages, self.macro_errors = None, None, {}, []
        self.page_sources = {}
        self.version_pages, self.page_specialty = {}, {}
        try:
            self.site = self._site(config, root)
        except ErrorsInsteadOfSite as shown:
            self.error_page = shown.page
            config.nav = [{TITLE: "index.md"}]
            return config
        config.nav = nav.expand(config.nav, self.site, self.config.nav_forloeb, self.config.nav_d4)
        return config

    def _site(self, config: MkDocsConfig, root: Path) -> SiteData:
        catalog = self._catalog(root)
        drawings = self._draw(catalog, root)
        assert self.layout is not None
        cache_dir = root / self.config.archive_cache
        archive = self.versions.archive(self.layout, catalog, enabled=self.config.versioner, cache_dir=cache_dir)
        if archive.note and self.config.versioner:
            log.info(archive.note)
        historik = historik_problems(catalog, archive.history.timelines) if archive.history else []
        self._report_warnings([*catalog.warnings, *historik], strict=bool(config.strict))
        if self.config.pdf and not chromium_available(Path(self.config.chromium)):
            raise PluginError(f"{ENV_FLAG}=1: {missing_chromium(Path(self.config.chromium))}")  # before any page
        today = self.config.dato or date.today()
        site = SiteData(
            catalog,
            drawings.svgs,
            today,
            config.use_directory_urls,
            pdf=self.config.pdf,
            git=self._histories(catalog),
            analysis=self.analyses.analyse(catalog, today, self.config),
            d4_url=self.config.d4_url,
            edit=edit_links(config),
            archive=archive,
            site_url=config.site_url,
            figures=drawings.figures,
        )
        # The change summaries and old versions' pages that the cache does not hold yet are made here.
        with self._diagram_errors("Flowchart til en tidligere version kunne ikke tegnes"):
            diagram_cache = root / self.config.diagram_cache
            self.version_pages, summaries = self.versions.build(site, root, diagram_cache, self.config.dot_timeout)
        archive = replace(archive, summaries=summaries)
        self.injected = ChainMap(drawings.svgs, archive.injected())
        return replace(site, archive=archive)

    def _catalog(self, root: Path) -> Catalog:
        try:
            return load_catalog(root, pathways=self.config.pathways_dir, cache=self.loads)
        except InputError as exc:
            if self.serving:
                raise ErrorsInsteadOfSite(exc.problems) from None
            raise PluginError(f"Forløbsfilerne har {len(exc.problems)} fejl:\n{exc}") from None

    def _draw(self, catalog: Catalog, root: Path) -> Drawings:
        with self._diagram_errors("Flowchart kunne ikke tegnes"):
            return self.diagrams.draw(catalog, root / self.config.diagram_cache, self.config.dot_timeout)

    @contextmanager
    def _diagram_errors(self, what: str) -> Iterator[None]:
        """A diagram that cannot be drawn stops the build, or under serve becomes the error page."""
        try:
            yield
        except DiagramError as exc:
            if self.serving:
                raise ErrorsInsteadOfSite([], [f"{what}: {exc}"]) from None
            raise PluginError(f"{what}: {exc}") from None

    def _report_warnings(self, problems: list[Problem], *, strict: bool) -> None:
        warnings = [p for p in problems if p.severity == "advarsel"]
        if self.serving and warnings and strict:  # --strict would stop on them: show them instead
            raise ErrorsInsteadOfSite(warnings)
        for p in problems:
            (log.warning if p.severity == "advarsel" else log.info)(str(p))  # info: placeholders in a draft

    def _histories(self, catalog: Catalog) -> dict[str, Any] | None:
        assert self.layout is not None
        git = file_histories(self.layout, [src.path for src in catalog.sources.values()])
        return None if git is None else {fid: git[src.path] for fid, src in catalog.sources.items()}

    # --- Files: one generated page per pathway, the overviews, the D4 pages --------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.layout is not None
        if self.site is None:
            self.written.forget()
            return error_files(files, config, self.layout, self.error_page or "")
        site = self.site
        generated: list[File] = []
        for f in site.catalog.forloeb.values():
            src = pathway_src(f)
            self.pathway_pages[src] = f.id
            self.page_sources[src] = site.catalog.sources[f.id].path
            self.page_specialty[src] = f.speciale
            generated.append(pathway_page(config, src, site.catalog.sources[f.id].path))
        self.page_sources.update(d4.page_sources(site))
        self.page_specialty |= {specialty_src(sid): sid for sid in site.catalog.by_speciale()}
        # A version page the theme finished before, with these settings, is copied as it was.
        finished, self.version_pages = self.versions.finished(shell_digest(config), self.version_pages)
        generated += [
            File.generated(config, page_file(site, src), abs_src_path=str(path)) for src, path in finished.items()
        ]
        versions = site.archive.pages if site.archive else {}
        for src, key in self.version_pages.items():
            self.page_specialty[src] = versions[src].speciale
            generated.append(version_page(config, src, key, self.written))
        pages = {**overviews.pages(site), **d4.pages(site, self.d4_pages), **changes.pages(site)}
        generated += [content_page(config, src, render(site.url(src)), self.written) for src, render in pages.items()]
        generated += [File.generated(config, path, content=xml) for path, xml in self.feeds.files(site).items()]
        for page in generated:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"docs/{page.src_uri} findes allerede; siden laves automatisk ud fra {self.config.pathways_dir}/"
                )
            files.append(page)
        self.written.track(generated)
        return files

    # --- Pages ---------------------------------------------------------------------------------------

    @event_priority(-100)  # after mkdocs-macros has run the page's macros
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.macro_errors:  # before any page is written
            errors, self.macro_errors = self.macro_errors, []
            raise PluginError(f"{display_path(Path(page.file.abs_src_path or ''))}: " + "; ".join(errors))
        src = page.file.src_uri
        forloeb_id = self.pathway_pages.get(src)
        if forloeb_id is not None:
            page.meta["forloeb"] = forloeb_id  # for theme overrides: which pathway this page shows
        source = self.page_sources.get(page.file.src_uri)
        if source is not None and self.site is not None and self.site.edit is not None:
            page.edit_url = self.site.edit.url(source)  # Material's edit action opens the YAML, not a generated page
        if self.site is not None:  # the feeds, for the <link rel="alternate"> of overrides/main.html
            page.meta["forloeb_feeds"] = changes.head_links(self.site, self.page_specialty.get(src))
        if src in self.version_pages and self.site is not None and self.site.archive is not None:
            version = self.site.archive.pages[src]
            f = self.site.catalog.forloeb[version.forloeb_id]
            page.meta["forloeb"] = version.forloeb_id
            page.meta["title"] = nav_title(f"{f.titel}, version {version.version.version}")
            page.meta["search"] = {"exclude": True}  # the current page is what search finds
            page.meta["forloeb_noindex"] = True  # and what search engines index
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A pathway page is rendered here, straight to HTML, with its table of contents."""
        key = self.version_pages.get(page.file.src_uri)
        if key is not None:  # an approved version: its heading now, the rest from the cache when written
            heading, toc = self.versions.head(key)
            page.toc = get_toc(toc)
            return f"{heading}\n{MARKER}"
        forloeb_id = self.pathway_pages.get(page.file.src_uri)
        if forloeb_id is None or self.site is None:
            return html
        rendered = render_pathway(self.site, forloeb_id, page.url)
        page.toc = get_toc(rendered.toc_tokens)
        return rendered.html

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """A version's page goes without the site's navigation: it stands outside today's site, and
        rendering a thousand entries into each of thousands of old versions would double the build."""
        if page.file.src_uri in self.version_pages:
            context["nav"] = without_entries(nav)
        return context

    @event_priority(-100)  # last: a version page is kept as it is written
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.site is None:
            return output
        key = self.version_pages.get(page.file.src_uri)
        if key is not None:
            finished = output.replace(MARKER, self.versions.body(key), 1)
            self.versions.store_finished(key, finished)
            return finished
        return inject(output, self.injected)

    def on_post_build(self, config: MkDocsConfig) -> None:
        site = self.site
        if site is None:  # the error page was built instead of the site
            return
        self.written.commit()
        self.versions.save()
        if not site.pdf:
            return
        try:
            written = write_pdfs(Path(config.site_dir), site, Path(self.config.chromium))
        except Exception as exc:  # a browser that fails to start or print must stop the build, readably
            raise PluginError(f"PDF'erne kunne ikke laves ({ENV_FLAG}=1): {type(exc).__name__}: {exc}") from None
        log.info(f"PDF af {len(written)} forløb skrevet")


def without_entries(nav: Navigation) -> Navigation:
    """The navigation with no entries but the home page, which the theme's header links to."""
    empty = Navigation([], [])
    empty.homepage = nav.homepage
    return empty


def plugin_of(config: Any) -> ForloebPlugin:
    """The site's forloeb plugin, for the macros of hand-written pages."""
    found = [p for p in config.plugins.values() if isinstance(p, ForloebPlugin)]
    if not found:
        raise PluginError("mkdocs.yml: pluginet 'forloeb' mangler under plugins")
    return found[0]
