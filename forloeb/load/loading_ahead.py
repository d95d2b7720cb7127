"""A forked copy that loads the catalog's files into the kept loads from the last one back, while this
process loads them from the first.

On a checkout without kept loads (a fresh clone, CI without its cache) every file is parsed and
validated on one core: at 1,000 pathways 3-4 s that the overlap check, validate.py and a cold build
wait for. The kept loads (kept_loads.py) are named by a file's content and written whole, so a second
process can fill them: this process, going from the first file, finds an entry once the copy has been
there and reads it (a fifth of parsing), and the two meet about halfway. Nothing waits for the copy,
and nothing depends on it: a file it has not reached is loaded here, and a file both load gives the
same entry. It is stopped, after the file it is on, before the load prunes the folder.

`after`, when given, is an event the copy waits for before it starts: the overlap check's reading of
the D4 texts (forloeb/overlap/reading.py) has the second core while the load begins, and the copy
takes it over when that is done.

Not started where there is little to gain: fewer than MIN_FILES files, or the last file kept already
(a checkout loaded before, an edit), or a process that cannot fork. The site's plugin asks for it in a
plain build only (`mkdocs serve` has threads running, which a fork does not take along).
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from forloeb.forked import Forked, forking_available
from forloeb.load.kept_loads import KeptLoads
from forloeb.load.loader import display_path

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event

MIN_FILES = 50  # below this the fork costs more than it saves
WAIT_S = 0.02  # how often a copy waiting for `after` looks whether the load is done already
Files = Sequence[tuple[Path, type[BaseModel]]]


@contextlib.contextmanager
def loading_ahead(kept: KeptLoads, files: Files, after: Event | None = None) -> Iterator[None]:
    """While the block loads `files` in order, a forked copy keeps them from the last one back."""
    if len(files) < MIN_FILES or not forking_available() or kept.holds(*files[-1], display_path(files[-1][0])):
        yield
        return
    stopping = multiprocessing.get_context("fork").Event()

    def work() -> int:
        while after is not None and not after.wait(WAIT_S):
            if stopping.is_set():
                return 0
        done = 0
        for path, model in reversed(files):
            if stopping.is_set() or not kept.fill(path, model, display_path(path)):
                break  # the load has come this far, or the folder cannot be written
            done += 1
        return done

    helper = Forked(work)
    try:
        yield
    finally:
        stopping.set()
        with contextlib.suppress(Exception):  # the copy only saved time; what it failed on is loaded here
            helper.result()
