"""The overlap check's analysis for the D4 pages, kept between builds: in the plugin while `mkdocs
serve` runs (AnalysisCache) and on disk for the next process (StoredAnalyses)."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from forloeb.load.catalog import Catalog
from forloeb.overlap.check import Analysis, Limits, analyse
from forloeb.overlap.stemmed import FOLDER as STEMMED_FOLDER

FORMAT = 1  # of a stored analysis
log = logging.getLogger("mkdocs.plugins.forloeb")


class AnalysisCache:
    """The overlap check's analysis, kept by the plugin and on disk.

    Under `mkdocs serve` the last one is made again only when a pathway, a register file or a
    document's text changed (the loader hands out the same objects while a file is unchanged). A
    new process finds it in `cache_dir` under a digest of every file of the pathways folder, the
    limits, the day and our code, so a build of an unchanged repository does not read the D4 texts
    again (a third of a warm build's own work at 200 pathways and 600 documents)."""

    def __init__(self) -> None:
        self._last: tuple[tuple[Any, ...], tuple[Any, ...], Analysis] | None = None

    def analyse(self, catalog: Catalog, today: date, options: Any, stored: StoredAnalyses | None = None) -> Analysis:
        inputs = (*catalog.forloeb.values(), *catalog.d4_sources)  # the loader's objects: same while unchanged
        texts = tuple((p, p.stat().st_mtime_ns) for p in catalog.d4_text_files.values())
        limits = (today, options.d4_frist_dage, options.d4_afsnit_graense)
        key = (tuple(map(id, inputs)), texts, limits)
        if self._last is None or self._last[0] != key:
            limits = Limits(
                containment=options.d4_afsnit_graense,
                today=today,
                deadline_days=options.d4_frist_dage,
                stemmed=stored.stemmed if stored else None,
            )
            found = stored.get(limits) if stored else None
            if found is None:
                found = analyse(catalog, limits)
                if stored:
                    stored.put(limits, found)
            self._last = (key, inputs, found)
        return self._last[2]


class StoredAnalyses:
    """The last analysis on disk, under a digest of what it was made from (AnalysisCache)."""

    def __init__(self, directory: Path, pathways: Path, code: str) -> None:
        self._dir, self._pathways, self._code = directory, pathways, code
        self._paths: dict[Limits, Path] = {}  # the folder is read once, for get() and put() alike

    @property
    def stemmed(self) -> Path:
        """Where the analysis keeps the D4 texts' stemmed words (forloeb/overlap/stemmed.py)."""
        return self._dir / STEMMED_FOLDER

    def _path(self, limits: Limits) -> Path:
        if limits not in self._paths:
            self._paths[limits] = self._digest_path(limits)
        return self._paths[limits]

    def _digest_path(self, limits: Limits) -> Path:
        h = hashlib.sha256(f"{FORMAT}\0{self._code}\0{limits!r}\0".encode())
        for path in sorted(p for p in self._pathways.rglob("*") if p.is_file()):
            h.update(path.relative_to(self._pathways).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        return self._dir / f"{h.hexdigest()}.pickle"

    def get(self, limits: Limits) -> Analysis | None:
        try:
            with self._path(limits).open("rb") as fh:
                found = pickle.load(fh)  # written by put() below from our own objects, never from input
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None
        return found if isinstance(found, Analysis) else None

    def put(self, limits: Limits, found: Analysis) -> None:
        path = self._path(limits)
        try:
            self._dir.mkdir(parents=True, exist_ok=True)
            for old in self._dir.glob("*.pickle"):  # one analysis is kept: the repository's current one
                old.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._dir, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(found, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError as exc:  # a full disk or a read-only checkout: the next build analyses again
            log.warning(f"Overlapanalysen kan ikke gemmes til næste bygning ({exc.strerror}: {exc.filename})")
