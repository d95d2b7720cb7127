"""Keeping Python's cycle collector off long-lived data and out of work that makes no cycles.

Loading a thousand pathways or checking them for overlap creates millions of objects; the cycle
collector would scan them (and the catalog kept alive beside them) again and again as they pile up:
a third of the load time and half of the check time at 1,000 pathways.
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def no_collection_at_exit() -> None:
    """Let the process end without the full collection Python makes at exit.

    At exit Python collects every object it still holds, whatever is to be freed: after a build of a
    thousand pathways, a pass over millions of objects that kept the process alive for seconds after
    MkDocs said it was done (0.9 s after a warm build at 200 pathways). Frozen objects are left out
    of that pass. The freeze happens at exit only, so a process that goes on (a test, a serve)
    collects as before."""
    atexit.register(gc.freeze)


def set_aside() -> None:
    """Move every object alive now out of the collector's sight until let_be_collected().

    A build's catalog, drawings and analysis live until it ends, yet each full collection during the
    build would scan their millions of objects again (a fifth of a warm build at 1,000 pathways:
    five full collections, 3.6 s). Set aside, they are still freed when nothing refers to them;
    only a reference cycle among them waits for let_be_collected()."""
    gc.freeze()


def let_be_collected() -> None:
    """Give what set_aside() moved back to the collector (a serve's next build: the last one's data)."""
    gc.unfreeze()
