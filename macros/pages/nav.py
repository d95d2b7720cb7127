"""The navigation: the entries of mkdocs.yml that the plugin fills from the catalog.

mkdocs.yml says where things go; the catalog says what is there. The entry named by `nav_forloeb`
("Forløb") becomes the list of all pathways and one section per specialty with its pathways; the
entry named by `nav_d4` ("D4-oprydning"), wherever it stands, becomes the D4 clean-up pages.
"""

from __future__ import annotations

import html
from typing import Any

from mkdocs.exceptions import PluginError

from macros.pages import d4
from macros.site import PATHWAY_DIR, SiteData, pathway_src, specialty_src


def nav_title(text: str) -> str:
    """A YAML title as a nav title: Material renders nav titles as HTML and mkdocs-macros
    renders them as Jinja, so both kinds of markup are turned into character references."""
    return html.escape(text).replace("{", "&#123;").replace("}", "&#125;")


def expand(nav: list[Any] | None, site: SiteData, pathways_title: str, d4_title: str) -> list[Any]:
    return _replace(_with_pathways(nav, site, pathways_title), d4_title, d4.nav_section(site, nav_title))


def _with_pathways(nav: list[Any] | None, site: SiteData, title: str) -> list[Any]:
    """Replace the entry `title` with the overview of all pathways and one section per specialty."""
    c = site.catalog
    sections = [
        {nav_title(c.specialer[sid].navn): [specialty_src(sid), *({nav_title(f.titel): pathway_src(f)} for f in fs)]}
        for sid, fs in c.by_speciale().items()
    ]
    expanded = [f"{PATHWAY_DIR}/index.md", *sections]
    if not nav:
        return [{title: expanded}]
    if not any(isinstance(item, dict) and title in item for item in nav):
        raise PluginError(f"mkdocs.yml: nav skal have et punkt '{title}', som forløbene sættes ind under")
    return [{title: expanded} if isinstance(i, dict) and title in i else i for i in nav]


def _replace(items: list[Any], title: str, section: list[Any]) -> list[Any]:
    """The entry `title`, at any depth, replaced by `section`."""
    out = []
    for item in items:
        if isinstance(item, dict) and title in item:
            item = {title: section}
        elif isinstance(item, dict):
            item = {k: _replace(v, title, section) if isinstance(v, list) else v for k, v in item.items()}
        out.append(item)
    return out
