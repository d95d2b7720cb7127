"""The history of a repository's pathways: their timelines, and the contents of their old versions.

Reading it takes three git processes however many pathways and commits there are: one to find a
full checkout, one `git log` for every change to a pathway file, and one `git cat-file` for the
contents whose status and version are not known yet (`known`, which a long-lived caller keeps).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from forloeb.history.git import Checkout, GitError, full_checkout, pathway_revisions, read_blobs
from forloeb.history.timeline import BlobState, State, Timeline, scan_state, timelines
from forloeb.load.layout import Layout
from forloeb.load.loader import Loaded, load_bytes
from forloeb.model.pathway import Forloeb

NO_HISTORY = (
    "Tidligere versioner kan ikke vises: sitet er bygget uden den fulde git-historik "
    "(fx fra en overfladisk kloning eller en kopi uden .git)."
)


@dataclass(frozen=True)
class History:
    head: str  # the commit whose history this is
    timelines: dict[str, Timeline]  # pathway id -> its timeline


def read_history(layout: Layout, known: dict[str, BlobState], checkout: Checkout | None = None) -> History | None:
    """Every pathway's timeline up to HEAD; None without a full history (outside git, a shallow clone).

    `known` maps content ids to their status and version; contents read here are added to it. A
    caller that has asked git for the checkout already (full_checkout) passes it."""
    checkout = checkout or full_checkout(layout.root)
    if checkout is None:
        return None
    try:
        revisions = pathway_revisions(layout, checkout)
        missing = sorted({r.blob for r in revisions if r.blob is not None and r.blob not in known})
        for blob, raw in read_blobs(layout.root, missing).items():
            known[blob] = scan_state(raw)
    except GitError:
        return None
    return History(checkout.head, timelines(revisions, known))


def version_label(state: State) -> str:
    """Where a committed content comes from, as problems and pages name it: path@commit."""
    return f"{state.path}@{state.commit[:7]}"


def load_state(state: State, raw: bytes) -> Loaded[Forloeb]:
    """A committed content loaded into the model; one that today's model refuses (a field renamed
    since) comes back with its problems, named path@commit."""
    return load_bytes(raw, Path(*PurePosixPath(state.path).parts), version_label(state), Forloeb)
