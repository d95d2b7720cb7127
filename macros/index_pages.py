"""Overview pages: all pathways, one specialty, diagnosis codes, Vælg Klogt and digital tools."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from forloeb.model import Forloeb
from macros.site import PATHWAY_DIR, SiteData, pathway_src, specialty_src
from macros.templating import render


def pages(site: SiteData) -> dict[str, Callable[[str], str]]:
    """Source path -> a function from the page's URL to its Markdown: all pathways, each specialty."""
    out: dict[str, Callable[[str], str]] = {
        f"{PATHWAY_DIR}/index.md": lambda url: "# Alle forløb\n\n" + all_pathways(site, url)
    }
    for sid in site.catalog.by_speciale():
        out[specialty_src(sid)] = partial(specialty, site, sid)
    return out


def _linker(site: SiteData, page_url: str) -> Callable[[Forloeb], str]:
    return lambda f: site.link(page_url, pathway_src(f))


def all_pathways(site: SiteData, page_url: str) -> str:
    c = site.catalog
    return render(
        "oversigter/alle.md.j2",
        grupper=c.by_speciale(),
        specialer=c.specialer,
        link=_linker(site, page_url),
        speciale_link=lambda sid: site.link(page_url, specialty_src(sid)),
    )


def specialty(site: SiteData, speciale_id: str, page_url: str) -> str:
    c = site.catalog
    return render(
        "oversigter/speciale.md.j2",
        speciale=c.specialer[speciale_id],
        rows=c.by_speciale().get(speciale_id, []),
        link=_linker(site, page_url),
    )


def diagnosis_codes(site: SiteData, page_url: str) -> str:
    return render("oversigter/diagnosekoder.md.j2", koder=site.catalog.by_code(), link=_linker(site, page_url))


def vaelg_klogt(site: SiteData, page_url: str) -> str:
    c = site.catalog
    return render(
        "oversigter/vaelg_klogt.md.j2",
        anbefalinger=list(c.vaelg_klogt.values()),
        index=c.by_vaelg_klogt(),
        link=_linker(site, page_url),
    )


def digital_tools(site: SiteData, page_url: str) -> str:
    return render("oversigter/digitale.md.j2", index=site.catalog.by_tool(), link=_linker(site, page_url))
