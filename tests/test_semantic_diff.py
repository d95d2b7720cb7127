"""The change summary, on real edits of the shipped pathways: copy the file, edit its text, compare."""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from types import NoneType
from typing import Any, get_args

import pytest

from forloeb.history.diff_markdown import md, render, word_diff
from forloeb.history.semantic_diff import SECTION_OF, Change, PathwayDiff, compare, frequency, lower_first
from forloeb.load.loader import load, nested_models
from forloeb.model import labels
from forloeb.model.pathway import Forloeb, Hyppighed
from scripts import diff_pathways
from tests.factories import ROOT, minimal_pathway
from tests.gitutil import commit_all, git, init_repo
from tests.inprocess import Ran, run_main

HAEMO = ROOT / "pathways/gastroenterologi-hepatologi/haemokromatose.yaml"
RA = ROOT / "pathways/reumatologi/reumatoid-artritis-stabil-fase.yaml"
MAS = ROOT / "pathways/intern-medicin/mas.yaml"


EXAMPLE_BLOCK = re.compile(r"^eksempel:\n(?:  .*\n)+", re.M)


def as_real(source: Path, status: str = "til-godkendelse", version: str = "1.0") -> str:
    """A shipped example's text as if a working group had adopted it: a status and a version instead
    of the example marker. The shipped examples have neither, and an example cannot be submitted."""
    text = source.read_text(encoding="utf-8")
    assert EXAMPLE_BLOCK.search(text)
    return EXAMPLE_BLOCK.sub(f'status: {status}\nversion: "{version}"\n', text, count=1)


def real(tmp_path: Path, source: Path) -> Path:
    out = tmp_path / "real" / source.name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(as_real(source), encoding="utf-8")
    return out


def edit(tmp_path: Path, source: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of a shipped pathway with text replaced, as an editor would change it."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, f"the edit must hit exactly one place: {old!r}"
        text = text.replace(old, new)
    out = tmp_path / source.name
    out.write_text(text, encoding="utf-8")
    return out


def model(path: Path) -> Forloeb:
    loaded = load(path, Forloeb)
    assert loaded.model is not None, loaded.problems
    return loaded.model


def diff_of(source: Path, edited: Path) -> PathwayDiff:
    return compare(model(source), model(edited))


def lines(diff: PathwayDiff) -> str:
    return render(diff)


def run_cli(*args: str, cwd: Path = ROOT) -> Ran:
    return run_main(diff_pathways.main, list(args), cwd=cwd)


# --- Kinds of change --------------------------------------------------------------------------------


def test_form_and_frequency_change_is_one_line(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        RA,
        (
            "    form: video\n    hyppighed: {type: interval, fra: 1, enhed: aar, tekst: En gang årligt}",
            "    form: fysisk\n    hyppighed: {type: interval, fra: 6, enhed: maaned, tekst: Hver 6. måned}",
        ),
    )
    diff = diff_of(RA, edited)
    assert diff.in_section("Trin") == [
        Change(
            "Trin",
            "aendret",
            "Årsstatus ved læge (video)",
            None,
            "video en gang årligt",
            "fysisk fremmøde hver 6. måned",
        )
    ]
    assert "- **Årsstatus ved læge (video)**: video en gang årligt → fysisk fremmøde hver 6. måned" in lines(diff)


def test_contacts_per_year_before_and_after_per_phase(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        RA,
        (
            "    form: video\n    hyppighed: {type: interval, fra: 1, enhed: aar, tekst: En gang årligt}",
            "    form: fysisk\n    hyppighed: {type: interval, fra: 6, enhed: maaned, tekst: Hver 6. måned}",
        ),
    )
    diff = diff_of(RA, edited)
    stabil = next(r for r in diff.figures if r.titel == "Behovsstyret kontrol i stabil fase")
    assert stabil.before and stabil.after
    assert stabil.after.kontakter_pr_aar.lo == pytest.approx(stabil.before.kontakter_pr_aar.lo + 1)
    assert stabil.after.virtuelle_pr_aar.lo == pytest.approx(stabil.before.virtuelle_pr_aar.lo - 1)
    text = lines(diff)
    assert "| Behovsstyret kontrol i stabil fase | 16 → 17 | 69 % → 59 % | 0 | 0 |" in text
    assert "| Opstart | 0 | – | 1 | 0 |" in text, "an unchanged phase shows one value"


def test_step_added_and_removed(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        HAEMO,
        # Leverbiopsi removed, with the way to it from AOP.
        (
            "      - til: leverbiopsi\n        betingelse: Ferritin over 1000 µg/L\n",
            "",
        ),
        (HAEMO.read_text(encoding="utf-8").split("  - id: leverbiopsi\n")[1].split("  - id: tapning\n")[0], ""),
        ("  - id: leverbiopsi\n", ""),
        # A nurse's phone call added in the maintenance phase.
        (
            "      - til: blodbank\n        betingelse: Stabilt jernniveau",
            "      - til: telefonopfoelgning\n        betingelse: Spørgsmål til svarene\n"
            "      - til: blodbank\n        betingelse: Stabilt jernniveau",
        ),
        (
            "opfoelgning: >-",
            "  - id: telefonopfoelgning\n    titel: Telefonopfølgning hos sygeplejerske\n    type: konsultation\n"
            "    fase: vedligeholdelsesfase\n    udfoerer: sygeplejerske\n    form: telefon\n"
            "    hyppighed: {type: interval, fra: 6, enhed: maaned, tekst: Hver 6. måned}\n"
            "    overgange:\n      - til: blodproever-vedligehold\n\nopfoelgning: >-",
        ),
    )
    diff = diff_of(HAEMO, edited)
    trin = diff.in_section("Trin")
    assert (
        Change(
            "Trin",
            "fjernet",
            "Leverbiopsi",
            old="undersøgelse/prøve, fase «Udredning», kun ved ferritin over 1000 µg/L",
            noun="trin",
        )
        in trin
    )
    assert (
        Change(
            "Trin",
            "tilfoejet",
            "Telefonopfølgning hos sygeplejerske",
            new="konsultation, fase «Vedligeholdelsesfase», sygeplejerske, telefon, hver 6. måned",
            noun="trin",
        )
        in trin
    )
    assert (
        Change(
            "Trin",
            "fjernet",
            "AOP – første ambulante besøg",
            "overgange",
            old="til «Leverbiopsi» når: Ferritin over 1000 µg/L",
        )
        in trin
    )
    text = lines(diff)
    assert "- Fjernet trin **Leverbiopsi**" in text
    assert "- Tilføjet trin **Telefonopfølgning hos sygeplejerske**: konsultation" in text
    # The phone call lies on the loop of the 3-4-monthly control, not in the blood-bank branch.
    assert (
        "| Vedligeholdelsesfase, gren: Jævnlig kontrol af ferritin og hæmoglobin | 0 → 2 | – → 100 % | 1 | 1 |" in text
    )
    blodbank = next(line for line in text.splitlines() if "gren: Overgang til behandling i blodbank" in line)
    assert blodbank.endswith("| 0 | – | 1 | 0 |"), "the other branch is unchanged and not added to"


def test_threshold_and_criterion_changes(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        HAEMO,
        ("vaerdi: 200, enhed: µg/L, koen: kvinde", "vaerdi: 250, enhed: µg/L, koen: kvinde"),
        ("- tekst: Ferritin > 200 µg/L hos kvinder", "- tekst: Ferritin > 250 µg/L hos kvinder"),
        (
            '        - {parameter: transferrinmaetning, operator: ">", vaerdi: 45, enhed: "%"}\n',
            '        - {parameter: transferrinmaetning, operator: ">", vaerdi: 45, enhed: "%"}\n'
            "    - tekst: ALAT over 70 U/L\n      graensevaerdier:\n"
            '        - {parameter: alat, operator: ">", vaerdi: 70, enhed: U/L}\n',
        ),
    )
    section = diff_of(HAEMO, edited).in_section("Henvisning, visitation og kriterier")
    assert (
        Change(section[0].section, "aendret", "Grænseværdi for ferritin hos kvinder", None, "> 200 µg/L", "> 250 µg/L")
        in section
    )
    assert Change(section[0].section, "tilfoejet", "alat", new="> 70 U/L", noun="grænseværdi") in section
    assert (
        Change(
            section[0].section,
            "aendret",
            "Henvisning",
            "kriterier",
            "Ferritin > 200 µg/L hos kvinder eller > 300 µg/L hos mænd",
            "Ferritin > 250 µg/L hos kvinder eller > 300 µg/L hos mænd",
        )
        in section
    )
    assert Change(section[0].section, "tilfoejet", "Henvisning", "kriterier", new="ALAT over 70 U/L") in section
    assert len(section) == 4, "the unchanged ferritin threshold for men is not reported"


def test_digital_tools_added_and_removed(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        RA,
        (
            "  - vaerktoej: ventelistetilbud\n    hvornaar: Ved rød triagering\n"
            "    beskrivelse: Patienten får tilbudt en ledig tid tidligere end planlagt (Fast-pass).\n"
            "    trin: [konsultation-opblussen]\n",
            "",
        ),
        ("    hvornaar: Før blodprøvekontrol\n", "    hvornaar: Før hver blodprøvekontrol\n"),
    )
    section = diff_of(RA, edited).in_section("Digital understøttelse")
    assert section == [
        Change(
            "Digital understøttelse",
            "fjernet",
            labels.DIGITALT_VAERKTOEJ["ventelistetilbud"],
            old="hvornår: Ved rød triagering; beskrivelse: Patienten får tilbudt en ledig tid tidligere end planlagt "
            "(Fast-pass).; trin: Lægekonsultation ved opblussen",
            noun="digitalt værktøj",
        ),
        Change(
            "Digital understøttelse",
            "aendret",
            "Selvbook",
            "hvornår",
            "Før blodprøvekontrol",
            "Før hver blodprøvekontrol",
        ),
    ]


def test_status_version_dates_and_history(tmp_path: Path) -> None:
    source = real(tmp_path, HAEMO)
    edited = edit(
        tmp_path,
        source,
        (
            'status: til-godkendelse\nversion: "1.0"\n',
            'status: godkendt\nversion: "1.1"\ngodkendt_dato: 2026-03-01\nnaeste_revision: 2028-03-01\n'
            'historik:\n  - version: "1.1"\n    dato: 2026-03-01\n    status: godkendt\n'
            "    beskrivelse: Godkendt af SFR.\n",
        ),
    )
    diff = diff_of(source, edited)
    section = diff.in_section("Status og version")
    assert section[:4] == [
        Change("Status og version", "aendret", "Status", None, "Til godkendelse i SFR", "Godkendt"),
        Change("Status og version", "aendret", "Version", None, "1.0", "1.1"),
        Change("Status og version", "tilfoejet", "Godkendt dato", new="1. marts 2026"),
        Change("Status og version", "tilfoejet", "Næste revision", new="1. marts 2028"),
    ]
    assert section[4].kind == "tilfoejet" and section[4].subject == "1.1 (1. marts 2026)"
    text = lines(diff)
    assert "- **Status**: Til godkendelse i SFR → Godkendt" in text
    assert "versionen er ikke hævet" not in text


def test_an_example_adopted_as_a_real_pathway(tmp_path: Path) -> None:
    adopted = tmp_path / "haemokromatose.yaml"
    adopted.write_text(as_real(HAEMO, "udkast", "0.1"), encoding="utf-8")
    diff = diff_of(HAEMO, adopted)
    assert [(c.kind, c.subject) for c in diff.in_section("Status og version")] == [
        ("tilfoejet", "Status"),
        ("tilfoejet", "Version"),
        ("fjernet", "Eksempel"),
    ]
    text = lines(diff)
    assert "- **Status**: tilføjet «Udkast»" in text and "- **Version**: tilføjet «0.1»" in text
    assert "- **Eksempel**: fjernet «konceptbeskrivelsen for Behovsbestemt ambulatorie (BASS), bilag 2" in text


def test_long_text_change_is_a_word_diff_and_unchanged_version_is_flagged(tmp_path: Path) -> None:
    source = real(tmp_path, HAEMO)
    edited = edit(
        tmp_path,
        source,
        ("      Det er vigtigt, at patienten er inddraget", "      Det er meget vigtigt, at patienten er inddraget"),
    )
    diff = diff_of(source, edited)
    (change,) = diff.changes
    assert (change.subject, change.field) == ("AOP – første ambulante besøg", "beskrivelse")
    text = lines(diff)
    aop = "- **AOP – første ambulante besøg**, beskrivelse:"
    assert (
        f"{aop} … videre forløb, herunder venesectio. Det er **meget** vigtigt, at patienten er inddraget og …" in text
    )
    assert "Status og version er uændret: Til godkendelse i SFR, version 1.0." in text
    assert "versionen er ikke hævet" in text


def test_an_example_without_version_is_not_asked_to_raise_it(tmp_path: Path) -> None:
    edited = edit(tmp_path, MAS, ("    - tekst: Almen sygdomsfølelse", "    - tekst: Almen sygdomsfølelse og træthed"))
    text = lines(diff_of(MAS, edited))
    assert "Status og version er uændret: Eksempel, uden version." in text
    assert "versionen er ikke hævet" not in text


def test_comments_and_layout_are_no_change(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        MAS,
        ("# Overført fra VIVE-rapporten", "# En ny kommentar.\n# Overført fra VIVE-rapporten"),
        ("    - tekst: Almen sygdomsfølelse", '    - tekst: "Almen sygdomsfølelse"'),
    )
    diff = diff_of(MAS, edited)
    assert diff.changes == []
    assert "Ingen indholdsmæssige ændringer" in lines(diff)


def test_same_frequency_words_with_other_numbers_show_the_numbers(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        RA,
        (
            "hyppighed: {type: interval, fra: 12, enhed: uge, tekst: Hver 12. uge}",
            "hyppighed: {type: interval, fra: 8, enhed: uge, tekst: Hver 12. uge}",
        ),
        ("    form: telefon\n", "    form: video\n"),
    )
    trin = diff_of(RA, edited).in_section("Trin")
    assert [(c.subject, c.old, c.new) for c in trin] == [
        ("Blodprøvekontrol", "fysisk fremmøde hver 12. uge", "fysisk fremmøde hver 8. uge"),
        (
            "Telefonkonsultation hos sygeplejerske",
            "telefon efter behov, typisk 2 gange om året",
            "video efter behov, typisk 2 gange om året",
        ),
    ]


def _is_text(annotation: object) -> bool:
    """str, or str | None (the optional field's str may be wrapped in Annotated)."""
    return annotation is str or [getattr(a, "__origin__", a) for a in get_args(annotation)] == [str, NoneType]


TEXT_FIELDS = [n for n, f in Forloeb.model_fields.items() if _is_text(f.annotation)]


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_every_top_level_text_field_is_compared(name: str) -> None:
    old = model(HAEMO)
    new = old.model_copy(update={name: "Ny tekst"})
    assert [c.section for c in compare(old, new).changes] == [SECTION_OF[name]]


def test_the_text_fields_include_the_optional_ones() -> None:
    assert {"formaal", "kilde", "opfoelgning", "ansvar"} <= set(TEXT_FIELDS)


def test_every_field_has_a_section_and_a_danish_label() -> None:
    assert set(SECTION_OF) == set(Forloeb.model_fields)
    models = nested_models(Forloeb)
    assert len(models) > 15
    missing = [f"{cls.__name__}.{name}" for cls in models for name in cls.model_fields if name not in labels.FELT]
    assert missing == [], "fields without a label in labels.FELT"


# --- Markdown ---------------------------------------------------------------------------------------


def test_markdown_escapes_text_from_yaml() -> None:
    assert md("<img src=x onerror=alert(1)> [lnk](javascript:x) *fed* a|b") == (
        "\\<img src=x onerror=alert(1)> \\[lnk\\](javascript:x) \\*fed\\* a\\|b"
    )
    assert md("Ferritin > 200 µg/L & < 100") == "Ferritin > 200 µg/L & < 100", "plain comparisons stay readable"
    assert word_diff("a b <c>", "a b <d>") == "a b ~~\\<c>~~ **\\<d>**"


def test_hostile_text_in_a_changed_field_stays_text(tmp_path: Path) -> None:
    edited = edit(tmp_path, MAS, ("    - tekst: Almen sygdomsfølelse", '    - tekst: "<script>x</script> [a](b)"'))
    text = lines(diff_of(MAS, edited))
    assert not re.search(r"(?<!\\)<script", text) and not re.search(r"(?<!\\)\]\(b\)", text)
    assert "\\<script>x\\</script> \\[a\\](b)" in text


# --- The command line, on files and on git revisions -------------------------------------------------


def test_cli_two_files(tmp_path: Path) -> None:
    source = real(tmp_path, HAEMO)
    edited = edit(tmp_path, source, ('version: "1.0"', 'version: "1.1"'))
    result = run_cli(str(source), str(edited))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("## Ambulant forløb for patienter med hæmokromatose (`haemokromatose`)")
    assert "- **Version**: 1.0 → 1.1" in result.stdout


def test_cli_invalid_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = edit(tmp_path, HAEMO, ("formaal: >-", "formal: >-"))
    result = run_cli(str(HAEMO), str(broken))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = broken.read_text(encoding="utf-8").splitlines().index("formal: >-") + 1
    assert f"{broken}:{line}:1: ukendt nøgle 'formal'; mente du 'formaal'?" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["findes-ikke.yaml", "heller-ikke.yaml"], "fejl: filen findes-ikke.yaml findes ikke"),
        (["haemokromatose", "ingen-saadan-gren"], "fejl: ukendt git-revision 'ingen-saadan-gren'"),
        (["haemokromatose"], "fejl: angiv to filer eller et forløbs-id"),
        (["ukendt-id", "HEAD", "HEAD"], "fejl: forløbet 'ukendt-id' findes hverken i HEAD eller HEAD"),
    ],
)
def test_cli_wrong_requests_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.fixture
def history(tmp_path: Path) -> tuple[Path, str, str]:
    """A git repository with the shipped pathways, then a commit that edits, moves, adds and deletes."""
    repo = init_repo(tmp_path / "repo")
    (repo / "pathways").mkdir()
    for source in (HAEMO, RA, MAS):
        target = repo / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(as_real(source) if source == HAEMO else source.read_text(encoding="utf-8"), "utf-8")
    (repo / "pathways/_registre").mkdir()
    (repo / "pathways/_registre/specialer.yaml").write_text("specialer: []\n", encoding="utf-8")
    first = commit_all(repo, "first")
    haemo = repo / HAEMO.relative_to(ROOT)
    haemo.write_text(haemo.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    (repo / "pathways/andet-speciale").mkdir()
    git(repo, "mv", str(RA.relative_to(ROOT)), "pathways/andet-speciale/reumatoid-artritis-stabil-fase.yaml")
    git(repo, "rm", "-q", str(MAS.relative_to(ROOT)))
    (repo / "pathways/_registre/specialer.yaml").write_text("specialer: [] # ændret\n", encoding="utf-8")
    second = commit_all(repo, "second", when="2025-04-01T12:00:00+00:00")
    return repo, first, second


def test_cli_pathway_id_at_two_revisions(history: tuple[Path, str, str]) -> None:
    repo, first, second = history
    result = run_cli("--root", str(repo), "haemokromatose", first, second)
    assert result.returncode == 0, result.stderr
    assert (
        f"Sammenligner {first}:pathways/gastroenterologi-hepatologi/haemokromatose.yaml med {second}:" in result.stdout
    )
    assert "- **Version**: 1.0 → 1.1" in result.stdout


def test_cli_finds_a_moved_pathway_by_id(history: tuple[Path, str, str]) -> None:
    repo, first, second = history
    result = run_cli("--root", str(repo), "reumatoid-artritis-stabil-fase", first, second)
    assert result.returncode == 0, result.stderr
    assert "pathways/andet-speciale/reumatoid-artritis-stabil-fase.yaml" in result.stdout
    assert "- **Speciale**: reumatologi → andet-speciale" not in result.stdout, "the file moved, the id is the same"
    assert "Ingen indholdsmæssige ændringer" in result.stdout


def test_cli_work_tree_against_a_revision(history: tuple[Path, str, str]) -> None:
    repo, _, second = history
    haemo = repo / HAEMO.relative_to(ROOT)
    haemo.write_text(haemo.read_text(encoding="utf-8").replace("status: til-godkendelse", "status: udkast"), "utf-8")
    result = run_cli("--root", str(repo), "haemokromatose", second, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "- **Status**: Til godkendelse i SFR → Udkast" in result.stdout
    assert "med pathways/gastroenterologi-hepatologi/haemokromatose.yaml." in result.stdout


def test_cli_changed_lists_every_changed_pathway(history: tuple[Path, str, str]) -> None:
    repo, first, second = history
    result = run_cli("--root", str(repo), "--changed", first, second)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"## Ændringer i forløbene ({first} → {second})")
    titles = [line for line in out.splitlines() if line.startswith("### ")]
    assert [t.rsplit("(", 1)[1] for t in titles] == [
        "`haemokromatose`)",
        "`mas`)",
        "`reumatoid-artritis-stabil-fase`)",
    ], "the registry file is not a pathway"
    assert "**Forløbet er slettet.** Det var: Eksempel, uden version." in out
    assert "- **Version**: 1.0 → 1.1" in out


def test_cli_changed_with_a_broken_file_reports_it_and_fails(history: tuple[Path, str, str]) -> None:
    repo, _, second = history
    haemo = repo / HAEMO.relative_to(ROOT)
    haemo.write_text(haemo.read_text(encoding="utf-8") + "titel: igen\n", encoding="utf-8")
    third = commit_all(repo, "broken")
    result = run_cli("--root", str(repo), "--changed", second, third)
    assert result.returncode == 1
    assert "Kan ikke sammenlignes, fordi filen har fejl" in result.stdout
    assert f"{third}:pathways/gastroenterologi-hepatologi/haemokromatose.yaml:" in result.stderr
    assert "nøglen 'titel' står to gange" in result.stderr


def test_cli_changed_without_changes(history: tuple[Path, str, str]) -> None:
    repo, _, second = history
    result = run_cli("--root", str(repo), "--changed", second, second)
    assert result.returncode == 0
    assert "Ingen forløb er ændret." in result.stdout


def test_a_changed_handover_and_an_aim_become_a_limit_are_changes(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        MAS,
        ("          ansvar_efter: Den henvisende læge\n", "          ansvar_efter: Den visiterende overlæge\n"),
        ("      maal_dage: 8\n", "      maks_dage: 8\n"),
    )
    text = lines(diff_of(MAS, edited))
    assert "ansvar efter: Den ~~henvisende læge;~~ **visiterende overlæge;** indhold: Besked om årsagen" in text
    assert (
        "- **Indledende udredning hos den henvisende læge**, forløbstid: ~~det tilstræbes inden for~~ **højst** 8 "
        "kalenderdage" in text
    )


def test_a_treatment_target_on_a_transition_is_a_change(tmp_path: Path) -> None:
    edited = edit(
        tmp_path,
        HAEMO,
        (
            '{parameter: ferritin, operator: "<", vaerdi: 100, enhed: µg/L}',
            '{parameter: ferritin, operator: "<", vaerdi: 50, enhed: µg/L}',
        ),
    )
    text = lines(diff_of(HAEMO, edited))
    assert "ferritin < 100 µg/L" in text and "ferritin < 50 µg/L" in text, text


TRANSFERRIN_THRESHOLD = (
    '      graensevaerdier:\n        - {parameter: transferrinmaetning, operator: ">", vaerdi: 45, enhed: "%"}\n'
)


def test_thresholds_are_matched_by_what_they_measure_and_in_which_direction(tmp_path: Path) -> None:
    # ">" and ">=" say the same kind of limit, so a change between them is one change of the value;
    # "<" is another criterion: the old one is removed and the new one added.
    edited = edit(
        tmp_path,
        HAEMO,
        (
            'operator: ">", vaerdi: 200, enhed: µg/L, koen: kvinde',
            'operator: ">=", vaerdi: 200, enhed: µg/L, koen: kvinde',
        ),
        ('operator: ">", vaerdi: 300, enhed: µg/L, koen: mand', 'operator: "<", vaerdi: 300, enhed: µg/L, koen: mand'),
        (TRANSFERRIN_THRESHOLD, ""),
    )
    section = diff_of(HAEMO, edited).in_section("Henvisning, visitation og kriterier")
    name = section[0].section
    assert [c for c in section if c.noun == "grænseværdi" or c.subject.startswith("Grænseværdi")] == [
        Change(name, "fjernet", "ferritin hos mænd", old="> 300 µg/L", noun="grænseværdi"),
        Change(name, "fjernet", "transferrinmaetning", old="> 45 %", noun="grænseværdi"),
        Change(name, "aendret", "Grænseværdi for ferritin hos kvinder", None, "> 200 µg/L", ">= 200 µg/L"),
        Change(name, "tilfoejet", "ferritin hos mænd", new="< 300 µg/L", noun="grænseværdi"),
    ]


WORDS = [
    "en",
    "to",
    "tre",
    "fire",
    "fem",
    "seks",
    "syv",
    "otte",
    "ni",
    "ti",
    "elleve",
    "tolv",
    "tretten",
    "fjorten",
]  # 14 words


def text(*replaced: tuple[int, str]) -> str:
    words = list(WORDS)
    for i, word in replaced:
        words[i] = word
    return " ".join(words)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A change near the start: up to six words of context after it, then "…".
        (text(), text((0, "EN")), "~~en~~ **EN** to tre fire fem seks syv …"),
        # Near the end: "…", then the six words before it.
        (text(), text((13, "FJORTEN")), "… otte ni ti elleve tolv tretten ~~fjorten~~ **FJORTEN**"),
        # In the middle: six words on each side of a gap of more than twelve words.
        (
            text() + " " + text(),
            text() + " " + text((13, "FJORTEN")),
            "… otte ni ti elleve tolv tretten ~~fjorten~~ **FJORTEN**",
        ),
        (
            text((0, "EN"), (13, "FJORTEN")),
            text(),
            "~~EN~~ **en** to tre fire fem seks syv otte ni ti elleve tolv tretten ~~FJORTEN~~ **fjorten**",
        ),
        (
            " ".join(WORDS + WORDS),
            " ".join(["EN", *WORDS[1:], *WORDS[:13], "FJORTEN"]),
            "~~en~~ **EN** to tre fire fem seks syv … otte ni ti elleve tolv tretten ~~fjorten~~ **FJORTEN**",
        ),
        # Exactly six words of context, or twelve between two changes, are shown whole.
        ("a b c d e f g", "a b c d e f G", "a b c d e f ~~g~~ **G**"),
        ("a b c d e f g", "A b c d e f g", "~~a~~ **A** b c d e f g"),
        (
            "x a b c d e f g h i j k l y",
            "X a b c d e f g h i j k l Y",
            "~~x~~ **X** a b c d e f g h i j k l ~~y~~ **Y**",
        ),
        # Words only removed, or only added.
        ("a b c", "a c", "a ~~b~~ c"),
        ("a c", "a b c", "a **b** c"),
    ],
)
def test_a_word_diff_strikes_out_adds_and_keeps_six_words_of_context(old: str, new: str, expected: str) -> None:
    assert word_diff(old, new) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hver 3. måned", "hver 3. måned"),
        ("MinSP", "MinSP"),
        ("AOP", "AOP"),
        ("MinSP Assistent", "MinSP Assistent"),
        ("X", "X"),
        ("", ""),
        ("Ab", "ab"),
        ("CT-scanning", "CT-scanning"),
        ("Opkald fra AOP efter svar", "opkald fra AOP efter svar"),
    ],
)
def test_a_text_in_a_sentence_starts_in_lower_case_unless_it_is_a_name(text: str, expected: str) -> None:
    assert lower_first(text) == expected


@pytest.mark.parametrize(
    ("h", "expected"),
    [
        (None, "uden hyppighed"),
        ({"type": "engang", "tekst": "Én gang"}, "én gang"),
        ({"type": "efter-behov", "tekst": "x"}, "efter behov"),
        ({"type": "efter-behov", "antal_pr_aar": 2.5, "tekst": "x"}, "efter behov, ca. 2,5 pr. år"),
        ({"type": "interval", "fra": 3, "enhed": "maaned", "tekst": "x"}, "hver 3. måned"),
        ({"type": "interval", "fra": 7, "til": 14, "enhed": "dag", "tekst": "x"}, "hver 7.–14. dag"),
        ({"type": "interval", "fra": 2, "enhed": "aar", "tekst": "x"}, "hvert 2. år"),
        ({"type": "interval", "fra": 1, "enhed": "uge", "tekst": "x"}, "hver 1. uge"),
        (
            {"type": "interval", "fra": 3, "til": 4, "enhed": "gang", "relativ_til": "tapning", "tekst": "x"},
            "hver 3.–4. gang «tapning» udføres",
        ),
    ],
)
def test_a_frequency_in_words_from_its_figures(h: dict[str, object] | None, expected: str) -> None:
    hyppighed = None if h is None else Hyppighed.model_validate(h)
    assert frequency(hyppighed, structured=True) == expected
    if hyppighed is not None:
        assert frequency(hyppighed) == lower_first(hyppighed.tekst), "unstructured: the editor's words"


def test_a_frequency_counted_from_a_step_names_the_step_by_its_title() -> None:
    every_third = {"type": "interval", "fra": 3, "enhed": "gang", "relativ_til": "tapning", "tekst": "x"}
    h = Hyppighed.model_validate(every_third)
    assert frequency(h, structured=True, steps={"tapning": "Venesectio"}) == "hver 3. gang «Venesectio» udføres"
    assert frequency(h, structured=True, steps={"andet": "Andet"}) == "hver 3. gang «tapning» udføres"


def test_a_contact_line_names_the_performer_only_when_it_changed(tmp_path: Path) -> None:
    data = minimal_pathway()
    old = Forloeb.model_validate(data)
    data["trin"][1].update(udfoerer="laege", form=None)
    data["trin"][1]["hyppighed"]["fra"] = 4
    new = Forloeb.model_validate(data)
    (change,) = [c for c in compare(old, new).changes if c.subject == "Videokontrol"]
    assert (change.old, change.new) == (
        "sygeplejerske, video hver 3.–6. måned",
        "læge, uden kontaktform, hver 4.–6. måned",
    )


# --- The rules on a small made-up pathway -----------------------------------------------------------


def changes_after(edit: Callable[[dict[str, Any]], None], **base: Any) -> list[Change]:
    """The changes an editor makes to a small valid pathway (with `base` set before and after)."""
    data = minimal_pathway(**base)
    old = Forloeb.model_validate(data)
    edited = deepcopy(data)
    edit(edited)
    return compare(old, Forloeb.model_validate(edited)).changes


def step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(t for t in data["trin"] if t["id"] == step_id)


REFERENCES = "D4, relaterede forløb og referencer"


def test_items_with_the_same_title_are_numbered_and_each_compared_with_its_namesake() -> None:
    same = [{"titel": "Sundhedsstyrelsen", "note": note} for note in ("Afsnit 1", "Afsnit 2", "Afsnit 3")]

    def edit(data: dict[str, Any]) -> None:
        data["referencer"] = [same[0], {"titel": "Sundhedsstyrelsen", "note": "Afsnit 2.1"}]

    assert changes_after(edit, referencer=same) == [
        Change(REFERENCES, "fjernet", "Sundhedsstyrelsen (3)", old="Afsnit 3", noun="reference"),
        Change(REFERENCES, "aendret", "Sundhedsstyrelsen (2)", "note", "Afsnit 2", "Afsnit 2.1"),
    ]


def test_comparing_no_version_with_no_version_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^compare needs at least one version of the pathway$"):
        compare(None, None)


def test_a_step_names_its_test_package_its_type_and_its_phase_in_words() -> None:
    pakker = [{"id": "basis", "navn": "Basispakke"}, {"id": "udvidet", "navn": "Udvidet pakke"}]
    faser = [{"id": "kontrol", "titel": "Kontrolfase"}, {"id": "opstart", "titel": "Opstart"}]

    def edit(data: dict[str, Any]) -> None:
        step(data, "kontrol").update(type="undersoegelse", fase="opstart", proevepakke="udvidet")

    base = minimal_pathway(proevepakker=pakker, faser=faser)
    step(base, "kontrol")["proevepakke"] = "basis"
    assert changes_after(edit, **base) == [
        Change("Trin", "aendret", "Videokontrol", "type", "Konsultation", "Undersøgelse/prøve"),
        Change("Trin", "aendret", "Videokontrol", "fase", "Kontrolfase", "Opstart"),
        Change("Trin", "aendret", "Videokontrol", "prøvepakke", "Basispakke", "Udvidet pakke"),
    ]


def test_ids_that_neither_version_defines_are_shown_as_written() -> None:
    # A file with a dangling reference loads (the references are checked by `validate`), and the
    # change summary of it still says what the editor wrote.
    tool = {"vaerktoej": "selvbook", "hvornaar": "Før kontrollen", "beskrivelse": "Booker selv.", "trin": ["kontrol"]}

    def edit(data: dict[str, Any]) -> None:
        step(data, "kontrol").update(fase="vedligehold", proevepakke="ukendt-pakke")
        step(data, "start")["overgange"].append({"til": "ukendt-trin"})
        data["digital_understoettelse"][0]["trin"] = ["andet-trin"]

    assert changes_after(edit, digital_understoettelse=[tool]) == [
        Change("Trin", "tilfoejet", "Første besøg", "overgange", new="til «ukendt-trin»"),
        Change("Trin", "aendret", "Videokontrol", "fase", "Kontrolfase", "vedligehold"),
        Change("Trin", "tilfoejet", "Videokontrol", "prøvepakke", new="ukendt-pakke"),
        Change("Digital understøttelse", "aendret", "Selvbook", "trin", "Videokontrol", "andet-trin"),
    ]


def test_a_tools_steps_are_named_by_their_titles() -> None:
    tool = {"vaerktoej": "selvbook", "hvornaar": "Før kontrollen", "beskrivelse": "Booker selv.", "trin": ["start"]}
    triage = {"vaerktoej": "triagering", "hvornaar": "Ved svar", "beskrivelse": "Farver.", "trin": ["start", "kontrol"]}

    def edit(data: dict[str, Any]) -> None:
        data["digital_understoettelse"] = [dict(tool, trin=["kontrol"])]

    assert changes_after(edit, digital_understoettelse=[tool, triage]) == [
        Change(
            "Digital understøttelse",
            "fjernet",
            "Triageringsmodel",
            old="hvornår: Ved svar; beskrivelse: Farver.; trin: Første besøg, Videokontrol",
            noun="digitalt værktøj",
        ),
        Change("Digital understøttelse", "aendret", "Selvbook", "trin", "Første besøg", "Videokontrol"),
    ]


def test_alternative_steps_are_named_by_their_titles() -> None:
    def edit(data: dict[str, Any]) -> None:
        step(data, "kontrol")["alternativ_til"] = ["start"]

    assert changes_after(edit) == [
        Change("Trin", "tilfoejet", "Videokontrol", "alternativ til", new="Første besøg"),
    ]


def test_yes_and_no_for_a_flag() -> None:
    related = {"forloeb": "andet", "relation": "Følger efter.", "titel": "Andet forløb"}

    def edit(data: dict[str, Any]) -> None:
        data["relaterede"] = [dict(related, ekstern=True)]

    assert changes_after(edit, relaterede=[related]) == [
        Change(REFERENCES, "aendret", "Andet forløb", "ekstern", "nej", "ja")
    ]


def test_a_performer_no_longer_given_is_a_dash_in_the_contact_line() -> None:
    def edit(data: dict[str, Any]) -> None:
        step(data, "kontrol")["udfoerer"] = None

    assert changes_after(edit) == [
        Change(
            "Trin",
            "aendret",
            "Videokontrol",
            None,
            "sygeplejerske, video hver 3.-6. måned",
            "–, video hver 3.-6. måned",
        )
    ]


def test_a_status_added_to_or_removed_from_a_history_entry_is_named_in_words() -> None:
    historik = [
        {"version": "0.1", "dato": "2025-01-01", "status": "udkast", "beskrivelse": "Første udkast."},
        {"version": "0.2", "dato": "2025-02-01", "beskrivelse": "Rettet."},
    ]

    def edit(data: dict[str, Any]) -> None:
        data["historik"] = [dict(historik[0], status=None), dict(historik[1], status="til-godkendelse")]

    assert changes_after(edit, historik=historik) == [
        Change("Status og version", "fjernet", "0.1 (1. januar 2025)", "status", old="Udkast"),
        Change("Status og version", "tilfoejet", "0.2 (1. februar 2025)", "status", new="Til godkendelse i SFR"),
    ]


def test_a_changed_text_inside_a_section_names_the_section_and_the_field() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["henvisning"]["visitation"] = "Visitation hos overlægen."
        data["afslutning"]["beskrivelse"] = "Forløbet slutter efter to års stabilitet."

    assert changes_after(edit) == [
        Change(
            "Henvisning, visitation og kriterier",
            "aendret",
            "Henvisning",
            "visitation",
            "Visitation i testenheden.",
            "Visitation hos overlægen.",
        ),
        Change(
            "Opfølgning og afslutning",
            "aendret",
            "Afslutning",
            "beskrivelse",
            "Forløbet slutter, når patienten er rask.",
            "Forløbet slutter efter to års stabilitet.",
        ),
    ]


def test_an_added_item_does_not_repeat_its_title_in_its_summary() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["definitioner"] = [{"term": "Remission", "definition": "Ingen tegn på sygdom."}]

    assert changes_after(edit) == [
        Change("Øvrige afsnit", "tilfoejet", "Remission", new="Ingen tegn på sygdom.", noun="definition")
    ]


def test_an_added_step_names_its_performer_and_contact_form_in_words() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["trin"].append(
            {"id": "aarsstatus", "titel": "Årsstatus", "type": "konsultation", "udfoerer": "laege", "form": "fysisk"}
        )

    assert changes_after(edit) == [
        Change("Trin", "tilfoejet", "Årsstatus", new="konsultation, læge, fysisk fremmøde", noun="trin")
    ]


def test_a_time_frame_without_the_sources_words_is_its_days() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["faser"][0]["forloebstid"] = {"maks_dage": 10}

    faser = [{"id": "kontrol", "titel": "Kontrolfase", "forloebstid": {"maks_dage": 8}}]
    assert changes_after(edit, faser=faser) == [
        Change("Faser", "aendret", "Kontrolfase", "forløbstid", "højst 8 kalenderdage", "højst 10 kalenderdage")
    ]


@pytest.mark.parametrize(
    ("before", "after", "old", "new"),
    [
        (None, {"min": 18}, None, "fra 18 år"),
        ({"min": 18}, {"min": 18, "max": 65}, "fra 18 år", "18–65 år"),
        ({"max": 17}, {"min": 0, "max": 17}, "til 17 år", "0–17 år"),
        ({"min": 0}, None, "fra 0 år", None),
    ],
)
def test_an_age_limit_in_words(
    before: dict[str, int] | None, after: dict[str, int] | None, old: str | None, new: str | None
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["patientgruppe"]["alder"] = after

    base = minimal_pathway()
    base["patientgruppe"]["alder"] = before
    (change,) = changes_after(edit, **base)
    assert (change.subject, change.field, change.old, change.new) == ("Patientgruppe", "alder", old, new)


def test_a_transition_lists_its_thresholds() -> None:
    limits = [
        {"parameter": "ferritin", "operator": "<", "vaerdi": 50, "enhed": "µg/L"},
        {"parameter": "haemoglobin", "operator": ">", "vaerdi": 7.5, "enhed": "mmol/L"},
    ]

    def edit(data: dict[str, Any]) -> None:
        step(data, "kontrol")["overgange"][0]["graensevaerdier"] = limits

    assert changes_after(edit) == [
        Change(
            "Trin",
            "aendret",
            "Videokontrol",
            "overgange",
            "til «Afslutning til egen læge» når: Rask",
            "til «Afslutning til egen læge» når: Rask [ferritin < 50 µg/L, haemoglobin > 7,5 mmol/L]",
        )
    ]


def test_a_new_pathway_has_figures_only_after_and_no_changes_listed() -> None:
    new = Forloeb.model_validate(minimal_pathway())
    diff = compare(None, new)
    assert diff.changes == []
    assert [(row.titel, row.before, row.after is not None) for row in diff.figures] == [("Kontrolfase", None, True)]


def test_a_removed_phase_keeps_its_row_with_nothing_after() -> None:
    faser = [{"id": "kontrol", "titel": "Kontrolfase"}, {"id": "opstart", "titel": "Opstart"}]
    old = minimal_pathway(faser=faser)
    step(old, "start")["fase"] = "opstart"
    new = minimal_pathway()
    rows = compare(Forloeb.model_validate(old), Forloeb.model_validate(new)).figures
    assert [(row.titel, row.before is not None, row.after is not None) for row in rows] == [
        ("Kontrolfase", True, True),
        ("Opstart", True, False),
    ]
