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
from datetime import date
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from forloeb.diagram.svg import DiagramError
from forloeb.history.git import file_histories
from forloeb.load.cache import LoadCache
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.layout import Layout
from forloeb.load.loader import display_path
from forloeb.load.problems import InputError, Problem
from macros.config import ForloebConfig
from macros.pages import d4, nav, overviews
from macros.pages.d4 import AnalysisCache, D4PageCache
from macros.pages.errors import TITLE, error_files, error_markdown
from macros.pages.generated import WrittenPages, content_page, pathway_page
from macros.pages.pathway import render_general_practice, render_pathway
from macros.pdf.browser import chromium_available, missing_chromium
from macros.pdf.printer import ENV_FLAG, write_pdfs
from macros.render.diagrams import Diagrams, inject
from macros.render.hyphenation import Hyphenator
from macros.render.search_text import words_apart
from macros.site import SiteData, general_practice_src, pathway_src

log = logging.getLogger("mkdocs.plugins.forloeb")

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
        # Kept across `mkdocs serve` rebuilds:
        self.loads = LoadCache()
        self.diagrams = Diagrams()
        self.written = WrittenPages()
        self.d4_pages = D4PageCache()
        self.analyses = AnalysisCache()
        self.hyphenator = Hyphenator()
        # This build's, set by on_config:
        self.layout: Layout | None = None
        self.site: SiteData | None = None  # None while the error page is shown
        self.error_page: str | None = None
        self.pathway_pages: dict[str, str] = {}  # page source path -> pathway id
        self.general_practice_pages: dict[str, str] = {}  # source path of a one-page view -> pathway id
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
        self.general_practice_pages = {}
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
        svgs = self._draw(catalog, root)
        self._report_warnings(catalog, strict=bool(config.strict))
        if self.config.pdf and not chromium_available(Path(self.config.chromium)):
            raise PluginError(f"{ENV_FLAG}=1: {missing_chromium(Path(self.config.chromium))}")  # before any page
        today = self.config.dato or date.today()
        return SiteData(
            catalog,
            svgs,
            today,
            config.use_directory_urls,
            pdf=self.config.pdf,
            git=self._histories(catalog),
            analysis=self.analyses.analyse(catalog, today, self.config),
            d4_url=self.config.d4_url,
        )

    def _catalog(self, root: Path) -> Catalog:
        try:
            return load_catalog(root, pathways=self.config.pathways_dir, cache=self.loads)
        except InputError as exc:
            if self.serving:
                raise ErrorsInsteadOfSite(exc.problems) from None
            raise PluginError(f"Forløbsfilerne har {len(exc.problems)} fejl:\n{exc}") from None

    def _draw(self, catalog: Catalog, root: Path) -> dict[str, str]:
        try:
            return self.diagrams.draw(catalog, root / self.config.diagram_cache, self.config.dot_timeout)
        except DiagramError as exc:
            if self.serving:
                raise ErrorsInsteadOfSite([], [f"Flowchart kunne ikke tegnes: {exc}"]) from None
            raise PluginError(f"Flowchart kunne ikke tegnes: {exc}") from None

    def _report_warnings(self, catalog: Catalog, *, strict: bool) -> None:
        warnings = [p for p in catalog.warnings if p.severity == "advarsel"]
        if self.serving and warnings and strict:  # --strict would stop on them: show them instead
            raise ErrorsInsteadOfSite(warnings)
        for p in catalog.warnings:
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
            src, view, yaml_path = pathway_src(f), general_practice_src(f), site.catalog.sources[f.id].path
            self.pathway_pages[src] = f.id
            self.general_practice_pages[view] = f.id
            generated += [pathway_page(config, src, yaml_path), pathway_page(config, view, yaml_path, in_nav=False)]
        pages = {**overviews.pages(site), **d4.pages(site, self.d4_pages)}
        generated += [content_page(config, src, render(site.url(src)), self.written) for src, render in pages.items()]
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
        forloeb_id = self.pathway_pages.get(page.file.src_uri)
        if forloeb_id is not None:
            page.meta["forloeb"] = forloeb_id  # for theme overrides: which pathway this page shows
            page.meta["search"] = {"boost": PATHWAY_SEARCH_BOOST}
        view_of = self.general_practice_pages.get(page.file.src_uri)
        if view_of is not None and self.site is not None:
            page.meta["almen_praksis"] = view_of  # for the theme: a page without the site's navigation
            page.meta["title"] = nav.nav_title(f"Til almen praksis: {self.site.catalog.forloeb[view_of].titel}")
            page.meta["search"] = {"exclude": True}  # the pathway page holds the same words: it is the one to find
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A pathway page (and its one-page view for general practice) is rendered here, straight to
        HTML, with its table of contents; every page is made fit for the search index."""
        src = page.file.src_uri
        if self.site is not None and src in self.pathway_pages:
            rendered = render_pathway(self.site, self.pathway_pages[src], page.url)
        elif self.site is not None and src in self.general_practice_pages:
            rendered = render_general_practice(self.site, self.general_practice_pages[src], page.url)
        else:
            return words_apart(html)
        page.toc = get_toc(rendered.toc_tokens)
        return words_apart(rendered.html)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # After the search plugin has indexed the page (on_page_context): the soft hyphens are in what
        # the reader sees, never in the words the search matches.
        output = self.hyphenator.headings(output)
        return output if self.site is None else inject(output, self.site.svgs)

    def on_post_build(self, config: MkDocsConfig) -> None:
        site = self.site
        if site is None:  # the error page was built instead of the site
            return
        self.written.commit()
        if not site.pdf:
            return
        try:
            written = write_pdfs(Path(config.site_dir), site, Path(self.config.chromium))
        except Exception as exc:  # a browser that fails to start or print must stop the build, readably
            raise PluginError(f"PDF'erne kunne ikke laves ({ENV_FLAG}=1): {type(exc).__name__}: {exc}") from None
        log.info(f"PDF af {len(written)} forløb skrevet")


def plugin_of(config: Any) -> ForloebPlugin:
    """The site's forloeb plugin, for the macros of hand-written pages."""
    found = [p for p in config.plugins.values() if isinstance(p, ForloebPlugin)]
    if not found:
        raise PluginError("mkdocs.yml: pluginet 'forloeb' mangler under plugins")
    return found[0]
