"""MkDocs hook: load the catalog once, draw the diagrams, add one generated page per pathway.

An editor adds a YAML file and nothing else: the page, its nav entry and its index entries all
come from here. Any input error stops the build before a single page is written.
"""

from __future__ import annotations

import html
import logging
import os
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from forloeb.catalog import Catalog, load_catalog
from forloeb.diagram import DiagramError, build_dot, inline_svg, legend_dot, render_many
from forloeb.problems import InputError
from macros.pdf import ENV_FLAG, pdf_enabled, write_pdfs
from macros.site import PATHWAY_DIR, SITE_KEY, SiteData, pathway_src, specialty_src

log = logging.getLogger("mkdocs.plugins.forloeb")

NAV_PLACEHOLDER = "Forløb"
LEGEND_ID = "_signaturforklaring"


def _today() -> date:
    # FORLOEB_DATO pins "today" (overdue-review banners) for reproducible builds and tests.
    pinned = os.environ.get("FORLOEB_DATO")
    return date.fromisoformat(pinned) if pinned else date.today()


def _diagrams(catalog: Catalog, cache_dir: Path) -> tuple[dict[str, str], str]:
    dots = {LEGEND_ID: legend_dot()}
    for fid, f in catalog.forloeb.items():
        titles = {r.forloeb: r.titel or catalog.forloeb[r.forloeb].titel for r in f.relaterede}
        dots[fid] = build_dot(f, titles)
    # FORLOEB_DOT_TIMEOUT bounds each dot run, so a pathological graph cannot hang the build.
    svgs = render_many(dots, cache_dir, timeout=float(os.environ.get("FORLOEB_DOT_TIMEOUT", "30")))
    inline = {
        fid: inline_svg(svgs[fid], f"Flowchart: {f.titel}", f"diagram-{fid}-beskrivelse")
        for fid, f in catalog.forloeb.items()
    }
    return inline, inline_svg(svgs[LEGEND_ID], "Signaturforklaring til flowchart", "")


@event_priority(100)  # before mkdocs-macros calls define_env, which needs the catalog
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    try:
        catalog = load_catalog(root)
        svgs, legend = _diagrams(catalog, root / "diagrams" / "cache")
    except InputError as exc:
        raise PluginError(f"Forløbsfilerne har {len(exc.problems)} fejl:\n{exc}") from None
    except DiagramError as exc:
        raise PluginError(f"Flowchart kunne ikke tegnes: {exc}") from None
    for warning in catalog.warnings:
        log.warning(str(warning))
    site = SiteData(catalog, svgs, legend, _today(), config.use_directory_urls, pdf=pdf_enabled())
    config[SITE_KEY] = site
    config.nav = _nav(config.nav, site)
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
    site: SiteData = config[SITE_KEY]
    # Only ids (validated slugs) enter a page's source; the text comes in through the macros.
    generated = {f"{PATHWAY_DIR}/index.md": "# Alle forløb\n\n{{ forloeb_oversigt() }}"}
    for sid in site.catalog.by_speciale():
        generated[specialty_src(sid)] = f"{{{{ speciale_side('{sid}') }}}}"
    for f in site.catalog.forloeb.values():
        generated[pathway_src(f)] = f"{{{{ forloeb_side('{f.id}') }}}}"
    for src, body in generated.items():
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"docs/{src} findes allerede; siden laves automatisk ud fra pathways/")
        files.append(File.generated(config, src, content=f"---\nrender_macros: true\n---\n\n{body}\n"))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    site: SiteData = config[SITE_KEY]
    if not site.pdf:
        return
    try:
        written = write_pdfs(Path(config.site_dir), site)
    except Exception as exc:  # a browser that fails to start or print must stop the build, readably
        raise PluginError(f"PDF'erne kunne ikke laves ({ENV_FLAG}=1): {type(exc).__name__}: {exc}") from None
    log.info(f"PDF af {len(written)} forløb skrevet")
