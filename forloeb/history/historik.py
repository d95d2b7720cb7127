"""The hand-written `historik` list against git: every approved version in both, or a warning.

The list says what git cannot know (who approved, at which SFR meeting); git says which versions
were approved. An approved version in git (or in the work tree, about to be committed) without an
entry `status: godkendt` in the list is reported at the list, and an entry `status: godkendt` for a
version git never had approved is reported at the entry.
"""

from __future__ import annotations

from pathlib import Path

from forloeb.history.repository import read_history
from forloeb.history.timeline import APPROVED, Timeline
from forloeb.load.catalog import Catalog
from forloeb.load.layout import Layout
from forloeb.load.problems import Problem
from forloeb.model.formatting import danish_date


def historik_problems(catalog: Catalog, timelines: dict[str, Timeline]) -> list[Problem]:
    problems: list[Problem] = []
    for fid, loaded in catalog.sources.items():
        f = catalog.forloeb[fid]
        t = timelines.get(fid)
        in_git = {v.version: v for v in t.versions} if t else {}
        listed = {h.version: i for i, h in enumerate(f.historik) if h.status == APPROVED}
        where = ("historik",) if f.historik else ("version",)
        for number, v in in_git.items():
            if number not in listed:
                problems.append(
                    loaded.problem(
                        where,
                        f"version {number} er godkendt i git (commit {v.first.commit[:7]}, {danish_date(v.fra)}), "
                        f'men historik har ingen post med version: "{number}" og status: godkendt; '
                        "tilføj den med dato og hvem der godkendte",
                        key=bool(f.historik),
                        severity="advarsel",
                    )
                )
        if f.status == APPROVED and f.version not in in_git and f.version not in listed:
            problems.append(
                loaded.problem(
                    where,
                    f"forløbet er godkendt i version {f.version}, men historik har ingen post med "
                    f'version: "{f.version}" og status: godkendt; tilføj den med dato og hvem der godkendte',
                    key=bool(f.historik),
                    severity="advarsel",
                )
            )
        for number, i in listed.items():
            if number not in in_git and not (f.status == APPROVED and f.version == number):
                problems.append(
                    loaded.problem(
                        ("historik", i, "version"),
                        f"historik siger, at version {number} er godkendt, men i git er forløbet aldrig "
                        f'committet med status: godkendt og version: "{number}"',
                        severity="advarsel",
                    )
                )
    return problems


def git_historik_problems(root: Path, catalog: Catalog) -> list[Problem]:
    """The check against the repository's own history (none outside git or in a shallow clone)."""
    history = read_history(Layout(root), {})
    return historik_problems(catalog, history.timelines) if history else []
