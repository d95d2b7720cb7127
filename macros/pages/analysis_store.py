"""The overlap check's analysis for the D4 pages, kept between builds: in the plugin while `mkdocs
serve` runs (AnalysisCache) and on disk for the next process (StoredAnalyses)."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
import threading
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from forloeb.forked import Forked, forking_available
from forloeb.load.catalog import Catalog
from forloeb.load.kept_loads import UNPICKLING_ERRORS
from forloeb.overlap.check import Analysis, Limits, analyse
from forloeb.overlap.stemmed import FOLDER as STEMMED_FOLDER
from macros.pages.analysis_job import NICENESS, AnalysisJob

FORMAT = 1  # of a stored analysis
log = logging.getLogger("mkdocs.plugins.forloeb")


class AnalysisCache:
    """The overlap check's analysis, kept by the plugin and on disk.

    Under `mkdocs serve` the last one is made again only when a pathway, a register file or a
    document's text changed (the loader hands out the same objects while a file is unchanged). A
    new process finds it in `cache_dir` under a digest of every file of the pathways folder, the
    limits, the day and our code, so a build of an unchanged repository does not read the D4 texts
    again (a third of a warm build's own work at 200 pathways and 600 documents).

    After the preview (`later`, under serve): at a thousand pathways the analysis is most of a
    rebuild (7 of 10 s after one edit), yet an edited page shows little of it: a pathway page lists
    the D4 documents that cover it. So an edit that adds or removes no pathway and no document is
    built at once with the previous analysis, while a forked process makes the new one from the same
    catalog (analysis_job.py). When that shows anything differently, `later` is called: the plugin
    asks the serve for one more build, which finds the new analysis here and builds the D4 pages and
    the pathway pages whose documents changed (`changed_pathways`). An analysis that fails is made
    again in that build, which then fails as it would have.

    Early (`begin`, in a plain build): the analysis needs only the catalog, and most of a cold build's
    work before it leaves a core idle (drawing waits for `dot`, the archive for git). So a forked
    process makes it from the catalog as soon as that is loaded, and `analyse` takes its result.
    The process also finds the analysis on disk, if it is there: the digest that names it reads every
    file of the pathways folder (about 1.5 s at a thousand pathways and 3,000 documents)."""

    def __init__(self) -> None:
        self._last: tuple[tuple[Any, ...], tuple[Any, ...], Analysis] | None = None
        self._lock = threading.Lock()  # _last and _job: the job's thread sets them
        self._job: tuple[tuple[Any, ...], AnalysisJob] | None = None
        self._failed: tuple[Any, ...] | None = None  # the key of a job that failed
        self._fitted: tuple[frozenset[str], frozenset[str]] | None = None  # the last one's pathways and documents
        self._changed: set[str] = set()  # pathways whose documents a job's analysis changed
        self._changed_in: Analysis | None = None  # the analysis that changed them last
        self._early: tuple[tuple[Any, ...], Forked[tuple[Analysis, Path | None]]] | None = None

    def begin(self, catalog: Catalog, today: date, options: Any, stored: StoredAnalyses) -> None:
        """Start making the analysis that `analyse` will be asked for with the same arguments."""
        _, key, limits = _inputs(catalog, today, options, stored)
        if forking_available() and (self._last is None or self._last[0] != key):
            self.abandon()
            self._early = (key, Forked(partial(_looked_up, catalog, limits, stored), workers=True, niceness=NICENESS))

    def abandon(self) -> None:
        """The build failed: an analysis begun early is not wanted."""
        early, self._early = self._early, None
        if early is not None:
            early[1].stop()

    def analyse(
        self,
        catalog: Catalog,
        today: date,
        options: Any,
        stored: StoredAnalyses | None = None,
        later: Callable[[], None] | None = None,
    ) -> Analysis:
        inputs, key, limits = _inputs(catalog, today, options, stored)
        early, self._early = self._early, None
        if early is not None and early[0] != key:
            early[1].stop()
            early = None
        fitted = (frozenset(catalog.forloeb), frozenset(catalog.d4))
        with self._lock:
            last = self._last
            if last is not None and last[0] == key:
                return last[2]
            if self._job is not None and self._job[0] != key:  # an edit since: its analysis is not wanted
                self._job[1].cancel()
                self._job = None
            if later is not None and last is not None and self._fitted == fitted and self._failed != key:
                if self._job is None and forking_available():
                    arrived = partial(self._arrived, key, inputs, later)
                    self._job = (key, AnalysisJob(partial(_made, catalog, limits, stored), arrived))
                if self._job is not None:
                    log.info("Overlapanalysen laves efter forhåndsvisningen; D4-siderne opdateres, når den er færdig")
                    return last[2]
        found = _made(catalog, limits, stored, early[1] if early else None)
        with self._lock:
            self._last, self._fitted, self._failed = (key, inputs, found), fitted, None
        return found

    def _arrived(
        self, key: tuple[Any, ...], inputs: tuple[Any, ...], later: Callable[[], None], found: Analysis | str
    ) -> None:
        with self._lock:
            if self._job is None or self._job[0] != key:
                return
            self._job = None
            if isinstance(found, str):
                # Not a warning: under `serve --strict` it would stop whichever build is running. The
                # next build makes the analysis itself and fails with the error as any build would.
                log.info(f"Overlapanalysen efter forhåndsvisningen fejlede ({found}); den laves igen")
                self._failed = key
            else:
                previous = self._last[2] if self._last else None
                self._last = (key, inputs, found)
                if previous is not None and _shown(previous) == _shown(found):
                    return
                self._changed |= _pathways_changed(previous, found)
                self._changed_in = found
        later()

    def changed_pathways(self, shown: Analysis | None) -> set[str]:
        """The pathways whose covering documents the analyses made after the preview changed, for a
        build that shows the last of them: their pages are built again though their files are as
        they were. A build still showing an older analysis (one arrived while it ran) gets none."""
        with self._lock:
            if shown is None or shown is not self._changed_in:
                return set()
            changed, self._changed, self._changed_in = self._changed, set(), None
        return changed

    def wait(self, timeout: float | None = None) -> bool:
        """True when no analysis is being made after the preview (any made is handed on)."""
        with self._lock:
            job = self._job
        return job is None or job[1].wait(timeout)

    def stop(self) -> None:
        """The serve or the build stops (an interrupted one too): an analysis still being made is not wanted."""
        self.abandon()
        with self._lock:
            if self._job is not None:
                self._job[1].cancel()
                self._job = None


def _inputs(
    catalog: Catalog, today: date, options: Any, stored: StoredAnalyses | None
) -> tuple[tuple[Any, ...], tuple[Any, ...], Limits]:
    """What an analysis is made from: the loader's objects (the same while unchanged), the key they
    and the texts' times make with the options, and the check's limits."""
    inputs = (*catalog.forloeb.values(), *catalog.d4_sources)
    texts = tuple((p, p.stat().st_mtime_ns) for p in catalog.d4_text_files.values())
    key = (tuple(map(id, inputs)), texts, (today, options.d4_frist_dage, options.d4_afsnit_graense))
    limits = Limits(
        containment=options.d4_afsnit_graense,
        today=today,
        deadline_days=options.d4_frist_dage,
        stemmed=stored.stemmed if stored else None,
    )
    return inputs, key, limits


def _made(
    catalog: Catalog,
    limits: Limits,
    stored: StoredAnalyses | None,
    early: Forked[tuple[Analysis, Path | None]] | None = None,
) -> Analysis:
    if early is not None:
        found, new_at = early.result()
        if stored and new_at is not None:
            stored.put(limits, found, new_at)  # here, so that a failure to store is this build's warning
        return found
    found = stored.get(limits) if stored else None
    if found is None:
        found = analyse(catalog, limits)
        if stored:
            stored.put(limits, found)
    return found


def _looked_up(catalog: Catalog, limits: Limits, stored: StoredAnalyses) -> tuple[Analysis, Path | None]:
    """The early process's work: the analysis on disk, or a new one and where it is to be stored."""
    found = stored.get(limits)
    return (found, None) if found is not None else (analyse(catalog, limits), stored.path(limits))


def _shown(found: Analysis) -> tuple[Any, ...]:
    """What the pages show of an analysis: the D4 pages its coverage, a pathway page its documents."""
    return found.coverage, found.bruttoliste


def _pathways_changed(previous: Analysis | None, found: Analysis) -> set[str]:
    """The pathways whose list of covering documents differs between two analyses."""
    old = previous.bruttoliste.by_pathway if previous else {}
    new = found.bruttoliste.by_pathway
    return {fid for fid in old.keys() | new.keys() if old.get(fid) != new.get(fid)}


class StoredAnalyses:
    """The last analysis on disk, under a digest of what it was made from (AnalysisCache)."""

    def __init__(self, directory: Path, pathways: Path, code: str) -> None:
        self._dir, self._pathways, self._code = directory, pathways, code
        self._paths: dict[Limits, Path] = {}  # the folder is read once, for get() and put() alike

    @property
    def stemmed(self) -> Path:
        """Where the analysis keeps the D4 texts' stemmed words (forloeb/overlap/stemmed.py)."""
        return self._dir / STEMMED_FOLDER

    def path(self, limits: Limits) -> Path:
        """Where the analysis for these limits is stored, named by the digest."""
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
            with self.path(limits).open("rb") as fh:
                found = pickle.load(fh)  # written by put() below from our own objects, never from input
        except UNPICKLING_ERRORS:  # spoilt, cut off, or written by another Python: analysed again
            return None
        return found if isinstance(found, Analysis) else None

    def put(self, limits: Limits, found: Analysis, path: Path | None = None) -> None:
        """Store the analysis (at `path`, when the digest was taken in another process)."""
        path = path or self.path(limits)
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
