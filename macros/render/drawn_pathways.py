"""A pathway's drawings kept between builds: which diagrams its page shows, and its figures.

Every SVG is kept by its DOT source (forloeb/diagram/svg.py), but finding out which sources a
pathway's page shows means building its DOT, planning its parts and measuring them: most of a
warm build's drawing. So once a pathway is drawn, a small record names its diagrams (the SVG file
in the cache, the title and ids it is inlined with) and its figures, under a digest of everything
they come from: the pathway's model, the titles of the pathways it links to, and our code (which
holds Graphviz' version and how it measures text). A record that is missing, unreadable or names
an SVG the cache no longer holds is simply not used: the pathway is drawn as before.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from forloeb.atomic import write_atomic
from forloeb.model.pathway import Forloeb
from macros.render.figures import Figure, PathwayFigures

FOLDER = "forloeb"  # under the diagram cache
_SVG_NAME = re.compile(r"[0-9a-f]{64}\.svg")  # a record names a file in the cache, never a path


@dataclass(frozen=True)
class Shown:
    """One diagram of the page: its SVG's file in the cache, and what it is inlined with."""

    svg: str
    title: str
    title_id: str
    desc_id: str | None


@dataclass(frozen=True)
class DrawnPathway:
    shown: dict[str, Shown]  # marker key -> the diagram
    figures: PathwayFigures


class DrawnPathways:
    """The records in <diagram cache>/forloeb, for one build's code digest."""

    def __init__(self, cache_dir: Path, code: str) -> None:
        self.cache_dir = cache_dir
        self.folder = cache_dir / FOLDER
        self.code = code
        self.used: set[str] = set()

    def key(self, f: Forloeb, related: tuple[tuple[str, str], ...]) -> str:
        h = hashlib.sha256(self.code.encode())
        h.update(b"\0" + f.model_dump_json().encode() + b"\0" + json.dumps(related).encode())
        return h.hexdigest()

    def get(self, key: str) -> tuple[DrawnPathway, dict[str, str]] | None:
        """The record and each diagram's SVG as dot drew it, or None."""
        try:
            record = _parsed(json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8")))
            raw = {k: (self.cache_dir / s.svg).read_text(encoding="utf-8") for k, s in record.shown.items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        self.used.add(key)
        return record, raw

    def put(self, key: str, record: DrawnPathway) -> None:
        self.used.add(key)
        shown = {k: asdict(s) for k, s in record.shown.items()}
        figures = {
            "main": [asdict(x) for x in record.figures.main],
            "by_phase": {p: [asdict(x) for x in xs] for p, xs in record.figures.by_phase.items()},
        }
        try:
            write_atomic(self.folder / f"{key}.json", json.dumps({"shown": shown, "figures": figures}))
        except OSError:
            return  # drawn again next time

    def prune(self) -> None:
        """Keep the records this build used or made."""
        try:
            for entry in self.folder.iterdir():
                if entry.suffix == ".json" and entry.stem not in self.used:
                    entry.unlink(missing_ok=True)
        except OSError:
            return


def _parsed(data: Any) -> DrawnPathway:
    shown = {str(k): Shown(**v) for k, v in data["shown"].items()}
    if not all(_SVG_NAME.fullmatch(s.svg) for s in shown.values()):
        raise ValueError("not a file of the cache")
    figures = data["figures"]
    main = tuple(Figure(**x) for x in figures["main"])
    by_phase = {str(p): tuple(Figure(**x) for x in xs) for p, xs in figures["by_phase"].items()}
    return DrawnPathway(shown, PathwayFigures(main, by_phase))
