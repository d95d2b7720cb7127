"""The navigation: the entries of mkdocs.yml that the plugin fills from the catalog.

mkdocs.yml says where things go; the catalog says what is there. The entry named by `nav_forloeb`
("Forløb") becomes the list of all pathways and one section per specialty with its pathways; the
entry named by `nav_d4` ("D4-oprydning"), wherever it stands, becomes the D4 clean-up pages.

A specialty with more than LETTERS_ABOVE pathways lists them under their initial letters. Every
page of a specialty shows the specialty's entries in its navigation (Material's navigation.prune
leaves out only the other sections' insides): a flat list of hundreds of titles, rendered into each
of hundreds of pages, was most of the time the theme took at a thousand pathways, and is a long
scroll for a reader. The specialty's own page still lists every pathway, one click from the start.
"""

from __future__ import annotations

import html
from typing import Any

from mkdocs.exceptions import PluginError

from forloeb.model.pathway import Forloeb
from macros.pages import d4
from macros.site import PATHWAY_DIR, SiteData, pathway_src, specialty_src

LETTERS_ABOVE = 30


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
        {nav_title(c.specialer[sid].navn): [specialty_src(sid), *_pathway_entries(fs)]}
        for sid, fs in c.by_speciale().items()
    ]
    expanded = [f"{PATHWAY_DIR}/index.md", *sections]
    if not nav:
        return [{title: expanded}]
    if not any(isinstance(item, dict) and title in item for item in nav):
        raise PluginError(f"mkdocs.yml: nav skal have et punkt '{title}', som forløbene sættes ind under")
    return [{title: expanded} if isinstance(i, dict) and title in i else i for i in nav]


def _pathway_entries(fs: list[Forloeb]) -> list[dict[str, Any]]:
    """A specialty's pathways, by title; under their initial letters when there are many."""
    entries = [{nav_title(f.titel): pathway_src(f)} for f in fs]
    if len(entries) <= LETTERS_ABOVE:
        return entries
    by_letter: dict[str, list[dict[str, Any]]] = {}
    for f, entry in zip(fs, entries, strict=True):
        by_letter.setdefault(initial(f.titel), []).append(entry)
    return [{nav_title(letter): group} for letter, group in by_letter.items()]


def initial(title: str) -> str:
    """The letter a title is listed under: its first letter or digit, as a capital ('#' for none)."""
    first = next((ch for ch in title if ch.isalnum()), "#")
    return "0–9" if first.isdigit() else first.upper()


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
