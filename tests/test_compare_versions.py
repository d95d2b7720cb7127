"""Two versions of a pathway, from files, git revisions or the work tree (forloeb/history/versions.py):
where each comes from, what is refused, and the pull-request comment of every changed pathway."""

from __future__ import annotations

from pathlib import Path

import pytest

from forloeb.history.diff_markdown import md
from forloeb.history.versions import (
    WORK_TREE,
    CompareError,
    Version,
    changed_summary,
    files_summary,
    from_file,
    from_revision,
    revisions_summary,
)
from forloeb.load.files import LINK_REFUSED
from forloeb.load.problems import InputError, Problem
from tests.factories import minimal_pathway, write_yaml
from tests.gitutil import commit_all, init_repo

pytestmark = pytest.mark.usefixtures("git_program")

A = "pathways/x/a.yaml"


def put(repo: Path, path: str, **changes: object) -> Path:
    return write_yaml(repo / path, minimal_pathway(id=Path(path).stem, **changes))


def refused(path: str) -> list[Problem]:
    return [Problem(path, 1, 1, LINK_REFUSED)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose HEAD has the pathways a and b."""
    repo = init_repo(tmp_path / "repo")
    put(repo, A)
    put(repo, "pathways/x/b.yaml")
    commit_all(repo, "first")
    return repo


def test_a_file_version_is_named_by_its_path(tmp_path: Path) -> None:
    path = put(tmp_path, A)
    version = from_file(path)
    assert version.label == str(path)
    assert version.model is not None and version.model.id == "a"


def test_a_missing_file_or_a_link_is_refused_by_name(tmp_path: Path) -> None:
    """A file that is not there: CompareError naming it; a symbolic link: the link refused at 1:1."""
    with pytest.raises(CompareError) as missing:
        from_file(tmp_path / "ingen.yaml")
    assert missing.value.message == f"filen {tmp_path / 'ingen.yaml'} findes ikke"
    target = put(tmp_path, A)
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    with pytest.raises(InputError) as caught:
        from_file(link)
    assert caught.value.problems == refused(str(link))


def test_a_pathway_in_the_work_tree_is_found_by_id(repo: Path) -> None:
    """No revision: the work tree's file with that id; none there is a version without a pathway."""
    found = from_revision(repo, None, "a")
    assert found.label == str(repo / A) and found.model is not None and found.model.titel == "Testforløb"
    assert from_revision(repo, None, "c") == Version(f"{WORK_TREE} (hvor forløbet ikke findes)", None)


def test_a_link_in_the_work_tree_is_refused_only_for_its_own_id(repo: Path) -> None:
    """A link under pathways/ named c.yaml: asking for c refuses it; a and b are read as usual."""
    link = repo / "pathways/x/c.yaml"
    link.symlink_to("a.yaml")
    with pytest.raises(InputError) as caught:
        from_revision(repo, None, "c")
    assert caught.value.problems == refused(str(link))
    assert from_revision(repo, None, "b").model is not None


def test_a_pathway_at_a_revision_is_named_rev_and_path(repo: Path) -> None:
    """At a revision: 'rev:path' names it, in the label and in every problem of its content."""
    version = from_revision(repo, "HEAD", "a")
    assert version.label == f"HEAD:{A}" and version.model is not None and version.model.id == "a"
    assert from_revision(repo, "HEAD", "c") == Version("HEAD (hvor forløbet ikke findes)", None)
    (repo / A).write_text((repo / A).read_text(encoding="utf-8") + "ukendt_felt: 1\n", encoding="utf-8")
    commit_all(repo, "broken")
    with pytest.raises(InputError) as caught:
        from_revision(repo, "HEAD", "a")
    (problem,) = caught.value.problems
    assert problem.path == f"HEAD:{A}" and "ukendt nøgle 'ukendt_felt'" in problem.message


def test_a_committed_link_is_refused_and_never_read(repo: Path) -> None:
    (repo / "pathways/x/c.yaml").symlink_to("a.yaml")
    commit_all(repo, "link")
    with pytest.raises(InputError) as caught:
        from_revision(repo, "HEAD", "c")
    assert caught.value.problems == refused("HEAD:pathways/x/c.yaml")


def test_a_pathway_in_neither_revision_is_a_request_that_cannot_be_answered(repo: Path) -> None:
    """Found in one of them (added or deleted) it is compared; in neither, CompareError names both."""
    with pytest.raises(CompareError) as caught:
        revisions_summary(repo, "c", "HEAD", None)
    assert caught.value.message == f"forløbet 'c' findes hverken i HEAD eller {WORK_TREE}"
    put(repo, "pathways/x/c.yaml")
    added = revisions_summary(repo, "c", "HEAD", None)
    source = md(f"HEAD (hvor forløbet ikke findes) med {repo / 'pathways/x/c.yaml'}")
    assert added.startswith(f"## Testforløb (`c`)\n\nSammenligner {source}.")
    assert "**Nyt forløb**" in added


def test_two_files_are_compared_under_both_names(tmp_path: Path) -> None:
    old, new = put(tmp_path / "gammel", A), put(tmp_path / "ny", A, titel="Nyt navn")
    text = files_summary(old, new)
    assert text.startswith(f"## Nyt navn (`a`)\n\nSammenligner {md(f'{old} med {new}')}.\n\n")
    assert "- **Titel**: Testforløb → Nyt navn" in text


def test_the_comment_on_changes_lists_each_changed_pathway_under_one_heading(repo: Path) -> None:
    """Every pathway changed between two revisions, each a level-3 summary under a level-2 title."""
    put(repo, A, titel="Ændret")
    commit_all(repo, "a changed", when="2025-04-01T12:00:00+00:00")
    put(repo, "pathways/x/b.yaml", titel="Ikke committet")  # in the work tree only: not between revisions
    result = changed_summary(repo, "HEAD~1", "HEAD")
    assert result.problems == []
    source = md(f"HEAD~1:{A} med HEAD:{A}")
    assert result.markdown.startswith(
        f"## Ændringer i forløbene (HEAD~1 → HEAD)\n\n### Ændret (`a`)\n\nSammenligner {source}.\n"
    )
    assert "(`b`)" not in result.markdown


def test_the_comment_on_the_work_tree_includes_new_files(repo: Path) -> None:
    put(repo, "pathways/y/ny.yaml", titel="Helt nyt")
    result = changed_summary(repo, "HEAD", None)
    assert result.markdown.startswith(f"## Ændringer i forløbene (HEAD → {WORK_TREE})\n\n### Helt nyt (`ny`)\n")


def test_no_changed_pathway_says_so(repo: Path) -> None:
    assert (
        changed_summary(repo, "HEAD", "HEAD").markdown
        == "## Ændringer i forløbene (HEAD → HEAD)\n\nIngen forløb er ændret.\n"
    )


def test_a_broken_pathway_is_reported_in_the_comment_and_the_others_still_summarised(repo: Path) -> None:
    """A version with errors: its problems in a code block under its id, and returned to fail the
    command; the pathways after it are summarised as usual."""
    text = (repo / A).read_text(encoding="utf-8")
    (repo / A).write_text(f"{text}ukendt_felt: 1\nandet_ukendt: 2\n", encoding="utf-8")
    put(repo, "pathways/x/b.yaml", titel="Ændret b")
    result = changed_summary(repo, "HEAD", None)
    first, second = result.problems
    assert (first.path, second.path) == (str(repo / A), str(repo / A))
    assert result.markdown.startswith(
        f"## Ændringer i forløbene (HEAD → {WORK_TREE})\n\n"
        f"### a\n\nKan ikke sammenlignes, fordi filen har fejl:\n\n```\n{first}\n{second}\n```\n\n"
        "### Ændret b (`b`)\n"
    )
