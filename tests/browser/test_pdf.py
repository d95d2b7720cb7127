"""The PDF of each pathway (FORLOEB_PDF=1): linked from the page, A4, every section and the
flowchart in it, version and approval date in the footer of every page."""

from __future__ import annotations

import math
import unicodedata
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from forloeb.model.pathway import Forloeb
from macros.pdf.printer import approval, pdf_name, version_label
from macros.render.hyphenation import SOFT_HYPHEN
from tests.browser.helpers import CATALOG, HAEMOKROMATOSE, PATHWAY

A4_POINTS = (595.28, 841.89)  # 210 x 297 mm
TOLERANCE = 2.0  # points (0.7 mm): Chromium rounds the paper size to whole device pixels


def folded(text: str) -> str:
    """Whitespace folded, ligatures (the 'ﬁ' glyph of DejaVu) spelled out and the soft hyphens of
    headings (macros/render/hyphenation.py) taken out, as a reader searches."""
    return " ".join(unicodedata.normalize("NFKC", text).replace(SOFT_HYPHEN, "").split())


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


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_pdf_is_a4_with_version_and_approval_in_every_footer(site_dir: Path, forloeb_id: str) -> None:
    f = CATALOG.forloeb[forloeb_id]
    reader = PdfReader(pdf_file(site_dir, f))
    total = len(reader.pages)
    assert total >= 2
    for number, pdf_page in enumerate(reader.pages, start=1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert abs(width - A4_POINTS[0]) <= TOLERANCE and abs(height - A4_POINTS[1]) <= TOLERANCE, (width, height)
        text = folded(pdf_page.extract_text())
        footer = f"{f.titel} · {version_label(f)} · {approval(f)}"
        assert footer in text, f"page {number}: footer missing"
        assert f"Side {number} af {total}" in text


def test_haemokromatose_pdf_holds_every_section_and_the_flowchart(page: Page, site_dir: Path) -> None:
    page.goto(PATHWAY)
    headings = page.locator(".md-content h1, .md-content h2, .md-content h3, .md-content h4")
    titles = [folded(t.replace("¶", "")) for t in headings.all_inner_texts()]
    node_lines = [folded(t) for t in page.locator(".forloeb-diagram g.node text").all_text_contents()]
    edge_lines = [folded(t) for t in page.locator(".forloeb-diagram g.edge text").all_text_contents()]
    assert len(titles) > 20 and len(node_lines) > len(HAEMOKROMATOSE.trin)

    pages = [folded(p.extract_text()) for p in PdfReader(pdf_file(site_dir, HAEMOKROMATOSE)).pages]
    text = " ".join(pages)
    assert [t for t in titles if t not in text] == [], "every section and step heading is in the PDF"
    # The flowchart is drawn on one page; its referral node has text that appears nowhere else.
    start_node = "Fra: Egen læge,"
    diagram_pages = [p for p in pages if start_node in p]
    assert len(diagram_pages) == 1
    missing = [line for line in node_lines + edge_lines if line not in diagram_pages[0]]
    assert missing == [], "every node and edge label of the flowchart is on its page"


MIN_PRINTED_PT = 7.0  # node labels on paper: the size of small print (the footer is 8 pt)


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


def test_mas_pdf_prints_each_phase_diagram_on_a_readable_page(page: Page, site_dir: Path) -> None:
    mas = CATALOG.forloeb["mas"]
    page.goto(f"forloeb/{mas.speciale}/{mas.id}/")
    pages = PdfReader(pdf_file(site_dir, mas)).pages
    texts = [folded(p.extract_text()) for p in pages]
    for fase in mas.faser:
        figure = page.locator(f"#flowchart-fase-{fase.id}")
        lines = {folded(t) for t in figure.locator("g.node text").all_text_contents()} - {""}
        on = [i for i, text in enumerate(texts) if all(line in text for line in lines)]
        assert len(on) == 1, f"{fase.id}: the phase's diagram is on one page, not {on}"
        assert texts[on[0]].startswith(folded(fase.titel)), "under its phase heading, at the top of the page"
        sizes = printed_sizes(pages[on[0]])
        printed = {line: size for line, size in sizes.items() if line in lines}
        assert printed and min(printed.values()) >= MIN_PRINTED_PT, sorted(printed.items(), key=lambda kv: kv[1])[:3]
