"""Overview pages: all pathways, one specialty, diagnosis codes, Vælg Klogt and digital tools.

The same functions serve the macros of hand-written pages (main.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from forloeb.model.codes import codes_meet, normalise_code
from forloeb.model.pathway import Forloeb
from macros.pages.changes import feed_links
from macros.pages.generated import PageContent
from macros.render.templating import render, render_page
from macros.site import PATHWAY_DIR, SiteData, pathway_src, specialty_src


class MacroError(Exception):
    """A macro on a hand-written page was called with something the catalog does not have."""


def pages(site: SiteData) -> dict[str, Callable[[str], PageContent]]:
    """Source path -> a function from the page's URL to its content: all pathways, each specialty."""
    out: dict[str, Callable[[str], PageContent]] = {
        # in Markdown, like the front page that shows the same list (macro forloeb_oversigt)
        f"{PATHWAY_DIR}/index.md": lambda url: PageContent("# Alle forløb\n\n" + all_pathways(site, url))
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


def specialty(site: SiteData, speciale_id: str, page_url: str) -> PageContent:
    c = site.catalog
    body = render_page(
        "oversigter/speciale.html.j2",
        speciale=c.specialer[speciale_id],
        rows=c.by_speciale().get(speciale_id, []),
        link=_linker(site, page_url),
        feed=feed_links(site, speciale_id, page_url),
    )
    return PageContent.html(c.specialer[speciale_id].navn, body)


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


def pathways_for_code(site: SiteData, code: str, page_url: str) -> str:
    """The pathways a diagnosis code falls under (or that fall under it), for a hand-written page."""
    wanted = normalise_code(code)
    if wanted is None:
        raise MacroError(f"forloeb_for_kode: '{code}' er ikke en diagnosekode (fx DE831 eller E83.1)")
    rows = [e for e in site.catalog.by_code() if codes_meet(e.kode, wanted)]
    return render("oversigter/kode.md.j2", kode=wanted, koder=rows, link=_linker(site, page_url))


def referral_criteria(site: SiteData, forloeb_id: str, page_url: str) -> str:
    """One pathway's referral criteria, as on its page, with a link to the pathway."""
    f = site.catalog.forloeb.get(forloeb_id)
    if f is None:
        raise MacroError(f"henvisningskriterier: forløbet '{forloeb_id}' findes ikke")
    return render("oversigter/henvisningskriterier.html.j2", f=f, link=_linker(site, page_url)(f))
