"""Two versions of a pathway, from files or git revisions, compared into a Markdown change summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from forloeb.errors import MessageError
from forloeb.history.diff_markdown import code_block, md, render
from forloeb.history.git import changed_pathways, pathway_paths, show
from forloeb.history.semantic_diff import compare
from forloeb.load.files import LINK_REFUSED
from forloeb.load.layout import Layout
from forloeb.load.loader import Loaded, display_path, load, load_bytes
from forloeb.load.problems import InputError, Problem
from forloeb.model.pathway import Forloeb

WORK_TREE = "arbejdskopien"


class CompareError(MessageError):
    """A request that cannot be answered: a missing file or an id found in neither version."""


@dataclass(frozen=True)
class Version:
    label: str  # where it came from, e.g. 'main:pathways/x/y.yaml'
    model: Forloeb | None  # None: the pathway does not exist in this version


def _valid(loaded: Loaded[Forloeb]) -> Forloeb:
    if loaded.model is None:
        raise InputError(loaded.problems)
    return loaded.model


def from_file(path: Path) -> Version:
    if path.is_symlink():
        raise InputError([Problem(display_path(path), 1, 1, LINK_REFUSED)])
    if not path.is_file():
        raise CompareError(f"filen {path} findes ikke")
    return Version(display_path(path), _valid(load(path, Forloeb)))


def from_revision(root: Path, rev: str | None, forloeb_id: str) -> Version:
    """The pathway with this id at a git revision, or in the work tree when rev is None."""
    layout = Layout(root)
    if rev is None:
        links = [p for p in layout.links() if p.stem == forloeb_id]
        if links:
            raise InputError([Problem(display_path(links[0]), 1, 1, LINK_REFUSED)])
        found = [p for p in layout.pathway_files() if p.stem == forloeb_id]
        return from_file(found[0]) if found else Version(f"{WORK_TREE} (hvor forløbet ikke findes)", None)
    entry = pathway_paths(layout, rev).get(forloeb_id)
    if entry is None:
        return Version(f"{rev} (hvor forløbet ikke findes)", None)
    label = f"{rev}:{entry.path}"
    if entry.link:
        raise InputError([Problem(label, 1, 1, LINK_REFUSED)])
    raw = show(root, rev, entry.path)
    return Version(label, _valid(load_bytes(raw, Path(*PurePosixPath(entry.path).parts), label, Forloeb)))


def summary(old: Version, new: Version, *, level: int = 2) -> str:
    diff = compare(old.model, new.model)
    return render(diff, level=level, source=f"{old.label} med {new.label}")


def files_summary(old: Path, new: Path) -> str:
    return summary(from_file(old), from_file(new))


def revisions_summary(root: Path, forloeb_id: str, old_rev: str, new_rev: str | None) -> str:
    old, new = from_revision(root, old_rev, forloeb_id), from_revision(root, new_rev, forloeb_id)
    if old.model is None and new.model is None:
        raise CompareError(f"forløbet '{forloeb_id}' findes hverken i {old_rev} eller {new_rev or WORK_TREE}")
    return summary(old, new)


@dataclass
class ChangedSummary:
    markdown: str
    problems: list[Problem] = field(default_factory=list)  # of versions that could not be read


def changed_summary(root: Path, old_rev: str, new_rev: str | None) -> ChangedSummary:
    """Every pathway changed between two revisions: the text of a pull-request comment."""
    ids = changed_pathways(Layout(root), old_rev, new_rev)
    title = f"## Ændringer i forløbene ({old_rev} → {new_rev or WORK_TREE})"
    if not ids:
        return ChangedSummary(f"{title}\n\nIngen forløb er ændret.\n")
    parts, problems = [title, ""], []
    for forloeb_id in ids:
        try:
            old, new = from_revision(root, old_rev, forloeb_id), from_revision(root, new_rev, forloeb_id)
        except InputError as exc:
            problems.extend(exc.problems)
            listed = code_block("\n".join(str(p) for p in exc.problems))
            parts.append(f"### {md(forloeb_id)}\n\nKan ikke sammenlignes, fordi filen har fejl:\n\n{listed}\n")
            continue
        parts.append(summary(old, new, level=3))
    return ChangedSummary("\n".join(parts), problems)
