"""What the project asks git (forloeb/history/git.py, repository.py), on real repositories and their edge
cases: moves, merges, a project in a subfolder, a branch named like the pathways folder, git missing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from forloeb.history import git as gitrepo
from forloeb.history.git import (
    Checkout,
    FileHistory,
    GitError,
    Revision,
    TreeFile,
    changed_pathways,
    file_histories,
    full_checkout,
    pathway_paths,
    pathway_revisions,
    read_blobs,
    resolve,
    show,
)
from forloeb.history.repository import load_state, read_history, version_label
from forloeb.history.timeline import BlobState, State
from forloeb.load.layout import Layout
from tests.factories import minimal_pathway, write_yaml
from tests.gitutil import commit_all, git, init_repo

pytestmark = pytest.mark.usefixtures("git_program")

CET = timezone(timedelta(hours=1))


def put(repo: Path, path: str, **changes: object) -> Path:
    """A pathway file at a path relative to the repository, its id the file name."""
    return write_yaml(repo / path, minimal_pathway(id=Path(path).stem, **changes))


def blob(repo: Path, rev: str, path: str) -> str:
    return git(repo, "rev-parse", f"{rev}:{path}").strip()


@pytest.fixture
def no_git(git_program: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH on which there is no git program (after the check that git is installed)."""
    empty = tmp_path / "tom-sti"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


# --- Revisions and error messages -----------------------------------------------------------------


def test_a_revision_is_one_commit_and_an_unknown_one_is_named(tmp_path: Path) -> None:
    """A branch or commit resolves to its commit; a range, an option or an unknown name is no revision."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    first = commit_all(repo, "first")
    put(repo, "pathways/x/a.yaml", titel="Ændret")
    second = commit_all(repo, "second")
    assert (resolve(repo, "main"), resolve(repo, "HEAD~1")) == (second, first)
    with pytest.raises(GitError) as caught:
        resolve(repo, "HEAD~1..HEAD")
    assert caught.value.message == (
        "ukendt git-revision 'HEAD~1..HEAD' (findes grenen eller committen i dette repositorium?)"
    )
    with pytest.raises(GitError) as option:
        resolve(repo, "--output=/tmp/x")  # never handed to git, where it would be an option
    assert option.value.message == "ukendt git-revision '--output=/tmp/x'"


def test_a_failed_git_call_names_the_command_and_gits_last_line(tmp_path: Path) -> None:
    """GitError says which git command failed and git's own last line of stderr, or 'ukendt fejl'."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    commit_all(repo, "first")
    with pytest.raises(GitError) as caught:
        pathway_revisions(Layout(repo), Checkout(repo, "0" * 40))
    assert caught.value.message == f"git log fejlede: fatal: bad object {'0' * 40}"
    with pytest.raises(GitError) as silent:
        gitrepo._run(repo, "rev-parse", "--verify", "--quiet", "ingen-saadan")  # fails without a word
    assert silent.value.message == "git rev-parse fejlede: ukendt fejl"


@pytest.mark.usefixtures("no_git")
def test_without_git_every_call_says_git_is_not_installed(tmp_path: Path) -> None:
    """No git on PATH: one Danish sentence from each kind of call, never FileNotFoundError."""
    calls = [
        lambda: resolve(tmp_path, "HEAD"),
        lambda: show(tmp_path, "HEAD", "pathways/x/a.yaml"),
        lambda: read_blobs(tmp_path, ["0" * 40]),
    ]
    for call in calls:
        with pytest.raises(GitError) as caught:
            call()
        assert caught.value.message == "git er ikke installeret"
    assert full_checkout(tmp_path) is None
    assert file_histories(Layout(tmp_path), [tmp_path / "pathways/x/a.yaml"]) is None


def test_show_reads_a_file_at_a_revision_and_names_a_missing_one(tmp_path: Path) -> None:
    """The bytes as committed; a path the revision does not have is a GitError naming path and revision."""
    repo = init_repo(tmp_path / "repo")
    path = put(repo, "pathways/x/a.yaml")
    commit_all(repo, "first")
    assert show(repo, "HEAD", "pathways/x/a.yaml") == path.read_bytes()
    with pytest.raises(GitError) as caught:
        show(repo, "HEAD", "pathways/x/b.yaml")
    assert caught.value.message == "filen pathways/x/b.yaml findes ikke i HEAD"


# --- Pathway files at a revision, and the changed ones ----------------------------------------------


def test_pathway_files_at_a_revision_by_id_with_links_marked(tmp_path: Path) -> None:
    """Every pathway file (not the registers, not other files) by its id; a symbolic link is marked."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    put(repo, "pathways/_registre/specialer.yaml")
    (repo / "pathways/x/noter.txt").write_text("ikke et forløb\n", encoding="utf-8")
    (repo / "pathways/y").mkdir()
    (repo / "pathways/y/b.yaml").symlink_to("../x/a.yaml")
    put(repo, "andet/c.yaml")
    commit_all(repo, "first")
    assert pathway_paths(Layout(repo), "HEAD") == {
        "a": TreeFile("pathways/x/a.yaml", link=False),
        "b": TreeFile("pathways/y/b.yaml", link=True),
    }


def test_two_files_of_one_id_the_last_by_path_is_the_pathway(tmp_path: Path) -> None:
    """The catalog refuses two files with one id; until fixed, a revision's file for it is the one last in
    path order, whatever git's object ids are."""
    for first, second in (("Første", "Anden"), ("Anden", "Første")):
        repo = init_repo(tmp_path / first)
        put(repo, "pathways/a/x.yaml", titel=first)
        put(repo, "pathways/b/x.yaml", titel=second)
        commit_all(repo, "two of x")
        assert pathway_paths(Layout(repo), "HEAD") == {"x": TreeFile("pathways/b/x.yaml", link=False)}


def test_a_branch_named_like_the_pathways_folder_is_not_mistaken_for_it(tmp_path: Path) -> None:
    """The folder is passed to git after `--`: a branch called `pathways` changes nothing."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    first = commit_all(repo, "first")
    git(repo, "branch", "pathways")
    put(repo, "pathways/x/b.yaml")
    second = commit_all(repo, "second")
    put(repo, "pathways/x/c.yaml")  # untracked
    layout = Layout(repo)
    assert list(pathway_paths(layout, second)) == ["a", "b"]
    assert changed_pathways(layout, first, second) == ["b"]
    assert changed_pathways(layout, first, None) == ["b", "c"]
    checkout = full_checkout(repo)
    assert checkout is not None
    assert [r.path for r in pathway_revisions(layout, checkout)] == ["pathways/x/a.yaml", "pathways/x/b.yaml"]


def test_a_renamed_pathway_is_changed_under_both_ids(tmp_path: Path) -> None:
    """A file renamed to a new id: the old id is deleted and the new one added, so both are listed."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/gammel.yaml")
    put(repo, "pathways/x/uroert.yaml")
    first = commit_all(repo, "first")
    git(repo, "mv", "pathways/x/gammel.yaml", "pathways/x/ny.yaml")
    second = commit_all(repo, "rename")
    assert changed_pathways(Layout(repo), first, second) == ["gammel", "ny"]


def test_changes_between_two_revisions_ignore_the_work_tree(tmp_path: Path) -> None:
    """Two revisions: what changed between them, whatever is modified or untracked in the work tree."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    put(repo, "pathways/x/b.yaml")
    first = commit_all(repo, "first")
    put(repo, "pathways/x/a.yaml", titel="Ændret")
    second = commit_all(repo, "second")
    put(repo, "pathways/x/b.yaml", titel="Ikke committet")
    put(repo, "pathways/x/ny.yaml")
    assert changed_pathways(Layout(repo), first, second) == ["a"]


def test_changes_against_the_work_tree_add_untracked_files_but_not_ignored_ones(tmp_path: Path) -> None:
    """No second revision: the work tree, with modified, deleted and new (untracked) pathway files; a file
    git ignores, a register and a file outside the pathways folder are not pathways."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    put(repo, "pathways/x/b.yaml")
    put(repo, "pathways/x/uroert.yaml")
    first = commit_all(repo, "first")
    put(repo, "pathways/x/a.yaml", titel="Ændret")
    (repo / "pathways/x/b.yaml").unlink()
    put(repo, "pathways/y/ny.yaml")
    put(repo, "pathways/y/kladde.yaml")
    put(repo, "pathways/_registre/specialer.yaml")
    put(repo, "andet/udenfor.yaml")
    (repo / ".gitignore").write_text("kladde.yaml\n", encoding="utf-8")
    assert changed_pathways(Layout(repo), first, None) == ["a", "b", "ny"]


# --- When each file last changed --------------------------------------------------------------------


def test_a_project_in_a_subfolder_of_the_repository_has_its_history(tmp_path: Path) -> None:
    """mkdocs.yml and pathways/ one folder down: dates and revisions are found, paths relative to the project."""
    repo = init_repo(tmp_path / "repo")
    project = repo / "site-kilde"
    a = put(repo, "site-kilde/pathways/x/a.yaml")
    put(repo, "pathways/x/a.yaml")  # the same path at the top: not this project's
    first = commit_all(repo, "first", when="2025-01-10T09:00:00+01:00")
    layout = Layout(project)
    assert file_histories(layout, [a]) == {a: FileHistory(date(2025, 1, 10), uncommitted=False)}
    checkout = full_checkout(project)
    assert checkout == Checkout(repo.resolve(), first)
    assert pathway_revisions(layout, checkout) == [
        Revision(
            first,
            datetime(2025, 1, 10, 9, tzinfo=CET),
            "pathways/x/a.yaml",
            blob(repo, first, "site-kilde/pathways/x/a.yaml"),
        )
    ]


def test_a_staged_move_and_other_changes_are_all_uncommitted(tmp_path: Path) -> None:
    """`git status` lists a move with its source path after it; every file after that is read as well."""
    repo = init_repo(tmp_path / "repo")
    a = put(repo, "pathways/x/a.yaml")
    b = put(repo, "pathways/x/b.yaml")
    c = put(repo, "pathways/x/c.yaml")
    d = put(repo, "pathways/x/d.yaml")
    commit_all(repo, "first", when="2025-01-10T09:00:00+01:00")
    git(repo, "mv", "pathways/x/a.yaml", "pathways/x/aa.yaml")
    put(repo, "pathways/x/b.yaml", titel="Ændret")
    put(repo, "pathways/x/c.yaml", titel="Ændret")
    moved = repo / "pathways/x/aa.yaml"
    assert not a.exists()
    assert file_histories(Layout(repo), [moved, b, c, d]) == {
        moved: FileHistory(None, uncommitted=True),
        b: FileHistory(date(2025, 1, 10), uncommitted=True),
        c: FileHistory(date(2025, 1, 10), uncommitted=True),
        d: FileHistory(date(2025, 1, 10), uncommitted=False),
    }


def test_no_files_asked_for_or_none_inside_the_repository_gives_no_histories(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    commit_all(repo, "first")
    outside = put(tmp_path, "andet/b.yaml")
    assert file_histories(Layout(repo), []) == {}
    assert file_histories(Layout(repo), [outside]) == {}


# --- Every committed state: the revisions of pathway files ------------------------------------------


def test_revisions_oldest_first_with_full_ids_and_deletions(tmp_path: Path) -> None:
    """One Revision per changed pathway file per commit, oldest first, with the commit's own date and
    offset and the full object id; a deleted file has none; a move is a deletion and an addition."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    put(repo, "pathways/x/b.yaml")
    first = commit_all(repo, "first", when="2025-01-10T09:00:00+01:00")
    git(repo, "rm", "-q", "pathways/x/b.yaml")
    git(repo, "mv", "pathways/x/a.yaml", "pathways/y.yaml")
    (repo / "pathways/x").mkdir(exist_ok=True)
    git(repo, "mv", "pathways/y.yaml", "pathways/x/flyttet.yaml")
    second = commit_all(repo, "second", when="2025-02-01T10:30:00+00:00")
    checkout = full_checkout(repo)
    assert checkout is not None
    a_blob = blob(repo, first, "pathways/x/a.yaml")
    assert pathway_revisions(Layout(repo), checkout) == [
        Revision(first, datetime(2025, 1, 10, 9, tzinfo=CET), "pathways/x/a.yaml", a_blob),
        Revision(
            first, datetime(2025, 1, 10, 9, tzinfo=CET), "pathways/x/b.yaml", blob(repo, first, "pathways/x/b.yaml")
        ),
        Revision(second, datetime(2025, 2, 1, 10, 30, tzinfo=UTC), "pathways/x/a.yaml", None),
        Revision(second, datetime(2025, 2, 1, 10, 30, tzinfo=UTC), "pathways/x/b.yaml", None),
        Revision(second, datetime(2025, 2, 1, 10, 30, tzinfo=UTC), "pathways/x/flyttet.yaml", a_blob),
    ]


def test_revisions_are_those_of_the_commit_named_not_of_head_now(tmp_path: Path) -> None:
    """A Checkout names the commit that was read: a later commit is not part of its history."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    first = commit_all(repo, "first")
    put(repo, "pathways/x/a.yaml", titel="Senere")
    commit_all(repo, "second")
    revisions = pathway_revisions(Layout(repo), Checkout(repo.resolve(), first))
    assert [(r.commit, r.blob) for r in revisions] == [(first, blob(repo, first, "pathways/x/a.yaml"))]


def test_a_merged_branch_counts_from_its_merge_commit(tmp_path: Path) -> None:
    """First parent: the commits of a merged pull request are not the branch's history; the merge is,
    and it shows what the pull request changed, dated when it was merged (when the site published it)."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    first = commit_all(repo, "first", when="2025-01-10T09:00:00+01:00")
    git(repo, "checkout", "-q", "-b", "pr")
    put(repo, "pathways/x/a.yaml", titel="Udkast i PR")
    commit_all(repo, "draft", when="2025-01-11T09:00:00+01:00")
    put(repo, "pathways/x/a.yaml", titel="Færdig i PR")
    commit_all(repo, "final", when="2025-01-12T09:00:00+01:00")
    git(repo, "checkout", "-q", "main")
    put(repo, "pathways/x/b.yaml")
    other = commit_all(repo, "other", when="2025-01-13T09:00:00+01:00")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge pr", "pr", when="2025-01-14T09:00:00+01:00")
    merge = git(repo, "rev-parse", "HEAD").strip()
    checkout = full_checkout(repo)
    assert checkout is not None and checkout.head == merge
    revisions = pathway_revisions(Layout(repo), checkout)
    assert [(r.commit, r.path, r.when.day) for r in revisions] == [
        (first, "pathways/x/a.yaml", 10),
        (other, "pathways/x/b.yaml", 13),
        (merge, "pathways/x/a.yaml", 14),
    ]
    assert revisions[-1].blob == blob(repo, merge, "pathways/x/a.yaml")


def test_no_full_checkout_before_the_first_commit(tmp_path: Path) -> None:
    """An empty repository has no HEAD: no history, rather than an error."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml")
    assert full_checkout(repo) is None
    assert read_history(Layout(repo), {}) is None


def test_read_blobs_gives_each_content_exactly(tmp_path: Path) -> None:
    """Several contents from one `git cat-file --batch`, each byte for byte (no newline more or less)."""
    repo = init_repo(tmp_path / "repo")
    (repo / "a").write_bytes(b"first\n")
    (repo / "b").write_bytes(b"second, without newline")
    (repo / "c").write_bytes(b"")
    commit_all(repo, "first")
    ids = [blob(repo, "HEAD", name) for name in ("a", "b", "c")]
    assert read_blobs(repo, ids) == dict(zip(ids, [b"first\n", b"second, without newline", b""], strict=True))
    assert read_blobs(repo, []) == {}


def test_read_blobs_refuses_what_is_not_a_file_content(tmp_path: Path) -> None:
    """An unknown id or the id of a folder (a tree) is a GitError naming it; outside git, git's message."""
    repo = init_repo(tmp_path / "repo")
    (repo / "a").write_bytes(b"x\n")
    commit_all(repo, "first")
    for wrong in ("1" * 40, git(repo, "rev-parse", "HEAD^{tree}").strip()):
        with pytest.raises(GitError) as caught:
            read_blobs(repo, [wrong])
        assert caught.value.message == f"git kender ikke objektet {wrong}"
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(GitError) as outside:
        read_blobs(plain, ["1" * 40])
    assert outside.value.message == (
        "git cat-file fejlede: fatal: not a git repository (or any of the parent directories): .git"
    )


# --- The history of a repository, and its old contents ----------------------------------------------


def test_read_history_names_the_commit_it_read_and_fills_the_known_contents(tmp_path: Path) -> None:
    """The history is that of HEAD; each content read is added to `known` with its status and version."""
    repo = init_repo(tmp_path / "repo")
    put(repo, "pathways/x/a.yaml", status="udkast", version="0.1")
    head = commit_all(repo, "first")
    known: dict[str, BlobState] = {}
    history = read_history(Layout(repo), known)
    assert history is not None
    assert history.head == head
    assert known == {blob(repo, head, "pathways/x/a.yaml"): BlobState("udkast", "0.1", example=True)}
    assert [s.commit for s in history.timelines["a"].states] == [head]


def test_an_old_content_is_named_by_path_and_short_commit(tmp_path: Path) -> None:
    """A committed content is loaded as path@commit (seven characters); its problems carry that name."""
    state = State("0123456789abcdef", datetime(2025, 1, 1, tzinfo=CET), "pathways/x/a.yaml", "b", None, None)
    assert version_label(state) == "pathways/x/a.yaml@0123456"
    good = load_state(state, put(tmp_path, "a.yaml").read_bytes())
    assert good.model is not None and good.model.id == "a"
    assert (good.path, good.display) == (Path("pathways/x/a.yaml"), "pathways/x/a.yaml@0123456")
    bad = load_state(state, b"id: a\nukendt_felt: 1\n")
    assert bad.model is None
    assert bad.problems and all(str(p).startswith("pathways/x/a.yaml@0123456:") for p in bad.problems)
