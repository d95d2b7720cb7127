"""A page goes into Material's search index part by part (macros/render/search_sections.py): the
entries are exactly those Material's search plugin makes of the whole page, and a part read before
is not read again."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

from forloeb.load.catalog import load_catalog
from macros.pages import d4
from macros.pages.pathway import render_pathway
from macros.render import search_sections
from macros.render.search_sections import SearchSections, parts
from macros.render.templating import RenderedPage
from macros.site import SiteData
from tests.factories import ROOT, copy_repo
from tests.sitebuild import PINNED_TODAY, mkdocs_build

HEADING = '<h2 id="{0}">{1}<a class="headerlink" href="#{0}" title="Link til dette afsnit">&para;</a></h2>'

# What Markdown, our templates and hand-written pages put in a page, and what could trip a cut.
CASES = {
    "preface and sections": "<p>Indledning.</p>\n"
    + HEADING.format("a", "A")
    + "<p>Tekst a.</p>\n"
    + HEADING.format("b", "B")
    + "<ul><li>punkt</li></ul>",
    "first heading h1": '<h1 id="top">Titel</h1><p>Før.</p>' + HEADING.format("a", "A") + "<p>Efter.</p>",
    "heading without id": "<p>x</p><h2>Ingen id</h2><p>y</p>" + HEADING.format("a", "A") + "<p>z</p>",
    "nested heading": '<div class="c"><h3 id="inde">Inde</h3><p>i div</p></div><p>efter div</p>'
    + HEADING.format("ude", "Ude")
    + "<p>slut</p>",
    "excluded heading": '<h2 id="skjult" data-search-exclude>Skjult</h2><p>ikke med</p>'
    + HEADING.format("a", "A")
    + "<p>med</p>",
    "comment with a heading": '<p>a</p><!-- <h2 id="falsk">Falsk</h2> -->' + HEADING.format("b", "B") + "<p>b</p>",
    "stray end tag": "<p>a</p></p></div>" + HEADING.format("b", "B") + "<p>b</p>",
    "stray end tag in a div": "<div><p>a</p></span>" + HEADING.format("b", "B") + "<p>i div</p></div><p>efter</p>",
    "void and self-closing": "<p>a<br>b<img src='x'/></p><div/>" + HEADING.format("b", "B") + "<p>c<br/>d</p>",
    "unclosed element": "<div><p>åben" + HEADING.format("b", "B") + "<p>inde i div</p>",
    "pre block": "<pre><code>  a\n\n  b </code></pre>" + HEADING.format("b", "B") + "<pre>x  y</pre>",
    "quoted >": '<div title="></div>">' + HEADING.format("b", "B") + "<p>i div</p></div><p>efter div</p>",
    "upper case": '<H2 ID="stor">Stor</H2><P>Tekst</P>' + HEADING.format("b", "B"),
    "script": "<p>a</p><script>var s = '<h2 id=\"s\">';</script>" + HEADING.format("b", "B") + "<p>b</p>",
    "heading in a table cell": "<table><tr><td><h4 id='t'>T</h4></td></tr></table>" + HEADING.format("b", "B"),
    "empty sections": HEADING.format("a", "A") + HEADING.format("b", "B") + HEADING.format("c", "C"),
    "whitespace between": HEADING.format("a", "A") + "\n\n  \n" + HEADING.format("b", "B") + "\n",
}


def page(content: str, toc: list[dict[str, Any]] | None = None, meta: dict[str, Any] | None = None) -> Any:
    """What Material's SearchIndex reads of a page."""
    return SimpleNamespace(content=content, toc=get_toc(toc or []), url="side/", meta=meta or {}, title="Sidetitel")


def material(p: Any) -> list[dict[str, Any]]:
    index = SearchIndex()
    index.add_entry_from_context(p)
    return index.entries  # type: ignore[no-any-return]


def by_parts(p: Any, sections: SearchSections | None = None) -> list[dict[str, Any]]:
    index = SearchIndex()
    (sections or SearchSections()).add_entries(index, p)
    return index.entries  # type: ignore[no-any-return]


@pytest.mark.parametrize("html", CASES.values(), ids=CASES.keys())
def test_entries_are_materials_for_any_page(html: str) -> None:
    toc = [{"level": 2, "id": i, "name": i.upper(), "children": []} for i in ("a", "b", "c", "ude")]
    p = page(html, toc, meta={"search": {"boost": 2.0}, "tags": ["x"]})
    assert by_parts(p) == material(p)


def test_a_page_is_cut_only_before_a_top_level_heading_with_an_id() -> None:
    assert len(parts(CASES["preface and sections"])) == 3
    assert len(parts(CASES["nested heading"])) == 2, "not before the heading inside the div"
    assert len(parts(CASES["heading without id"])) == 2
    assert len(parts(CASES["comment with a heading"])) == 2, "not before the heading in the comment"
    assert len(parts(CASES["unclosed element"])) == 1
    assert parts(CASES["script"]) == [CASES["script"]], "a page with a script is read whole"


@pytest.fixture(scope="module")
def site() -> SiteData:
    return SiteData(load_catalog(ROOT), {}, date(2026, 12, 3))


def generated(body: RenderedPage, title: str) -> Any:
    """A page as the plugin makes it: its title heading from Markdown, then the rendered body."""
    heading = f'<h1 id="{title.lower()}">{title}</h1>\n'
    return page(heading + body.html, [{"level": 1, "id": title.lower(), "name": title, "children": body.toc_tokens}])


def real_pages(site: SiteData) -> list[Any]:
    out = [generated(render_pathway(site, fid, f"forloeb/{fid}/"), fid) for fid in site.catalog.forloeb]
    for sid in site.catalog.d4_by_speciale():
        body = d4.specialty(site, sid, d4.d4_specialty_src(sid)).body
        assert body is not None
        out.append(generated(body, sid))
    return out


def test_entries_are_materials_for_the_shipped_pathway_and_d4_pages(site: SiteData) -> None:
    pages = real_pages(site)
    assert all(len(parts(p.content)) >= 3 for p in pages), "each is cut into parts"
    for p in pages:
        assert by_parts(p) == material(p)


def test_a_part_read_before_is_not_read_again(site: SiteData, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = search_sections.read
    monkeypatch.setattr(search_sections, "read", lambda part, first: read.append(part) or original(part, first))
    p = real_pages(site)[0]
    sections = SearchSections()
    first = by_parts(p, sections)
    assert len(read) == len(parts(p.content))
    read.clear()

    sections.next_build()
    cut = parts(p.content)
    edited = next(part for part in cut[1:] if "</p>" in part)
    changed = page(p.content.replace(edited, edited.replace("</p>", " Redigeret.</p>", 1)), meta=p.meta)
    changed.toc = p.toc
    entries = by_parts(changed, sections)
    assert len(read) == 1 and "Redigeret." in read[0], "only the changed part is read"
    assert entries == material(changed) and entries != first

    sections.next_build()
    sections.next_build()
    read.clear()
    by_parts(changed, sections)
    assert len(read) == len(cut), "a build keeps only the parts it used, for the next build"


def serve_builds(repo: Path, *outs: Path) -> None:
    """Builds as `mkdocs serve` makes them (the plugin told it serves, and kept from one build to
    the next), in this process."""
    for out in outs:
        config = load_config(config_file=str(repo / "mkdocs.yml"), site_dir=str(out), strict=False)
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
    config.plugins.on_shutdown()


def same_site(a: Path, b: Path) -> None:
    assert (a / "search" / "search_index.json").read_bytes() == (b / "search" / "search_index.json").read_bytes()
    pages = sorted(p.relative_to(a) for p in a.rglob("*.html"))
    assert pages == sorted(p.relative_to(b) for p in b.rglob("*.html"))
    assert [p for p in pages if (a / p).read_bytes() != (b / p).read_bytes()] == []


@pytest.mark.subprocess  # the plain build it is compared with
def test_serve_builds_indexed_by_parts_write_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page indexed by parts (no size limit) against `mkdocs build`, where the search plugin
    reads each page whole: the same search index, the same pages; and a second serve build, whose
    pages the finished-page cache brings, the same again."""
    monkeypatch.setenv("FORLOEB_DATO", PINNED_TODAY)
    monkeypatch.setattr(search_sections, "LARGE_PAGE", 0)
    calls: list[str] = []
    add, remember = SearchSections.add_entries, SearchSections.remember
    monkeypatch.setattr(SearchSections, "add_entries", lambda self, i, p: calls.append("add") or add(self, i, p))
    monkeypatch.setattr(SearchSections, "remember", lambda self, p: calls.append("remember") or remember(self, p))
    served, built = copy_repo(tmp_path / "a"), copy_repo(tmp_path / "b")
    monkeypatch.chdir(served)
    serve_builds(served, tmp_path / "served", tmp_path / "served-again")
    assert calls.count("add") > 10, "the first build's pages went into the index by parts"
    assert calls.count("remember") > 10, "the second build's pages were kept, and their parts remembered"
    result = mkdocs_build(built, tmp_path / "built")
    assert result.returncode == 0, result.stderr
    same_site(tmp_path / "served", tmp_path / "built")
    same_site(tmp_path / "served-again", tmp_path / "built")


def test_a_kept_page_is_remembered_for_its_first_edit(site: SiteData, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    cut_pages: list[str] = []
    original_read, original_parts = search_sections.read, search_sections.parts
    monkeypatch.setattr(search_sections, "read", lambda part, first: read.append(part) or original_read(part, first))
    monkeypatch.setattr(search_sections, "parts", lambda html: cut_pages.append(html) or original_parts(html))
    p = real_pages(site)[0]
    sections = SearchSections()
    sections.remember(p)  # a page whose entries the finished-page cache brings
    assert len(read) == len(parts(p.content)) and len(cut_pages) == 1
    read.clear()
    cut_pages.clear()

    sections.next_build()
    sections.remember(p)
    assert read == [] and cut_pages == [], "an unchanged page is known by its digest"

    sections.next_build()
    edited = next(part for part in parts(p.content)[1:] if "</p>" in part)
    changed = page(p.content.replace(edited, edited.replace("</p>", " Redigeret.</p>", 1)), meta=p.meta)
    changed.toc = p.toc
    assert by_parts(changed, sections) == material(changed)
    assert len(read) == 1 and "Redigeret." in read[0], "its first edit reads only the part it changed"
