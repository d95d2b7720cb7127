"""A GP finds the pathway by any name and reads what is asked of them: the site's search, the section
"Til almen praksis" and its one-page view, and long Danish words on a phone."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pypdf import PdfReader

from forloeb.model.codes import spellings
from forloeb.model.pathway import Forloeb
from macros.render.hyphenation import SOFT_HYPHEN
from tests.browser.helpers import CATALOG, HAEMOKROMATOSE, PATHWAY, screenshot, site_pages

# Every pathway's content says "forløb": the word names no pathway in particular.
GENERIC_WORDS = {"forløb"}


def title_words(f: Forloeb) -> list[str]:
    """The words of 6 letters or more that are in this pathway's title and in no other's."""

    def words(text: str) -> set[str]:
        return {w for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 6}

    others = set().union(*(words(o.titel) for o in CATALOG.forloeb.values() if o.id != f.id))
    return sorted(words(f.titel) - others - GENERIC_WORDS)


def queries(f: Forloeb) -> list[str]:
    codes = [s for k in f.patientgruppe.diagnosekoder for s in spellings(k.kode)]
    return codes + [w.ord for w in f.soegeord] + title_words(f)


def url_of(f: Forloeb) -> str:
    return f"forloeb/{f.speciale}/{f.id}/"


def first_result(page: Page, query: str) -> str | None:
    """The page the search lists first for a query typed into the search field."""
    search = page.get_by_role("textbox", name="Søg")
    search.click()
    # The search runs on each key released: the whole query at once, then one key, gives one search.
    search.fill("")
    search.press("End")
    expect(page.locator(".md-search-result__item")).to_have_count(0)
    search.fill(query)
    search.press("End")
    first = page.locator(".md-search-result__item").first.locator("a").first
    try:
        expect(first).to_be_visible()
    except AssertionError:
        return None
    return (first.get_attribute("href") or "").split("?")[0].split("#")[0]


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_search_puts_the_pathway_first_for_its_codes_search_words_and_title_words(
    page: Page, base_url: str, forloeb_id: str
) -> None:
    f = CATALOG.forloeb[forloeb_id]
    asked = queries(f)
    # The cases are among them: a code in four spellings, a lay word, a word of the title.
    assert len([q for q in asked if q[0].isupper() and any(c.isdigit() for c in q)]) >= 4
    assert f.soegeord and title_words(f)
    page.goto("")
    wrong = {q: first for q in asked if (first := first_result(page, q)) != base_url + url_of(f)}
    assert wrong == {}
    if forloeb_id == HAEMOKROMATOSE.id:
        first_result(page, "E83.1")
        screenshot(page, "soegning-e83-1", full_page=False)


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_the_section_for_general_practice_is_readable_on_a_phone(
    new_page: Callable[..., Page], forloeb_id: str
) -> None:
    f = CATALOG.forloeb[forloeb_id]
    page = new_page(width=375, height=740)
    page.goto(url_of(f))
    page.get_by_role("article").get_by_role("link", name="Til almen praksis", exact=True).click()
    expect(page).to_have_url(re.compile("#almen-praksis$"))
    part = page.locator(".forloeb-almen-praksis")
    for name in ("Henvisning", "På sygehuset", "Tilbage til almen praksis", "Opgaver til almen praksis"):
        expect(part.get_by_role("heading", level=3, name=re.compile(f"^{name}"))).to_be_visible()
    sizes = part.evaluate(
        "e => [...e.querySelectorAll('p, li, dt, dd')].filter(x => x.textContent.trim())"
        ".map(x => parseFloat(getComputedStyle(x).fontSize))"
    )
    assert min(sizes) >= 12, "text a GP can read without zooming"
    box = part.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
    screenshot(part, f"almen-praksis-{f.id}-375px")


A4_MARGINS = {"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"}  # as the site's PDFs


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_the_one_page_view_prints_on_one_a4_page(page: Page, forloeb_id: str) -> None:
    f = CATALOG.forloeb[forloeb_id]
    page.goto(url_of(f))
    page.get_by_role("link", name="afsnittet som én side til udskrift").click()
    expect(page.locator("h1")).to_have_text(re.compile("^Til almen praksis"))
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True, margin=A4_MARGINS)))
    assert len(pdf.pages) == 1
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "Opgaver til almen praksis" in text, "the last part is on the page, not cut off"
    if f.eksempel:
        assert "Eksempel" in text, "a printed example still says that it is one"
    page.emulate_media(media="print")
    screenshot(page, f"almen-praksis-{f.id}-udskrift")


BROKEN_WORDS = """() => {
  // Words in headings and table headers that the browser broke across lines other than at a soft
  // hyphen or after a hyphen, dash or slash. A letter's line is that of its last box: after a
  // break at a soft hyphen, Chromium also gives the next letter the box of the hyphen it drew.
  const out = [];
  for (const el of document.querySelectorAll('.md-content :is(h1, h2, h3, h4, h5, h6, th)')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('.headerlink')) continue;
      for (const m of n.data.matchAll(/\\S+/g)) {
        let lastTop = null, mayBreak = false;
        for (let i = m.index; i < m.index + m[0].length; i++) {
          const c = n.data[i];
          if (c === '\\u00ad') { mayBreak = true; continue; }
          const range = document.createRange();
          range.setStart(n, i);
          range.setEnd(n, i + 1);
          const boxes = range.getClientRects();
          if (!boxes.length) continue;
          const top = boxes[boxes.length - 1].top;
          if (lastTop !== null && top > lastTop + 2 && !mayBreak) {
            out.push(el.tagName + ': ' + m[0].replaceAll('\\u00ad', ''));
          }
          lastTop = top;
          mayBreak = '-–—/'.includes(c);
        }
      }
    }
  }
  return out;
}"""


def test_no_heading_or_table_header_breaks_a_word_where_danish_does_not_at_375_px(
    new_page: Callable[..., Page], site_dir: Path
) -> None:
    page = new_page(width=375, height=740)
    broken = {}
    for url in site_pages(site_dir):
        page.goto(url)
        if found := page.evaluate(BROKEN_WORDS):
            broken[url or "/"] = found
    assert broken == {}


def test_the_home_page_heading_breaks_at_a_soft_hyphen_on_a_phone(new_page: Callable[..., Page]) -> None:
    # The case the issue found: "Patientforløbsbeskrivels" / "er" at 375 px.
    page = new_page(width=375, height=740)
    page.goto("")
    heading = page.locator(".md-content h1")
    assert SOFT_HYPHEN in heading.evaluate("e => e.textContent")
    assert page.evaluate(BROKEN_WORDS) == []
    lines = heading.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e.firstChild);"
        " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"
    )
    assert lines == 2, "the word is broken once, at a place Danish allows"
    screenshot(heading, "forside-overskrift-375px")


@pytest.fixture
def clipboard_page(new_page: Callable[..., Page], base_url: str) -> Page:
    page = new_page(width=375, height=740)
    context: BrowserContext = page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    return page


def copied(page: Page, selector: str) -> str:
    page.locator(selector).first.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " getSelection().removeAllRanges(); getSelection().addRange(r); }"
    )
    page.keyboard.press("Control+C")
    return page.evaluate("navigator.clipboard.readText()")


def test_headings_and_codes_are_copied_as_written(clipboard_page: Page) -> None:
    clipboard_page.goto("")
    assert copied(clipboard_page, ".md-content h1").rstrip("¶") == "Patientforløbsbeskrivelser"
    clipboard_page.goto(PATHWAY)
    assert copied(clipboard_page, ".forloeb-koder code") == "DE831"
    assert SOFT_HYPHEN not in copied(clipboard_page, ".md-content h1")
