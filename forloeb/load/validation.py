"""Validate pathway files: the whole catalog, or chosen files within or outside it."""

from __future__ import annotations

from pathlib import Path

from forloeb.load.catalog import load_catalog
from forloeb.load.consistency import check_pathway
from forloeb.load.layout import Layout
from forloeb.load.loader import load
from forloeb.load.problems import Problem
from forloeb.model.pathway import Forloeb


def validate(root: Path, files: list[Path] | None = None) -> list[Problem]:
    """Every problem in the catalog, or only those in `files` (files outside it are checked alone as
    pathways; a registry file is part of the catalog, so only its own problems are reported)."""
    catalog = load_catalog(root, strict=False)
    if not files:
        return catalog.problems
    layout = Layout(root)
    inside = {p.resolve() for p in [*layout.pathway_files(), *layout.registry_files()]}
    wanted = {f.resolve() for f in files if f.resolve() in inside}
    problems = [p for p in catalog.problems if (root / p.path).resolve() in wanted or Path(p.path).resolve() in wanted]
    for f in files:
        if f.resolve() not in inside:
            problems.extend(_standalone(f))
    return sorted(problems)


def _standalone(path: Path) -> list[Problem]:
    loaded = load(path, Forloeb)
    if loaded.model is None:
        return loaded.problems
    return loaded.problems + [loaded.locate(p) for p in check_pathway(loaded.model)]
