"""What the README promises about the commands, each held to its exact word: the exit codes of every
command in its table, byte-identical publishing builds dated by git, and the overdue-review banner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from scripts.publish import build, source_date_epoch
from tests.factories import ROOT, copy_repo, minimal_pathway, write_yaml
from tests.gitutil import commit_all, init_repo
from tests.sitebuild import PINNED_TODAY, mkdocs_build, page, tree_digest

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

GASTRO = Path("pathways/gastroenterologi-hepatologi")
SYNTAX_ERROR = "id: testforloeb\ntitel: [ok\nformaal: x\n"
SYNTAX_PROBLEM = "testforloeb.yaml:3:8: YAML-syntaksfejl: did not find expected ',' or ']'"


def run(script: str, *args: str, cwd: Path = ROOT, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- Exit 2 on a wrong request, for every script in the README's table --------------------------------


@pytest.mark.parametrize(
    ("script", "args", "message"),
    [
        ("validate.py", ["--ukendt"], "unrecognized arguments: --ukendt"),
        ("check_overlaps.py", ["--similarity", "2"], "skal være større end 0 og højst 1, fx 0.8"),
        ("check_overlaps.py", ["--dato", "i morgen"], "'i morgen' er ikke en dato på formen ÅÅÅÅ-MM-DD"),
        ("import_d4.py", ["--dokid", "abc", "x.docx"], "--dokid gælder kun for én fil og skal være et tal"),
        ("benchmark.py", ["--pathways", "0"], "der skal være mindst ét forløb og én redigering"),
        ("new_pathway.py", ["--ukendt"], "unrecognized arguments: --ukendt"),
        ("diff_pathways.py", [], "the following arguments are required: ARG"),
        ("diff_pathways.py", ["a", "b", "c", "d"], "fejl: for mange argumenter; se --help"),
        ("diff_pathways.py", ["haemokromatose"], "angiv to filer eller et forløbs-id og mindst én git-revision"),
        ("generate_schema.py", ["--ukendt"], "unrecognized arguments: --ukendt"),
        ("build.py", ["--ukendt"], "unrecognized arguments: --ukendt"),
    ],
)
def test_a_wrong_request_exits_2_saying_what_is_wrong(script: str, args: list[str], message: str) -> None:
    result = run(script, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_generate_schema_without_arguments_writes_the_schemas_it_names(tmp_path: Path) -> None:
    # The script writes into its own repository: run a copy, so the work tree is left as it is.
    repo = copy_repo(tmp_path / "repo")
    shutil.copytree(ROOT / "scripts", repo / "scripts")
    shutil.rmtree(repo / "docs" / "schema")
    result = run("generate_schema.py", cwd=repo, root=repo)
    assert result.returncode == 0, result.stderr
    written = sorted(line.removeprefix("skrev ") for line in result.stdout.splitlines())
    assert written == sorted(f"docs/schema/{p.name}" for p in (ROOT / "docs" / "schema").glob("*.json"))
    for name in written:
        assert (repo / name).read_bytes() == (ROOT / name).read_bytes()


# --- Exit 1 on input errors -----------------------------------------------------------------------------


@pytest.fixture
def broken(repo: Path) -> Path:
    """A repository copy with a pathway that is not valid YAML."""
    (repo / GASTRO / "testforloeb.yaml").write_text(SYNTAX_ERROR, encoding="utf-8")
    return repo


def test_validate_exits_1_naming_the_file_line_and_column(broken: Path) -> None:
    result = run("validate.py", "--root", str(broken), cwd=broken)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"{GASTRO}/{SYNTAX_PROBLEM}"]
    assert result.stderr.splitlines()[-1] == "1 fejl, 0 advarsler"


def test_the_overlap_check_exits_1_on_an_input_error(broken: Path) -> None:
    result = run("check_overlaps.py", "--root", str(broken), cwd=broken)
    assert result.returncode == 1
    problem = SYNTAX_PROBLEM.replace("YAML-syntaksfejl", "Fejl i input: YAML-syntaksfejl")
    assert result.stdout.splitlines() == [f"{GASTRO}/{problem}"]
    assert result.stderr.splitlines() == ["1 fejl, 0 advarsler, 0 info"]


def test_the_import_exits_1_naming_a_file_it_refused(repo: Path, tmp_path: Path) -> None:
    scanned = tmp_path / "scannet.pdf"
    scanned.write_bytes(b"ikke en pdf")
    result = run("import_d4.py", "--root", str(repo), str(scanned), str(tmp_path / "findes-ikke.docx"), cwd=repo)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"{tmp_path / 'findes-ikke.docx'}: fejl: filen eller mappen findes ikke" in lines
    assert any(line.startswith(f"{scanned}: fejl: ") for line in lines)
    assert "0 importeret, 2 afvist" in result.stderr.splitlines()


def test_the_change_summary_exits_1_when_a_version_has_errors(tmp_path: Path) -> None:
    old = tmp_path / "gammel.yaml"
    old.write_text(SYNTAX_ERROR, encoding="utf-8")
    new = write_yaml(tmp_path / "ny.yaml", minimal_pathway())
    result = run("diff_pathways.py", str(old), str(new), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "gammel.yaml:3:8: YAML-syntaksfejl: did not find expected ',' or ']'",  # relative to where it runs
        "fejl: forløbet kan ikke sammenlignes, fordi filen har 1 fejl",
    ]


def test_mkdocs_build_and_the_publishing_build_exit_1_on_an_input_error(broken: Path, tmp_path: Path) -> None:
    result = mkdocs_build(broken, tmp_path / "site")
    assert result.returncode == 1
    assert f"{GASTRO}/{SYNTAX_PROBLEM}" in result.stderr
    shutil.copytree(ROOT / "scripts", broken / "scripts")
    published = tmp_path / "publiceret"
    result = run("build.py", "--site-dir", str(published), cwd=broken, root=broken)
    assert result.returncode == 1
    assert f"Bygningen fejlede; det publicerede site i {published} er uændret." in result.stderr
    assert not published.exists()


# --- Byte-identical publishing builds, dated by the last commit --------------------------------------------

COMMITTED = "2025-03-01T12:00:00+00:00"


def test_the_build_date_is_the_time_of_the_last_commit(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    assert source_date_epoch(plain) is None, "outside git: no date"
    repo = init_repo(tmp_path / "repo")
    assert source_date_epoch(repo) is None, "a repository without commits has no date"
    (repo / "a.txt").write_text("a", encoding="utf-8")
    commit_all(repo, "first", when=COMMITTED)
    assert source_date_epoch(repo) == str(int(datetime.fromisoformat(COMMITTED).timestamp()))
    (repo / "b.txt").write_text("b", encoding="utf-8")
    commit_all(repo, "second", when="2025-04-02T08:00:00+00:00")
    assert source_date_epoch(repo) == str(int(datetime(2025, 4, 2, 8, tzinfo=UTC).timestamp()))


def test_two_publishing_builds_of_one_commit_are_byte_identical_without_pinning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("SOURCE_DATE_EPOCH", "FORLOEB_DATO"):
        monkeypatch.delenv(name, raising=False)
    repo = init_repo(copy_repo(tmp_path / "repo"))
    commit_all(repo, "import", when=COMMITTED)
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(repo, first) == 0
    assert build(repo, second) == 0
    assert tree_digest(first) == tree_digest(second)
    # The compressed sitemap carries a time in its header: the day of the commit (MkDocs keeps the date).
    header = (first / "sitemap.xml.gz").read_bytes()[:8]
    assert int.from_bytes(header[4:8], "little") == int(datetime(2025, 3, 1, tzinfo=UTC).timestamp())
    assert "<td>1. marts 2025</td>" in page(first, "forloeb/gastroenterologi-hepatologi/haemokromatose")


# --- The overdue-review banner ------------------------------------------------------------------------------


def approved(forloeb_id: str, naeste_revision: str, status: str = "godkendt") -> dict[str, object]:
    return minimal_pathway(
        id=forloeb_id,
        eksempel=None,
        status=status,
        version="1.0",
        godkendt_dato="2024-01-15",
        naeste_revision=naeste_revision,
    )


def test_a_pathway_past_its_review_date_says_so_until_it_is_retired(repo: Path, tmp_path: Path) -> None:
    today = date.fromisoformat(PINNED_TODAY)
    yesterday = date.fromordinal(today.toordinal() - 1).isoformat()
    cases = {
        "overskredet": approved("overskredet", yesterday),
        "revideres-i-dag": approved("revideres-i-dag", PINNED_TODAY),
        "udgaaet-overskredet": approved("udgaaet-overskredet", yesterday, status="udgaaet"),
    }
    for forloeb_id, data in cases.items():
        write_yaml(repo / GASTRO / f"{forloeb_id}.yaml", data)
    out = tmp_path / "site"
    result = mkdocs_build(repo, out)  # "today" is PINNED_TODAY
    assert result.returncode == 0, result.stderr
    banner = (
        '<div class="admonition danger forloeb-banner"><p class="admonition-title">Revision overskredet</p>'
        f"<p>Forløbet skulle have været revideret senest {yesterday}.</p></div>"
    )
    assert page(out, "forloeb/gastroenterologi-hepatologi/overskredet").count(banner) == 1
    assert "Revision overskredet" not in page(out, "forloeb/gastroenterologi-hepatologi/revideres-i-dag")
    assert "Revision overskredet" not in page(out, "forloeb/gastroenterologi-hepatologi/udgaaet-overskredet")
