"""The history on each page: the date of the last commit of its file, from a fixed number of git calls."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from forloeb.history import git as gitrepo
from forloeb.history.git import FileHistory, file_histories
from forloeb.load.layout import Layout
from tests.factories import copy_repo, minimal_pathway, write_yaml
from tests.gitutil import commit_all, count_processes, git, init_repo
from tests.sitebuild import mkdocs_build, page


def pathway(repo: Path, name: str) -> Path:
    return write_yaml(repo / "pathways" / "x" / f"{name}.yaml", minimal_pathway(id=name))


def test_last_commit_date_per_file(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    a, b = pathway(repo, "a"), pathway(repo, "b")
    commit_all(repo, "first", when="2025-01-10T09:00:00+01:00")
    write_yaml(b, minimal_pathway(id="b", titel="Ændret"))
    commit_all(repo, "second", when="2025-02-20T09:00:00+01:00")
    c = pathway(repo, "c")  # never committed
    write_yaml(a, minimal_pathway(id="a", titel="Ikke committet"))  # changed since its commit
    assert file_histories(Layout(repo), [a, b, c]) == {
        a: FileHistory(date(2025, 1, 10), uncommitted=True),
        b: FileHistory(date(2025, 2, 20), uncommitted=False),
        c: FileHistory(None, uncommitted=True),
    }


def test_a_fixed_number_of_git_processes_however_many_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "repo")
    files = [pathway(repo, f"f{i}") for i in range(40)]
    for n in range(4):  # each file's last commit is one of four
        for f in files[n::4]:
            write_yaml(f, minimal_pathway(id=f.stem, titel=f"Version {n}"))
        commit_all(repo, f"commit {n}", when=f"2025-0{n + 1}-01T12:00:00+00:00")
    calls = count_processes(monkeypatch)
    histories = file_histories(Layout(repo), files)
    assert histories is not None
    assert len(calls) == 3, calls
    assert {h.last_commit for h in histories.values()} == {date(2025, m, 1) for m in (1, 2, 3, 4)}
    assert histories[files[5]].last_commit == date(2025, 2, 1)


def test_no_history_outside_git_or_in_a_shallow_clone(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    assert file_histories(Layout(plain), [pathway(plain, "a")]) is None
    repo = init_repo(tmp_path / "repo")
    pathway(repo, "a")
    commit_all(repo, "first")
    pathway(repo, "b")
    commit_all(repo, "second")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    assert file_histories(Layout(shallow), [shallow / "pathways/x/a.yaml"]) is None


@pytest.mark.subprocess
def test_page_header_shows_last_change_and_history(tmp_path: Path) -> None:
    repo = init_repo(copy_repo(tmp_path / "repo"))
    commit_all(repo, "import", when="2025-03-01T12:00:00+00:00")
    write_yaml(
        repo / "pathways/gastroenterologi-hepatologi/testforloeb.yaml",
        minimal_pathway(historik=[{"version": "0.1", "dato": "2025-02-01", "status": "udkast", "beskrivelse": "Ny"}]),
    )
    out = tmp_path / "site"
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stderr
    haemo = page(out, "forloeb/gastroenterologi-hepatologi/haemokromatose")
    # A line break after each header cell keeps the words apart in the search index (search_text.py).
    assert '<tr><th scope="row">Sidst ændret</th>\n<td>1. marts 2025</td>' in haemo
    new = page(out, "forloeb/gastroenterologi-hepatologi/testforloeb")
    assert '<tr><th scope="row">Sidst ændret</th>\n<td>Ikke committet endnu</td>' in new
    assert '<a href="#historik">Version 0.1, 1. februar 2025 (Udkast)</a>' in new
    assert 'id="historik"' in new

    commit_all(repo, "add testforloeb", when="2025-04-02T08:00:00+00:00")
    again = tmp_path / "again"
    assert mkdocs_build(repo, again).returncode == 0
    assert "<td>2. april 2025</td>" in page(again, "forloeb/gastroenterologi-hepatologi/testforloeb")
    assert page(again, "forloeb/gastroenterologi-hepatologi/haemokromatose") == haemo, (
        "a commit of another file leaves the page as it was"
    )


@pytest.mark.subprocess
def test_no_last_change_row_outside_git(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    out = tmp_path / "site"
    assert mkdocs_build(repo, out).returncode == 0
    assert "Sidst ændret" not in page(out, "forloeb/gastroenterologi-hepatologi/haemokromatose")


@pytest.mark.usefixtures("git_program")
def test_git_error_is_a_danish_one_liner(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    with pytest.raises(gitrepo.GitError, match=r"^ukendt git-revision 'main'"):
        gitrepo.resolve(repo, "main")  # no commit yet
    git(repo, "status")
