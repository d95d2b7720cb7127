"""The D4 register's references, checked when the catalog is loaded: each problem at its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from forloeb.load.catalog import load_catalog
from forloeb.load.problems import InputError, Problem

REGISTER = Path("pathways/_registre/d4.yaml")


def document(dokid: str, **fields: Any) -> dict[str, Any]:
    return {
        "dokid": dokid,
        "titel": f"Testdokument {dokid} (fiktivt)",
        "matrikel": "Holbæk Sygehus",
        "afdeling": "Medicinsk Afdeling",
        "speciale": "gastroenterologi-hepatologi",
        "eksempel": True,
        "kilde": "Fiktivt testdokument.",
        **fields,
    }


def register_problems(repo: Path, *documents: dict[str, Any]) -> list[Problem]:
    """The register's problems when it holds exactly these documents (written one key per line)."""
    path = repo / REGISTER
    path.write_text(yaml.safe_dump({"dokumenter": list(documents)}, allow_unicode=True, sort_keys=False), "utf-8")
    catalog = load_catalog(repo, strict=False)
    return [p for p in catalog.problems if p.path.endswith("d4.yaml")]


def line_of(repo: Path, text: str, after: int = 0) -> int:
    lines = (repo / REGISTER).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and text in line)


def test_a_register_without_problems_loads_its_documents_and_text_files(repo: Path) -> None:
    (repo / REGISTER.parent / "100001.txt").write_text("Tekst fra D4.\n", encoding="utf-8")
    assert register_problems(repo, document("100001", tekstfil="100001.txt"), document("100002")) == []
    catalog = load_catalog(repo, strict=False)
    assert catalog.d4_text_files == {"100001": repo / REGISTER.parent / "100001.txt"}


def test_a_missing_text_file_is_an_error_at_its_key(repo: Path) -> None:
    (problem,) = register_problems(repo, document("100002"), document("100001", tekstfil="100001.txt"))
    assert (problem.line, problem.col, problem.severity) == (line_of(repo, "tekstfil: 100001.txt"), 13, "fejl")
    assert "100001.txt" in problem.message


def test_merging_with_itself_or_with_an_unknown_document_is_an_error_at_the_reference(repo: Path) -> None:
    anbefaling = {"handling": "sammenskrives", "begrundelse": "b", "sammenskrives_med": ["100002", "100001", "999999"]}
    problems = register_problems(repo, document("100002"), document("100001", anbefaling=anbefaling))
    first = line_of(repo, "sammenskrives_med:")
    assert [(p.line, p.message, p.severity) for p in problems] == [
        (first + 2, "D4-dokument 100001 er dokumentet selv", "fejl"),
        (first + 3, "D4-dokument 999999 er ikke i bruttolisten", "fejl"),
    ]


@pytest.mark.parametrize(("extracted", "severity"), [(False, "advarsel"), (True, "info")])
def test_a_threshold_without_purpose_is_named_a_warning_or_for_a_machine_extract_information(
    repo: Path, extracted: bool, severity: str
) -> None:
    kriterier = [
        {
            "tekst": "Ferritin over grænsen",
            "graensevaerdier": [
                {"parameter": "ferritin", "operator": ">", "vaerdi": 200, "enhed": "µg/L", "formaal": "henvisning"},
                {"parameter": "transferrinmaetning", "operator": ">", "vaerdi": 45, "enhed": "%"},
            ],
        }
    ]
    (problem,) = register_problems(repo, document("100001", kriterier=kriterier, maskinudtrukket=extracted))
    assert problem.line == line_of(repo, "- parameter: transferrinmaetning")
    assert problem.severity == severity
    assert problem.message == (
        "grænseværdien for transferrinmaetning har intet formaal og sammenlignes derfor ikke; angiv formaal "
        "(henvisning, behandlingsstart, behandlingsmaal, kontrol eller akut)"
    )


def test_a_strict_load_raises_with_every_error_and_no_warning(repo: Path) -> None:
    kriterier = [{"tekst": "t", "graensevaerdier": [{"parameter": "p", "operator": ">", "vaerdi": 1, "enhed": "%"}]}]
    found = register_problems(repo, document("100001", tekstfil="mangler.txt"), document("100002", kriterier=kriterier))
    assert sorted(p.severity for p in found) == ["advarsel", "fejl"]
    errors = [p for p in load_catalog(repo, strict=False).problems if p.is_error]
    with pytest.raises(InputError) as info:
        load_catalog(repo, strict=True)
    assert info.value.problems == sorted(errors) and next(p for p in found if p.is_error) in errors
