"""The D4 clean-up pages in a real build: every field of every register document, the decisions,
the progress, the links to the replacing pathways, and hostile register text shown literally."""

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

TEST_REGISTER = ROOT / "tests" / "data" / "d4_haemokromatose.yaml"
D4 = "oversigter/d4-oprydning"
# Controlled values and ids: the page shows a label or a link instead.
NOT_SHOWN_VERBATIM = {"speciale", "beslutning", "erstattes_af", "koen", "operator"}
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
            {"tekst": text(), "graensevaerdier": [{"parameter": "crp", "operator": ">", "vaerdi": 5, "enhed": text()}]}
        ],
        "uddrag": text(),
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
        decision = labels.BESLUTNING[d.get("beslutning", "ikke-vurderet")]
        assert f"<dt>Beslutning</dt> <dd>{decision}</dd>" in body


def test_decisions_replacing_pathways_and_structured_criteria(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    gastro = page(site, f"{D4}/gastroenterologi-hepatologi")
    merged = section(gastro, "327640")
    assert "<dt>Beslutning</dt> <dd>Sammenskriv</dd>" in merged
    assert '<a href="../../../forloeb/gastroenterologi-hepatologi/haemokromatose/">' in merged
    assert "(struktureret: transferrinmaetning &gt; 50 procent)" in merged
    undecided = section(gastro, "310412")
    assert "<dt>Beslutning</dt> <dd>Ikke vurderet</dd>" in undecided and "Intet forløb." in undecided
    assert "ferritin &lt; 100 ug/L" in undecided
    assert "Ingen; dokumentet gælder på tværs af diagnoser." in section(page(site, f"{D4}/reumatologi"), "275160")


def test_progress_per_specialty_and_in_all(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    assert "2 af 6 vurderet (33 %)" in page(site, f"{D4}/gastroenterologi-hepatologi")
    assert "3 af 4 vurderet (75 %)" in page(site, f"{D4}/reumatologi")
    status = visible(page(site, D4))
    assert "I alt: <span" in status and "5 af 11 vurderet (45 %)" in status
    row = re.search(r'<th scope="row"><a href="gastroenterologi-hepatologi/">.*?</tr>', status)
    assert row and re.findall(r"<td>(\d+)</td>", row.group(0)) == ["0", "1", "1", "0", "4"]


def test_pages_are_in_the_nav_without_editing_mkdocs_yml(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>', page(site, ""), re.S)
    assert nav
    text = " ".join(re.sub(r"<[^>]+>", " ", nav.group(0)).split())
    assert "D4-oprydning D4-oprydning Gastroenterologi og hepatologi Intern medicin Reumatologi" in text


def test_pathway_page_links_the_documents_it_replaces(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    body = page(site, "forloeb/gastroenterologi-hepatologi/haemokromatose")
    table = re.search(r'id="erstatter-d4".*?</table>', body, re.S)
    assert table
    assert re.findall(r'<a href="([^"]+)">(\d+)</a>', table.group(0)) == [
        ("../../../oversigter/d4-oprydning/gastroenterologi-hepatologi/#d4-327640", "327640")
    ]


def test_hostile_register_text_is_shown_literally(build: tuple[dict[str, Any], Path]) -> None:
    _, site = build
    body = page(site, f"{D4}/reumatologi")
    folded = visible(body)
    fields = sum("d4felt" in t for t in strings(hostile_document()))
    assert fields == 8
    for n in range(1, fields + 1):
        assert f"d4felt{n}x" in folded
    assert "<script>alert" not in body and 'href="javascript' not in body
    assert folded.count("{{ 7*7 }}") >= fields and "<em>fed</em>" not in body
