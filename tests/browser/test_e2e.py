"""What a reader does on the site: find a specialty, read the flowchart, search, switch palette, print."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import CATALOG, HAEMOKROMATOSE, PATHWAY, screenshot, site_pages


def in_viewport(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    return box is not None and 0 <= box["y"] < height


def test_home_lists_every_specialty_with_its_pathways(page: Page) -> None:
    page.goto("")
    expect(page).to_have_title("Patientforløbsbeskrivelser")
    content = page.locator(".md-content")
    for sid, pathways in CATALOG.by_speciale().items():
        heading = content.get_by_role("heading", level=2, name=re.compile(f"^{re.escape(CATALOG.specialer[sid].navn)}"))
        expect(heading).to_be_visible()
        for f in pathways:
            expect(content.get_by_role("link", name=f.titel, exact=True)).to_be_visible()
    screenshot(page, "forside")


def test_pathway_page_shows_the_flowchart_with_a_node_per_step(page: Page) -> None:
    page.goto(PATHWAY)
    # Drawn phase by phase (whole, it would print below 7 pt): the overview under Grafisk
    # fremstilling, each phase's diagram under its heading; every step in one of them, once.
    diagram = page.locator("#flowchart").get_by_role("group", name=re.compile(f"^Flowchart: {HAEMOKROMATOSE.titel}"))
    expect(diagram).to_be_visible()
    box = diagram.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300, "the flowchart is drawn at a readable size"
    for t in HAEMOKROMATOSE.trin:
        node = page.locator(f'.forloeb-diagram g.node[id="node-{t.id}"]')
        expect(node).to_be_visible()
        expect(node.locator("a")).to_have_attribute("xlink:href", f"#trin-{t.id}")
    for fase in HAEMOKROMATOSE.faser:
        expect(page.locator(f"#flowchart-fase-{fase.id}").get_by_role("group")).to_be_visible()
    # The referral once, in the diagram that holds the first step.
    expect(page.locator('.forloeb-diagram g.node[id$="-start"]')).to_have_count(1)
    screenshot(page, "forloeb-haemokromatose")


def test_clicking_a_node_scrolls_to_its_step(page: Page) -> None:
    page.goto(PATHWAY)
    step = HAEMOKROMATOSE.trin[-1]  # the last step is furthest from the flowchart
    assert not in_viewport(page, f"#trin-{step.id}")
    page.locator(f'g.node[id="node-{step.id}"] a').click()
    expect(page).to_have_url(re.compile(f"#trin-{step.id}$"))
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        arg=f"trin-{step.id}",
    )
    expect(page.locator(f"#trin-{step.id}")).to_have_text(re.compile(re.escape(step.titel)))


@pytest.mark.parametrize("query", ["hæmokromatose", "tapning", "venesectio"])
def test_search_finds_the_haemokromatose_pathway(page: Page, query: str) -> None:
    page.goto("")
    search = page.get_by_role("textbox", name="Søg")
    search.click()
    search.press_sequentially(query)  # typed key by key, as the search reacts to input events
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible()
    expect(page.locator(f'.md-search-result__item a[href*="/{PATHWAY}"]').first).to_be_visible()
    if query == "hæmokromatose":
        screenshot(page, "soegning-haemokromatose", full_page=False)


def test_palette_toggle_switches_and_remembers_the_scheme(page: Page) -> None:
    page.goto(PATHWAY)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.get_by_title("Skift til mørkt tema").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _luminance(background) < 0.2, f"dark background, got {background}"
    page.reload()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    screenshot(page, "forloeb-haemokromatose-moerkt", full_page=False)
    page.get_by_title("Skift til lyst tema").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def _luminance(css_rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css_rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# Elements wider than the viewport are fine only inside something the reader can scroll sideways.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
  return [...document.querySelectorAll('.md-content *')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); })
    .filter(el => !scrolls(el)).map(name).slice(0, 10);
}"""


def test_no_horizontal_scroll_at_375_px_on_any_page(new_page: Callable[..., Page], site_dir: Path) -> None:
    page = new_page(width=375, height=740)
    problems = {}
    for url in site_pages(site_dir):
        page.goto(url)
        scroll_width, width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        cut_off = page.evaluate(OVERFLOWING)
        if scroll_width > width or cut_off:
            problems[url or "/"] = f"{scroll_width} px wide in {width} px; past the edge: {cut_off}"
        if url == PATHWAY:
            screenshot(page, "forloeb-haemokromatose-375px")
    assert problems == {}


def test_print_hides_the_navigation(page: Page) -> None:
    page.goto(PATHWAY)
    expect(page.locator(".md-header")).to_be_visible()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".forloeb-pdf"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.locator("h1")).to_contain_text(HAEMOKROMATOSE.titel)
    for svg in page.locator(".forloeb-diagram svg").all():
        expect(svg).to_be_visible()
    screenshot(page, "forloeb-haemokromatose-print")


def test_pages_make_no_requests_outside_the_site(page: Page, base_url: str) -> None:
    """No web fonts or scripts from third parties: readers' browsers talk only to the site."""
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((base_url, "data:", "blob:")) else None)
    page.goto("", wait_until="networkidle")
    page.goto(PATHWAY, wait_until="networkidle")
    assert outside == []
