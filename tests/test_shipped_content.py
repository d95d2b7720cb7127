"""The built site says what its sources say (issue 14): asserted on the pages of a real build, per
shipped pathway, so the rule's wording, aims, the figures per branch and the example banners cannot
drift back."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from forloeb.load.catalog import load_catalog
from tests.factories import ROOT
from tests.sitebuild import page

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

HAEMO = "forloeb/gastroenterologi-hepatologi/haemokromatose"
MAS = "forloeb/intern-medicin/mas"
RA = "forloeb/reumatologi/reumatoid-artritis-stabil-fase"
RULE = (
    "Konceptbeskrivelsen for Behovsbestemt ambulatorie, afsnit 5.0: «Patientforløbsbeskrivelsen må ikke medføre "
    "opgaveglidning mod almen praksis eller den kommunale sygepleje.»"
)
NOT_SUBMITTED = "det er hverken sendt til eller godkendt af et Sundhedsfagligt Råd"


def text(fragment: str) -> str:
    """What a reader sees: tags removed, entities decoded, whitespace folded, no soft hyphens."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u00ad", "").split())


def section(body: str, anchor: str) -> str:
    """The HTML from a heading to the next heading of the same or a higher level."""
    start = re.search(rf'<h([1-4]) id="{re.escape(anchor)}"', body)
    assert start, anchor
    end = re.search(rf"<h[1-{start.group(1)}] ", body[start.end() :])
    return body[start.start() : start.end() + end.start() if end else len(body)]


def figure_rows(body: str) -> list[list[str]]:
    """The rows of the table of contacts and tests per phase: phase, branch and figures as shown."""
    table = re.search(r'<table class="forloeb-tabel forloeb-tal">(.*?)</table>', body, re.S)
    assert table
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table.group(1), re.S)
    return [[text(c) for c in re.split(r"</t[hd]>\s*<td>", row)] for row in rows]


def banner(body: str) -> str:
    found = re.search(r'<div class="admonition example forloeb-banner">(.*?)</div>', body, re.S)
    assert found, "the page has an example banner"
    return text(found.group(1))


def metadata(body: str, label: str) -> str:
    found = re.search(rf'<th scope="row">{label}</th>\s*<td>(.*?)</td>\s*</tr>', body, re.S)
    assert found, label
    return text(found.group(1))


# --- Everywhere -------------------------------------------------------------------------------------


def test_no_page_adds_an_exception_to_the_task_shifting_rule(shipped_site: Path) -> None:
    pages = list(shipped_site.rglob("*.html"))
    assert len(pages) > 10
    assert [p for p in pages if "uden aftale" in p.read_text(encoding="utf-8")] == []


def test_no_shipped_pathway_claims_a_submission_or_an_approval(shipped_site: Path) -> None:
    catalog = load_catalog(ROOT)
    assert all(f.eksempel is not None for f in catalog.forloeb.values()), "every shipped pathway is an example"
    assert all(f.status is None and f.version is None and not f.historik for f in catalog.forloeb.values())
    for url in (HAEMO, MAS, RA):
        body = page(shipped_site, url)
        assert NOT_SUBMITTED in banner(body)
        assert metadata(body, "Status") == "Eksempel"
        assert metadata(body, "Version") == "Ingen (eksempel)"
        assert metadata(body, "Godkendt") == "Ikke godkendt"
        for claim in ("Afventer godkendelse", "Til godkendelse i SFR", 'id="historik"', "status-godkendt"):
            assert claim not in body, (url, claim)


@pytest.mark.parametrize("url", ["", "forloeb/reumatologi", "oversigter/diagnosekoder"])
def test_every_status_in_an_overview_marks_the_examples(shipped_site: Path, url: str) -> None:
    body = page(shipped_site, url)
    statuses = re.findall(r'<span class="forloeb-status status-([a-z-]+)">([^<]*)</span>', body)
    assert statuses, url
    assert {s for s, _ in statuses} == {"eksempel"} and {label for _, label in statuses} == {"Eksempel"}
    if url == "":
        note = text(body)
        assert "Kun forløb med status Godkendt er godkendt af SFR." in note
        assert "Eksempler er hverken sendt til eller godkendt af SFR" in note


def test_an_empty_section_describes_the_description_not_the_patient(shipped_site: Path) -> None:
    body = text(page(shipped_site, HAEMO))
    assert "Forløbet anvender ikke PRO" not in body
    assert "Forløbsbeskrivelsen nævner ingen PRO-spørgeskemaer." in body


# --- Hæmokromatose: the concept's example -----------------------------------------------------------


def test_haemokromatose_is_the_concepts_example_and_lists_what_was_added(shipped_site: Path) -> None:
    body = page(shipped_site, HAEMO)
    assert banner(body).startswith("Eksempel Forløbet er et eksempel i kataloget")
    assert (
        'Eksemplet stammer fra konceptbeskrivelsen for Behovsbestemt ambulatorie (BASS), bilag 2: "Eksempel på '
        'uddybende beskrivelse af et patientforløb".' in banner(body)
    )
    added = metadata(body, "Tilføjet ved overførslen")
    for item in (
        "Diagnosekoden DE831",
        "At AOP foretages af en læge",
        "Enheden % på transferrinmætningen",
        "Kontaktformen fysisk fremmøde ved venesectio",
    ):
        assert item in added


def test_haemokromatose_quotes_the_rule_at_the_gp_task_in_its_text(shipped_site: Path) -> None:
    aop = text(section(page(shipped_site, HAEMO), "trin-aop"))
    assert aop.startswith(
        "AOP – første ambulante besøg ¶ Vis trinnet i flowchartet ⚠ Opgave hos almen praksis Trinnets tekst giver "
        "en opgave til almen praksis: «I øvrigt rådes der til screening af 1. grads slægtninge via egen læge.» " + RULE
    )


def test_haemokromatose_maintenance_figures_follow_the_two_branches(shipped_site: Path) -> None:
    body = page(shipped_site, HAEMO)
    rows = figure_rows(body)
    maintenance = [r for r in rows if r[0] == "Vedligeholdelsesfase"]
    # phase, branch, contacts/year, of which virtual, share, one-off contacts, as needed, tests/year
    assert maintenance == [
        ["Vedligeholdelsesfase", "Jævnlig kontrol af ferritin og hæmoglobin", "0", "0", "–", "1",
         "Venesectio efter behov", "3–4"],
        ["Vedligeholdelsesfase", "Overgang til behandling i blodbank (Stabilt jernniveau og lavt tappebehov, under 65 "
         "år, ingen cirrose)", "0", "0", "–", "1", "–", "1"],
    ]  # fmt: skip
    assert all(r[-1] != "4–5" for r in rows), "the control and the blood bank's yearly ferritin are alternatives"
    assert [r[:2] for r in rows if r[0] != "Vedligeholdelsesfase"] == [
        ["Udredning", "Hele fasen"],
        ["Tapningsfase", "Hele fasen"],
    ]
    note = text(section(body, "konsultationer"))
    assert "Veje, der udelukker hinanden, lægges aldrig sammen" in note
    assert "står hver gren på sin egen række med sit navn" in note


# --- MAS: the national diagnostic pathway -------------------------------------------------------------


def test_mas_times_are_aims_never_limits(shipped_site: Path) -> None:
    body = page(shipped_site, MAS)
    assert metadata(body, "Samlet forløbstid").startswith("Det tilstræbes inden for 30 kalenderdage – ")
    steps = text(section(body, "trin"))
    assert "Forløbstid: det tilstræbes inden for 8 kalenderdage" in steps
    assert "Forløbstid: det tilstræbes inden for 22 kalenderdage" in steps
    assert "højst" not in text(body).lower()
    # MAS is drawn phase by phase: each phase's time stands in its own flowchart.
    drawn = " ".join(text(f) for f in re.findall(r'<figure class="forloeb-diagram"[^>]*>(.*?)</figure>', body, re.S))
    assert "Forløbstid: det tilstræbes inden for 8 dage" in drawn
    assert "Forløbstid: det tilstræbes inden for 22 dage" in drawn


def test_mas_gp_steps_hold_under_the_national_description(shipped_site: Path) -> None:
    body = page(shipped_site, MAS)
    assert "⚠" not in text(section(body, "trin")), "nothing in MAS is shifted by this pathway"
    step = text(section(body, "trin-objektiv-undersoegelse"))
    assert "Opgave hos almen praksis efter national aftale" in step
    assert (
        "Placeringen følger af national aftale: Sundhedsstyrelsens diagnostiske pakkeforløb for patienter med "
        "uspecifikke symptomer på alvorlig sygdom, der kunne være kræft (2016). Kilde: VIVE (2018), afsnit 4.2.1"
        in step
    )


def test_mas_holds_the_gp_workup_both_imaging_routes_and_the_six_endings(shipped_site: Path) -> None:
    steps = text(section(page(shipped_site, MAS), "trin"))
    for title in (
        "Objektiv undersøgelse hos egen læge",
        "Blodprøvepakke bestilt af egen læge",
        "Røntgen af thorax og ultralydsundersøgelse af abdomen",
        "Diagnostisk CT-skanning af thorax, abdomen og lille bækken",
        "Videre udredning eller behandling på specialafdeling",
        "Henvisning til sygdomsspecifikt pakkeforløb",
        "Henvisning til pakkeforløb for metastaser uden organspecifik kræfttype (MUP)",
        "Videre behandling hos egen læge",
        "Opfølgning hos egen læge",
        "Afslutning (epikrise til egen læge)",
    ):
        assert f"{title} ¶" in steps, title
    assert "Alternativ til Røntgen af thorax og ultralydsundersøgelse af abdomen" in steps


def test_mas_handovers_name_the_responsibility_on_the_page_and_in_the_text_alternative(shipped_site: Path) -> None:
    body = page(shipped_site, MAS)
    table = text(section(body, "overlevering"))
    assert "«Der er generelt et klart og tydeligt behandlingsansvar og en klar og tydelig overlevering" in table
    assert (
        "Fra almen praksis til sygehuset Den henvisende læge (typisk fra almen praksis) Udredningsenheden, der indgår "
        "som patientens stamafdeling" in table
    )
    assert "Fra sygehuset til almen praksis Udredningsenheden Egen læge Ikke beskrevet i kilden." in table
    alternative = re.search(r'<details class="forloeb-trinliste">(.*?)</details>', body, re.S)
    assert alternative
    assert (
        "[ Overlevering fra almen praksis til sygehuset – ansvar før: Den henvisende læge (typisk fra almen praksis) "
        "· ansvar efter: Udredningsenheden" in text(alternative.group(1))
    )


def test_mas_indicator_is_shown(shipped_site: Path) -> None:
    indicators = text(section(page(shipped_site, MAS), "indikatorer"))
    assert "Antal MAS-forløb pr. 100.000 borgere i regionen" in indicators
    assert "Sundhedsdatastyrelsen (opgørelse fra 2017" in indicators and "Intet mål angivet" in indicators


# --- RA: the fictitious example ------------------------------------------------------------------------


def test_ra_is_marked_fictitious_and_its_parallel_tracks_are_added_up(shipped_site: Path) -> None:
    body = page(shipped_site, RA)
    assert banner(body).startswith("Fiktivt eksempel Forløbet er opfundet (skrevet til demonstration")
    assert "må ikke bruges i klinikken" in banner(body)
    assert [r[:3] for r in figure_rows(body)] == [
        ["Opstart", "Hele fasen", "0"],
        ["Behovsstyret kontrol i stabil fase", "Hele fasen", "16"],
    ]
    training = text(section(body, "trin-kommunal-traening"))
    assert "⚠" not in training, "training in the municipality is not municipal nursing"
    assert "Fra sygehuset til kommunen" in text(section(body, "overlevering"))
