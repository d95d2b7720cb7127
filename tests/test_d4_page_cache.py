"""A specialty's D4 page under `mkdocs serve` (macros/pages/d4.py: D4PageCache): every pathway edit
makes a new analysis, but the page is rendered again only when what it shows of it changed."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date

import pytest

from forloeb.load.catalog import Catalog, load_catalog
from forloeb.overlap.check import Analysis, Limits, analyse
from macros.pages import d4
from macros.site import SiteData
from tests.factories import ROOT

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT)


def site(catalog: Catalog, analysis: Analysis) -> SiteData:
    return SiteData(catalog, {}, TODAY, analysis=analysis)


def test_a_new_analysis_that_shows_the_same_renders_no_page_again(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []

    def counting(site: SiteData, speciale_id: str, page_url: str) -> d4.PageContent:
        rendered.append(speciale_id)
        return render(site, speciale_id, page_url)

    render = d4.specialty
    monkeypatch.setattr(d4, "specialty", counting)
    limits = Limits(today=TODAY, workers=1)
    first, again = analyse(catalog, limits), analyse(catalog, limits)
    assert first is not again
    sid, docs = next(
        (sid, docs)
        for sid, docs in catalog.d4_by_speciale().items()
        if any(first.bruttoliste.by_document.get(doc.dokid) for doc in docs)
    )
    cache = d4.D4PageCache()
    url = d4.d4_specialty_src(sid)

    page = cache.specialty(site(catalog, first), sid, url)
    assert cache.specialty(site(catalog, again), sid, url) is page
    assert rendered == [sid]

    # An analysis in which one of its documents covers no pathway any more: the page shows that.
    changed = copy.deepcopy(first)
    covering = next(doc.dokid for doc in docs if first.bruttoliste.by_document.get(doc.dokid))
    changed.bruttoliste.by_document[covering] = {}
    assert d4._analysed(site(catalog, changed), sid, docs) != d4._analysed(site(catalog, first), sid, docs)
    new_page = cache.specialty(site(catalog, changed), sid, url)
    assert rendered == [sid, sid] and new_page.body != page.body
    assert new_page == render(site(catalog, changed), sid, url)


def renamed(catalog: Catalog, forloeb_id: str) -> Catalog:
    """The catalog with one pathway's title changed (a copy: the module's catalog is shared)."""
    f = catalog.forloeb[forloeb_id]
    return dataclasses.replace(catalog, forloeb={**catalog.forloeb, forloeb_id: f.model_copy(update={"titel": "Nyt"})})


def test_a_new_title_renders_only_the_pages_that_name_the_pathway(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    render = d4.specialty
    monkeypatch.setattr(d4, "specialty", lambda *args: rendered.append(args[1]) or render(*args))
    found = analyse(catalog, Limits(today=TODAY, workers=1))
    named = {
        sid: {fid for doc in docs for fid in found.bruttoliste.by_document.get(doc.dokid, {})}
        for sid, docs in catalog.d4_by_speciale().items()
    }
    sid, fid = next((sid, fid) for sid, fids in named.items() for fid in sorted(fids))
    other = next(s for s, fids in named.items() if fid not in fids)
    cache = d4.D4PageCache()
    for s in (sid, other):
        cache.specialty(site(catalog, found), s, d4.d4_specialty_src(s))
    rendered.clear()

    after = site(renamed(catalog, fid), found)
    assert "Nyt" not in cache.specialty(after, other, d4.d4_specialty_src(other)).body.html
    assert rendered == [], "a page that does not name the pathway is kept"
    assert "Nyt" in cache.specialty(after, sid, d4.d4_specialty_src(sid)).body.html
    assert rendered == [sid]
