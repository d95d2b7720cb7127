"""scripts/check_overlaps.py on the shipped content, on a realistic register of divergent
hæmokromatose guidelines (tests/data/d4_haemokromatose.yaml), and on the pull requests CI must stop."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.overlap.check import check_overlaps
from tests.factories import ROOT

SCRIPT = ROOT / "scripts" / "check_overlaps.py"
TEST_REGISTER = ROOT / "tests" / "data" / "d4_haemokromatose.yaml"
PATHWAY = Path("pathways/gastroenterologi-hepatologi/haemokromatose.yaml")
COPY = Path("pathways/gastroenterologi-hepatologi/haemokromatose-kopi.yaml")
REGISTER = Path("pathways/_registre/d4.yaml")


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The script as CI runs it: from the repository root, so paths in messages are relative."""
    root = [] if "--root" in args else ["--root", "."]
    command = [sys.executable, str(SCRIPT), *root, *args]
    return subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=120)


def findings(repo: Path, *args: str) -> list[dict[str, Any]]:
    result = run(repo, "--format", "json", *args)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The number of the first line containing needle (after the first line containing `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def places(f: dict[str, Any]) -> list[tuple[str, int]]:
    return [(p["path"], p["line"]) for p in f["places"]]


def without_task_shifts(fs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in fs if f["kind"] != "opgaveglidning"]


@pytest.fixture
def divergent(repo: Path) -> Path:
    """The repository with the realistic register in place of the shipped one."""
    shutil.copy(TEST_REGISTER, repo / REGISTER)
    return repo


def copy_pathway(repo: Path, new_id: str = "haemokromatose-kopi", **replace: str) -> Path:
    text = (repo / PATHWAY).read_text(encoding="utf-8").replace("id: haemokromatose\n", f"id: {new_id}\n", 1)
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    path = repo / PATHWAY.with_name(f"{new_id}.yaml")
    path.write_text(text, encoding="utf-8")
    return path


# --- The shipped content ------------------------------------------------------------------------


def test_shipped_content_passes_with_only_task_shift_warnings() -> None:
    result = run(ROOT, "--format", "json")
    assert result.returncode == 0, result.stdout
    fs = json.loads(result.stdout)["findings"]
    assert {(f["severity"], f["kind"]) for f in fs} == {("advarsel", "opgaveglidning")}
    # MAS's steps in general practice hold under the national description (their `aftale`); the
    # concept's own example gives a task to the GP in a sentence, and that is reported, quoted.
    (shift,) = fs
    assert places(shift) == [(str(PATHWAY), line_of(ROOT / PATHWAY, "beskrivelse:", after="- id: aop"))]
    assert "«I øvrigt rådes der til screening af 1. grads slægtninge via egen læge.»" in shift["message"]
    assert (
        "Konceptbeskrivelsen for Behovsbestemt ambulatorie, afsnit 5.0: «Patientforløbsbeskrivelsen må ikke medføre "
        "opgaveglidning mod almen praksis eller den kommunale sygepleje.»" in shift["message"]
    )
    assert "uden aftale" not in shift["message"]
    assert "0 fejl, 1 advarsler, 0 info" in result.stderr


# --- The realistic register: exact findings -------------------------------------------------------


def test_divergent_haemokromatose_register_gives_exactly_these_findings(divergent: Path) -> None:
    reg, pw = divergent / REGISTER, divergent / PATHWAY

    def doc(dokid: str, needle: str) -> tuple[str, int]:
        return (str(REGISTER), line_of(reg, needle, after=f'dokid: "{dokid}"'))

    def pathway(needle: str) -> tuple[str, int]:
        return (str(PATHWAY), line_of(pw, needle))

    fs = findings(divergent)
    expected = [
        # Holbæk (referral limits as the pathway) against Slagelse (higher limits to start venesection).
        ("fejl", "kriterier", [doc("310412", "vaerdi: 200"), doc("318877", "vaerdi: 400")]),
        ("fejl", "kriterier", [doc("310412", "vaerdi: 300"), doc("318877", "vaerdi: 500")]),
        # Holbæk's treatment target (under 100) against Nykøbing F.'s (under 50), for both sexes.
        ("fejl", "kriterier", [doc("310412", "vaerdi: 100"), doc("324105", "vaerdi: 50")]),
        # The regional pathway against Slagelse.
        ("fejl", "kriterier", [pathway("vaerdi: 200"), doc("318877", "vaerdi: 400")]),
        ("fejl", "kriterier", [pathway("vaerdi: 300"), doc("318877", "vaerdi: 500")]),
        # The pathway's treatment target (the transition to the maintenance phase) against Nykøbing F.'s.
        ("fejl", "kriterier", [pathway("vaerdi: 100"), doc("324105", "vaerdi: 50")]),
        # Nykøbing F. copied the pathway's text about the venesection phase, with another target.
        (
            "advarsel",
            "tekst",
            [(str(PATHWAY), line_of(pw, "beskrivelse:", after="id: tapningsfase")), doc("324105", "uddrag:")],
        ),
        # Næstved's older instruction is to be merged into the pathway: settled, shown as info.
        ("info", "kriterier", [doc("310412", "vaerdi: 45"), doc("327640", "vaerdi: 50")]),
        ("info", "kriterier", [pathway("vaerdi: 45"), doc("327640", "vaerdi: 50")]),
    ]
    got = [(f["severity"], f["kind"], places(f)) for f in without_task_shifts(fs)]
    assert got == expected


def test_conflict_messages_quote_both_values_and_places(divergent: Path) -> None:
    fs = [f for f in findings(divergent) if f["kind"] == "kriterier"]
    slagelse_men = next(f for f in fs if str(PATHWAY) in f["message"] and "500" in f["message"])
    (a, la), (b, lb) = places(slagelse_men)
    assert f"forløbet 'haemokromatose' ({a}:{la}) siger ferritin > 300 µg/L" in slagelse_men["message"]
    assert f"D4-dokument 318877 (Slagelse Sygehus) ({b}:{lb}) siger ferritin > 500 μg/L" in slagelse_men["message"]
    assert slagelse_men["message"].startswith("Forskellige grænser for ferritin for mænd:")
    target = next(f for f in fs if "324105" in f["message"])
    assert target["message"].startswith("Forskellige grænser for ferritin:"), "both sexes: no sex named"
    assert "ferritin < 100 ug/L" in target["message"] and "ferritin < 50 µg/L" in target["message"]
    text = next(f for f in findings(divergent) if f["kind"] == "tekst")
    assert re.search(r"er 8\d % ens \(grænse 80 %\)", text["message"])


def test_unrelated_documents_are_not_flagged(divergent: Path) -> None:
    messages = " ".join(f["message"] for f in findings(divergent))
    for dokid in ("330218", "331954", "270942", "271388", "275160", "280455"):
        assert dokid not in messages


def test_divergent_register_fails_and_the_similarity_threshold_is_configurable(divergent: Path) -> None:
    assert run(divergent).returncode == 1
    assert [f for f in findings(divergent, "--similarity", "0.9") if f["kind"] == "tekst"] == []
    assert len([f for f in findings(divergent, "--similarity", "0,85") if f["kind"] == "tekst"]) == 1


def test_approving_the_pathway_requires_a_decision_for_every_overlapping_document(divergent: Path) -> None:
    pw = divergent / PATHWAY
    # The shipped pathway is the concept's example; here it stands for one SFR has approved.
    approved = 'status: godkendt\nversion: "1.0"\ngodkendt_dato: 2026-01-01\nnaeste_revision: 2028-01-01\n'
    pw.write_text(re.sub(r"^eksempel:\n(?:  .*\n)+", approved, pw.read_text(encoding="utf-8"), flags=re.M), "utf-8")
    missing = [f for f in findings(divergent) if f["kind"] == "d4-beslutning"]
    status_line = line_of(pw, "status: godkendt")
    reg = divergent / REGISTER
    assert [places(f) for f in missing] == [
        [(str(REGISTER), line_of(reg, "beslutning:", after=f'dokid: "{d}"')), (str(PATHWAY), status_line)]
        for d in ("310412", "324105")  # the undecided ones with DE831; not Wilson (DE830) or iron deficiency
    ]
    assert all(f["severity"] == "fejl" and "ingen beslutning" in f["message"] for f in missing)


# --- Pull requests that CI must stop --------------------------------------------------------------


def test_a_pathway_copied_under_a_new_id_fails_naming_both_files_and_lines(repo: Path) -> None:
    copy_pathway(repo)
    result = run(repo)
    assert result.returncode == 1
    code_line = line_of(repo / PATHWAY, "kode: DE831")
    (overlap,) = [line for line in result.stdout.splitlines() if "Overlappende patientgrupper" in line]
    assert overlap.startswith(f"{PATHWAY}:{code_line}:")
    assert f"({PATHWAY}:{code_line})" in overlap and f"({COPY}:{code_line})" in overlap
    assert "begge dækker DE831" in overlap and "patientgruppe.afgraensninger" in overlap


def test_a_threshold_contradicting_an_overlapping_document_fails(repo: Path) -> None:
    pw = repo / PATHWAY
    pw.write_text(pw.read_text(encoding="utf-8").replace("vaerdi: 300,", "vaerdi: 350,"), encoding="utf-8")
    fs = findings(repo)
    (conflict,) = [f for f in fs if f["severity"] == "fejl"]
    reg = repo / REGISTER
    assert places(conflict) == [
        (str(PATHWAY), line_of(pw, "vaerdi: 350")),
        (str(REGISTER), line_of(reg, "vaerdi: 300", after='dokid: "266083"')),
    ]
    assert "siger ferritin > 350 µg/L" in conflict["message"] and "siger ferritin > 300 µg/L" in conflict["message"]
    assert run(repo).returncode == 1


def test_a_threshold_contradicting_an_overlapping_pathway_fails(repo: Path) -> None:
    copy_pathway(repo, **{"vaerdi: 200,": "vaerdi: 250,"})
    kinds = sorted(f["kind"] for f in findings(repo) if f["severity"] == "fejl")
    assert kinds == ["kriterier", "kriterier", "patientgruppe"], (
        "the overlap, and the copy against both pathway and 266083"
    )


def afgraensning(other: str) -> str:
    return (
        "  afgraensninger:\n"
        f"    - forloeb: {other}\n"
        "      begrundelse: Forløbet gælder kun patienter i behandling med erytrocytaferese.\n"
    )


def test_a_delimitation_declared_on_both_sides_is_info(repo: Path) -> None:
    pw = repo / PATHWAY
    anchor = "  alder:\n    min: 18\n"
    copy_pathway(repo, **{anchor: anchor + afgraensning("haemokromatose"), "vaerdi: 200,": "vaerdi: 250,"})
    pw.write_text(pw.read_text(encoding="utf-8").replace(anchor, anchor + afgraensning("haemokromatose-kopi")))
    fs = findings(repo)
    (info,) = [f for f in fs if f["kind"] == "afgraensning"]
    assert info["severity"] == "info"
    assert places(info) == [
        (str(PATHWAY), line_of(pw, "forloeb: haemokromatose-kopi")),
        (str(COPY), line_of(repo / COPY, "forloeb: haemokromatose")),
    ]
    # Delimited pathways may have different criteria; the copy's other limit still contradicts 266083.
    (error,) = [f for f in fs if f["severity"] == "fejl"]
    assert error["kind"] == "kriterier" and [p for p, _ in places(error)] == [str(COPY), str(REGISTER)]


def test_a_delimitation_declared_on_one_side_only_fails(repo: Path) -> None:
    anchor = "  alder:\n    min: 18\n"
    copy_pathway(repo, **{anchor: anchor + afgraensning("haemokromatose")})
    (error,) = [f for f in findings(repo) if f["kind"] == "patientgruppe"]
    assert error["severity"] == "fejl" and "men ikke omvendt" in error["message"]
    assert places(error) == [
        (str(COPY), line_of(repo / COPY, "forloeb: haemokromatose")),
        (str(PATHWAY), line_of(repo / PATHWAY, "kode: DE831")),
    ]


@pytest.mark.parametrize(
    "replace",
    [
        {"  alder:\n    min: 18\n": "  alder:\n    max: 17\n"},  # children: another patient group
        {"\neksempel:": "\nstatus: udgaaet\neksempel:"},  # a retired pathway is ignored
        {"kode: DE831": "kode: DE830"},  # a sibling code, not a prefix
    ],
)
def test_no_overlap(repo: Path, replace: dict[str, str]) -> None:
    copy_pathway(repo, **replace)
    assert [f for f in findings(repo) if f["kind"] == "patientgruppe"] == []


def test_a_broader_code_overlaps(repo: Path) -> None:
    copy_pathway(repo, **{"kode: DE831": "kode: DE83"})
    (overlap,) = [f for f in findings(repo) if f["kind"] == "patientgruppe"]
    assert "DE83 omfatter DE831" in overlap["message"]


# --- A register split over several files ---------------------------------------------------------

SPLIT = Path("pathways/_registre/d4/slagelse.yaml")
SPLIT_AT = '  - dokid: "318877"'


def split_register(repo: Path) -> int:
    """Move the test register's documents from SPLIT_AT on into d4/slagelse.yaml; the number of
    lines they moved up by (the new file has one header line)."""
    lines = TEST_REGISTER.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.rstrip() == SPLIT_AT)
    (repo / REGISTER).write_text("".join(lines[:at]), encoding="utf-8")
    (repo / SPLIT).parent.mkdir()
    (repo / SPLIT).write_text("dokumenter:\n" + "".join(lines[at:]), encoding="utf-8")
    return at - 1


def moved(finding: dict[str, Any], first_moved_line: int, shift: int) -> dict[str, Any]:
    """The finding as it reads when the lines from first_moved_line on stand in SPLIT instead."""

    def place(m: re.Match[str]) -> str:
        line = int(m.group(1))
        return f"{SPLIT}:{line - shift}" if line >= first_moved_line else m.group(0)

    def where(p: dict[str, Any]) -> dict[str, Any]:
        if p["path"] == str(REGISTER) and p["line"] >= first_moved_line:
            return {**p, "path": str(SPLIT), "line": p["line"] - shift}
        return p

    message = re.sub(rf"{re.escape(str(REGISTER))}:(\d+)", place, finding["message"])
    return {**finding, "message": message, "places": [where(p) for p in finding["places"]]}


def test_a_register_split_over_files_gives_the_same_findings_at_the_right_places(divergent: Path) -> None:
    whole = findings(divergent)
    shift = split_register(divergent)
    first_moved_line = shift + 2
    expected = [moved(f, first_moved_line, shift) for f in whole]
    key = lambda f: f["message"]  # noqa: E731
    assert sorted(findings(divergent), key=key) == sorted(expected, key=key)
    assert any(p["path"] == str(SPLIT) for f in expected for p in f["places"])  # the split mattered


def test_a_dokid_in_two_register_files_fails_naming_the_first(divergent: Path) -> None:
    split_register(divergent)
    first = (divergent / REGISTER).read_text(encoding="utf-8").split("\n  - dokid:")[1]
    with (divergent / SPLIT).open("a", encoding="utf-8") as f:
        f.write("  - dokid:" + first.rstrip() + "\n")
    result = run(divergent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(
        rf"^{re.escape(str(SPLIT))}:\d+:\d+: Fejl i input: '310412' står allerede i {re.escape(str(REGISTER))}$",
        result.stdout,
        re.M,
    ), result.stdout


# --- References between pathways and the register (checked by the catalog, reported here) ---------


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        (
            PATHWAY,
            "relaterede:",
            'erstatter_d4: ["999999"]\n\nrelaterede:',
            "D4-dokument 999999 findes ikke i bruttolisten",
        ),
        (REGISTER, "erstattes_af: haemokromatose", "erstattes_af: findes-ikke", "forløbet 'findes-ikke' findes ikke"),
    ],
)
def test_broken_references_fail_as_input_errors(repo: Path, path: Path, old: str, new: str, message: str) -> None:
    target = repo / path
    target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = run(repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: Fejl i input: .*{re.escape(message)}", result.stdout, re.M)
    (gh,) = run(repo, "--format", "github").stdout.splitlines()
    assert gh.startswith(f"::error file={path},line=") and message in gh


def test_a_missing_repository_is_reported_without_a_traceback(tmp_path: Path) -> None:
    result = run(tmp_path, "--root", str(tmp_path / "findes-ikke"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "kan ikke læse filen" in result.stdout


# --- The output formats, from the script ----------------------------------------------------------


def test_github_format_annotates_both_sides_of_every_finding(divergent: Path) -> None:
    result = run(divergent, "--format", "github")
    lines = result.stdout.splitlines()
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)$")
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed), [line for line, m in zip(lines, parsed, strict=True) if not m]
    fs = findings(divergent)
    assert len(lines) == sum(len(f["places"]) for f in fs)
    pathway_vs_slagelse = [m for m in parsed if m and m[1] == "error" and "318877" in m[6] and str(PATHWAY) in m[6]]
    assert sorted(m[2] for m in pathway_vs_slagelse) == sorted([str(PATHWAY)] * 2 + [str(REGISTER)] * 2)
    assert {m[5] for m in parsed if m} == {"Modstridende kriterier", "Næsten ens tekst", "Opgaveglidning"}
    assert result.returncode == 1 and "6 fejl, 2 advarsler, 2 info" in result.stderr


def test_json_format_fields(divergent: Path) -> None:
    data = json.loads(run(divergent, "--format", "json").stdout)
    assert data["summary"] == {"fejl": 6, "advarsel": 2, "info": 2}
    for f in data["findings"]:
        assert set(f) == {"severity", "kind", "title", "message", "places"}
        assert f["places"] and all(set(p) == {"path", "line", "col"} for p in f["places"])
        for p in f["places"]:  # every place is named in the message, so it reads the same anywhere
            assert f"{p['path']}:{p['line']}" in f["message"]


def test_library_and_script_agree(divergent: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(divergent)
    from_library = [(f.severity, f.kind, f.message) for f in check_overlaps(load_catalog(divergent))]
    from_script = [(f["severity"], f["kind"], f["message"]) for f in findings(divergent)]
    assert from_library == from_script
