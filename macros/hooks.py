"""MkDocs hook: load the catalog once, draw the diagrams, add one generated page per pathway.

An editor adds a YAML file and nothing else: the page, its nav entry and its index entries all
come from here. Any input error stops the build before a single page is written; under
`mkdocs serve` every page lists the errors instead (error_page.py), so the preview never goes stale.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from forloeb.catalog import Catalog, load_catalog
from forloeb.diagram import DiagramError, build_dot, inline_svg, legend_dot, render_many
from forloeb.gitrepo import file_histories
from forloeb.memo import per_object
from forloeb.model import Forloeb
from forloeb.problems import InputError, Problem
from macros import d4_pages, generated_files, index_pages
from macros.browser import MISSING_CHROMIUM, chromium_available
from macros.diagram_injection import inject
from macros.error_page import ERROR_KEY, TITLE, error_files, error_markdown
from macros.generated_files import content_page, pathway_page
from macros.pdf import ENV_FLAG, pdf_enabled, write_pdfs
from macros.site import LEGEND_KEY, PATHWAY_DIR, SiteData, pathway_src, set_site, site_of, specialty_src

log = logging.getLogger("mkdocs.plugins.forloeb")

NAV_PLACEHOLDER = "Forløb"


def _today() -> date:
    # FORLOEB_DATO pins "today" (overdue-review banners) for reproducible builds and tests.
    pinned = os.environ.get("FORLOEB_DATO")
    return date.fromisoformat(pinned) if pinned else date.today()


@per_object()  # under `mkdocs serve`, only an edited pathway's DOT is built again
def _dot(f: Forloeb, related_titles: tuple[tuple[str, str], ...]) -> str:
    return build_dot(f, dict(related_titles))


# (DOT source, title, description id) -> inline SVG, from the previous build of this process: under
# `mkdocs serve` the unchanged pathways' diagrams are neither read from the cache nor rewritten.
_inline_svgs: dict[tuple[str, str, str], str] = {}


def _diagrams(catalog: Catalog, cache_dir: Path) -> dict[str, str]:
    wanted = {LEGEND_KEY: (legend_dot(), "Signaturforklaring til flowchart", "")}
    for fid, f in catalog.forloeb.items():
        titles = tuple((r.forloeb, r.titel or catalog.forloeb[r.forloeb].titel) for r in f.relaterede)
        wanted[fid] = (_dot(f, titles), f"Flowchart: {f.titel}", f"diagram-{fid}-beskrivelse")
    missing = {key: spec[0] for key, spec in wanted.items() if spec not in _inline_svgs}
    # FORLOEB_DOT_TIMEOUT bounds each dot run, so a pathological graph cannot hang the build.
    svgs = render_many(missing, cache_dir, timeout=float(os.environ.get("FORLOEB_DOT_TIMEOUT", "30")))
    inline = {key: _inline_svgs.get(spec) or inline_svg(svgs[key], *spec[1:]) for key, spec in wanted.items()}
    _inline_svgs.clear()  # keep this build's diagrams only, so edits do not pile up
    _inline_svgs.update({spec: inline[key] for key, spec in wanted.items()})
    return inline


_serving = False  # the module lives as long as the `mkdocs serve` process, across rebuilds


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _show_errors(config: MkDocsConfig, problems: list[Problem], others: list[str] | None = None) -> MkDocsConfig:
    """Under serve: a site whose every page lists the errors (on_files), instead of a failed rebuild."""
    page = error_markdown(problems, others)
    # Printed, not logged: a logged warning would make `serve --strict` abort this build too.
    print(f"\n{TITLE}:", *map(str, problems), *(others or []), sep="\n", file=sys.stderr)
    config[ERROR_KEY] = page
    set_site(config, None)
    config.nav = [{TITLE: "index.md"}]
    return config


@event_priority(100)  # before mkdocs-macros calls define_env, which needs the catalog
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    try:
        catalog = load_catalog(root)
        svgs = _diagrams(catalog, root / "diagrams" / "cache")
    except InputError as exc:
        if _serving:
            return _show_errors(config, exc.problems)
        raise PluginError(f"Forløbsfilerne har {len(exc.problems)} fejl:\n{exc}") from None
    except DiagramError as exc:
        if _serving:
            return _show_errors(config, [], [f"Flowchart kunne ikke tegnes: {exc}"])
        raise PluginError(f"Flowchart kunne ikke tegnes: {exc}") from None
    warnings = [p for p in catalog.warnings if p.severity == "advarsel"]
    if _serving and warnings and config.strict:  # --strict would stop on them: show them instead
        return _show_errors(config, warnings)
    for p in catalog.warnings:
        (log.warning if p.severity == "advarsel" else log.info)(str(p))  # info: placeholders in a draft
    pdf = pdf_enabled()
    if pdf and not chromium_available():  # fail before any page is written, not after
        raise PluginError(f"{ENV_FLAG}=1: {MISSING_CHROMIUM}")
    git = file_histories(root, [src.path for src in catalog.sources.values()])
    histories = None if git is None else {fid: git[src.path] for fid, src in catalog.sources.items()}
    site = SiteData(catalog, svgs, _today(), config.use_directory_urls, pdf=pdf, git=histories)
    set_site(config, site)
    config.nav = d4_pages.expand_nav(_nav(config.nav, site), site, nav_title)
    return config


def nav_title(text: str) -> str:
    """A YAML title as a nav title: Material renders nav titles as HTML and mkdocs-macros
    renders them as Jinja, so both kinds of markup are turned into character references."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


def _nav(nav: list[Any] | None, site: SiteData) -> list[Any]:
    """Replace the nav entry 'Forløb' with one section per specialty."""
    c = site.catalog
    sections = [
        {
            nav_title(c.specialer[sid].navn): [
                specialty_src(sid),
                *({nav_title(f.titel): pathway_src(f)} for f in pathways),
            ],
        }
        for sid, pathways in c.by_speciale().items()
    ]
    expanded = [f"{PATHWAY_DIR}/index.md", *sections]
    if not nav:
        return [{NAV_PLACEHOLDER: expanded}]
    if not any(isinstance(item, dict) and NAV_PLACEHOLDER in item for item in nav):
        raise PluginError(f"mkdocs.yml: nav skal have et punkt '{NAV_PLACEHOLDER}', som forløbene sættes ind under")
    return [{NAV_PLACEHOLDER: expanded} if isinstance(i, dict) and NAV_PLACEHOLDER in i else i for i in nav]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if config.get(ERROR_KEY):
        generated_files.forget()
        return error_files(files, config, Path(config.config_file_path).parent, config[ERROR_KEY])
    site: SiteData = site_of(config)
    generated: list[File] = []
    for f in site.catalog.forloeb.values():
        # Only the id (a validated slug) enters the page's source; the text comes in through the macro.
        body = f"{{{{ forloeb_side('{f.id}') }}}}"
        generated.append(pathway_page(config, pathway_src(f), body, site.catalog.sources[f.id].path))
    overviews = {**index_pages.pages(site), **d4_pages.pages(site)}
    generated += [content_page(config, src, render(site.url(src))) for src, render in overviews.items()]
    for page in generated:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} findes allerede; siden laves automatisk ud fra pathways/")
        files.append(page)
    generated_files.track(generated)
    return files


def on_post_build(config: MkDocsConfig) -> None:
    site: SiteData | None = site_of(config)
    if site is not None:
        generated_files.commit()
    if site is None or not site.pdf:  # None: the error page was built instead of the site
        return
    try:
        written = write_pdfs(Path(config.site_dir), site)
    except Exception as exc:  # a browser that fails to start or print must stop the build, readably
        raise PluginError(f"PDF'erne kunne ikke laves ({ENV_FLAG}=1): {type(exc).__name__}: {exc}") from None
    log.info(f"PDF af {len(written)} forløb skrevet")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Swap in a pathway page rendered by the macro, with its table of contents."""
    site: SiteData | None = site_of(config)
    rendered = None if site is None else site.rendered.pop(page.file.src_uri, None)
    if rendered is None:
        return html
    page.toc = get_toc(rendered.toc_tokens)
    return rendered.html


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    site: SiteData | None = site_of(config)  # None while serving an error page
    return output if site is None else inject(output, site.svgs)
