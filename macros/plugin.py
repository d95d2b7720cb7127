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
import time
from collections import ChainMap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment
from material.plugins.search.plugin import SearchIndex, SearchPlugin
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from forloeb.diagram.svg import DiagramError
from forloeb.gc_pause import collector_paused, let_be_collected, no_collection_at_exit, set_aside
from forloeb.history.git import file_histories
from forloeb.history.historik import historik_problems
from forloeb.load.cache import LoadCache
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.layout import Layout
from forloeb.load.loader import display_path
from forloeb.load.problems import InputError, Problem
from macros.archive import Archive
from macros.config import ForloebConfig
from macros.edit import edit_links
from macros.edit_preview import EditPreview
from macros.pages import changes, d4, nav, overviews
from macros.pages.analysis_store import AnalysisCache, StoredAnalyses
from macros.pages.d4 import D4PageCache
from macros.pages.errors import TITLE, error_files, error_markdown
from macros.pages.finished import TEMPLATE_FLAG, FinishedPages, Kept
from macros.pages.finishing_helper import FinishingHelper
from macros.pages.generated import GeneratedPage, WrittenPages, content_page, pathway_page, version_page
from macros.pages.nav import nav_title
from macros.pages.pathway import render_general_practice, render_pathway
from macros.pages.prerendered import Job, Prerendered
from macros.pages.versions import MARKER, VersionCache, page_file
from macros.pdf.browser import chromium_available, missing_chromium
from macros.pdf.printer import ENV_FLAG, write_pdfs
from macros.render import search_sections
from macros.render.compiled_templates import CompiledTemplates
from macros.render.diagrams import Diagrams, Drawings, inject
from macros.render.digests import code_version, shell_digest
from macros.render.hyphenation import Hyphenator
from macros.render.search_sections import SearchSections
from macros.render.search_text import words_apart
from macros.render.templating import RenderedPage, environment
from macros.site import SiteData, general_practice_src, pathway_src, specialty_src

log = logging.getLogger("mkdocs.plugins.forloeb")
no_collection_at_exit()  # once, when MkDocs loads the plugin

# Material's per-page search boost (page.meta.search.boost): a pathway page ranks above the overview
# and D4 pages that name the same code or title word, since it is what a reader searches for.
PATHWAY_SEARCH_BOOST = 2.0


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
        self.dirty = False
        self.code = ""  # digest of our code, set by on_config
        # Kept across `mkdocs serve` rebuilds:
        self.loads = LoadCache()
        self.diagrams = Diagrams()
        self.written = WrittenPages()
        self.d4_pages = D4PageCache()
        self.analyses = AnalysisCache()
        self.versions = VersionCache()
        self.feeds = changes.FeedCache()
        self.hyphenator = Hyphenator()
        self.finished = FinishedPages()
        self.finishing = FinishingHelper()
        self.prerendered = Prerendered()
        self.templates = CompiledTemplates("tema")  # the theme's, attached to each build's environment
        self.own_templates = CompiledTemplates("egne")  # ours, attached to our environment by each build
        self.search_sections = SearchSections()
        self.build_request: Path | None = None  # under serve: a file whose change makes the serve build again
        self.preview: EditPreview | None = None  # under serve: the edited pages first (edit_preview.py)
        # This build's, set by on_config:
        self.layout: Layout | None = None
        self.site: SiteData | None = None  # None while the error page is shown
        self.error_page: str | None = None
        self.pathway_pages: dict[str, str] = {}  # page source path -> pathway id
        self.page_sources: dict[str, Path] = {}  # generated page's source path -> the file its edit action opens
        self.version_pages: dict[str, str] = {}  # an approved version's page source path -> its cache key
        self.page_specialty: dict[str, str] = {}  # page source path -> the specialty whose feed it names
        self.injected: Mapping[str, str] = {}  # what goes in place of markers: flowcharts, change summaries
        self.general_practice_pages: dict[str, str] = {}  # source path of a one-page view -> pathway id
        self.macro_errors: list[str] = []  # from the macros of the page being read (main.py)
        self.kept: dict[str, Kept] = {}  # page source path -> its finished page from an earlier build
        self.kept_versions: dict[str, str] = {}  # a version page's source path -> the page the helper finished
        self.versions_from_helper = 0
        self.fresh: dict[str, str] = {}  # page source path -> the key its finished page is kept under
        self.finished_keys: dict[str, str] = {}  # page source path -> its key, when on_env computed it
        self.search_index: SearchIndex | None = None  # Material's search index of this build
        self.search_entries: list[dict[str, Any]] | None = None  # its entries
        self.search_mark = 0  # where the entries of the page being built begin
        self.nav: Navigation | None = None  # this build's navigation, from on_nav

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_shutdown(self) -> None:
        self.site = None
        self.analyses.stop()
        if self.preview is not None:
            self.preview.stop()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """The overlap analysis made after the preview asks for one more build through a file the
        serve watches (the server's public way to be told to build; pages/analysis_store.py)."""
        folder = Path(config.config_file_path).parent / self.config.analysis_cache / "serve"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return server  # every build then makes its own analysis
        server.watch(str(folder), recursive=False)
        self.build_request = folder / "byg"
        if self.preview is not None:
            server.builder = self.preview.wrap(server.builder, self._request_build, self._preview)
        return server

    def _request_build(self) -> None:
        if self.build_request is not None:
            try:
                self.build_request.write_text(str(time.time_ns()), encoding="utf-8")
            except OSError as exc:  # printed: a logged warning would stop a build under `serve --strict`
                print(
                    f"D4-siderne kan ikke opdateres efter overlapanalysen ({exc.strerror}: {exc.filename})",
                    file=sys.stderr,
                )

    # --- Configuration: load, draw, check ----------------------------------------------------------

    @event_priority(100)  # before mkdocs-macros defines the macros, which read self.site
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.layout = Layout(root, self.config.pathways_dir)
        if self.serving and self.config.forhaandsvisning:
            self.preview = self.preview or EditPreview(self.layout.pathways_dir, self.config.forhaandsvisning_pause)
            self.preview.build_started()
            self.preview.saw(config=config)
        self.site, self.error_page, self.pathway_pages, self.macro_errors = None, None, {}, []
        self.page_sources = {}
        self.version_pages, self.page_specialty = {}, {}
        self.general_practice_pages = {}
        self.kept, self.kept_versions, self.fresh, self.search_entries = {}, {}, {}, None
        self.finished_keys = {}
        self.versions_from_helper = 0
        let_be_collected()  # the last build's data (under serve), set aside below
        try:
            # What this step makes lives as long as the build: a full collection here would scan the
            # catalog and the archive again and again for nothing (three of about 1 s each in a warm
            # build at 2,000 pathways). The collector is paused, then all of it is set aside.
            with collector_paused():
                self.site = self._site(config, root)
            set_aside()
        except ErrorsInsteadOfSite as shown:
            self.error_page = shown.page
            config.nav = [{TITLE: "index.md"}]
            return config
        config.nav = nav.expand(config.nav, self.site, self.config.nav_forloeb, self.config.nav_d4)
        return config

    def _site(self, config: MkDocsConfig, root: Path) -> SiteData:
        self.loads.keep_in(root / self.config.load_cache, ahead=not self.serving)
        catalog = self._catalog(root)
        today = self.config.dato or date.today()
        stored = self._begin_analysis(catalog, today, root)  # has taken the code's digest, if it began
        drawings = self._draw(catalog, root, code_known=stored is not None)
        templates = root / self.config.template_cache
        self.templates.keep_in(templates, f"mkdocs=={metadata.version('mkdocs')}")
        self.own_templates.keep_in(templates, self.code)  # our code holds our environment's options
        self.own_templates.attach(environment())
        archive, historik = self._archive(catalog, root)
        if archive.note and self.config.versioner:
            log.info(archive.note)
        self._report_warnings([*catalog.warnings, *historik], strict=bool(config.strict))
        if self.config.pdf and not chromium_available(Path(self.config.chromium)):
            raise PluginError(f"{ENV_FLAG}=1: {missing_chromium(Path(self.config.chromium))}")  # before any page
        site = SiteData(
            catalog,
            drawings.svgs,
            today,
            config.use_directory_urls,
            pdf=self.config.pdf,
            git=self._histories(catalog),
            analysis=self.analyses.analyse(
                catalog,
                today,
                self.config,
                stored or self._stored_analyses(root),
                later=self._request_build if self.build_request is not None else None,
            ),
            d4_url=self.config.d4_url,
            edit=edit_links(config),
            archive=archive,
            site_url=config.site_url,
            figures=drawings.figures,
        )
        return self._with_versions(site, root)

    def _begin_analysis(self, catalog: Catalog, today: date, root: Path) -> StoredAnalyses | None:
        """A plain build starts the overlap analysis at once, beside the drawing (pages/analysis_store.py)."""
        if self.serving:
            return None  # the serve's own rules for it stand (AnalysisCache)
        try:
            self.code = code_version()  # the stored analysis is named by it
        except DiagramError:
            return None  # no Graphviz: the drawing says so, clearly
        stored = self._stored_analyses(root)
        self.analyses.begin(catalog, today, self.config, stored)
        return stored

    def _archive(self, catalog: Catalog, root: Path) -> tuple[Archive, list[Problem]]:
        """The approved versions from git, and what they say is wrong with the catalog's."""
        assert self.layout is not None
        cache_dir = root / self.config.archive_cache
        archive = self.versions.archive(
            self.layout, catalog, enabled=self.config.versioner, cache_dir=cache_dir, code=self.code
        )
        return archive, historik_problems(catalog, archive.history.timelines) if archive.history else []

    def _with_versions(self, site: SiteData, root: Path, *, preview: bool = False) -> SiteData:
        """The site with the change summaries; they and the old versions' pages that the cache does
        not hold yet are made here (a preview makes no version page: it shows none)."""
        assert site.archive is not None
        with self._diagram_errors("Flowchart til en tidligere version kunne ikke tegnes"):
            diagram_cache = root / self.config.diagram_cache
            timeout = self.config.dot_timeout
            keys, summaries = self.versions.build(site, root, diagram_cache, timeout, pages=not preview)
        if not preview:
            self.version_pages = keys
        archive = replace(site.archive, summaries=summaries)
        self.injected = ChainMap(site.svgs, archive.injected())
        return replace(site, archive=archive)

    # --- Under serve: the edited pathways' pages first (edit_preview.py) ---------------------------------

    def _preview(self, changed: list[Path]) -> bool:
        """Render the pages of the changed pathway files with the last build's navigation; False when
        only the full build can show the change (a page more or less, an error, a warning under
        --strict), which then shows it as it would have without the preview."""
        last = self.preview.last if self.preview is not None else None
        if last is None or self.site is None:
            return False
        root = Path(last.config.config_file_path).parent
        try:
            previewed = self._preview_site(last.config, root, changed)
            if previewed is None:
                return False
            self.site, ids = previewed
            for fid in ids:
                f = self.site.catalog.forloeb[fid]
                for src in (pathway_src(f), general_practice_src(f)):
                    last.render(src)
        except Exception as exc:  # the full build runs next and reports whatever this was
            log.debug(f"Ingen forhåndsvisning: {type(exc).__name__}: {exc}")
            return False
        pause = self.config.forhaandsvisning_pause
        log.info(f"Forhåndsvist: {', '.join(ids)}; resten af sitet bygges, når der ikke er gemt i {pause:g} s")
        return True

    def _preview_site(self, config: MkDocsConfig, root: Path, changed: list[Path]) -> tuple[SiteData, list[str]] | None:
        assert self.site is not None
        try:  # not self._catalog(): its error page is the full build's to show, and to print
            catalog = load_catalog(root, pathways=self.config.pathways_dir, cache=self.loads)
        except InputError:
            return None
        by_path = {src.path: fid for fid, src in catalog.sources.items()}
        ids = [by_path.get(path) for path in changed]
        if any(fid is None or pathway_src(catalog.forloeb[fid]) not in self.pathway_pages for fid in ids):
            return None  # not a pathway, or its page is not where the last build put it
        shown = [fid for fid in ids if fid is not None]
        drawings = self.diagrams.draw(
            catalog, root / self.config.diagram_cache, self.config.dot_timeout, shown, code=self.code
        )
        archive, historik = self._archive(catalog, root)
        if config.strict and any(p.severity == "advarsel" for p in [*catalog.warnings, *historik]):
            return None
        old = self.site
        site = replace(
            old,
            catalog=catalog,
            svgs={**old.svgs, **drawings.svgs},
            figures={**old.figures, **drawings.figures},
            git=None if old.git is None else {**old.git, **(self._histories(catalog, shown) or {})},
            archive=archive,
        )
        return self._with_versions(site, root, preview=True), shown

    def _stored_analyses(self, root: Path) -> StoredAnalyses:
        assert self.layout is not None
        return StoredAnalyses(root / self.config.analysis_cache, self.layout.pathways_dir, self.code)

    def _catalog(self, root: Path) -> Catalog:
        try:
            return load_catalog(root, pathways=self.config.pathways_dir, cache=self.loads)
        except InputError as exc:
            if self.serving:
                raise ErrorsInsteadOfSite(exc.problems) from None
            raise PluginError(f"Forløbsfilerne har {len(exc.problems)} fejl:\n{exc}") from None

    def _draw(self, catalog: Catalog, root: Path, *, code_known: bool) -> Drawings:
        with self._diagram_errors("Flowchart kunne ikke tegnes"):
            if not code_known:
                # Our sources, templates and Graphviz as a digest, read once per build: every cache
                # keys on it. Here, where a missing Graphviz is said clearly.
                self.code = code_version()
            cache = root / self.config.diagram_cache
            return self.diagrams.draw(catalog, cache, self.config.dot_timeout, code=self.code)

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

    def _histories(self, catalog: Catalog, ids: list[str] | None = None) -> dict[str, Any] | None:
        """The git history of every pathway's file, or of the ids' alone."""
        assert self.layout is not None
        sources = {fid: catalog.sources[fid] for fid in ids} if ids is not None else catalog.sources
        git = file_histories(self.layout, [src.path for src in sources.values()])
        return None if git is None else {fid: git[src.path] for fid, src in sources.items()}

    # --- Files: one generated page per pathway, the overviews, the D4 pages --------------------------

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.layout is not None
        if self.site is None:
            self.written.forget()
            return error_files(files, config, self.layout, self.error_page or "")
        site = self.site
        generated: list[File] = []
        refreshed = self.analyses.changed_pathways(site.analysis)  # their D4 section: built again though unedited
        ahead: dict[str, Job] = {}  # rendered ahead (pages/prerendered.py), in a plain build only
        render_ahead = not self.serving and not self.dirty
        for f in site.catalog.forloeb.values():
            src, view, yaml_path = pathway_src(f), general_practice_src(f), site.catalog.sources[f.id].path
            self.pathway_pages[src] = f.id
            self.general_practice_pages[view] = f.id
            for page_src in (src, view):
                self.page_sources[page_src] = yaml_path
                self.page_specialty[page_src] = f.speciale
            forced = f.id in refreshed
            pages = (
                pathway_page(config, src, yaml_path, forced=forced),
                pathway_page(config, view, yaml_path, in_nav=False, forced=forced),
            )
            if render_ahead:
                ahead[src] = (pages[0].url, partial(render_pathway, site, f.id, pages[0].url))
                ahead[view] = (pages[1].url, partial(render_general_practice, site, f.id, pages[1].url))
            generated += pages
        self.page_sources.update(d4.page_sources(site))
        self.page_specialty |= {specialty_src(sid): sid for sid in site.catalog.by_speciale()}
        # A version page the theme finished before, with these settings, is copied as it was.
        shell = shell_digest(config)
        finished, self.version_pages = self.versions.finished(shell, self.version_pages)
        self.finished.start(Path(config.config_file_path).parent / self.config.page_cache, shell, self.code)
        self.search_index = search_index(config)
        self.search_entries = self.search_index.entries if self.search_index is not None else None
        self.search_sections.next_build()
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
        if render_ahead:
            self.prerendered.start(ahead)
        return files

    @event_priority(-100)  # last: the helper renders with the environment MkDocs will use
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        env = self.templates.attach(env)
        if self.preview is not None:
            self.preview.saw(env=env, files=files)
        if self.site is not None and self.nav is not None and not self.serving and not self.dirty:
            self._start_finishing(env, config, files, self.nav)
        return env  # the theme compiled once per serve session, not per edit

    def _start_finishing(self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """A second process renders pages into the finished-page caches from the last one back
        (pages/finishing_helper.py): every page the theme would render, a version's too. A warm
        build, which finds nearly all of them kept, then starts none."""
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages = []
        for f in doc_files:
            if f.page is None or f.page.meta.get("template", "main.html") != "main.html":
                continue
            if f.src_uri not in self.version_pages:  # (a version page here is one the theme must render)
                # The key on_page_context would compute: the page is as it will be then.
                key = self.finished_keys[f.src_uri] = self.finished.key(f.page, nav)
                if self.finished.holds(key):
                    continue
            pages.append(f.page)
        self.finishing.start(pages, lambda page: mkdocs_build._build_page(page, config, doc_files, nav, env))

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.preview is not None:  # here, since a dirty build may render no page at all
            self.preview.saw(nav=nav)
        return nav

    def on_build_error(self, *, error: Exception) -> None:
        self.finishing.stop()
        self.prerendered.stop()
        self.analyses.abandon()

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
            page.meta["search"] = {"boost": PATHWAY_SEARCH_BOOST}
        view_of = self.general_practice_pages.get(src)
        if view_of is not None and self.site is not None:
            page.meta["almen_praksis"] = view_of  # for the theme: a page without the site's navigation
            page.meta["title"] = nav_title(f"Til almen praksis: {self.site.catalog.forloeb[view_of].titel}")
            page.meta["search"] = {"exclude": True}  # the pathway page holds the same words: it is the one to find
        source = self.page_sources.get(src)
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
        """A pathway page (and its one-page view for general practice) is rendered here, straight to
        HTML, with its table of contents; every page is made fit for the search index."""
        src = page.file.src_uri
        key = self.version_pages.get(src)
        if key is not None:  # an approved version: its heading now, the rest from the cache when written
            heading, toc = self.versions.head(key)
            page.toc = get_toc(toc)
            return f"{heading}\n{MARKER}"
        if self.site is not None and src in self.pathway_pages:
            rendered = self.prerendered.take(src, page.url) or render_pathway(
                self.site, self.pathway_pages[src], page.url
            )
        elif self.site is not None and src in self.general_practice_pages:
            rendered = self.prerendered.take(src, page.url) or render_general_practice(
                self.site, self.general_practice_pages[src], page.url
            )
        elif isinstance(page.file, GeneratedPage) and page.file.body is not None:
            return words_apart(html + follow_heading(page, page.file.body))
        else:
            return words_apart(html)
        page.toc = get_toc(rendered.toc_tokens)
        return words_apart(rendered.html)

    @event_priority(50)  # before the search plugin reads the page
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """A version's page goes without the site's navigation: it stands outside today's site, and
        rendering a thousand entries into each of thousands of old versions would double the build.
        Any other page the theme finished before from the same content and navigation is taken
        from the cache (pages/finished.py): the theme renders nothing and search reads nothing."""
        src = page.file.src_uri
        if src in self.version_pages:
            context["nav"] = without_entries(nav)
            done = self.versions.finished_since(self.version_pages[src])
            if done is not None:  # pages/finishing_helper.py has been here
                self.kept_versions[src] = done
                self.versions_from_helper += 1
                page.meta[TEMPLATE_FLAG] = True
            return context
        if self.site is None or page.meta.get("template", "main.html") != "main.html":
            return context  # the error page; a page with a template of its own
        key = self.finished_keys.pop(src, None) or self.finished.key(page, nav)
        self.search_mark = len(self.search_entries) if self.search_entries is not None else 0
        kept = self.finished.get(key)
        if kept is None:
            self.fresh[src] = key
            self._index_by_parts(page)
            return context
        self.kept[src] = kept
        self._index_by_parts(page, kept=True)
        page.meta[TEMPLATE_FLAG] = True  # overrides/main.html: an empty template
        page.meta["search"] = {"exclude": True}  # the search plugin reads nothing; it gets the kept entries
        if self.search_entries is not None:
            self.search_entries.extend(kept.search)
        return context

    def _index_by_parts(self, page: Page, *, kept: bool = False) -> None:
        """Under serve, a large page goes into the search index part by part, each part read once
        while it is unchanged (render/search_sections.py): a D4 register page is megabytes, and an
        edit changes a part of it. The search plugin then reads nothing of it. A kept page brings
        its entries; its parts are read, once, for its first edit. A plain build, and smaller pages,
        are left to the search plugin: the parts would only be kept for nothing."""
        search = page.meta.get("search") or {}
        if not self.serving or self.search_index is None or search.get("exclude"):
            return
        if len(page.content or "") < search_sections.LARGE_PAGE:
            return
        if kept:
            self.search_sections.remember(page)
            return
        self.search_sections.add_entries(self.search_index, page)
        page.meta["search"] = {**search, "exclude": True}

    @event_priority(-100)  # last: a version page is kept as it is written
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        finished = self._finished(output, page)
        # Written next, and nothing reads the page's HTML after that; MkDocs would keep every page's
        # until the build ends, the search index and the site map are made (a build's peak memory).
        page.content = None
        return finished

    def _finished(self, output: str, page: Page) -> str:
        if self.site is None:
            return self.hyphenator.headings(output)
        src = page.file.src_uri
        key = self.version_pages.get(src)
        if key is not None:
            if src in self.kept_versions:
                return self.kept_versions.pop(src)
            finished = self.hyphenator.headings(output.replace(MARKER, self.versions.body(key), 1))
            self.versions.store_finished(key, finished)
            return finished
        kept = self.kept.pop(src, None)
        if kept is not None:
            return inject(kept.html, self.injected)
        # After the search plugin has indexed the page (on_page_context): the soft hyphens are in what
        # the reader sees, never in the words the search matches.
        finished = self.hyphenator.headings(output)
        key = self.fresh.pop(src, None)
        if key is not None:
            entries = self.search_entries[self.search_mark :] if self.search_entries is not None else []
            self.finished.put(key, finished, entries)
        return inject(finished, self.injected)

    def on_post_build(self, config: MkDocsConfig) -> None:
        helped = self.finishing.stop()
        self.prerendered.stop()
        site = self.site
        if site is None:  # the error page was built instead of the site
            return
        self.written.commit()
        self.versions.save()
        if self.preview is not None:
            self.preview.build_finished()
        if not self.dirty:  # a dirty build shows a few pages: the others are still wanted
            self.finished.prune()
        helper = f" ({helped} gennemgået af en hjælpeproces, {self.versions_from_helper} versionssider fra den)"
        log.info(self.finished.summary() + (helper if helped else ""))
        if not site.pdf:
            return
        try:
            written = write_pdfs(Path(config.site_dir), site, Path(self.config.chromium))
        except Exception as exc:  # a browser that fails to start or print must stop the build, readably
            raise PluginError(f"PDF'erne kunne ikke laves ({ENV_FLAG}=1): {type(exc).__name__}: {exc}") from None
        log.info(f"PDF af {len(written)} forløb skrevet")


def follow_heading(page: Page, body: RenderedPage) -> str:
    """A generated page whose Markdown was its title heading: the body's HTML goes after it, and the
    body's headings under that heading in the table of contents."""
    heading = next(iter(page.toc), None)
    tokens = body.toc_tokens
    if heading is not None:
        tokens = [{"level": heading.level, "id": heading.id, "name": heading.title, "children": tokens}]
    page.toc = get_toc(tokens)
    return body.html


def without_entries(nav: Navigation) -> Navigation:
    """The navigation with no entries but the home page, which the theme's header links to."""
    empty = Navigation([], [])
    empty.homepage = nav.homepage
    return empty


def search_index(config: MkDocsConfig) -> SearchIndex | None:
    """Material's search index for this build (made by its on_config), or None without the search plugin."""
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin):
            return plugin.search_index  # type: ignore[no-any-return]
    return None


def plugin_of(config: Any) -> ForloebPlugin:
    """The site's forloeb plugin, for the macros of hand-written pages."""
    found = [p for p in config.plugins.values() if isinstance(p, ForloebPlugin)]
    if not found:
        raise PluginError("mkdocs.yml: pluginet 'forloeb' mangler under plugins")
    return found[0]
