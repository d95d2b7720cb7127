"""The PDF of each pathway (FORLOEB_PDF=1): linked from the page, A4, every section and every
flowchart in it, each flowchart (or part of one) whole on its own page under its heading, upright
or turned sideways, with its labels at 7 pt or more; version and approval date in every footer."""

from __future__ import annotations

import math
import unicodedata
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from forloeb.model.pathway import Forloeb, Trin
from macros.pdf.browser import serve_directory
from macros.pdf.printer import approval, pdf_name, version_label
from tests.browser.helpers import CATALOG, HAEMOKROMATOSE, PATHWAY
from tests.factories import copy_repo, large_pathway, write_yaml
from tests.sitebuild import mkdocs_build

A4_POINTS = (595.28, 841.89)  # 210 x 297 mm
TOLERANCE = 2.0  # points (0.7 mm): Chromium rounds the paper size to whole device pixels
LANDSCAPE = "forloeb-liggende"  # the class of a flowchart printed on an A4 page turned sideways


def folded(text: str) -> str:
    """Whitespace folded and ligatures (the 'ﬁ' glyph of DejaVu) spelled out, as a reader searches."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pdf_file(site_dir: Path, f: Forloeb) -> Path:
    return site_dir / "forloeb" / f.speciale / f.id / pdf_name(f)


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_every_pathway_page_links_to_its_pdf(page: Page, base_url: str, forloeb_id: str) -> None:
    f = CATALOG.forloeb[forloeb_id]
    page.goto(f"forloeb/{f.speciale}/{f.id}/")
    link = page.get_by_role("link", name="Hent forløbet som PDF (A4)")
    expect(link).to_have_attribute("href", pdf_name(f))
    with urllib.request.urlopen(base_url + f"forloeb/{f.speciale}/{f.id}/{pdf_name(f)}", timeout=10) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"


def is_a4(pdf_page: Any) -> bool | None:
    """True for A4 upright, False for A4 sideways, None for any other paper."""
    size = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
    for upright in (True, False):
        width, height = A4_POINTS if upright else A4_POINTS[::-1]
        if abs(size[0] - width) <= TOLERANCE and abs(size[1] - height) <= TOLERANCE:
            return upright
    return None


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_pdf_is_a4_with_version_and_approval_in_every_footer(site_dir: Path, forloeb_id: str) -> None:
    f = CATALOG.forloeb[forloeb_id]
    reader = PdfReader(pdf_file(site_dir, f))
    total = len(reader.pages)
    assert total >= 2
    for number, pdf_page in enumerate(reader.pages, start=1):
        assert is_a4(pdf_page) is not None, (number, pdf_page.mediabox)
        text = folded(pdf_page.extract_text())
        footer = f"{f.titel} · {version_label(f)} · {approval(f)}"
        assert footer in text, f"page {number}: footer missing"
        assert f"Side {number} af {total}" in text
    # Upright, but for one page turned sideways for each flowchart printed that way.
    sideways = (pdf_file(site_dir, f).parent / "index.html").read_text(encoding="utf-8").count(LANDSCAPE)
    assert sum(is_a4(p) is False for p in reader.pages) == sideways


def test_haemokromatose_pdf_holds_every_section_and_the_flowchart(page: Page, site_dir: Path) -> None:
    page.goto(PATHWAY)
    headings = page.locator(".md-content h1, .md-content h2, .md-content h3, .md-content h4")
    titles = [folded(t.replace("¶", "")) for t in headings.all_inner_texts()]
    node_lines = [folded(t) for t in page.locator("#flowchart g.node text").all_text_contents()]
    edge_lines = [folded(t) for t in page.locator("#flowchart g.edge text").all_text_contents()]
    assert len(titles) > 20 and node_lines

    pages = [folded(p.extract_text()) for p in PdfReader(pdf_file(site_dir, HAEMOKROMATOSE)).pages]
    text = " ".join(pages)
    assert [t for t in titles if t not in text] == [], "every section and step heading is in the PDF"
    # The flowchart under Grafisk fremstilling is drawn on one page; its referral node has text
    # that appears nowhere else.
    start_node = "Fra: Egen læge,"
    diagram_pages = [p for p in pages if start_node in p]
    assert len(diagram_pages) == 1
    missing = [line for line in node_lines + edge_lines if line not in diagram_pages[0]]
    assert missing == [], "every node and edge label of the flowchart is on its page"


MIN_PRINTED_PT = 7.0  # labels on paper: the size of small print (the footer is 8 pt)


def printed_sizes(pdf_page: Any) -> dict[str, float]:
    """Each text run on a PDF page and the smallest size it is printed at, in points."""
    sizes: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        key = folded(text)
        if key:
            printed = size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            sizes[key] = min(sizes.get(key, printed), printed)

    pdf_page.extract_text(visitor_text=visit)
    return sizes


# The heading a flowchart is printed under: a part after the first, its own title; otherwise the
# heading before it (or before the phase's parts, or before Grafisk fremstilling's content).
HEADING = """figure => {
  const part = figure.querySelector('.forloeb-diagram-del');
  let el = figure;
  if (el.previousElementSibling && part) return part.textContent;
  if (el.parentElement.matches('.forloeb-dele')) el = el.parentElement;
  if (!el.previousElementSibling && el.parentElement.matches('.forloeb-grafisk')) el = el.parentElement;
  return el.previousElementSibling.matches('h2, h3') ? el.previousElementSibling.textContent : null;
}"""


def check_printed_flowcharts(page: Page, pdf: Path, steps: list[Trin]) -> list[tuple[str, bool]]:
    """Every flowchart of the page opened in page is whole on one page of the PDF, under its
    heading, upright or (as its class says) sideways, its labels at 7 pt or more; every step's
    whole title is in its diagram. The flowcharts' ids, and whether each is printed sideways."""
    pages = PdfReader(pdf).pages
    texts = [folded(p.extract_text()) for p in pages]
    figures = page.locator("figure.forloeb-diagram").all()
    assert figures
    found = []
    for figure in figures:
        name = figure.get_attribute("id") or ""
        lines = {folded(t) for t in figure.locator("g.node text").all_text_contents()} - {""}
        edges = {folded(t) for t in figure.locator("g.edge text").all_text_contents()} - {""}
        on = [i for i, text in enumerate(texts) if all(line in text for line in lines | edges)]
        assert len(on) == 1, f"{name}: the diagram is whole on one page, not {on}"
        heading = figure.evaluate(HEADING)
        assert heading, f"{name}: a heading or a part's title right before it"
        assert texts[on[0]].startswith(folded(heading.replace("¶", ""))), f"{name}: under its heading, on top"
        sideways = LANDSCAPE in (figure.get_attribute("class") or "")
        assert is_a4(pages[on[0]]) is (not sideways), f"{name}: {'sideways' if sideways else 'upright'}"
        sizes = printed_sizes(pages[on[0]])  # the steps' labels and the conditions on the arrows
        printed = {line: size for line, size in sizes.items() if line in lines | edges}
        assert printed and min(printed.values()) >= MIN_PRINTED_PT, sorted(printed.items(), key=lambda kv: kv[1])[:3]
        found.append((name, sideways))
    # Every step's whole title is in its diagram (the screen tests check the same for the page).
    for t in steps:
        node = page.locator(f'.forloeb-diagram g.node[id="node-{t.id}"]')
        assert "".join(node.locator("text").all_text_contents()).replace(" ", "").startswith("".join(t.titel.split()))
    return found


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_pdf_prints_every_flowchart_whole_on_a_readable_page_under_its_heading(
    page: Page, site_dir: Path, forloeb_id: str
) -> None:
    f = CATALOG.forloeb[forloeb_id]
    page.goto(f"forloeb/{f.speciale}/{f.id}/")
    check_printed_flowcharts(page, pdf_file(site_dir, f), f.trin)


def test_a_pathway_of_any_size_prints_in_readable_parts(browser: Browser, tmp_path: Path) -> None:
    # Not a shipped pathway: 36 steps without phases, each round wider than an upright page.
    data = large_pathway(6)
    repo = copy_repo(tmp_path / "repo")
    write_yaml(repo / "pathways" / "gastroenterologi-hepatologi" / f"{data['id']}.yaml", data)
    out = tmp_path / "site"
    result = mkdocs_build(repo, out, FORLOEB_PDF="1")
    assert result.returncode == 0, result.stderr
    f = Forloeb.model_validate(data)
    with serve_directory(out) as base_url:
        context = browser.new_context(base_url=base_url)
        try:
            page = context.new_page()
            page.goto(f"forloeb/{f.speciale}/{f.id}/")
            printed = check_printed_flowcharts(page, out / "forloeb" / f.speciale / f.id / pdf_name(f), f.trin)
            # The whole, too large for a page and without phases to draw it by, is cut into parts
            # under Grafisk fremstilling; those too wide for an upright page are turned sideways.
            assert len(printed) > 2 and all(name.startswith("flowchart-del-") for name, _ in printed)
            assert any(sideways for _, sideways in printed)
            assert page.locator("#flowchart.forloeb-dele").count() == 1
        finally:
            context.close()
