"""scripts/new_pathway.py: a new pathway file validates and builds as it stands, and teaches every field."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.load.consistency import check_pathway
from forloeb.load.files import LINK_REFUSED
from forloeb.load.loader import load, load_bytes
from forloeb.load.placeholders import MARKER
from forloeb.load.validation import validate
from forloeb.model.pathway import Forloeb
from forloeb.scaffold import ScaffoldError, new_pathway, normalise_code, slug_from_title
from scripts import new_pathway as new_pathway_script
from tests.factories import ROOT
from tests.inprocess import Ran, run_main
from tests.sitebuild import mkdocs_build, page

FLAGS = ["--titel", "Ambulant forløb for patienter med cøliaki", "--speciale", "gastroenterologi-hepatologi"]
NEW = Path("pathways/gastroenterologi-hepatologi/ambulant-forloeb-for-patienter-med-coeliaki.yaml")
# A commented-out example line: '# ' before a YAML key or list item (explanations begin otherwise).
EXAMPLE_LINE = re.compile(r"^(\s*)# (\s*(?:- |[a-z0-9_]+:(?: |$)))")


def run_new(repo: Path, *args: str) -> Ran:
    return run_main(new_pathway_script.main, ["--root", str(repo), *args])


def scaffold_text(repo: Path = ROOT, **changes: str) -> str:
    values = {
        "forloeb_id": "nyt-forloeb",
        "titel": "Nyt forløb",
        "speciale": "reumatologi",
        "kode": "DM05",
        "diagnosetekst": None,
        "today": date(2026, 1, 15),
        **changes,
    }
    return new_pathway(repo, **values)[1]  # type: ignore[arg-type]


def uncomment_examples(text: str, *, only: str | None = None, but: str | None = None) -> str:
    """Every commented example uncommented, or only the top-level block `only`, or all but `but`."""
    lines, block = [], None
    for line in text.splitlines():
        top = re.match(r"^# ([a-z0-9_]+):", line)
        if top or not line.startswith("#  "):
            block = top.group(1) if top else None
        wanted = (only is None or block == only) and (but is None or block != but)
        lines.append(EXAMPLE_LINE.sub(r"\1\2", line) if wanted else line)
    return "\n".join(lines) + "\n"


@pytest.mark.subprocess
def test_new_pathway_validates_and_builds_without_edits(repo: Path, tmp_path: Path) -> None:
    result = run_new(repo, *FLAGS, "--diagnosekode", "K90.0")
    assert result.returncode == 0, result.stderr
    assert f"Oprettet {NEW}" in result.stdout
    path = repo / NEW
    text = path.read_text(encoding="utf-8")
    assert "yaml-language-server" not in text, "the schema comes from .vscode/settings.json, wherever the file lies"

    problems = validate(repo, [path])
    assert [p for p in problems if p.severity != "info"] == []
    placeholders = [line for line in text.splitlines() if MARKER in line and not line.lstrip().startswith("#")]
    assert len(problems) == len(placeholders) > 5, "each placeholder left in is pointed out, as info"
    f = load_catalog(repo).forloeb["ambulant-forloeb-for-patienter-med-coeliaki"]
    assert (f.status, f.version, f.patientgruppe.diagnosekoder[0].kode) == ("udkast", "0.1", "DK900")

    out = tmp_path / "site"
    build = mkdocs_build(repo, out)
    assert build.returncode == 0, build.stderr
    body = page(out, "forloeb/gastroenterologi-hepatologi/ambulant-forloeb-for-patienter-med-coeliaki")
    assert "Ambulant forløb for patienter med cøliaki" in body
    assert f"{MARKER} Skriv formålet med forløbet her." in body, "a placeholder left in is visible on the page"
    assert "Udkast" in body


def test_refuses_an_id_that_exists(repo: Path) -> None:
    original = (repo / "pathways/gastroenterologi-hepatologi/haemokromatose.yaml").read_text(encoding="utf-8")
    result = run_new(repo, *FLAGS, "--diagnosekode", "DE831", "--id", "haemokromatose")
    assert result.returncode == 2
    assert result.stderr == (
        "fejl: forløbet 'haemokromatose' findes allerede: pathways/gastroenterologi-hepatologi/haemokromatose.yaml\n"
    )
    assert (repo / "pathways/gastroenterologi-hepatologi/haemokromatose.yaml").read_text(encoding="utf-8") == original


def test_refuses_an_id_that_exists_in_another_specialty(repo: Path) -> None:
    result = run_new(repo, "--titel", "X", "--speciale", "reumatologi", "--diagnosekode", "DZ031", "--id", "mas")
    assert result.returncode == 2
    assert "findes allerede: pathways/intern-medicin/mas.yaml" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--speciale", "kardiologi", "--diagnosekode", "DI21"], "specialet 'kardiologi' findes ikke; vælg et af:"),
        (["--speciale", "reumatologi", "--diagnosekode", "123"], "'123' er ikke en SKS-diagnosekode"),
        (["--speciale", "reumatologi", "--diagnosekode", "DM05", "--id", "Med Store"], "id 'Med Store' skal være"),
        (["--speciale", "reumatologi"], "mangler --diagnosekode"),
    ],
)
def test_wrong_values_exit_2_without_writing(repo: Path, args: list[str], message: str) -> None:
    before = sorted((repo / "pathways").rglob("*.yaml"))
    result = run_new(repo, "--titel", "Et forløb", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted((repo / "pathways").rglob("*.yaml")) == before


def test_missing_flags_without_a_terminal_are_named() -> None:
    result = run_new(ROOT)
    assert result.returncode == 2
    assert "mangler --titel, --speciale, --diagnosekode" in result.stderr


def test_every_field_of_the_model_is_in_the_file_with_a_comment() -> None:
    text = scaffold_text()
    for name in Forloeb.model_fields:
        match = re.search(rf"^(# )?{name}:", text, re.M)
        assert match, f"{name} is neither in the file nor a commented example"
        before = text[: match.start()].rstrip().splitlines()[-1]
        assert before.startswith("#"), f"{name} has no comment before it"


def test_uncommenting_every_example_gives_a_valid_pathway() -> None:
    # The commented examples must be right: an editor who removes '# ' gets no error. The example
    # marker is the exception: an example cannot have the approval date the others show.
    text = uncomment_examples(scaffold_text(), but="eksempel")
    loaded = load_bytes(text.encode(), Path("x.yaml"), "x.yaml", Forloeb)
    assert loaded.problems == []
    assert loaded.model is not None
    assert [f for f in check_pathway(loaded.model) if f.severity != "info"] == []
    f = loaded.model
    assert [t.id for t in f.trin] == ["visitation", "foerste-konsultation", "afslutning"]
    assert f.faser and f.proevepakker and f.digital_understoettelse and f.pro and f.relaterede and f.referencer
    assert f.godkendt_dato and f.naeste_revision and f.patientgruppe.alder and f.henvisning.kriterier


def test_uncommenting_the_example_marker_alone_gives_a_valid_example() -> None:
    loaded = load_bytes(
        uncomment_examples(scaffold_text(), only="eksempel").encode(), Path("x.yaml"), "x.yaml", Forloeb
    )
    assert loaded.problems == [] and loaded.model is not None
    assert loaded.model.eksempel is not None and loaded.model.status == "udkast"
    assert [f for f in check_pathway(loaded.model) if f.severity != "info"] == []
    with_approval = uncomment_examples(scaffold_text(), only="eksempel").replace(
        "# godkendt_dato: 2026-06-01", "godkendt_dato: 2026-06-01"
    )
    approved = load_bytes(with_approval.encode(), Path("x.yaml"), "x.yaml", Forloeb)
    assert approved.model is not None
    assert [p.message for p in check_pathway(approved.model) if p.severity == "fejl"] == [
        "et eksempel er hverken sendt til eller godkendt af SFR: fjern godkendt_dato"
    ]


def test_the_file_passes_yamllint_with_the_repository_config(tmp_path: Path) -> None:
    for name, text in (("nyt.yaml", scaffold_text()), ("alt.yaml", uncomment_examples(scaffold_text()))):
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "yamllint", "--strict", "-c", str(ROOT / ".yamllint"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_text_from_the_editor_is_quoted_and_no_clinical_content_is_invented() -> None:
    text = scaffold_text(titel='Forløb: "test" # ikke en kommentar', diagnosetekst="Seropositiv reumatoid artritis")
    loaded = load_bytes(text.encode(), Path("x.yaml"), "x.yaml", Forloeb)
    assert loaded.model is not None, loaded.problems
    assert loaded.model.titel == 'Forløb: "test" # ikke en kommentar'
    assert loaded.model.patientgruppe.diagnosekoder[0].tekst == "Seropositiv reumatoid artritis"
    assert not loaded.model.eksempel and loaded.model.status == "udkast"
    active = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    values = [
        line.split(":", 1)[1].strip() for line in active if re.match(r"^\s*(- )?(beskrivelse|formaal|visitation)", line)
    ]
    assert values and all(v.startswith(f'"{MARKER}') or v == "Udkast oprettet." for v in values)


def test_placeholders_block_approval(tmp_path: Path) -> None:
    path = tmp_path / "nyt-forloeb.yaml"
    path.write_text(scaffold_text().replace("status: udkast\n", "status: til-godkendelse\n", 1), encoding="utf-8")
    problems = validate(ROOT, [path])
    errors = [p for p in problems if p.is_error]
    assert errors and all("skal erstattes, før status kan være til-godkendelse" in p.message for p in errors)
    assert any(p.message.startswith("formaal: ") for p in errors)


def test_shipped_pathways_hold_no_placeholders() -> None:
    assert [p for p in load_catalog(ROOT).problems if p.severity == "info"] == []


@pytest.mark.parametrize(
    ("typed", "code"),
    [("DE831", "DE831"), ("de831", "DE831"), ("E83.1", "DE831"), ("D50", "DD50"), ("K90.0", "DK900"), ("x", None)],
)
def test_diagnosis_codes_as_editors_type_them(typed: str, code: str | None) -> None:
    assert normalise_code(typed) == code


def test_id_suggested_from_the_title() -> None:
    assert slug_from_title("Ambulant forløb for patienter med hæmokromatose") == (
        "ambulant-forloeb-for-patienter-med-haemokromatose"
    )
    assert slug_from_title("Søvnapnø (OSA) – kontrol") == "soevnapnoe-osa-kontrol"


def test_scaffold_error_for_an_unknown_specialty() -> None:
    with pytest.raises(ScaffoldError, match="specialet 'ukendt' findes ikke"):
        scaffold_text(speciale="ukendt")


def test_a_loaded_scaffold_matches_what_the_loader_reads_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "nyt-forloeb.yaml"
    text = scaffold_text()
    path.write_text(text, encoding="utf-8")
    from_disk = load(path, Forloeb)
    from_memory = load_bytes(text.encode(), path, "x", Forloeb)
    assert from_disk.model == from_memory.model is not None


def test_a_suggested_id_is_at_most_80_characters_and_never_ends_in_a_hyphen() -> None:
    long_title = "Ambulant forløb for patienter med hæmokromatose og andre sjældne jernophobningssygdomme"
    expected = "ambulant-forloeb-for-patienter-med-haemokromatose-og-andre-sjaeldne-jernophobnin"
    assert slug_from_title(long_title) == expected
    assert slug_from_title("x" * 79 + " yy") == "x" * 79, "cut at 80, then the hyphen left at the end is dropped"
    assert slug_from_title("  (Søvnapnø) – ") == "soevnapnoe"


def test_a_suggested_id_counts_its_80_characters_from_the_first_letter() -> None:
    assert slug_from_title("(" + "x" * 79 + "yy") == "x" * 79 + "y"


def test_the_new_file_goes_in_its_specialtys_folder_and_keeps_the_editors_words(repo: Path) -> None:
    path, text = new_pathway(
        repo, forloeb_id="nyt-forloeb", titel="Nyt  forløb for søvnapnø", speciale="reumatologi", kode="DM05",
        diagnosetekst=None, today=date(2026, 1, 15),
    )  # fmt: skip
    assert path == repo / "pathways/reumatologi/nyt-forloeb.yaml"
    assert 'titel: "Nyt forløb for søvnapnø"\n' in text  # spaces folded; letters as typed, not \u escapes
    assert "#   Sundhedsfagligt Råd for reumatologi og de tilknyttede afdelinger.\n" in text


def test_an_unknown_specialty_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ScaffoldError) as refused:
        scaffold_text(speciale="kardiologi")
    assert refused.value.message == (
        "specialet 'kardiologi' findes ikke; vælg et af: gastroenterologi-hepatologi, intern-medicin, reumatologi"
    )


def test_an_empty_title_is_refused() -> None:
    with pytest.raises(ScaffoldError) as refused:
        scaffold_text(titel="  ")
    assert refused.value.message == "titlen må ikke være tom"


def test_a_title_that_would_make_the_file_invalid_is_refused_at_its_line() -> None:
    with pytest.raises(ScaffoldError) as refused:
        scaffold_text(titel="Forl\u202eøb")
    assert refused.value.message.startswith(
        "den nye fil ville ikke være gyldig: pathways/reumatologi/nyt-forloeb.yaml:13:13: tegnet U+202E "
    )


def test_a_linked_or_broken_specialty_register_is_refused(repo: Path) -> None:
    register = repo / "pathways/_registre/specialer.yaml"
    register.write_text("specialer: [ikke: afsluttet\n", encoding="utf-8")
    with pytest.raises(ScaffoldError) as broken:
        scaffold_text(repo)
    assert broken.value.message.startswith(f"specialeregistret har fejl: {register}:2:1: YAML-syntaksfejl"), (
        broken.value.message
    )
    moved = register.with_name("andetsteds.yaml")
    register.rename(moved)
    register.symlink_to(moved)
    with pytest.raises(ScaffoldError) as linked:
        scaffold_text(repo)
    assert linked.value.message == f"{register}: {LINK_REFUSED}"


def test_a_new_file_is_not_written_through_a_linked_specialty_folder(repo: Path, tmp_path: Path) -> None:
    folder = repo / "pathways/reumatologi"
    folder.rename(tmp_path / "reumatologi")
    folder.symlink_to(tmp_path / "reumatologi")
    with pytest.raises(ScaffoldError) as refused:
        scaffold_text(repo)
    assert refused.value.message == f"{folder}: {LINK_REFUSED}"
