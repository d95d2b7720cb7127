"""The hand-written `historik` list against git (forloeb/history/historik.py): every approved version
is in both, or a warning says which is missing, at the line of the list or of the entry."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from forloeb.history.historik import git_historik_problems
from forloeb.load.catalog import load_catalog
from forloeb.load.problems import Problem
from tests.factories import minimal_pathway, write_yaml
from tests.gitutil import commit_all, git, pathway_repo

pytestmark = pytest.mark.usefixtures("git_program")

FILE = "pathways/gastroenterologi-hepatologi/testforloeb.yaml"


def pathway(status: str, version: str, *approved_entries: str, drafts: tuple[str, ...] = ()) -> dict[str, Any]:
    """The test pathway as a real one (no example marker), its historik listing the versions given."""
    entries = [
        {"version": v, "dato": "2025-01-30", "status": "godkendt", "beskrivelse": "SFR"} for v in approved_entries
    ]
    entries += [{"version": v, "dato": "2025-01-30", "status": "udkast", "beskrivelse": "Udkast"} for v in drafts]
    data = minimal_pathway(status=status, version=version, historik=entries)
    data.pop("eksempel")
    if status == "godkendt":
        data |= {"godkendt_dato": "2025-01-30", "naeste_revision": "2027-01-30"}
    return data


def problems(repo: Path) -> list[Problem]:
    return git_historik_problems(repo, load_catalog(repo))


def line_of(repo: Path, start: str) -> int:
    lines = (repo / FILE).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


@pytest.fixture
def approved(tmp_path: Path) -> tuple[Path, str]:
    """A repository in which version 1.0 was approved on 1 February 2025, with historik in order."""
    repo = pathway_repo(tmp_path / "repo")
    write_yaml(repo / FILE, pathway("udkast", "0.1"))
    commit_all(repo, "Udkast", when="2025-01-10T09:00:00+01:00")
    write_yaml(repo / FILE, pathway("godkendt", "1.0", "1.0"))
    commit = commit_all(repo, "Godkendt 1.0", when="2025-02-01T09:00:00+01:00")
    return repo, commit


def test_a_historik_that_lists_every_approved_version_gives_no_warning(approved: tuple[Path, str]) -> None:
    """Approved in git and listed as godkendt: nothing to say; a draft entry of the next version is no claim."""
    repo, _ = approved
    assert problems(repo) == []
    write_yaml(repo / FILE, pathway("udkast", "1.1", "1.0", drafts=("1.1",)))
    assert problems(repo) == []


def test_a_version_approved_in_git_but_missing_from_historik_is_reported_at_the_list(
    approved: tuple[Path, str],
) -> None:
    """The warning names the commit that approved it and its date, at the line of `historik:`."""
    repo, commit = approved
    write_yaml(repo / FILE, pathway("udkast", "1.1", drafts=("1.1",)))  # the 1.0 entry deleted
    assert problems(repo) == [
        Problem(
            str(repo / FILE),
            line_of(repo, "historik:"),
            1,
            f"version 1.0 er godkendt i git (commit {commit[:7]}, 1. februar 2025), men historik har ingen post "
            'med version: "1.0" og status: godkendt; tilføj den med dato og hvem der godkendte',
            "advarsel",
        )
    ]


def test_without_any_historik_the_warning_stands_at_the_version(approved: tuple[Path, str]) -> None:
    """A file with no historik list at all: the warning points at the value of `version:`."""
    repo, commit = approved
    write_yaml(repo / FILE, pathway("udkast", "1.1"))
    line = line_of(repo, "version:")
    col = (repo / FILE).read_text(encoding="utf-8").splitlines()[line - 1].index("'1.1'") + 1
    (found,) = problems(repo)
    assert (found.line, found.col, found.severity) == (line, col, "advarsel")
    assert found.message.startswith(f"version 1.0 er godkendt i git (commit {commit[:7]}, 1. februar 2025)")


def test_an_entry_for_a_version_git_never_had_approved_is_reported_at_the_entry(approved: tuple[Path, str]) -> None:
    """A godkendt entry without a commit of that status and version: the warning is at its `version`, also
    when it is the version the file is drafting (until the file itself says godkendt)."""
    repo, _ = approved
    write_yaml(repo / FILE, pathway("til-godkendelse", "1.1", "1.0", "1.1"))
    text = (repo / FILE).read_text(encoding="utf-8").splitlines()
    after = line_of(repo, "historik:")
    line, col = next((n, s.index("'1.1'") + 1) for n, s in enumerate(text, 1) if n > after and "'1.1'" in s)
    assert problems(repo) == [
        Problem(
            str(repo / FILE),
            line,
            col,
            "historik siger, at version 1.1 er godkendt, men i git er forløbet aldrig committet med status: "
            'godkendt og version: "1.1"',
            "advarsel",
        )
    ]


def test_an_approval_about_to_be_committed_needs_its_entry_and_nothing_more(approved: tuple[Path, str]) -> None:
    """The work tree says godkendt 1.1: git cannot know it yet, so the entry for 1.1 is asked for (at the
    list), and once it is there it is not reported as never approved."""
    repo, _ = approved
    write_yaml(repo / FILE, pathway("godkendt", "1.1", "1.0"))
    assert problems(repo) == [
        Problem(
            str(repo / FILE),
            line_of(repo, "historik:"),
            1,
            'forløbet er godkendt i version 1.1, men historik har ingen post med version: "1.1" og status: '
            "godkendt; tilføj den med dato og hvem der godkendte",
            "advarsel",
        )
    ]
    write_yaml(repo / FILE, pathway("godkendt", "1.1", "1.0", "1.1"))
    assert problems(repo) == []


def test_a_pathway_approved_before_its_first_commit_asks_for_its_entry(tmp_path: Path) -> None:
    """A new file, never committed, that says godkendt: git has no timeline for it; the entry is asked for."""
    repo = pathway_repo(tmp_path / "repo")
    (repo / "README").write_text("Første commit uden forløb.\n", encoding="utf-8")
    commit_all(repo, "Start")
    write_yaml(repo / FILE, pathway("godkendt", "1.0"))
    (found,) = problems(repo)
    assert found.message.startswith("forløbet er godkendt i version 1.0, men historik har ingen post")
    assert found.line == line_of(repo, "version:")


def test_no_check_outside_git_or_in_a_shallow_clone(approved: tuple[Path, str], tmp_path: Path) -> None:
    """Without the whole history the list cannot be checked, so nothing is reported (not everything)."""
    repo, _ = approved
    write_yaml(repo / FILE, pathway("godkendt", "1.1"))
    commit_all(repo, "Godkendt 1.1 uden historik", when="2025-03-01T09:00:00+01:00")
    assert len(problems(repo)) == 2, "the full checkout reports 1.0 and 1.1"
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    assert problems(shallow) == []
    plain = tmp_path / "plain"
    (plain / "pathways").mkdir(parents=True)
    git(repo, "archive", "-o", str(tmp_path / "a.tar"), "HEAD")
    subprocess.run(["tar", "-xf", str(tmp_path / "a.tar"), "-C", str(plain)], check=True)
    assert problems(plain) == []
