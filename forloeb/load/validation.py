"""Validate pathway files: the whole catalog, or chosen files within or outside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from forloeb.load.cache import kept_for
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.consistency import check_pathway
from forloeb.load.files import LINK_REFUSED
from forloeb.load.layout import Layout
from forloeb.load.loader import display_path, load
from forloeb.load.problems import Problem
from forloeb.model.pathway import Forloeb


def validate(
    root: Path, files: list[Path] | None = None, extra: Callable[[Catalog], list[Problem]] | None = None
) -> list[Problem]:
    """Every problem in the catalog, or only those in `files` (files outside it are checked alone as
    pathways; a registry file is part of the catalog, so only its own problems are reported).
    `extra` adds the checks of a layer above this one (the historik list against git)."""
    catalog = load_catalog(root, strict=False, cache=kept_for(root))
    found = sorted(catalog.problems + (extra(catalog) if extra else []))
    if not files:
        return found
    layout = Layout(root)
    inside = {p.resolve() for p in [*layout.pathway_files(), *layout.registry_files()]}
    wanted = {f.resolve() for f in files if f.resolve() in inside}
    problems = [p for p in found if (root / p.path).resolve() in wanted or Path(p.path).resolve() in wanted]
    for f in files:
        if f.resolve() not in inside:
            problems.extend(_standalone(f, layout))
    return sorted(problems)


def _standalone(path: Path, layout: Layout) -> list[Problem]:
    link = layout.outside_or_linked(path)
    if link is not None and link != path and link.is_symlink():  # a folder on the way is a link
        return [Problem(display_path(link), 1, 1, LINK_REFUSED)]
    loaded = load(path, Forloeb)
    if loaded.model is None:
        return loaded.problems
    return loaded.problems + [loaded.locate(p) for p in check_pathway(loaded.model)]
