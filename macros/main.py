"""mkdocs-macros entry point: the macros that pages call to render data from the catalog.

The catalog is loaded once per build by the hook in hooks.py (which runs first) and handed over
through the MkDocs config, so no page reads YAML.
"""

from __future__ import annotations

from typing import Any

from macros import index_pages
from macros.pathway_page import render_pathway
from macros.site import PAGE_MARKER, site_of


def define_env(env: Any) -> None:
    site = site_of(env.conf)  # None while the serve error page is shown; no macro runs then

    def url() -> str:
        return env.page.url if env.page else ""

    @env.macro
    def forloeb_side(forloeb_id: str) -> str:
        # The page is finished HTML; the hook puts it in after Markdown (which need not parse it).
        site.rendered[env.page.file.src_uri] = render_pathway(site, forloeb_id, url())
        return PAGE_MARKER

    @env.macro
    def forloeb_oversigt() -> str:
        return index_pages.all_pathways(site, url())

    @env.macro
    def diagnosekode_indeks() -> str:
        return index_pages.diagnosis_codes(site, url())

    @env.macro
    def vaelg_klogt_indeks() -> str:
        return index_pages.vaelg_klogt(site, url())

    @env.macro
    def digitale_vaerktoejer_indeks() -> str:
        return index_pages.digital_tools(site, url())
