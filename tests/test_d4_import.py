"""scripts/import_d4.py on real Word and PDF files, then scripts/check_overlaps.py on what it imported:
the working group's path from a D4 export to the findings it must decide on."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser

from forloeb.load.catalog import load_catalog
from scripts import check_overlaps as check_overlaps_script
from scripts import import_d4 as import_d4_script
from tests.d4documents import (
    LOOK_ALIKE,
    PARAPHRASE,
    encrypted_pdf,
    guideline_html,
    guideline_paragraphs,
    print_pdf,
    scanned_pdf,
    write_docx,
)
from tests.inprocess import Ran, run_main

IMPORT = import_d4_script.main
CHECK = check_overlaps_script.main
D4 = Path("pathways/_registre/d4")
PATHWAY = Path("pathways/gastroenterologi-hepatologi/haemokromatose.yaml")

NYKOEBING = {
    "title": "Venesectio ved hæmokromatose – sygeplejeinstruks",
    "header": "Region Sjælland · Nykøbing F. Sygehus · DokID: 412233",
    "metadata": {
        "Afdeling": "Medicinsk Afdeling, Nykøbing F. Sygehus",
        "Gyldig fra": "01.09.2023",
        "Diagnosekode": "ICD-10 E83.1 Hæmokromatose",
    },
}
SLAGELSE = {
    "title": "Hæmokromatose – opstart af venesectio",
    "header": "Slagelse Sygehus",
    "metadata": {
        "Dok.nr.": "412877",
        "Enhed": "Medicinsk Afdeling, Slagelse Sygehus",
        "Ikrafttrædelse": "1. marts 2022",
    },
}


def import_d4(repo: Path, *args: str) -> Ran:
    """The import as a working group of the specialty runs it: documents whose codes name no pathway
    (the look-alike) are put under the specialty given."""
    return run(IMPORT, repo, "--speciale", "gastroenterologi-hepatologi", *args)


def run(script: Callable[[list[str]], int], repo: Path, *args: str) -> Ran:
    return run_main(script, ["--root", ".", *args], cwd=repo)


def findings(repo: Path) -> list[dict[str, Any]]:
    result = run(CHECK, repo, "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


def entry(repo: Path, dokid: str) -> dict[str, Any]:
    (doc,) = yaml.safe_load((repo / D4 / f"{dokid}.yaml").read_text(encoding="utf-8"))["dokumenter"]
    return doc


@pytest.fixture
def exports(tmp_path: Path) -> Path:
    """A folder as exported from D4: a nurse instruction (Word) that paraphrases the pathway, and a
    look-alike about iron deficiency."""
    folder = tmp_path / "eksport"
    folder.mkdir()
    write_docx(folder / "nykoebing.docx", **NYKOEBING, paragraphs=guideline_paragraphs(PARAPHRASE))
    write_docx(
        folder / "jernmangel.docx",
        title="Jernmangelanæmi – intravenøs jernbehandling",
        header="Holbæk Sygehus · DokID: 419001",
        metadata={"Afdeling": "Medicinsk Afdeling, Holbæk Sygehus", "Diagnosekode": "DD509 Jernmangelanæmi"},
        paragraphs=guideline_paragraphs(LOOK_ALIKE),
    )
    return folder


# --- Import ---------------------------------------------------------------------------------------


def test_a_word_document_becomes_a_register_entry_with_its_text(repo: Path, exports: Path) -> None:
    result = import_d4(repo, str(exports / "nykoebing.docx"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"importeret som DokID 412233 i {D4}/412233.yaml" in result.stdout
    doc = entry(repo, "412233")
    assert {k: doc[k] for k in ("dokid", "titel", "matrikel", "afdeling", "speciale", "tekstfil", "kildefil")} == {
        "dokid": "412233",
        "titel": "Venesectio ved hæmokromatose – sygeplejeinstruks",
        "matrikel": "Nykøbing F. Sygehus",
        "afdeling": "Medicinsk Afdeling",
        "speciale": "gastroenterologi-hepatologi",  # from the pathway with the same code
        "tekstfil": "412233.txt",
        "kildefil": "nykoebing.docx",
    }
    assert str(doc["gyldig_fra"]) == "2023-09-01" and doc["maskinudtrukket"] is True
    assert doc["diagnosekoder"] == [{"kode": "DE831", "tekst": "Hæmokromatose"}]
    (target,) = doc["kriterier"]
    assert target["tekst"] == "Tapningsfasen fortsætter, indtil ferritin er kommet under 50 μg/L."
    assert target["graensevaerdier"] == [
        {"parameter": "ferritin", "operator": "<", "vaerdi": 50, "enhed": "μg/L", "formaal": "behandlingsmaal"}
    ]
    text = (repo / D4 / "412233.txt").read_text(encoding="utf-8")
    assert "nedsætte jernniveauet i patientens krop" in text and text.count("Procedure, del") == 6
    assert "anbefaling" not in doc, "the working group's part is left to the working group"


def test_a_pdf_printed_from_a_d4_page_is_read_page_by_page(repo: Path, tmp_path: Path, browser: Browser) -> None:
    paragraphs = guideline_paragraphs(
        "Venesectio påbegyndes ved ferritin på eller over 1.000 µg/L hos mænd og over 800 µg/L hos kvinder.",
        "Behandlingen af ﬂere patienter samme dag planlægges af sygeplejersken.",
        PARAPHRASE,
        filler_rounds=14,
    )
    pdf = print_pdf(browser, guideline_html(**SLAGELSE, paragraphs=paragraphs), tmp_path / "slagelse.pdf")
    result = import_d4(repo, str(pdf))
    assert result.returncode == 0, result.stdout + result.stderr
    doc = entry(repo, "412877")  # from "Dok.nr." in the metadata table
    assert doc["matrikel"] == "Slagelse Sygehus" and doc["afdeling"] == "Medicinsk Afdeling"
    assert str(doc["gyldig_fra"]) == "2022-03-01"
    start = next(k for k in doc["kriterier"] if "påbegyndes" in k["tekst"])["graensevaerdier"]
    assert start == [  # the micro sign reads as Greek mu after NFKC
        {
            "parameter": "ferritin",
            "operator": ">=",
            "vaerdi": 1000,
            "enhed": "μg/L",
            "koen": "mand",
            "formaal": "behandlingsstart",
        },
        {
            "parameter": "ferritin",
            "operator": ">",
            "vaerdi": 800,
            "enhed": "μg/L",
            "koen": "kvinde",
            "formaal": "behandlingsstart",
        },
    ]
    text = (repo / D4 / "412877.txt").read_text(encoding="utf-8")
    assert text.count("\f") >= 1, "pages are kept apart"
    assert "flere patienter" in text and "ﬂ" not in text, "the ligature is two letters after NFKC"
    # The pathway's paragraph is found on the page it stands on.
    (passage,) = [f for f in findings(repo) if f["kind"] == "d4-afsnit" and "412877" in f["message"]]
    page = text[: text.index("jernniveauet i patientens krop")].count("\f") + 1
    assert f"D4-dokument 412877 (Slagelse Sygehus), side {page} (" in passage["message"]


def test_importing_again_updates_the_entry_and_keeps_the_working_groups_part(repo: Path, exports: Path) -> None:
    assert import_d4(repo, str(exports)).returncode == 0
    register = repo / D4 / "412233.yaml"
    register.write_text(
        register.read_text(encoding="utf-8")
        + "  anbefaling:\n    handling: sammenskrives\n    begrundelse: Skrives sammen med forløbet.\n"
        + "  erstattes_af: haemokromatose\n",
        encoding="utf-8",
    )
    again = import_d4(repo, str(exports))
    assert again.returncode == 0 and "nykoebing.docx: opdateret som DokID 412233" in again.stdout
    doc = entry(repo, "412233")
    assert doc["anbefaling"]["handling"] == "sammenskrives" and doc["erstattes_af"] == "haemokromatose"
    assert sorted(p.name for p in (repo / D4).iterdir()) == ["412233.txt", "412233.yaml", "419001.txt", "419001.yaml"]
    assert len(load_catalog(repo).d4) == 9 + 2, "the shipped register and the two imported, once each"


def test_a_confirmed_entry_keeps_the_groups_corrections_on_a_new_import(repo: Path, exports: Path) -> None:
    import_d4(repo, str(exports / "nykoebing.docx"))
    register = repo / D4 / "412233.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace("maskinudtrukket: true", "maskinudtrukket: false").replace(
            "afdeling: Medicinsk Afdeling", "afdeling: Medicinsk Afdeling, Hæmatologisk Ambulatorium"
        ),
        encoding="utf-8",
    )
    assert import_d4(repo, str(exports / "nykoebing.docx")).returncode == 0
    doc = entry(repo, "412233")
    assert doc["afdeling"] == "Medicinsk Afdeling, Hæmatologisk Ambulatorium" and "maskinudtrukket" not in doc


def test_bad_files_are_refused_one_by_one_and_the_rest_imported(repo: Path, exports: Path, browser: Browser) -> None:
    good = print_pdf(browser, guideline_html(**SLAGELSE, paragraphs=guideline_paragraphs()), exports / "god.pdf")
    scanned_pdf(exports / "scannet.pdf")
    encrypted_pdf(good, exports / "krypteret.pdf")
    (exports / "beskadiget.docx").write_bytes(b"PK\x03\x04 dette er ikke et Word-dokument")
    (exports / "regneark.xlsx").write_bytes(b"PK\x03\x04")
    (exports / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    before = set((repo / "pathways").rglob("*"))
    result = import_d4(repo, str(exports))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    refused = {Path(k).name: v for k, v in lines.items() if v.startswith("fejl: ")}
    assert set(refused) == {"scannet.pdf", "krypteret.pdf", "beskadiget.docx", "regneark.xlsx", "gammel.doc"}
    assert "ingen tekst (scannet PDF uden tekstlag?" in refused["scannet.pdf"]
    assert "krypteret med en adgangskode" in refused["krypteret.pdf"]
    assert "kan ikke læses som Word-dokument (.docx)" in refused["beskadiget.docx"]
    assert "ukendt filtype '.xlsx'" in refused["regneark.xlsx"] and "gem det som .docx" in refused["gammel.doc"]
    assert "3 importeret, 5 afvist" in result.stderr
    written = {p.relative_to(repo).as_posix() for p in set((repo / "pathways").rglob("*")) - before}
    assert written == {f"{D4}", *(f"{D4}/{d}.{x}" for d in ("412233", "419001", "412877") for x in ("yaml", "txt"))}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 1, "ingen DokID i dokumentet"),
        (["--dokid", "555001"], 0, "importeret som DokID 555001"),
        (["--dokid", "248731"], 1, "DokID 248731 står allerede i"),  # the shipped register's own entry
    ],
)
def test_the_dokid_comes_from_the_document_or_the_command(
    repo: Path, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    plain = write_docx(
        tmp_path / "uden-dokid.docx",
        title="Hæmokromatose – ambulant kontrol",
        header="Næstved Sygehus",
        metadata={"Diagnosekode": "DE831"},
        paragraphs=guideline_paragraphs(),
    )
    result = import_d4(repo, str(plain), *args)
    assert result.returncode == code and message in result.stdout, result.stdout


def test_a_wrong_request_exits_2(repo: Path, exports: Path) -> None:
    result = import_d4(repo, str(exports), "--dokid", "123")
    assert result.returncode == 2 and "--dokid gælder kun for én fil" in result.stderr


# --- The check on what was imported -----------------------------------------------------------------


def test_the_imported_documents_give_exactly_the_findings_the_working_group_needs(repo: Path, exports: Path) -> None:
    shutil.rmtree(repo / "pathways/_registre/d4", ignore_errors=True)
    assert import_d4(repo, str(exports)).returncode == 0
    about = [f for f in findings(repo) if "412233" in f["message"] or "419001" in f["message"]]
    kinds = sorted((f["severity"], f["kind"]) for f in about)
    assert kinds == [
        ("advarsel", "d4-afsnit"),  # the paraphrased paragraph
        ("advarsel", "d4-bruttoliste"),  # no recommendation yet, the pathway a draft
        ("fejl", "kriterier"),  # a lower treatment target
    ]
    assert not any("419001" in f["message"] for f in about), "the look-alike about iron deficiency"
    passage = next(f for f in about if f["kind"] == "d4-afsnit")["message"]
    assert "Fasen 'tapningsfase', afsnit 1 i forløbet 'haemokromatose'" in passage
    assert "Forløbet: »Primær behandling er venesectio inddelt i to faser" in passage
    assert "Dokumentet: »Den primære behandling består af venesectio" in passage
    conflict = next(f for f in about if f["kind"] == "kriterier")["message"]
    assert conflict.startswith("Behandlingsmål for ferritin: < 100 µg/L i forløbet 'haemokromatose'")
    assert "< 50 μg/L i D4-dokument 412233 (Nykøbing F. Sygehus)" in conflict
    listed = next(f for f in about if f["kind"] == "d4-bruttoliste")["message"]
    assert "deler diagnosekode med forløbet og gentager afsnit af forløbet, men har ingen anbefaling" in listed
