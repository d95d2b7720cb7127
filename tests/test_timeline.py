"""Approved versions and changes from git: the rules on made-up states, then on a real repository."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from forloeb.history.git import Revision, full_checkout, pathway_revisions
from forloeb.history.repository import read_history
from forloeb.history.timeline import BlobState, Timeline, scan_state, states_by_pathway, timeline, timelines
from forloeb.load.layout import Layout
from tests.factories import minimal_pathway, write_yaml
from tests.gitutil import commit_all, count_processes, git, init_repo


def revisions(*steps: tuple[str, str | None, str | None]) -> tuple[list[Revision], dict[str, BlobState]]:
    """One commit per step (status, version), of the pathway x; the n-th commit is on day n of March 2025."""
    revs, blobs = [], {}
    for n, (status, version) in enumerate(steps, start=1):
        blob = f"blob{n}"
        revs.append(Revision(f"c{n}", datetime(2025, 3, n, tzinfo=UTC), "pathways/g/x.yaml", blob))
        blobs[blob] = BlobState(status, version)
    return revs, blobs


def history_of(*steps: tuple[str, str | None, str | None]) -> Timeline:
    revs, blobs = revisions(*steps)
    return timeline("x", states_by_pathway(revs, blobs)["x"])


def test_each_new_approved_version_applies_until_the_next() -> None:
    t = history_of(("udkast", "0.1"), ("godkendt", "1.0"), ("godkendt", "1.0"), ("godkendt", "1.1"))
    assert [(v.version, v.first.commit, v.content.commit, v.ended and v.ended.commit) for v in t.versions] == [
        ("1.0", "c2", "c3", "c4"),  # a correction committed without a new number is part of 1.0
        ("1.1", "c4", "c4", None),
    ]
    assert t.versions[0].superseded_by == "1.1"
    assert t.in_force() is t.versions[1]
    assert [(e.kind, e.state.commit, e.before and e.before.commit) for e in t.events] == [
        ("nyt", "c1", None),
        ("godkendt", "c2", "c1"),  # the first approval is compared with the draft before it
        ("godkendt", "c4", "c3"),  # a later one with the last content of the version before
    ]
    assert t.events[1].version == t.versions[0]


def test_a_draft_of_the_next_version_does_not_end_the_one_in_force() -> None:
    t = history_of(("godkendt", "1.0"), ("til-godkendelse", "1.1"), ("godkendt", "1.1"))
    one, eleven = t.versions
    assert (one.content.commit, one.ended and one.ended.commit) == ("c1", "c3")
    assert eleven.first.commit == "c3"
    assert [(e.kind, e.state.commit) for e in t.events] == [("godkendt", "c1"), ("status", "c2"), ("godkendt", "c3")]
    assert t.events[0].before is None, "a pathway approved in its first commit is compared with nothing"
    draft = history_of(("godkendt", "1.0"), ("udkast", "1.1"))
    assert draft.in_force() is draft.versions[0], "1.0 applies while 1.1 is being written"


def test_retirement_ends_the_version_and_no_version_applies() -> None:
    t = history_of(("godkendt", "1.0"), ("udgaaet", "1.0"))
    (v,) = t.versions
    assert v.ended is not None and v.ended.commit == "c2" and v.superseded_by is None
    assert t.in_force() is None
    assert [(e.kind, e.before and e.before.status, e.state.status) for e in t.events][-1] == (
        "status",
        "godkendt",
        "udgaaet",
    )


def test_an_approved_number_approved_again_is_no_new_version() -> None:
    t = history_of(("godkendt", "1.0"), ("udkast", "1.0"), ("godkendt", "1.0"))
    assert [v.version for v in t.versions] == ["1.0"]
    assert t.versions[0].content.commit == "c1", "after a draft in between, the approved content is settled"
    assert [e.kind for e in t.events] == ["godkendt", "status", "status"]


def test_a_moved_file_keeps_its_history_and_a_deletion_is_no_state() -> None:
    revs = [
        Revision("c1", datetime(2025, 3, 1, tzinfo=UTC), "pathways/a/x.yaml", "b1"),
        Revision("c2", datetime(2025, 3, 2, tzinfo=UTC), "pathways/a/x.yaml", None),
        Revision("c2", datetime(2025, 3, 2, tzinfo=UTC), "pathways/b/x.yaml", "b1"),
        Revision("c3", datetime(2025, 3, 3, tzinfo=UTC), "pathways/b/x.yaml", "b2"),
    ]
    states = states_by_pathway(revs, {"b1": BlobState("godkendt", "1.0"), "b2": BlobState("godkendt", "2.0")})
    assert [(s.commit, s.path) for s in states["x"]] == [
        ("c1", "pathways/a/x.yaml"),
        ("c2", "pathways/b/x.yaml"),
        ("c3", "pathways/b/x.yaml"),
    ]
    assert [v.version for v in timeline("x", states["x"]).versions] == ["1.0", "2.0"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('id: x\nstatus: godkendt\nversion: "1.0"\n', BlobState("godkendt", "1.0")),
        (
            "historik:\n  - version: '0.9'\n    status: udkast\nversion: '2.0'\nstatus: udgaaet\n",
            BlobState("udgaaet", "2.0"),
        ),
        ("trin:\n  - {status: godkendt}\nstatus: udkast\n", BlobState("udkast", None)),
        ("status: [broken\n", BlobState(None, None)),
        # An example is never an approved version, whatever status it claims.
        ('status: godkendt\nversion: "1.0"\neksempel: true\n', BlobState("godkendt", "1.0", True)),
        ('status: godkendt\nversion: "1.0"\neksempel:\n  kilde: bilag 2\n', BlobState("godkendt", "1.0", True)),
        ('status: godkendt\nversion: "1.0"\neksempel: false\n', BlobState("godkendt", "1.0", False)),
        ("- a list\n", BlobState(None, None)),
        ("", BlobState(None, None)),
        ("bare tekst\n", BlobState(None, None)),
        # The example block first, as in the shipped files: the keys after it are still read.
        ('eksempel:\n  kilde: bilag 2\nstatus: godkendt\nversion: "1.0"\n', BlobState("godkendt", "1.0", True)),
        # A status in a step's nested mapping, or words in a list, are not the pathway's status.
        (
            "trin:\n  - id: a\n    hyppighed: {type: engang}\n    status: godkendt\nstatus: udkast\n",
            BlobState("udkast", None),
        ),
        ("tilfoejelser: [Tekst, status, godkendt]\nstatus: udkast\n", BlobState("udkast", None)),
        # The words YAML reads as false or null say that it is no example, as the model reads them.
        ('status: godkendt\nversion: "1.0"\neksempel: no\n', BlobState("godkendt", "1.0", False)),
        ('status: godkendt\nversion: "1.0"\neksempel: null\n', BlobState("godkendt", "1.0", False)),
        ('status: godkendt\nversion: "1.0"\neksempel: ~\n', BlobState("godkendt", "1.0", False)),
        ('status: godkendt\nversion: "1.0"\neksempel:\n', BlobState("godkendt", "1.0", False)),
    ],
)
def test_status_and_version_are_read_from_the_top_level_only(text: str, expected: BlobState) -> None:
    assert scan_state(text.encode()) == expected


# --- On a real repository ---------------------------------------------------------------------------


def pathway(repo: Path, name: str, **fields: object) -> Path:
    data = minimal_pathway(id=name, speciale="x", **fields)
    data.pop("eksempel")  # a real pathway: an example is never an approved version
    return write_yaml(repo / "pathways" / "x" / f"{name}.yaml", data)


APPROVED = {"godkendt_dato": "2025-01-01", "naeste_revision": "2027-01-01"}


def test_history_from_a_merged_branch_counts_from_the_merge(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    pathway(repo, "a")
    commit_all(repo, "draft", when="2025-01-10T09:00:00+01:00")
    git(repo, "checkout", "-q", "-b", "approve")
    pathway(repo, "a", status="godkendt", version="1.0", **APPROVED)
    commit_all(repo, "approve on a branch", when="2025-02-01T09:00:00+01:00")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "approve", "-m", "merge", when="2025-02-20T09:00:00+01:00")
    history = read_history(Layout(repo), {})
    assert history is not None
    (v,) = history.timelines["a"].versions
    assert v.version == "1.0" and str(v.fra) == "2025-02-20", "published when merged into main"


def test_a_fixed_number_of_git_processes_however_many_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "repo")
    for n, version in enumerate(["1.0", "1.1", "1.2"], start=1):
        for i in range(30):
            pathway(repo, f"p{i}", status="godkendt", version=version, formaal=f"Formål {n}", **APPROVED)
        commit_all(repo, f"version {version}", when=f"2025-0{n}-01T12:00:00+00:00")
    calls = count_processes(monkeypatch)
    known: dict[str, BlobState] = {}
    history = read_history(Layout(repo), known)
    assert history is not None
    assert len(calls) == 3, calls  # rev-parse, log, cat-file
    assert all(len(t.versions) == 3 for t in history.timelines.values()) and len(history.timelines) == 30
    calls.clear()
    assert read_history(Layout(repo), known) is not None
    assert len(calls) == 2, "contents whose status and version are known are not read again"


def test_no_history_in_a_shallow_clone_or_before_the_first_commit(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    pathway(repo, "a")
    assert full_checkout(repo) is None, "no commit yet"
    commit_all(repo, "first")
    pathway(repo, "a", titel="Ændret")
    commit_all(repo, "second")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    assert full_checkout(shallow) is None
    assert read_history(Layout(shallow), {}) is None
    checkout = full_checkout(repo)
    assert checkout is not None
    assert [r.path for r in pathway_revisions(Layout(repo), checkout)] == ["pathways/x/a.yaml"] * 2


def test_a_timeline_and_its_events_name_their_pathway_and_keep_its_states() -> None:
    revs, blobs = revisions(("udkast", "0.1"), ("godkendt", "1.0"), ("udgaaet", "1.0"))
    states = states_by_pathway(revs, blobs)["x"]
    t = timelines(revs, blobs)["x"]
    assert t.forloeb_id == "x" and t.states == states
    assert [(e.kind, e.forloeb_id) for e in t.events] == [("nyt", "x"), ("godkendt", "x"), ("status", "x")]


def test_no_version_is_in_force_before_the_first_approval() -> None:
    assert history_of(("udkast", "0.1"), ("til-godkendelse", "0.1")).in_force() is None


def test_an_approval_after_a_draft_is_compared_with_the_version_before_not_the_draft() -> None:
    t = history_of(("godkendt", "1.0"), ("til-godkendelse", "1.1"), ("godkendt", "1.1"))
    assert [(e.state.commit, e.before and e.before.commit) for e in t.events if e.kind == "godkendt"] == [
        ("c1", None),
        ("c3", "c1"),
    ]


def test_a_correction_of_the_second_version_is_part_of_it() -> None:
    t = history_of(("godkendt", "1.0"), ("godkendt", "1.1"), ("godkendt", "1.1"))
    assert [(v.version, v.content.commit) for v in t.versions] == [("1.0", "c1"), ("1.1", "c3")]


def test_an_example_adopted_as_a_real_pathway_is_a_status_change_and_never_an_approval() -> None:
    revs, _ = revisions(("godkendt", "1.0"), ("udkast", "0.1"))
    blobs = {"blob1": BlobState("godkendt", "1.0", example=True), "blob2": BlobState("udkast", "0.1")}
    t = timeline("x", states_by_pathway(revs, blobs)["x"])
    assert t.versions == []
    assert [(e.kind, e.state.commit) for e in t.events] == [("nyt", "c1"), ("status", "c2")]


def test_a_content_whose_fields_are_unknown_has_neither_status_nor_version() -> None:
    revs, _ = revisions(("godkendt", "1.0"))
    (state,) = states_by_pathway(revs, {})["x"]
    assert (state.status, state.version, state.example) == (None, None, False)


def at(commit: int, path: str, blob: str | None) -> Revision:
    return Revision(f"c{commit}", datetime(2025, 3, commit, tzinfo=UTC), path, blob)


@pytest.mark.parametrize(
    ("old", "new", "deletion_first"),
    [
        ("pathways/a/x.yaml", "pathways/b/x.yaml", True),
        ("pathways/a/x.yaml", "pathways/b/x.yaml", False),
        ("pathways/b/x.yaml", "pathways/a/x.yaml", True),
        ("pathways/b/x.yaml", "pathways/a/x.yaml", False),
    ],
)
def test_a_move_is_the_added_file_whichever_way_and_in_whichever_order_git_lists_it(
    old: str, new: str, deletion_first: bool
) -> None:
    moved = [at(2, old, None), at(2, new, "b2")]
    revs = [at(1, old, "b1"), *(moved if deletion_first else moved[::-1])]
    states = states_by_pathway(revs, {})["x"]
    assert [(s.commit, s.path, s.blob) for s in states] == [("c1", old, "b1"), ("c2", new, "b2")]


def test_a_commit_that_deletes_one_pathway_or_leaves_one_as_it_was_still_records_the_others() -> None:
    revs = [
        at(1, "pathways/g/a.yaml", "a1"),
        at(1, "pathways/g/b.yaml", "b1"),
        at(1, "pathways/g/c.yaml", "c1"),
        # A merge lists a as it was, deletes b and changes c.
        at(2, "pathways/g/a.yaml", "a1"),
        at(2, "pathways/g/b.yaml", None),
        at(2, "pathways/g/c.yaml", "c2"),
    ]
    states = states_by_pathway(revs, {})
    assert {fid: [s.blob for s in s_list] for fid, s_list in states.items()} == {
        "a": ["a1"],
        "b": ["b1"],
        "c": ["c1", "c2"],
    }
