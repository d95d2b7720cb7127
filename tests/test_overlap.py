"""scripts/check_overlaps.py on the shipped content, on a realistic register of divergent
hæmokromatose guidelines (tests/data/d4_haemokromatose.yaml), and on the pull requests CI must stop."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forloeb.forked import Forked
from forloeb.load.catalog import load_catalog
from forloeb.overlap import check as check_module
from forloeb.overlap.bruttoliste import ThresholdConflict
from forloeb.overlap.check import Limits, analyse, check_overlaps
from scripts import check_overlaps as check_script
from tests.factories import ROOT
from tests.inprocess import Ran, run_main

TEST_REGISTER = ROOT / "tests" / "data" / "d4_haemokromatose.yaml"
PATHWAY = Path("pathways/gastroenterologi-hepatologi/haemokromatose.yaml")
COPY = Path("pathways/gastroenterologi-hepatologi/haemokromatose-kopi.yaml")
REGISTER = Path("pathways/_registre/d4.yaml")


def run(repo: Path, *args: str) -> Ran:
    """The script as CI runs it, from the repository root so paths in messages are relative; in this
    process (tests/inprocess.py): the script as a process is tested in tests/test_readme_promises.py."""
    root = [] if "--root" in args else ["--root", "."]
    return run_main(check_script.main, [*root, *args], cwd=repo)


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


def test_shipped_content_passes_with_warnings_but_no_errors() -> None:
    result = run(ROOT, "--format", "json")
    assert result.returncode == 0, result.stdout
    fs = json.loads(result.stdout)["findings"]
    assert {(f["severity"], f["kind"]) for f in fs} == {
        ("advarsel", "opgaveglidning"),
        ("advarsel", "d4-bruttoliste"),  # the MAS document, which no working group has assessed
        ("info", "d4-fremdrift"),  # the example recommendations, which no SFR has approved
    }
    # MAS's steps in general practice hold under the national description (their `aftale`); the
    # concept's own example gives a task to the GP in a sentence, and that is reported, quoted.
    (shift,) = [f for f in fs if f["kind"] == "opgaveglidning"]
    assert places(shift) == [(str(PATHWAY), line_of(ROOT / PATHWAY, "beskrivelse:", after="- id: aop"))]
    assert "«I øvrigt rådes der til screening af 1. grads slægtninge via egen læge.»" in shift["message"]
    assert (
        "Konceptbeskrivelsen for Behovsbestemt ambulatorie, afsnit 5.0: «Patientforløbsbeskrivelsen må ikke medføre "
        "opgaveglidning mod almen praksis eller den kommunale sygepleje.»" in shift["message"]
    )
    assert "uden aftale" not in shift["message"]
    (unassessed,) = [f for f in fs if f["kind"] == "d4-bruttoliste"]
    assert "D4-dokument 280455" in unassessed["message"] and "forløbet 'mas'" in unassessed["message"]
    assert "0 fejl, 2 advarsler, 8 info" in result.stderr


def test_a_small_catalogs_checks_without_documents_run_here_a_large_ones_in_a_copy_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog = load_catalog(ROOT)
    made: list[bool] = []

    class Recorded(Forked[Any]):
        def __init__(self, work: Any, **options: Any) -> None:
            made.append(options.get("here", False))
            super().__init__(work, **options)

    monkeypatch.setattr(check_module, "Forked", Recorded)
    here = analyse(catalog, Limits(today=date(2026, 1, 1)))
    monkeypatch.setattr(check_module, "ASIDE_FROM", len(catalog.forloeb))
    copied = analyse(catalog, Limits(today=date(2026, 1, 1)))
    assert made == [True, False]
    assert here.findings == copied.findings and {f.kind for f in here.findings} >= {"opgaveglidning", "d4-fremdrift"}


# --- The realistic register: exact findings -------------------------------------------------------


def test_divergent_haemokromatose_register_gives_exactly_these_findings(divergent: Path) -> None:
    reg, pw, mas = divergent / REGISTER, divergent / PATHWAY, divergent / "pathways/intern-medicin/mas.yaml"

    def doc(dokid: str, needle: str) -> tuple[str, int]:
        return (str(REGISTER), line_of(reg, needle, after=f'dokid: "{dokid}"'))

    def pathway(needle: str) -> tuple[str, int]:
        return (str(PATHWAY), line_of(pw, needle))

    fs = findings(divergent, "--dato", "2026-06-01")
    expected = [
        # Holbæk's treatment target (under 100) against Nykøbing F.'s (under 50), for both sexes.
        ("fejl", "kriterier", [doc("310412", "vaerdi: 100"), doc("324105", "vaerdi: 50")]),
        # The pathway's treatment target (the transition out of the venesection phase) against Nykøbing F.'s.
        ("fejl", "kriterier", [pathway("vaerdi: 100"), doc("324105", "vaerdi: 50")]),
        # Documents covering the draft pathway's patients without a recommendation: the working
        # group's list while it writes (Slagelse's start of treatment is recommended revised already).
        # (The pathway is the concept's example, without a status: the finding points at its id.)
        ("advarsel", "d4-bruttoliste", [doc("310412", 'dokid: "310412"'), pathway("id: haemokromatose")]),
        ("advarsel", "d4-bruttoliste", [doc("324105", 'dokid: "324105"'), pathway("id: haemokromatose")]),
        (
            "advarsel",
            "d4-bruttoliste",
            [doc("280455", 'dokid: "280455"'), (str(mas.relative_to(divergent)), line_of(mas, "id: mas"))],
        ),
        # Nykøbing F. copied the pathway's text about the venesection phase, with another target.
        (
            "advarsel",
            "d4-afsnit",
            [(str(PATHWAY), line_of(pw, "beskrivelse:", after="id: tapningsfase")), doc("324105", "uddrag:")],
        ),
        # Næstved's older instruction is to be merged into the pathway: settled, shown as info.
        ("info", "kriterier", [doc("310412", "vaerdi: 45"), doc("327640", "vaerdi: 50")]),
        # Recommendations waiting for SFR's approval.
        *(("info", "d4-fremdrift", [doc(d, "handling:")]) for d in ("318877", "327640", "270942", "271388", "275160")),
        ("info", "kriterier", [pathway("vaerdi: 45"), doc("327640", "vaerdi: 50")]),
    ]
    got = [(f["severity"], f["kind"], places(f)) for f in without_task_shifts(fs)]
    assert got == expected


def test_thresholds_are_compared_only_with_the_same_purpose(divergent: Path) -> None:
    fs = [f for f in findings(divergent) if f["kind"] == "kriterier"]
    # Slagelse starts venesection at ferritin > 400/500: not the pathway's referral limits (> 200/300).
    assert not any("318877" in f["message"] for f in fs)
    # The iron-deficiency document's start of treatment (ferritin < 30) is compared with nothing either.
    assert not any("331954" in f["message"] for f in fs)


def test_conflict_messages_name_the_purpose_both_values_and_places(divergent: Path) -> None:
    fs = [f for f in findings(divergent) if f["kind"] == "kriterier"]
    target = next(f for f in fs if str(PATHWAY) in f["message"] and "324105" in f["message"])
    (a, la), (b, lb) = places(target)
    assert target["message"] == (
        f"Behandlingsmål for ferritin: < 100 µg/L i forløbet 'haemokromatose' ({a}:{la}), < 50 µg/L i "
        f"D4-dokument 324105 (Nykøbing F. Sygehus) ({b}:{lb}). Er det forløbet, der er forkert, så ret det; "
        "ellers skal arbejdsgruppen anbefale D4-dokumentet slettet, sammenskrevet eller revideret med rettede "
        "kriterier i bruttolisten."
    )
    transferrin = next(f for f in fs if "327640" in f["message"] and str(PATHWAY) in f["message"])
    assert transferrin["message"].startswith("Henvisning for transferrinmaetning: > 45 % i forløbet")


def test_a_repeated_passage_quotes_both_sides_with_the_score(divergent: Path) -> None:
    (passage,) = [f for f in findings(divergent) if f["kind"] == "d4-afsnit"]
    message = passage["message"]
    assert message.startswith("Fasen 'tapningsfase', afsnit 1 i forløbet 'haemokromatose'")
    assert "D4-dokument 324105 (Nykøbing F. Sygehus), afsnit 1" in message
    assert re.search(r"(\d+) % af afsnittets ord \(grænse 60 %\)", message)
    assert "Forløbet: »Primær behandling er venesectio inddelt i to faser" in message
    assert "Dokumentet: »Primær behandling er venesectio" in message and "Ferritin er under 50 μg/L" in message


def test_unrelated_documents_are_not_flagged(divergent: Path) -> None:
    messages = " ".join(f["message"] for f in findings(divergent) if f["kind"] != "d4-fremdrift")
    for dokid in ("330218", "331954", "270942", "271388", "275160"):
        assert dokid not in messages


def test_divergent_register_fails_and_the_limits_are_configurable(divergent: Path) -> None:
    assert run(divergent).returncode == 1
    assert [f for f in findings(divergent, "--containment", "0.99") if f["kind"] == "d4-afsnit"] == []
    assert len([f for f in findings(divergent, "--containment", "0,5") if f["kind"] == "d4-afsnit"]) == 1
    bad = run(divergent, "--containment", "2")
    assert bad.returncode == 2 and "højst 1" in bad.stderr


def test_approving_the_pathway_turns_missing_recommendations_into_errors(divergent: Path) -> None:
    pw = divergent / PATHWAY
    # The shipped pathway is the concept's example; here it stands for one SFR has approved.
    approved = 'status: godkendt\nversion: "1.0"\ngodkendt_dato: 2026-01-01\nnaeste_revision: 2028-01-01\n'
    pw.write_text(re.sub(r"^eksempel:\n(?:  .*\n)+", approved, pw.read_text(encoding="utf-8"), flags=re.M), "utf-8")
    missing = [f for f in findings(divergent) if f["kind"] == "d4-bruttoliste" and str(PATHWAY) in f["message"]]
    status_line = line_of(pw, "status: godkendt")
    reg = divergent / REGISTER
    assert [places(f) for f in missing] == [
        [(str(REGISTER), line_of(reg, f'dokid: "{d}"')), (str(PATHWAY), status_line)]
        for d in (
            "310412",
            "324105",
        )  # those without a recommendation with DE831; not Wilson (DE830) or iron deficiency
    ]
    assert all(f["severity"] == "fejl" and "ingen anbefaling" in f["message"] for f in missing)


# --- The decision: recommended, approved by SFR, carried out in D4 -----------------------------------


def recommend(repo: Path, dokid: str, extra: str) -> None:
    reg = repo / REGISTER
    text = reg.read_text(encoding="utf-8")
    anchor = f'  - dokid: "{dokid}"\n'
    assert anchor in text
    block = (
        f"    anbefaling:\n      handling: slettes\n      begrundelse: Dækket af forløbet.\n"
        f"      dato: 2026-01-10\n{extra}"
    )
    start = text.index(anchor)
    end = text.find("\n\n", start)
    reg.write_text(text[:end] + "\n" + block.rstrip("\n") + text[end:], encoding="utf-8")


def test_a_recommendation_waits_for_sfr_then_for_d4_within_the_deadline(divergent: Path) -> None:
    recommend(divergent, "324105", "    sfr_godkendelse:\n      dato: 2026-02-01\n")
    recommend(divergent, "310412", "")
    steps = {
        f["message"].split(" ")[1]: f
        for f in findings(divergent, "--dato", "2026-06-01")
        if f["kind"] == "d4-fremdrift"
    }
    assert steps["310412"]["severity"] == "info" and "siden 2026-01-10" in steps["310412"]["message"]
    assert "venter på SFR's godkendelse" in steps["310412"]["message"]
    overdue = steps["324105"]
    assert overdue["severity"] == "advarsel"
    assert "ikke gennemført i D4 efter 120 dage (frist 90 dage)" in overdue["message"]
    in_time = [
        f
        for f in findings(divergent, "--dato", "2026-06-01", "--frist", "180")
        if "324105" in f["message"] and f["kind"] == "d4-fremdrift"
    ]
    assert in_time == []
    # Carried out: nothing left to wait for; what it said differently is settled by its deletion.
    reg = divergent / REGISTER
    reg.write_text(
        reg.read_text(encoding="utf-8").replace(
            "      dato: 2026-02-01\n",
            "      dato: 2026-02-01\n    gennemfoert:\n      dato: 2026-03-01\n      udgaaet: true\n",
        ),
        encoding="utf-8",
    )
    about = [f for f in findings(divergent, "--dato", "2026-06-01") if "D4-dokument 324105" in f["message"]]
    assert {f["kind"] for f in about} == {"kriterier", "d4-afsnit"}
    assert {f["severity"] for f in about} == {"info"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    anbefaling:\n      handling: revideres\n",
            "    sfr_godkendelse:\n      dato: 2026-01-01\n    anbefaling:\n      handling: revideres\n",
            None,
        ),
        (
            "      handling: revideres\n",
            "      handling: sammenskrives\n",
            "anbefalingen sammenskrives kræver erstattes_af",
        ),
    ],
)
def test_the_decision_steps_must_come_in_order(divergent: Path, old: str, new: str, message: str | None) -> None:
    reg = divergent / REGISTER
    text = reg.read_text(encoding="utf-8")
    assert old in text
    reg.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run(divergent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    if message:
        assert message in result.stdout


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
    assert "Henvisning for ferritin for mænd: > 350 µg/L i forløbet" in conflict["message"]
    assert "> 300 µg/L i D4-dokument 266083" in conflict["message"]
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
    pathway_vs_nykoebing = [m for m in parsed if m and m[1] == "error" and "324105" in m[6] and str(PATHWAY) in m[6]]
    assert sorted(m[2] for m in pathway_vs_nykoebing) == sorted([str(PATHWAY), str(REGISTER)])
    assert {m[5] for m in parsed if m} == {
        "Modstridende kriterier",
        "D4-dokument uden anbefaling",
        "Afsnit gentaget i D4-dokument",
        "D4-oprydningens fremdrift",
        "Opgaveglidning",
    }
    assert result.returncode == 1 and "2 fejl, 5 advarsler, 7 info" in result.stderr


def test_json_format_fields(divergent: Path) -> None:
    data = json.loads(run(divergent, "--format", "json").stdout)
    assert data["summary"] == {"fejl": 2, "advarsel": 5, "info": 7}
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


# --- What each finding asks for, and what the D4 pages show ---------------------------------------


def advice(message: str) -> str:
    """The last sentence of a finding's message: who must act, and how."""
    return re.split(r"(?<=\.) (?=[A-ZÆØÅ])", message)[-1]


def test_each_contradiction_says_who_must_settle_it(divergent: Path) -> None:
    """Two documents: the working group harmonises them; a document to be deleted or merged: settled by that
    recommendation (info); two pathways: their editors correct one or delimit the patient groups."""
    fs = [f for f in findings(divergent) if f["kind"] == "kriterier"]

    def about(*names: str) -> dict[str, Any]:
        (f,) = [f for f in fs if all(n in f["message"] for n in names)]
        return f

    assert advice(about("310412", "324105")["message"]) == (
        "Arbejdsgruppen skal harmonisere dokumenterne: anbefal det ene slettet eller sammenskrevet, eller "
        "revideret med rettede kriterier i bruttolisten."
    )
    settled = about("310412", "327640")
    assert settled["severity"] == "info"
    assert advice(settled["message"]) == (
        "Afvigelsen er afgjort af anbefalingen om at slette eller sammenskrive D4-dokumentet."
    )
    copy_pathway(divergent, **{"vaerdi: 200,": "vaerdi: 250,"})
    (pathways,) = [
        f
        for f in findings(divergent)
        if f["kind"] == "kriterier" and "forløbet 'haemokromatose-kopi'" in f["message"] and "D4" not in f["message"]
    ]
    assert pathways["severity"] == "fejl"
    assert advice(pathways["message"]) == (
        "Ret det ene forløb, så grænserne er ens, eller afgræns patientgrupperne i patientgruppe.afgraensninger "
        "i begge forløb."
    )


def test_the_d4_pages_show_which_documents_cover_a_pathway_why_and_in_which_thresholds_they_differ(
    divergent: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per pathway, the documents that cover its patients: by a shared code, by repeating its text, or as the
    register says (erstattes_af). Per pathway and document, each contradicting threshold: the purpose, the
    parameter, the sexes, the pathway's value and the document's; contradictions between two documents or two
    pathways are findings only."""
    monkeypatch.chdir(divergent)
    copy_pathway(divergent, **{"vaerdi: 200,": "vaerdi: 250,"})  # contradicts the pathway and 310412 too
    analysis = analyse(load_catalog(Path(".")), Limits(today=date(2026, 6, 1), workers=1))
    assert analysis.bruttoliste.by_pathway["haemokromatose"] == [
        ("310412", ("kode",)),
        ("318877", ("kode",)),
        ("324105", ("kode", "tekst")),
        ("327640", ("kode", "erstattes_af")),
    ]
    referral, target = "henvisning", "behandlingsmaal"
    assert dict(analysis.coverage.conflicts) == {
        ("haemokromatose", "324105"): [ThresholdConflict(target, "ferritin", "", "< 100 µg/L", "< 50 µg/L")],
        ("haemokromatose", "327640"): [
            ThresholdConflict(referral, "transferrinmaetning", "", "> 45 %", "> 50 procent")
        ],
        ("haemokromatose-kopi", "310412"): [
            ThresholdConflict(referral, "ferritin", " for kvinder", "> 250 µg/L", "> 200 ug/L")
        ],
        ("haemokromatose-kopi", "324105"): [ThresholdConflict(target, "ferritin", "", "< 100 µg/L", "< 50 µg/L")],
        ("haemokromatose-kopi", "327640"): [
            ThresholdConflict(referral, "transferrinmaetning", "", "> 45 %", "> 50 procent")
        ],
    }
