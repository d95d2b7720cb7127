"""The section "Til almen praksis" on every pathway page and its one-page view, in a real build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markupsafe import escape

from forloeb.load.catalog import load_catalog
from forloeb.model.codes import icd10
from tests.factories import ROOT
from tests.sitebuild import page, visible

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

CATALOG = load_catalog(ROOT)
PARTS = ["almen-praksis-henvisning", "almen-praksis-sygehuset", "almen-praksis-tilbage", "almen-praksis-opgaver"]


def pathway_page(site: Path, forloeb_id: str) -> str:
    f = CATALOG.forloeb[forloeb_id]
    return visible(page(site, f"forloeb/{f.speciale}/{f.id}"))


def view_page(site: Path, forloeb_id: str) -> str:
    f = CATALOG.forloeb[forloeb_id]
    return visible(page(site, f"forloeb/{f.speciale}/{f.id}/almen-praksis"))


def section(body: str) -> str:
    match = re.search(r'<h2 id="almen-praksis"[^>]*>.*?(?=<h2 id="grafisk-fremstilling")', body)
    assert match, "the section stands between the page's header and the flowchart"
    return match.group()


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_every_pathway_page_has_the_section_near_the_top_and_its_one_page_view(
    shipped_site: Path, forloeb_id: str
) -> None:
    f = CATALOG.forloeb[forloeb_id]
    body = pathway_page(shipped_site, forloeb_id)
    part = section(body)
    assert body.index('class="forloeb-metadata"') < body.index('id="almen-praksis"')
    assert [m for m in re.findall(r'<h3 id="([^"]+)"', part)] == PARTS
    assert '<a href="almen-praksis/">afsnittet som én side til udskrift</a>' in part
    assert '<a href="#almen-praksis">Til almen praksis</a>' in body  # the way there from the top
    view = view_page(shipped_site, forloeb_id)
    assert f'<h1 id="titel">Til almen praksis: {escape(f.titel)}' in view
    assert [m for m in re.findall(r'<h2 id="([^"]+)"', view) if m.startswith("almen-praksis")] == PARTS
    # Every step it names links to the step on the pathway page; nothing of its own is written there.
    steps = set(re.findall(r'<a href="\.\./#trin-([a-z0-9-]+)"', view))
    assert steps and steps <= {t.id for t in f.trin}
    assert '<a href="../">hele forløbsbeskrivelsen</a>' in view
    assert "<title>Til almen praksis: " in view


def test_haemokromatose_section_says_what_the_pathway_does_not_say(shipped_site: Path) -> None:
    part = section(pathway_page(shipped_site, "haemokromatose"))
    assert "Forløbsbeskrivelsen nævner ingen prøver eller undersøgelser, som skal foretages før henvisning." in part
    assert "Forløbsbeskrivelsen siger ikke, hvad henvisningen skal indeholde." in part
    assert "Forløbsbeskrivelsen beskriver ingen overlevering til almen praksis" in part
    assert "Ferritin &gt; 200 µg/L hos kvinder eller &gt; 300 µg/L hos mænd" in part  # the criteria, quoted
    assert '<a href="#trin-tapning">Venesectio (tapning)</a> (Hver 7.-14. dag)' in part  # one line per phase
    assert "«I øvrigt rådes der til screening af 1. grads slægtninge via egen læge.»" in part
    assert "Opgave til almen praksis uden en aftale" in part


def test_mas_section_names_the_tests_the_referral_and_the_way_back(shipped_site: Path) -> None:
    part = section(pathway_page(shipped_site, "mas"))
    assert (
        '<a href="#trin-roentgen-og-ultralyd">Røntgen af thorax og ultralydsundersøgelse af abdomen</a> <em>eller</em> '
        '<a href="#trin-ct-skanning">' in part
    )
    assert "Indledende udredning hos den henvisende læge: det tilstræbes inden for 8 kalenderdage." in part
    assert "Den indledende diagnostik (objektiv undersøgelse, blodprøver og indledende billeddiagnostik)" in part
    assert "Ansvar: Udredningsenheden (den visiterende overlæge) → Den henvisende læge." in part
    assert "Overleveres: Epikrise til egen læge." in part
    assert part.count('Henvis igen: <span class="forloeb-mangler">ikke beskrevet</span>') == 4
    assert "Efter national aftale (Sundhedsstyrelsens diagnostiske pakkeforløb" in part


def test_codes_and_search_words_in_the_page_header(shipped_site: Path) -> None:
    body = pathway_page(shipped_site, "haemokromatose")
    header = body[: body.index('id="almen-praksis"')]
    assert f"<code>DE831</code> (ICD-10: {icd10('DE831')}) Forstyrrelse i jernomsætningen (hæmokromatose)" in header
    assert '<span class="forloeb-stavemaader" hidden>DE831 E83.1 E831 DE83.1</span>' in header
    assert 'jernophobning <span class="forloeb-ordkilde">(tilføjet ved overførslen)</span>' in header
    mas = pathway_page(shipped_site, "mas")
    assert 'diagnostisk center <span class="forloeb-ordkilde">(kilde: VIVE (2018), afsnit 4.1.1' in mas


def test_the_code_overview_links_each_code_in_both_forms_to_its_pathways(shipped_site: Path) -> None:
    body = visible(page(shipped_site, "oversigter/diagnosekoder"))
    for f in CATALOG.forloeb.values():
        for k in f.patientgruppe.diagnosekoder:
            row = re.search(rf"<tr><td><code>{k.kode}</code></td> <td>(.*?)</td> .*?</tr>", body)
            assert row and row.group(1) == icd10(k.kode)
            assert f'href="../../forloeb/{f.speciale}/{f.id}/"' in row.group()
