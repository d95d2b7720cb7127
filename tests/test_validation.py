"""Model, loader and catalog checks, through the library and through scripts/validate.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.files import LINK_REFUSED
from forloeb.load.problems import InputError, Problem
from forloeb.load.validation import validate
from tests.factories import ROOT, minimal_pathway, write_yaml

GASTRO = Path("pathways/gastroenterologi-hepatologi")


def messages(repo: Path) -> list[str]:
    return [str(p) for p in validate(repo) if p.is_error]


def add_pathway(repo: Path, text: str, name: str = "testforloeb") -> Path:
    path = repo / GASTRO / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def minimal_text(**changes: object) -> str:
    import yaml

    return yaml.safe_dump(minimal_pathway(**changes), allow_unicode=True, sort_keys=False)


def test_shipped_pathways_are_valid() -> None:
    catalog = load_catalog(ROOT)
    assert "haemokromatose" in catalog.forloeb
    assert [p for p in catalog.problems if p.is_error] == []


def test_minimal_pathway_is_valid(repo: Path) -> None:
    add_pathway(repo, minimal_text())
    assert messages(repo) == []


def test_misspelt_key_names_line_and_suggests(repo: Path) -> None:
    text = minimal_text().replace("formaal:", "formal:")
    line = text.splitlines().index(next(x for x in text.splitlines() if x.startswith("formal:"))) + 1
    add_pathway(repo, text)
    errors = messages(repo)
    assert (
        f"pathways/gastroenterologi-hepatologi/testforloeb.yaml:{line}:1: ukendt nøgle 'formal'; mente du 'formaal'?"
        in [e.removeprefix(str(repo) + "/") for e in errors]
    )


def test_wrong_type_points_at_value(repo: Path) -> None:
    text = minimal_text().replace("titel: Testforløb", "titel: [a, b]", 1)
    add_pathway(repo, text)
    (error,) = messages(repo)
    assert ":2:8: titel: skal være tekst, ikke en liste" in error


def test_float_version_is_refused(repo: Path) -> None:
    add_pathway(repo, minimal_text().replace("version: '0.1'", "version: 1.10"))
    (error,) = messages(repo)
    assert "anførselstegn" in error


def test_missing_key_points_at_parent(repo: Path) -> None:
    data = minimal_pathway()
    del data["henvisning"]["visitation"]
    write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    (error,) = messages(repo)
    assert "mangler påkrævet nøgle 'visitation' (i henvisning)" in error


def test_duplicate_key_fails(repo: Path) -> None:
    add_pathway(repo, minimal_text() + "titel: Igen\n")
    (error,) = messages(repo)
    assert "nøglen 'titel' står to gange (første gang i linje 2)" in error


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"trin.0.overgange.0.til": "findes-ikke"}, "trinnet 'findes-ikke' findes ikke"),
        ({"trin.0.fase": "ukendt-fase"}, "fasen 'ukendt-fase' findes ikke"),
        ({"vaelg_klogt": ["ukendt-anbefaling"]}, "Vælg Klogt-anbefalingen 'ukendt-anbefaling' findes ikke"),
        ({"erstatter_d4": ["999999"]}, "D4-dokument 999999 findes ikke"),
        ({"relaterede": [{"forloeb": "ukendt", "relation": "x"}]}, "forløbet 'ukendt' findes ikke"),
        ({"speciale": "ukendt-speciale"}, "specialet 'ukendt-speciale' findes ikke"),
        ({"trin.0.proevepakke": "ukendt-pakke"}, "prøvepakken 'ukendt-pakke' findes ikke"),
    ],
)
def test_dangling_references_are_errors(repo: Path, change: dict[str, object], expected: str) -> None:
    data = minimal_pathway()
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        target = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    assert any(expected in e for e in messages(repo)), messages(repo)


def test_unreachable_and_dead_end_steps(repo: Path) -> None:
    data = minimal_pathway()
    data["trin"].append({"id": "ensom", "titel": "Ensom", "type": "konsultation"})
    write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    errors = messages(repo)
    assert any("'ensom' kan ikke nås" in e for e in errors)
    assert any("'ensom' har ingen overgange" in e for e in errors)


def test_duplicate_id_across_files(repo: Path) -> None:
    source = (repo / GASTRO / "haemokromatose.yaml").read_text(encoding="utf-8")
    add_pathway(repo, source, name="kopi")
    errors = messages(repo)
    assert any("id 'haemokromatose' bruges allerede af" in e for e in errors)


def test_file_name_and_folder_must_match(repo: Path) -> None:
    write_yaml(repo / "pathways" / "forkert-mappe" / "andet-navn.yaml", minimal_pathway())
    errors = messages(repo)
    assert any("filen skal hedde testforloeb.yaml" in e for e in errors)
    assert any("pathways/gastroenterologi-hepatologi/" in e for e in errors)


def test_approved_pathway_needs_dates(repo: Path) -> None:
    write_yaml(repo / GASTRO / "testforloeb.yaml", minimal_pathway(status="godkendt"))
    assert any("godkendt_dato og naeste_revision" in e for e in messages(repo))


def test_load_catalog_raises_with_all_problems(repo: Path) -> None:
    add_pathway(repo, minimal_text().replace("formaal:", "formal:").replace("ansvar:", "ansvaret:"))
    with pytest.raises(InputError) as info:
        load_catalog(repo)
    assert len(info.value.problems) >= 4  # two unknown keys, two missing keys


def run_validate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "validate.py"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.subprocess
def test_cli_clean_exit_zero() -> None:
    result = run_validate()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fejl" in result.stderr


@pytest.mark.subprocess
def test_cli_reports_each_problem_on_one_line(repo: Path) -> None:
    bad = add_pathway(repo, minimal_text().replace("formaal:", "formal:") + "titel: igen\n")
    result = run_validate("--root", str(repo), str(bad), cwd=repo)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines and all(line.startswith(str(bad.relative_to(repo)) + ":") for line in lines)


@pytest.mark.subprocess
def test_cli_on_a_registry_file_reports_its_own_problems_only(repo: Path) -> None:
    register = repo / "pathways" / "_registre" / "d4.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(text.replace("erstattes_af: haemokromatose", "erstattes_af: findes-ikke", 1), encoding="utf-8")
    add_pathway(repo, minimal_text().replace("formaal:", "formal:"))  # a problem in another file
    result = run_validate("--root", str(repo), str(register), cwd=repo)
    assert result.returncode == 1
    (line,) = result.stdout.strip().splitlines()
    assert line.startswith("pathways/_registre/d4.yaml:") and "forløbet 'findes-ikke' findes ikke" in line


@pytest.mark.subprocess
def test_cli_standalone_file_outside_repo(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    result = run_validate(str(bad))
    assert result.returncode == 1
    assert "YAML-syntaksfejl" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.subprocess
def test_cli_billion_laughs_returns_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines), encoding="utf-8")
    result = run_validate(str(bomb))
    assert result.returncode == 1
    assert "ankre" in result.stdout


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>", "vbscript:x", "//evil.example", "https://a b", "file:///etc"],
)
def test_only_http_https_and_mailto_urls(repo: Path, url: str) -> None:
    write_yaml(repo / GASTRO / "testforloeb.yaml", minimal_pathway(referencer=[{"titel": "t", "url": url}]))
    assert any("referencer.0.url" in e for e in messages(repo))


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "a/b", "Store", "æble", "a--b", "-a", ""])
def test_ids_are_slugs_so_they_cannot_traverse_paths(bad_id: str) -> None:
    from pydantic import ValidationError

    from forloeb.model.pathway import Forloeb

    with pytest.raises(ValidationError):
        Forloeb.model_validate(minimal_pathway(id=bad_id))


# --- What a pathway may claim about itself and about the sectors -----------------------------------


def line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith(start))


def test_an_example_cannot_claim_submission_or_approval(repo: Path) -> None:
    data = minimal_pathway(
        status="godkendt",
        godkendt_dato="2026-01-01",
        naeste_revision="2028-01-01",
        historik=[{"version": "1.0", "dato": "2026-01-01", "status": "til-godkendelse", "beskrivelse": "Sendt."}],
    )
    path = write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    text = path.read_text(encoding="utf-8")
    why = "et eksempel er hverken sendt til eller godkendt af SFR"
    errors = [e.removeprefix(str(repo) + "/") for e in messages(repo)]
    assert errors == [
        f"{GASTRO}/testforloeb.yaml:{line_of(text, 'status: godkendt')}:9: {why}: brug status udkast eller "
        "udgaaet, eller udelad status",
        f"{GASTRO}/testforloeb.yaml:{line_of(text, 'godkendt_dato')}:16: {why}: fjern godkendt_dato",
        f"{GASTRO}/testforloeb.yaml:{line_of(text, 'status: til-godkendelse')}:11: {why}: historikken kan ikke "
        "have status til-godkendelse",
    ]


def test_an_example_says_where_it_comes_from_and_others_need_status_and_version(repo: Path) -> None:
    add_pathway(repo, minimal_text(eksempel=True))
    (error,) = messages(repo)
    assert "eksempel: skriv, hvor eksemplet stammer fra: eksempel: {kilde: ...}" in error
    real = minimal_pathway()
    del real["eksempel"], real["version"]
    write_yaml(repo / GASTRO / "testforloeb.yaml", real)
    (error,) = messages(repo)
    assert "status og version skal angives (de kan kun udelades for et eksempel)" in error
    example = minimal_pathway()
    del example["status"], example["version"]
    write_yaml(repo / GASTRO / "testforloeb.yaml", example)
    assert messages(repo) == []


def test_an_agreement_only_where_a_task_is_given_and_alternatives_must_exist(repo: Path) -> None:
    data = minimal_pathway()
    data["trin"][0]["aftale"] = {"navn": "Aftale", "niveau": "regional", "kilde": "Et afsnit"}
    data["trin"][1]["alternativ_til"] = ["findes-ikke"]
    write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    errors = messages(repo)
    assert any(
        "trinnet 'start' giver ingen opgave til almen praksis eller den kommunale sygepleje" in e for e in errors
    )
    assert any("trinnet 'findes-ikke' findes ikke" in e for e in errors)


def test_a_change_of_sector_without_a_handover_is_reported(repo: Path) -> None:
    data = minimal_pathway()
    data["trin"][1].update(udfoerer="almen-praksis", aftale={"navn": "A", "niveau": "national", "kilde": "K"})
    path = write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    (info,) = [p for p in validate(repo) if p.severity == "info" and p.path.endswith("testforloeb.yaml")]
    assert info.line == line_of(path.read_text(encoding="utf-8"), "- til: kontrol")
    assert "overgangen fra 'start' (sygehuset) til 'kontrol' (almen praksis) skifter sektor" in info.message
    data["trin"][0]["overgange"][0]["overlevering"] = {"ansvar_foer": "Sygehuset", "ansvar_efter": "Egen læge"}
    write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    assert [p for p in validate(repo) if p.path.endswith("testforloeb.yaml")] == []


# --- Validating chosen files, in-process ---------------------------------------------------------------


def test_validating_chosen_files_reports_only_their_problems(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = add_pathway(repo, minimal_text().replace("formaal:", "formal:"))
    add_pathway(repo, minimal_text(id="andet").replace("ansvar:", "ansvaret:"), name="andet")
    monkeypatch.chdir(repo.parent)  # problems name their files relative to the working directory
    shown = f"repo/{GASTRO}/testforloeb.yaml"
    assert {p.path for p in validate(repo)} >= {shown, f"repo/{GASTRO}/andet.yaml"}
    problems = validate(repo, [bad])
    assert problems and {p.path for p in problems} == {shown}
    assert any("ukendt nøgle 'formal'" in p.message for p in problems)


def test_a_file_outside_the_catalog_is_checked_alone_as_a_pathway(repo: Path, tmp_path: Path) -> None:
    add_pathway(repo, minimal_text().replace("formaal:", "formal:"))  # a problem in the catalog
    draft = repo / "kladde.yaml"  # inside the repository, outside pathways/
    trin = minimal_pathway()["trin"]
    trin[0]["overgange"][0]["til"] = "findes-ikke"
    draft.write_text(minimal_text(trin=trin), encoding="utf-8")
    problems = validate(repo, [draft])
    assert {p.path for p in problems} == {str(draft)}
    assert any("'findes-ikke'" in p.message for p in problems), problems  # the consistency checks ran too


def test_a_file_reached_through_a_linked_folder_is_refused_at_the_link(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "andetsteds"
    elsewhere.mkdir()
    (elsewhere / "x.yaml").write_text(minimal_text(), encoding="utf-8")
    (repo / "kladder").symlink_to(elsewhere)
    assert validate(repo, [repo / "kladder" / "x.yaml"]) == [Problem(str(repo / "kladder"), 1, 1, LINK_REFUSED)]


def test_the_checks_of_a_layer_above_add_their_problems(repo: Path) -> None:
    def count(catalog: Catalog) -> list[Problem]:
        return [Problem("historik.yaml", 1, 1, f"{len(catalog.forloeb)} forløb tjekket")]

    assert str(Problem("historik.yaml", 1, 1, f"{len(load_catalog(repo).forloeb)} forløb tjekket")) in [
        str(p) for p in validate(repo, extra=count)
    ]


def test_a_problem_reads_file_line_column_and_says_when_it_is_no_error() -> None:
    assert str(Problem("a.yaml", 3, 5, "ukendt nøgle")) == "a.yaml:3:5: ukendt nøgle"
    assert str(Problem("a.yaml", 3, 5, "tjek", "advarsel")) == "a.yaml:3:5: advarsel: tjek"
    assert str(Problem("a.yaml", 3, 5, "bemærk", "info")) == "a.yaml:3:5: info: bemærk"


def test_an_input_error_lists_every_problem_sorted_one_per_line() -> None:
    error = InputError([Problem("b.yaml", 1, 1, "to"), Problem("a.yaml", 2, 1, "et", "advarsel")])
    assert str(error) == "a.yaml:2:1: advarsel: et\nb.yaml:1:1: to"
