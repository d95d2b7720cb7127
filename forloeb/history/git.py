"""What this project asks git: pathway files at a revision, the changed ones, and when each last changed.

Every function runs a fixed number of git processes, however many pathways there are, and raises
GitError with a Danish one-line message instead of git's own output.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from forloeb.errors import MessageError
from forloeb.load.layout import Layout

# Paths as git prints them without quoting non-ASCII; a fixed format whatever the user's git config.
_GIT = ("git", "-c", "core.quotePath=false")
_DATE_MARK = "\x01"


class GitError(MessageError):
    """A git call failed, or git does not know the revision asked for."""


class GitMissing(GitError):
    """No git program on PATH."""

    def __init__(self) -> None:
        super().__init__("git er ikke installeret")


def _run(root: Path, *args: str) -> str:
    try:
        result = subprocess.run([*_GIT, "-C", str(root), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitMissing from None
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["ukendt fejl"])[-1]
        raise GitError(f"git {args[0]} fejlede: {detail}")
    return result.stdout


def resolve(root: Path, rev: str) -> str:
    """The commit a revision names; GitError when git does not know it."""
    if rev.startswith("-"):
        raise GitError(f"ukendt git-revision '{rev}'")
    try:
        return _run(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except GitMissing:
        raise  # not a question of the revision
    except GitError:
        raise GitError(f"ukendt git-revision '{rev}' (findes grenen eller committen i dette repositorium?)") from None


@dataclass(frozen=True)
class TreeFile:
    path: str
    link: bool  # a symbolic link (mode 120000): its content is where it points, never to be read as a pathway


def pathway_paths(layout: Layout, rev: str) -> dict[str, TreeFile]:
    """Pathway id -> its file at a revision, found by file name (the catalog requires id = name)."""
    listing = _run(layout.root, "ls-tree", "-r", resolve(layout.root, rev), "--", layout.pathways)
    found = {}
    for line in sorted(listing.splitlines(), key=lambda entry: entry.split("\t", 1)[-1]):
        mode, _, path = line.partition("\t")
        if layout.is_pathway_path(path):
            found[PurePosixPath(path).stem] = TreeFile(path, mode.startswith("120000 "))
    return found


def show(root: Path, rev: str, path: str) -> bytes:
    """The content of a file at a revision, as bytes for the loader's encoding check."""
    try:
        result = subprocess.run(
            [*_GIT, "-C", str(root), "show", f"{resolve(root, rev)}:{path}"], capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitMissing from None
    if result.returncode != 0:
        raise GitError(f"filen {path} findes ikke i {rev}")
    return result.stdout


def changed_pathways(layout: Layout, old_rev: str, new_rev: str | None) -> list[str]:
    """Ids of the pathways added, changed, moved or deleted between two revisions (or the work tree)."""
    root, pathways = layout.root, layout.pathways
    revs = [resolve(root, old_rev)] + ([resolve(root, new_rev)] if new_rev else [])
    # --no-renames lists a moved file under both paths, so both revisions' ids are found.
    listing = _run(root, "diff", "--name-only", "--no-renames", *revs, "--", pathways)
    ids = {PurePosixPath(p).stem for p in listing.splitlines() if layout.is_pathway_path(p)}
    if new_rev is None:
        untracked = _run(root, "ls-files", "--others", "--exclude-standard", "--", pathways)
        ids |= {PurePosixPath(p).stem for p in untracked.splitlines() if layout.is_pathway_path(p)}
    return sorted(ids)


@dataclass(frozen=True)
class FileHistory:
    """When a file was last committed, and whether the work tree differs from that commit."""

    last_commit: date | None  # None: never committed
    uncommitted: bool


def file_histories(layout: Layout, paths: list[Path]) -> dict[Path, FileHistory] | None:
    """The history of each path from three git processes in all, or None outside a usable checkout.

    A shallow clone (CI's default) would date every file to its oldest fetched commit, so it gives None.
    """
    root = layout.root
    try:
        inside, shallow, toplevel = _run(
            root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-toplevel"
        ).splitlines()
        if inside != "true" or shallow == "true":
            return None
        top = Path(toplevel).resolve()
        relative = {_relative(p, top): p for p in paths}
        wanted = {rel: p for rel, p in relative.items() if rel is not None}
        if not wanted:
            return {}
        # One directory as the pathspec, not a thousand file names on the command line.
        pathspec = _relative(layout.pathways_dir, top) or layout.pathways
        dates = _last_commit_dates(top, set(wanted), pathspec)
        dirty = _uncommitted(top, pathspec)
    except GitError:
        return None
    return {p: FileHistory(dates.get(rel), rel in dirty or rel not in dates) for rel, p in wanted.items()}


def _uncommitted(top: Path, pathspec: str) -> set[str]:
    """Paths that are modified, staged or untracked in the work tree."""
    entries = iter(_run(top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", pathspec).split("\0"))
    dirty = set()
    for entry in entries:
        if len(entry) > 3:
            dirty.add(entry[3:])
            if entry[0] in "RC":
                next(entries, None)  # a rename or copy is followed by its source path
    return dirty


def _relative(path: Path, top: Path) -> str | None:
    try:
        return path.resolve().relative_to(top).as_posix()
    except ValueError:
        return None


def _last_commit_dates(top: Path, wanted: set[str], pathspec: str) -> dict[str, date]:
    """One `git log` pass, newest first, stopped as soon as every wanted file has its date."""
    found: dict[str, date] = {}
    command = [*_GIT, "-C", str(top), "log", f"--format={_DATE_MARK}%cs", "--name-only", "--", pathspec]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        current: date | None = None
        for line in proc.stdout:
            line = line.rstrip("\n")
            if line.startswith(_DATE_MARK):
                current = date.fromisoformat(line[1:])
            elif line in wanted and line not in found and current is not None:
                found[line] = current
                if len(found) == len(wanted):
                    proc.kill()  # the rest of the history cannot make a date newer
                    break
    return found


# --- The approved versions: every committed state of every pathway file ---------------------------


@dataclass(frozen=True)
class Revision:
    """A pathway file as one commit of the published branch left it."""

    commit: str
    when: datetime  # the commit's committer date, with its offset: dates come from git, never from "now"
    path: str  # relative to the repository root given (the folder of mkdocs.yml)
    blob: str | None  # the content's object id; None: the file was deleted in this commit


@dataclass(frozen=True)
class Checkout:
    """A checkout whose whole history can be read; head names what was read."""

    top: Path
    head: str


def full_checkout(root: Path) -> Checkout | None:
    """The repository around root with its HEAD, or None outside git, in a shallow clone (its history
    is cut off, so it would make the oldest fetched commit the first version) or before the first commit."""
    try:
        inside, shallow, toplevel, head = _run(
            root, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository", "--show-toplevel", "HEAD"
        ).splitlines()
    except (GitError, ValueError):
        return None
    if inside != "true" or shallow == "true":
        return None
    return Checkout(Path(toplevel).resolve(), head)


def pathway_revisions(layout: Layout, checkout: Checkout) -> list[Revision]:
    """Every change to a pathway file on the first-parent history of HEAD, oldest first, from one `git log`.

    First parent: a merged pull request counts from its merge into the branch, which is when the
    site published it, and a merge commit shows what it changed on the branch."""
    prefix = _relative(layout.root, checkout.top)
    strip = "" if not prefix or prefix == "." else prefix + "/"
    output = _run(
        layout.root,
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--reverse",
        "--raw",
        "--no-renames",
        "--no-abbrev",
        "-z",
        f"--format={_DATE_MARK}%H%x00%cI",
        checkout.head,
        "--",
        layout.pathways,
    )
    revisions: list[Revision] = []
    tokens = iter(output.split("\0"))
    commit, when = "", datetime.min
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(_DATE_MARK):
            commit, when = token[1:], datetime.fromisoformat(next(tokens))
        elif token.startswith(":"):
            fields = token.split()  # ":old-mode new-mode old-blob new-blob status"
            path = next(tokens, "")
            if path.startswith(strip) and layout.is_pathway_path(path[len(strip) :]):
                blob = None if fields[4].startswith("D") else fields[3]
                revisions.append(Revision(commit, when, path[len(strip) :], blob))
    return revisions


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The content of each object id, from one `git cat-file --batch`."""
    if not blobs:
        return {}
    try:
        result = subprocess.run(
            [*_GIT, "-C", str(root), "cat-file", "--batch"],
            input="".join(f"{b}\n" for b in blobs).encode(),
            capture_output=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitMissing from None
    if result.returncode != 0:
        raise GitError("git cat-file fejlede: " + result.stderr.decode("utf-8", "replace").strip())
    out, pos, found = result.stdout, 0, {}
    for blob in blobs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(f"git kender ikke objektet {blob}")
        size = int(header[2])
        found[blob] = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1  # the content is followed by a newline
    return found
