"""The D4 clean-up pages in a real build: every field of every register document, each document's
way from recommendation to D4, the progress, the pathways each document covers with the passages it
repeats side by side, and hostile register text shown literally."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import escape

from forloeb.model import labels
from tests.factories import ROOT, copy_repo, write_yaml
from tests.sitebuild import mkdocs_build, page
from tests.test_site import HOSTILE, paragraphs, visible

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

TEST_REGISTER = ROOT / "tests" / "data" / "d4_haemokromatose.yaml"
D4 = "oversigter/d4-oprydning"
# Controlled values and ids: the page shows a label or a link instead.
NOT_SHOWN_VERBATIM = {"speciale", "handling", "erstattes_af", "koen", "operator", "formaal", "dato"}
HOSTILE_DOKID = "999001"


def hostile_document() -> dict[str, Any]:
    n = iter(range(1, 100))

    def text() -> str:
        return f"{HOSTILE} d4felt{next(n)}x"

    return {
        "dokid": HOSTILE_DOKID,
        "titel": text(),
        "matrikel": text(),
        "afdeling": text(),
        "speciale": "reumatologi",
        "diagnosekoder": [{"kode": "DM99", "tekst": text()}],
        "kriterier": [
            {
                "tekst": text(),
                "graensevaerdier": [
                    {"parameter": "crp", "operator": ">", "vaerdi": 5, "enhed": text(), "formaal": "kontrol"}
                ],
            }
        ],
        "uddrag": text(),
        "kildefil": text(),
        "eksempel": True,
        "kilde": text(),
        "anbefaling": {"handling": "revideres", "begrundelse": text(), "dato": "2026-01-05"},
        "sfr_godkendelse": {"dato": "2026-02-01", "note": text()},
        "bemaerkning": text(),
    }


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    repo = copy_repo(tmp_path_factory.mktemp("repo"))
    register = yaml.safe_load(TEST_REGISTER.read_text(encoding="utf-8"))
    write_yaml(repo / "pathways" / "_registre" / "d4.yaml", register)
    # The hostile document stands in a second register file, so the build reads a split register.
    write_yaml(repo / "pathways" / "_registre" / "d4" / "reumatologi.yaml", {"dokumenter": [hostile_document()]})
    register["dokumenter"].append(hostile_document())
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stderr
    return register, out


def strings(data: Any, key: str = "") -> list[str]:
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in strings(v, k)]
    if isinstance(data, list):
        return [t for v in data for t in strings(v, key)]
    return [data] if isinstance(data, str) and key not in NOT_SHOWN_VERBATIM else []


def section(body: str, dokid: str) -> str:
    """The document's own section on its specialty page, from its heading to the next."""
    match = re.search(rf'<h3 id="d4-{dokid}">.*?(?=<h3 |</article>)', body, re.S)
    assert match, f"no section for {dokid}"
    return visible(match.group(0))


def test_every_field_of_every_register_document_is_on_its_page(build: tuple[dict[str, Any], Path]) -> None:
    register, site = build
    for d in register["dokumenter"]:
        body = section(page(site, f"{D4}/{d['speciale']}"), d["dokid"])
        missing = [p for t in strings(d) for p in paragraphs(t) if str(escape(p)) not in body]
        assert missing == [], f"{d['dokid']}: {missing}"
        if "anbefaling" in d:
            assert f"<strong>{labels.HANDLING[d['anbefaling']['handling']]}</strong>" in body
        else:
            assert "Ingen endnu: dokumentet er ikke vurderet." in body


def test_each_step_of_the_decision_and_the_covered_pathways(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    gastro = page(site, f"{D4}/gastroenterologi-hepatologi")
    merged = section(gastro, "327640")
    assert "<dt>Status</dt> <dd>Anbefalet, afventer SFR</dd>" in merged
    assert "<dt>SFR's godkendelse</dt> <dd>Afventer SFR.</dd>" in merged
    assert '<a href="../../../forloeb/gastroenterologi-hepatologi/haemokromatose/">' in merged
    assert "(deler diagnosekode, erstattes af forløbet)" in merged
    assert "(struktureret: transferrinmaetning &gt; 50 procent, formål: henvisning)" in merged
    undecided = section(gastro, "310412")
    assert "<dt>Status</dt> <dd>Ikke vurderet</dd>" in undecided and "(deler diagnosekode)" in undecided
    assert "ferritin &lt; 100 ug/L, formål: behandlingsmål" in undecided
    wilson = section(gastro, "330218")
    assert "<dt>Dækker forløb</dt> <dd>Intet forløb.</dd>" in wilson
    assert "Ingen; dokumentet gælder på tværs af diagnoser." in section(page(site, f"{D4}/reumatologi"), "275160")
    approved = section(page(site, f"{D4}/reumatologi"), HOSTILE_DOKID)
    assert "<dt>Status</dt> <dd>Godkendt af SFR, afventer D4</dd>" in approved
    assert "<dd>Godkendt 1. februar 2026: " in approved and "<dd>Afventer ændringen i D4.</dd>" in approved


def test_a_copied_passage_is_shown_side_by_side_with_the_differing_threshold(
    build: tuple[dict[str, Any], Path],
) -> None:
    _, site = build
    body = page(site, f"{D4}/gastroenterologi-hepatologi")
    block = re.search(r'id="d4-324105-haemokromatose".*?</table>', body, re.S)
    assert block, "the document's section on what it shares with the pathway"
    text = visible(block.group(0))
    assert "Behandlingsmål for ferritin: &lt; 100 µg/L i forløbet, &lt; 50 µg/L i DokID 324105." in text
    (row,) = re.findall(r"<tr><td>.*?</tr>", text)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert "Fasen &#39;tapningsfase&#39;, afsnit 1" in cells[0] and "under 100 µg/L" in cells[0]
    assert "Afsnit 1" in cells[1] and "under 50 μg/L" in cells[1]
    assert re.fullmatch(r"\d+ %", cells[2])


def test_progress_per_specialty_per_pathway_and_in_all(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    assert "6 dokumenter: 2 anbefalet af arbejdsgruppen, 0 godkendt af SFR, 0 gennemført i D4 (0 %)" in visible(
        page(site, f"{D4}/gastroenterologi-hepatologi")
    )
    status = visible(page(site, D4))
    assert "I alt: <span" in status and "11 dokumenter: 6 anbefalet af arbejdsgruppen, 1 godkendt af SFR" in status
    row = re.search(r'<th scope="row"><a href="gastroenterologi-hepatologi/">.*?</tr>', status)
    assert row and re.findall(r"<td>(\d+)</td>", row.group(0)) == ["6", "2", "0", "0"]
    pathway_row = re.search(
        r'<th scope="row"><a href="../../forloeb/gastroenterologi-hepatologi/haemokromatose/">.*?</tr>', status
    )
    assert pathway_row and re.findall(r"<td>(\d+)</td>", pathway_row.group(0)) == ["4", "2", "0", "0"]


def test_examples_are_marked_and_documents_link_to_d4_when_its_address_is_set(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    imported = {
        "dokid": "412233",
        "titel": "Venesectio",
        "matrikel": "Holbæk Sygehus",
        "speciale": "gastroenterologi-hepatologi",
    }
    write_yaml(repo / "pathways/_registre/d4/holbaek.yaml", {"dokumenter": [imported]})
    config = repo / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      nav_d4: D4-oprydning\n",
            "      nav_d4: D4-oprydning\n      d4_url: https://d4.regsj.intern/?DokID={dokid}\n",
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    body = page(tmp_path / "site", f"{D4}/gastroenterologi-hepatologi")
    banner = '<p class="admonition-title">Eksempeldokumenter</p><p>4 af specialets 5 dokumenter er fiktive eksempler'
    assert banner in body
    example = section(body, "248731")
    assert '<p class="admonition-title">Eksempel</p><p>Fiktivt eksempel til demonstration af D4-oprydningen' in example
    assert "<dt>DokID</dt> <dd>248731</dd>" in example, "an example is in no D4: no link"
    real = section(body, "412233")
    assert '<dt>DokID</dt> <dd><a href="https://d4.regsj.intern/?DokID=412233">412233</a></dd>' in real
    assert "Eksempel" not in real


def test_pages_are_in_the_nav_without_editing_mkdocs_yml(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build

    def nav_text(url: str) -> str:
        nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>', page(site, url), re.S)
        assert nav
        return " ".join(re.sub(r"<[^>]+>", " ", nav.group(0)).split())

    # navigation.prune: the home page names the section, whose index page opens it.
    assert "Oversigter Diagnosekoder Vælg Klogt Digitale værktøjer D4-oprydning" in nav_text("")
    specialties = "D4-oprydning D4-oprydning Gastroenterologi og hepatologi Intern medicin Reumatologi"
    assert specialties in nav_text("oversigter/d4-oprydning")


def test_pathway_page_lists_every_document_on_its_bruttoliste(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    body = page(site, "forloeb/gastroenterologi-hepatologi/haemokromatose")
    table = re.search(r'id="d4-dokumenter".*?</table>', body, re.S)
    assert table
    links = re.findall(r'<a href="([^"]+)">(\d+)</a>', table.group(0))
    # In the register's order: the documents sharing its code, and the one it replaces; not Wilson
    # (DE830), the iron-deficiency guideline (DD509) or the other specialties' documents.
    assert [dokid for _, dokid in links] == ["310412", "318877", "324105", "327640"]
    assert all(
        href.startswith("../../../oversigter/d4-oprydning/gastroenterologi-hepatologi/#d4-") for href, _ in links
    )


def test_hostile_register_text_is_shown_literally(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    body = page(site, f"{D4}/reumatologi")
    folded = visible(body)
    fields = sum("d4felt" in t for t in strings(hostile_document()))
    assert fields == 12
    for n in range(1, fields + 1):
        assert f"d4felt{n}x" in folded
    assert "<script>alert" not in body and 'href="javascript' not in body
    assert folded.count("{{ 7*7 }}") >= fields and "<em>fed</em>" not in body
