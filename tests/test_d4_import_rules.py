"""The import's rules one at a time, on real files in a copy of the shipped pathways: what it writes
to pathways/_registre/d4/<DokID>.yaml and .txt, what a new import keeps of the working group's work,
which documents it refuses and with what message, and that a refused or failed write leaves nothing
half-written. All in this process, within the mutation check's reach (scripts/mutation.sh)."""

from __future__ import annotations

import locale
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml

from forloeb.d4import.extract import extract
from forloeb.d4import.importer import UNNAMED, Imported, Options, Refused, documents, import_documents
from forloeb.d4import.register_files import (
    HEADER,
    RegisterFileError,
    entry_path,
    existing_entry,
    merge,
    write_entry,
)
from forloeb.load.catalog import load_catalog
from forloeb.load.files import LINK_REFUSED
from forloeb.load.layout import Layout
from scripts import import_d4 as import_d4_script
from tests.d4documents import text_pdf, write_docx
from tests.factories import ROOT
from tests.inprocess import Ran, run_main

D4 = Path("pathways/_registre/d4")
GASTRO = "gastroenterologi-hepatologi"
DE831_NAME = "Forstyrrelse i jernomsætningen (hæmokromatose)"  # the pathway's and the register's name for DE831


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A repository with the shipped pathways and register, and nothing imported yet."""
    shutil.copytree(ROOT / "pathways", tmp_path / "repo" / "pathways")
    return tmp_path / "repo"


def holbaek_docx(path: Path, *, dokid: str = "500101", codes: str = "DE831, DE835") -> Path:
    """A nurse instruction from Holbæk as D4 exports it: the DokID in the header, a metadata table,
    two sentences with thresholds (FICTITIOUS, written for the tests)."""
    return write_docx(
        path,
        title="Venesectio ved hæmokromatose",
        header=f"Region Sjælland · DokID: {dokid}",
        metadata={
            "Afdeling": "Medicinsk Afdeling, Holbæk Sygehus",
            "Gyldig fra": "01.09.2023",
            "Diagnosekoder": codes,
        },
        paragraphs=[
            "Venesectio påbegyndes ved ferritin  over 300 µg/L hos mænd og over 200 µg/L hos kvinder.",
            "Ferritin målt fastende skal ligge under 50 µg/L.",
        ],
    )


def note_txt(path: Path, text: str = "DokID: 500103\nNote: Tapning af blod i ambulatoriet.") -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run_import(root: Path, files: list[Path], **options: str | None) -> list[Imported | Refused]:
    return import_documents(files, Layout(root), load_catalog(root, strict=False), Options(**options))


def script(root: Path, *args: str) -> Ran:
    return run_main(import_d4_script.main, ["--root", ".", *args], cwd=root)


def entry(root: Path, dokid: str) -> dict[str, Any]:
    (doc,) = yaml.safe_load((root / D4 / f"{dokid}.yaml").read_text(encoding="utf-8"))["dokumenter"]
    return doc


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) if folder.exists() else []


# --- What is written -------------------------------------------------------------------------------


def test_every_extracted_field_of_a_word_document_is_written_in_order(root: Path, tmp_path: Path) -> None:
    """DokID from the header; title, site, department and date from the document; the specialty from
    the pathway whose code it names; a code's name from the document, else the catalog's, else
    'Ikke navngivet i dokumentet'; one criterion per sentence (its whitespace made single) with a
    threshold per comparison, its sex and purpose only where the sentence says; a parameter the
    catalog knows (ferritin) preferred to a nearer word; machine-extracted until checked."""
    source = holbaek_docx(tmp_path / "venesectio.docx")
    (result,) = run_import(root, [source])
    assert result == Imported(source, "500101", root / D4 / "500101.yaml", updated=False, missing=())
    doc = entry(root, "500101")
    assert doc == {
        "dokid": "500101",
        "titel": "Venesectio ved hæmokromatose",
        "matrikel": "Holbæk Sygehus",
        "afdeling": "Medicinsk Afdeling",
        "speciale": GASTRO,
        "gyldig_fra": date(2023, 9, 1),
        "diagnosekoder": [{"kode": "DE831", "tekst": DE831_NAME}, {"kode": "DE835", "tekst": UNNAMED}],
        "kriterier": [
            {
                "tekst": "Venesectio påbegyndes ved ferritin over 300 μg/L hos mænd og over 200 μg/L hos kvinder.",
                "graensevaerdier": [
                    {
                        "parameter": "ferritin",
                        "operator": ">",
                        "vaerdi": 300,
                        "enhed": "μg/L",
                        "koen": "mand",
                        "formaal": "behandlingsstart",
                    },
                    {
                        "parameter": "ferritin",
                        "operator": ">",
                        "vaerdi": 200,
                        "enhed": "μg/L",
                        "koen": "kvinde",
                        "formaal": "behandlingsstart",
                    },
                ],
            },
            {
                "tekst": "Ferritin målt fastende skal ligge under 50 μg/L.",
                "graensevaerdier": [{"parameter": "ferritin", "operator": "<", "vaerdi": 50, "enhed": "μg/L"}],
            },
        ],
        "tekstfil": "500101.txt",
        "kildefil": "venesectio.docx",
        "maskinudtrukket": True,
    }
    assert list(doc) == [
        "dokid", "titel", "matrikel", "afdeling", "speciale", "gyldig_fra", "diagnosekoder", "kriterier",
        "tekstfil", "kildefil", "maskinudtrukket",
    ]  # fmt: skip


def test_the_register_file_has_its_header_and_the_text_file_the_whole_text(root: Path, tmp_path: Path) -> None:
    """The register file starts with the header that names the source and the text file and tells the
    group what to check; Danish letters are written as letters; the text file is the extracted text
    ending in one newline."""
    source = holbaek_docx(tmp_path / "venesectio.docx")
    run_import(root, [source])
    register = (root / D4 / "500101.yaml").read_text(encoding="utf-8")
    assert register.startswith(
        "# D4-dokument importeret med scripts/import_d4.py fra venesectio.docx; teksten står i 500101.txt.\n"
        "# Titel, matrikel, afdeling, koder og grænseværdier er udtrukket maskinelt: kontrollér dem, og sæt\n"
        "# maskinudtrukket: false. En ny import opdaterer teksten og de udtrukne felter, men bevarer anbefaling,\n"
        "# sfr_godkendelse, gennemfoert, erstattes_af og bemaerkning (og de kontrollerede felter).\n"
        "dokumenter:\n- dokid: '500101'\n  titel: Venesectio ved hæmokromatose\n  matrikel: Holbæk Sygehus\n"
    )
    text = extract(source).text
    assert (root / D4 / "500101.txt").read_text(encoding="utf-8") == text + "\n"
    assert text.startswith("Venesectio ved hæmokromatose\n\nAfdeling: Medicinsk Afdeling, Holbæk Sygehus\n\n")
    assert tree(root / D4) == ["500101.txt", "500101.yaml"], "no temporary file is left behind"


def test_what_the_document_does_not_say_is_named_and_left_out(root: Path, tmp_path: Path) -> None:
    """A document without title, department, date or codes is imported with the site, specialty and
    DokID given; the title falls back to the file's name; the missing items are named in order; empty
    fields are not written."""
    source = note_txt(tmp_path / "notat.txt")
    (result,) = run_import(root, [source], matrikel="Holbæk Sygehus", speciale=GASTRO)
    assert result == Imported(
        source, "500103", root / D4 / "500103.yaml", False, ("titel", "afdeling", "gyldig fra", "diagnosekoder")
    )
    assert entry(root, "500103") == {
        "dokid": "500103",
        "titel": "notat",
        "matrikel": "Holbæk Sygehus",
        "speciale": GASTRO,
        "tekstfil": "500103.txt",
        "kildefil": "notat.txt",
        "maskinudtrukket": True,
    }


def test_the_script_names_each_result_and_what_the_document_does_not_say(root: Path, tmp_path: Path) -> None:
    note_txt(tmp_path / "notat.txt")
    result = script(root, str(tmp_path / "notat.txt"), "--matrikel", "Holbæk Sygehus", "--speciale", GASTRO)
    assert result.returncode == 0
    assert result.stdout == (
        f"{tmp_path / 'notat.txt'}: importeret som DokID 500103 i {D4}/500103.yaml; "
        "dokumentet angiver ikke: titel, afdeling, gyldig fra, diagnosekoder\n"
    )


def test_the_command_lines_dokid_and_site_override_the_documents(root: Path, tmp_path: Path) -> None:
    source = holbaek_docx(tmp_path / "venesectio.docx")
    (result,) = run_import(root, [source], dokid="600200", matrikel="Slagelse Sygehus")
    assert isinstance(result, Imported) and result.dokid == "600200"
    assert tree(root / D4) == ["600200.txt", "600200.yaml"]
    doc = entry(root, "600200")
    assert (doc["dokid"], doc["matrikel"], doc["tekstfil"]) == ("600200", "Slagelse Sygehus", "600200.txt")


def test_a_code_named_only_in_the_register_takes_the_registers_name(root: Path, tmp_path: Path) -> None:
    """The names of codes come from the pathways and from the register (an earlier import)."""
    run_import(root, [holbaek_docx(tmp_path / "a.docx", dokid="500101", codes="DE831 og DE835 Anden jernophobning")])
    assert entry(root, "500101")["diagnosekoder"][1] == {"kode": "DE835", "tekst": "Anden jernophobning"}
    run_import(root, [holbaek_docx(tmp_path / "b.docx", dokid="500102")])
    assert entry(root, "500102")["diagnosekoder"] == [
        {"kode": "DE831", "tekst": DE831_NAME},
        {"kode": "DE835", "tekst": "Anden jernophobning"},
    ]


def test_a_code_the_register_does_not_name_takes_the_pathways_name(root: Path, tmp_path: Path) -> None:
    (root / "pathways/_registre/d4.yaml").write_text("dokumenter: []\n", encoding="utf-8")
    run_import(root, [holbaek_docx(tmp_path / "a.docx", codes="DE831")])
    assert entry(root, "500101")["diagnosekoder"] == [{"kode": "DE831", "tekst": DE831_NAME}]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_title_in_the_files_properties_is_the_entrys_title(root: Path, tmp_path: Path, kind: str) -> None:
    """Before the first line of the text: D4 writes the document's title into the file it exports."""
    lines = ["DokID: 500101", "Holbæk Sygehus, Medicinsk Afdeling", "Diagnosekode: DE831"]
    if kind == "pdf":
        source = text_pdf(tmp_path / "a.pdf", [lines], title="Titel fra egenskaberne")
    else:
        d = docx.Document()
        d.core_properties.title = "Titel fra egenskaberne"
        for line in lines:
            d.add_paragraph(line)
        d.save(str(tmp_path / "a.docx"))
        source = tmp_path / "a.docx"
    (result,) = run_import(root, [source])
    assert isinstance(result, Imported), result
    assert entry(root, "500101")["titel"] == "Titel fra egenskaberne"


# --- The specialty ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codes", "given", "speciale"),
    [
        ("DE831", None, GASTRO),
        ("DE831A", None, GASTRO),  # a subcode meets the pathway's code
        ("DE831", "reumatologi", GASTRO),  # the codes decide when they agree
        ("DM05, DE831", "reumatologi", "reumatologi"),  # they disagree: the one given
        ("DE835", "reumatologi", "reumatologi"),  # no pathway has the code: the one given
    ],
)
def test_the_specialty_is_the_pathways_whose_codes_the_document_names(
    root: Path, tmp_path: Path, codes: str, given: str | None, speciale: str
) -> None:
    run_import(root, [holbaek_docx(tmp_path / "a.docx", codes=codes)], speciale=given)
    assert entry(root, "500101")["speciale"] == speciale


@pytest.mark.parametrize(
    ("codes", "why"),
    [
        ("DE835", "ingen af dokumentets diagnosekoder findes i et forløb"),
        ("DM05, DE831, DZ031", "koderne peger på ['gastroenterologi-hepatologi', 'intern-medicin', 'reumatologi']"),
    ],
)
def test_a_specialty_that_cannot_be_told_is_asked_for(root: Path, tmp_path: Path, codes: str, why: str) -> None:
    source = holbaek_docx(tmp_path / "a.docx", codes=codes)
    assert run_import(root, [source]) == [
        Refused(source, f"specialet kan ikke udledes ({why}): angiv det med --speciale")
    ]
    assert tree(root / D4) == []


# --- Refusals --------------------------------------------------------------------------------------


def test_each_refused_document_is_named_with_its_reason_and_the_others_imported(root: Path, tmp_path: Path) -> None:
    """In the order given: no DokID, no site, the same DokID twice in one run (the first one imported
    is named), a file that cannot be read. A refused document's DokID does not count as imported."""
    no_dokid = note_txt(tmp_path / "uden-dokid.txt", "Tapning af blod i ambulatoriet, Holbæk Sygehus.")
    no_site = note_txt(tmp_path / "uden-sygehus.txt", "DokID: 500101\nTapning af blod i ambulatoriet.")
    first = holbaek_docx(tmp_path / "foerste.docx")
    second = holbaek_docx(tmp_path / "anden.docx")
    empty = note_txt(tmp_path / "tom.txt", "")
    results = run_import(root, [no_dokid, no_site, first, second, empty], speciale=GASTRO)
    assert results == [
        Refused(no_dokid, "ingen DokID i dokumentet (fx 'DokID: 123456' i sidehovedet): angiv den med --dokid"),
        Refused(no_site, "dokumentet nævner ikke sygehuset (fx 'Holbæk Sygehus'): angiv det med --matrikel"),
        Imported(first, "500101", root / D4 / "500101.yaml", False, ()),
        Refused(second, f"samme DokID (500101) som {first}, der allerede er importeret i denne kørsel"),
        Refused(empty, "dokumentet indeholder ingen tekst (tom fil)"),
    ]
    assert tree(root / D4) == ["500101.txt", "500101.yaml"]
    assert entry(root, "500101")["kildefil"] == "foerste.docx"


def test_the_script_exits_1_when_a_file_is_refused_and_counts_both(root: Path, tmp_path: Path) -> None:
    holbaek_docx(tmp_path / "foerste.docx")
    note_txt(tmp_path / "tom.txt", "")
    result = script(root, str(tmp_path / "foerste.docx"), str(tmp_path / "tom.txt"), str(tmp_path / "mangler.docx"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'mangler.docx'}: fejl: filen eller mappen findes ikke",
        f"{tmp_path / 'foerste.docx'}: importeret som DokID 500101 i {D4}/500101.yaml",
        f"{tmp_path / 'tom.txt'}: fejl: dokumentet indeholder ingen tekst (tom fil)",
    ]
    assert result.stderr == "1 importeret, 2 afvist\n"


def test_a_dokid_in_another_register_file_is_not_imported_over(root: Path, tmp_path: Path) -> None:
    """The shipped d4.yaml holds 248731: the import only updates its own files under d4/."""
    source = holbaek_docx(tmp_path / "a.docx", dokid="248731")
    assert run_import(root, [source]) == [
        Refused(
            source,
            f"DokID 248731 står allerede i {(root / 'pathways/_registre/d4.yaml').resolve()}; importen opdaterer "
            f"kun sine egne filer i {root / D4}: flyt posten dertil eller fjern den",
        )
    ]
    assert tree(root / D4) == []


@pytest.mark.parametrize("linked", ["500101.yaml", "500101.txt"])
def test_a_register_file_that_is_a_link_is_refused(root: Path, tmp_path: Path, linked: str) -> None:
    """Writing through the link would write where it points."""
    (root / D4).mkdir()
    elsewhere = tmp_path / "andetsteds"
    elsewhere.write_text("", encoding="utf-8")
    (root / D4 / linked).symlink_to(elsewhere)
    source = holbaek_docx(tmp_path / "a.docx")
    assert run_import(root, [source]) == [Refused(source, f"{root / D4 / linked}: {LINK_REFUSED}")]
    assert elsewhere.read_text(encoding="utf-8") == "" and tree(root / D4) == [linked]


def test_a_register_folder_that_is_a_link_is_refused(root: Path, tmp_path: Path) -> None:
    (tmp_path / "andetsteds").mkdir()
    (root / D4).symlink_to(tmp_path / "andetsteds")
    source = holbaek_docx(tmp_path / "a.docx")
    assert run_import(root, [source]) == [Refused(source, f"{root / D4}: {LINK_REFUSED}")]
    assert tree(tmp_path / "andetsteds") == []


def test_a_register_outside_the_repository_is_refused(tmp_path: Path) -> None:
    """A site whose pathways folder lies outside its repository: the import writes nothing there."""
    shutil.copytree(ROOT / "pathways", tmp_path / "udenfor")
    (tmp_path / "repo").mkdir()
    source = holbaek_docx(tmp_path / "a.docx")
    layout = Layout(tmp_path / "repo", "../udenfor")
    catalog = load_catalog(tmp_path / "repo", strict=False, pathways="../udenfor")
    target = tmp_path / "repo/../udenfor/_registre/d4/500101.yaml"
    assert import_documents([source], layout, catalog, Options()) == [
        Refused(source, f"{target} ligger uden for repositoriet")
    ]
    assert not (tmp_path / "udenfor/_registre/d4").exists()


def test_an_entry_that_would_be_invalid_is_refused_and_nothing_written(root: Path, tmp_path: Path) -> None:
    """A specialty that is no id (given by hand) fails the register's schema before any file is written."""
    source = holbaek_docx(tmp_path / "a.docx", codes="DE835")
    (result,) = run_import(root, [source], speciale="Gastro Enterologi")
    assert isinstance(result, Refused)
    assert result.message.startswith("registerposten ville være ugyldig: 1 validation error for D4Register\n")
    assert "dokumenter.0.speciale" in result.message
    assert not (root / D4).exists()


def test_a_broken_earlier_entry_is_refused_until_it_is_mended(root: Path, tmp_path: Path) -> None:
    (root / D4).mkdir()
    broken = root / D4 / "500101.yaml"
    broken.write_text("dokumenter:\n  - dokid: '500101'\n", encoding="utf-8")
    source = holbaek_docx(tmp_path / "a.docx")
    (result,) = run_import(root, [source])
    assert isinstance(result, Refused)
    assert result.message == (  # the first of its problems, where it stands
        f"den eksisterende registerfil har fejl; ret den først: {broken}:2:5: mangler påkrævet nøgle 'titel' "
        "(i dokumenter.0)"
    )
    assert broken.read_text(encoding="utf-8") == "dokumenter:\n  - dokid: '500101'\n"
    assert tree(root / D4) == ["500101.yaml"]


# --- A new import of the same document -------------------------------------------------------------

GROUP_PART = {
    "erstattes_af": "haemokromatose",
    "anbefaling": {"handling": "sammenskrives", "begrundelse": "Skrives sammen med forløbet."},
    "sfr_godkendelse": {"dato": date(2024, 5, 1), "note": "SFR-møde maj 2024"},
    "gennemfoert": {"dato": date(2024, 6, 1), "udgaaet": True},
    "bemaerkning": "Aftalt med afdelingen.",
}


def edit_entry(root: Path, dokid: str, **changes: Any) -> None:
    path = root / D4 / f"{dokid}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["dokumenter"][0].update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_new_import_updates_the_extract_and_keeps_the_working_groups_part(root: Path, tmp_path: Path) -> None:
    """Unchecked (maskinudtrukket: true): the extracted fields are replaced by the new document's; the
    group's recommendation, SFR's approval, the change in D4, the replacing pathway and the remark
    stay, after the extracted fields."""
    source = holbaek_docx(tmp_path / "venesectio.docx")
    run_import(root, [source])
    edit_entry(root, "500101", titel="Rettet titel", **GROUP_PART)
    newer = holbaek_docx(tmp_path / "venesectio-2.docx", codes="DE831")
    (result,) = run_import(root, [newer])
    assert isinstance(result, Imported) and result.updated
    doc = entry(root, "500101")
    assert doc["titel"] == "Venesectio ved hæmokromatose", "an unchecked field is extracted again"
    assert doc["diagnosekoder"] == [{"kode": "DE831", "tekst": DE831_NAME}]
    assert doc["kildefil"] == "venesectio-2.docx" and doc["maskinudtrukket"] is True
    assert {k: doc[k] for k in GROUP_PART} == GROUP_PART
    assert list(doc)[-6:] == ["maskinudtrukket", *GROUP_PART]


def test_a_new_import_keeps_the_fields_the_group_has_confirmed(root: Path, tmp_path: Path) -> None:
    """Confirmed (maskinudtrukket: false): title, site, department, specialty, date, codes and criteria
    stay as the group left them, also those the new version of the document no longer states (its
    department, date); the text and the source file are updated."""
    run_import(root, [holbaek_docx(tmp_path / "venesectio.docx")])
    confirmed = {
        "titel": "Venesectio (kontrolleret)",
        "matrikel": "Nykøbing F. Sygehus",
        "afdeling": "Hæmatologisk Ambulatorium",
        "speciale": "reumatologi",
        "gyldig_fra": date(2024, 1, 2),
        "diagnosekoder": [{"kode": "DE831", "tekst": "Hæmokromatose"}],
        "kriterier": [{"tekst": "Kontrolleret kriterium."}],
    }
    edit_entry(root, "500101", maskinudtrukket=False, **confirmed, bemaerkning="Kontrolleret.")
    note = "Ny version af instruksen."
    newer = write_docx(
        tmp_path / "ny.docx",
        title="Ny titel",
        header="DokID: 500101 · Slagelse Sygehus",
        metadata={"Diagnosekode": "DE831"},
        paragraphs=[note],
    )
    (result,) = run_import(root, [newer])
    assert isinstance(result, Imported) and result.updated, result
    doc = entry(root, "500101")
    assert {k: doc[k] for k in confirmed} == confirmed
    assert "maskinudtrukket" not in doc and doc["bemaerkning"] == "Kontrolleret."
    assert doc["kildefil"] == "ny.docx"
    assert (root / D4 / "500101.txt").read_text(encoding="utf-8").endswith(note + "\n")


def test_the_script_says_updated_for_a_document_imported_before(root: Path, tmp_path: Path) -> None:
    holbaek_docx(tmp_path / "a.docx")
    script(root, str(tmp_path / "a.docx"))
    again = script(root, str(tmp_path / "a.docx"))
    assert again.stdout == f"{tmp_path / 'a.docx'}: opdateret som DokID 500101 i {D4}/500101.yaml\n"


# --- The register files on their own ---------------------------------------------------------------


def extracted(**more: Any) -> dict[str, Any]:
    return {
        "dokid": "500101",
        "titel": "Ny titel",
        "matrikel": "Holbæk Sygehus",
        "speciale": GASTRO,
        "tekstfil": "500101.txt",
        "maskinudtrukket": True,
        **more,
    }


def test_merge_without_an_earlier_entry_is_the_extract() -> None:
    assert merge(None, extracted()) == extracted()


def test_merge_keeps_only_the_groups_fields_of_an_unchecked_entry() -> None:
    existing = extracted(titel="Gammel titel", afdeling="Gammel afdeling", bemaerkning="B", eksempel=True, kilde="K")
    merged = merge(existing, extracted(afdeling="Ny afdeling"))
    assert merged == extracted(afdeling="Ny afdeling", eksempel=True, kilde="K", bemaerkning="B")
    assert list(merged) == [  # the schema's order: the extracted fields, then the group's
        "dokid", "titel", "matrikel", "afdeling", "speciale", "tekstfil", "maskinudtrukket", "eksempel", "kilde",
        "bemaerkning",
    ]  # fmt: skip


def test_merge_keeps_the_confirmed_fields_and_drops_the_mark() -> None:
    existing = {k: v for k, v in extracted(titel="Kontrolleret", erstattes_af="haemokromatose").items()}
    del existing["maskinudtrukket"]  # false: the default, left out of the dump
    merged = merge(existing, extracted(afdeling="Ny afdeling", kildefil="ny.docx"))
    assert merged == {
        "dokid": "500101",
        "titel": "Kontrolleret",
        "matrikel": "Holbæk Sygehus",
        "speciale": GASTRO,
        "tekstfil": "500101.txt",
        "afdeling": "Ny afdeling",  # the group had none: the extract's
        "kildefil": "ny.docx",
        "erstattes_af": "haemokromatose",
    }
    assert list(merged) == [
        "dokid", "titel", "matrikel", "afdeling", "speciale", "tekstfil", "kildefil", "erstattes_af",
    ]  # fmt: skip


def test_an_earlier_entry_is_read_as_data_without_defaults(root: Path) -> None:
    path = entry_path(Layout(root), "500101")
    assert path == root / "pathways/_registre/d4/500101.yaml"
    assert existing_entry(path) is None
    write_entry(path, extracted(maskinudtrukket=False, gyldig_fra=date(2023, 9, 1)), "Tekst.", "a.docx")
    assert existing_entry(path) == {
        k: v for k, v in extracted(gyldig_fra=date(2023, 9, 1)).items() if k != "maskinudtrukket"
    }


def test_an_earlier_file_with_two_documents_is_refused(root: Path) -> None:
    path = entry_path(Layout(root), "500101")
    path.parent.mkdir()
    doc = extracted()
    path.write_text(yaml.safe_dump({"dokumenter": [doc, {**doc, "dokid": "500102"}]}), encoding="utf-8")
    with pytest.raises(RegisterFileError) as caught:
        existing_entry(path)
    assert (
        caught.value.message
        == f"den eksisterende registerfil har fejl; ret den først: {path}: skal indeholde præcis ét dokument"
    )


def test_the_register_file_is_written_exactly(root: Path) -> None:
    """The header, then YAML in the entry's own order, Danish letters as letters, a long text folded at
    the first space past column 100; the text with one final newline; the folder made when missing."""
    path = entry_path(Layout(root), "500101")
    remark = (
        "Obs. Bemærkning fra arbejdsgruppen om dokumentets indhold og dets forhold til forløbet samt om "
        "afdelingens praksis ved tapning."
    )
    write_entry(path, extracted(bemaerkning=remark), "Første linje\nanden linje\n\n\n", "kilde.docx")
    assert path.read_text(encoding="utf-8") == HEADER.format(source="kilde.docx", text="500101.txt") + (
        "dokumenter:\n"
        "- dokid: '500101'\n"
        "  titel: Ny titel\n"
        "  matrikel: Holbæk Sygehus\n"
        "  speciale: gastroenterologi-hepatologi\n"
        "  tekstfil: 500101.txt\n"
        "  maskinudtrukket: true\n"
        "  bemaerkning: Obs. Bemærkning fra arbejdsgruppen om dokumentets indhold og dets forhold til forløbet\n"
        "    samt om afdelingens praksis ved tapning.\n"
    )
    assert (path.parent / "500101.txt").read_text(encoding="utf-8") == "Første linje\nanden linje\n"
    write_entry(path, extracted(), "Uden linjeskift", "kilde.docx")
    assert (path.parent / "500101.txt").read_text(encoding="utf-8") == "Uden linjeskift\n"
    write_entry(path, extracted(), "Se bilag X\n\n", "kilde.docx")
    assert (path.parent / "500101.txt").read_text(encoding="utf-8") == "Se bilag X\n", "only newlines are trimmed"
    assert tree(path.parent) == ["500101.txt", "500101.yaml"]


def test_the_folders_of_a_register_file_are_made_when_missing(tmp_path: Path) -> None:
    path = tmp_path / "ny" / "d4" / "500101.yaml"
    write_entry(path, extracted(), "Tekst", "a.docx")
    assert tree(tmp_path / "ny") == ["d4", "d4/500101.txt", "d4/500101.yaml"]


def test_the_temporary_files_lie_beside_the_register(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename is atomic only within one file system: the files are written beside their targets, never
    in the system's temporary folder (here one that does not exist)."""
    monkeypatch.setattr(tempfile, "tempdir", str(root / "ingen-tmp"))
    path = entry_path(Layout(root), "500101")
    write_entry(path, extracted(), "Tekst", "a.docx")
    assert tree(path.parent) == ["500101.txt", "500101.yaml"]


@pytest.fixture
def ascii_locale() -> Iterator[None]:
    """A machine whose locale is not UTF-8 (the C locale: ASCII)."""
    before = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, before)


@pytest.mark.usefixtures("ascii_locale")
def test_the_files_are_utf8_whatever_the_machines_locale(root: Path) -> None:
    path = entry_path(Layout(root), "500101")
    write_entry(path, extracted(titel="Hæmokromatose"), "Tapning ved ferritin over 300 µg/L", "æ.docx")
    assert "titel: Hæmokromatose\n" in path.read_bytes().decode("utf-8")
    assert (path.parent / "500101.txt").read_bytes() == "Tapning ved ferritin over 300 µg/L\n".encode()


def test_a_write_that_fails_leaves_the_old_files_and_no_temporary_ones(root: Path) -> None:
    """Both files are written to temporary files first and renamed; when a rename fails, the temporary
    files are removed and the register file is not touched."""
    path = entry_path(Layout(root), "500101")
    write_entry(path, extracted(), "Gammel tekst", "a.docx")
    before = path.read_text(encoding="utf-8")
    (path.parent / "500101.txt").unlink()
    (path.parent / "500101.txt").mkdir()
    (path.parent / "500101.txt" / "i-vejen").write_text("", encoding="utf-8")  # a folder cannot be replaced
    with pytest.raises(OSError):
        write_entry(path, extracted(titel="Ny"), "Ny tekst", "a.docx")
    assert path.read_text(encoding="utf-8") == before
    assert tree(path.parent) == ["500101.txt", "500101.txt/i-vejen", "500101.yaml"]


# --- Which files ------------------------------------------------------------------------------------


def test_the_documents_are_the_files_given_and_those_in_the_folders_given(tmp_path: Path) -> None:
    """Folders are searched recursively, hidden files and folders left out, each file once, the files in
    a folder in path order; a link to a folder is listed (and refused by name), never entered."""
    folder = tmp_path / "eksport"
    (folder / "under").mkdir(parents=True)
    (folder / ".skjult").mkdir()
    (tmp_path / "andetsteds").mkdir()
    for name in ("b.docx", "a.pdf", ".~lock.b.docx#", "under/c.txt", ".skjult/d.txt", "../andetsteds/e.txt"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "link-til-mappe").symlink_to(tmp_path / "andetsteds")
    (folder / ".skjult-link").symlink_to(tmp_path / "andetsteds")
    extra = tmp_path / "enkelt.docx"
    extra.write_text("x", encoding="utf-8")
    assert documents([folder, folder / "under" / "c.txt", extra, folder / "a.pdf"]) == [
        folder / "a.pdf",
        folder / "b.docx",
        folder / "link-til-mappe",
        folder / "under" / "c.txt",
        extra,
    ]
    assert documents([folder / "link-til-mappe"]) == [folder / "link-til-mappe"]
