"""Work done by a forked copy of this process, for the second core, its result read back.

The copy starts from what this process has in memory (the loaded catalog, the site's data), so
nothing is sent to it; only its result comes back, pickled. What it raises is raised again here.
Where a process cannot fork (Windows), or the work is too small to be worth a process (`here`),
the work is done here when its result is asked for.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


def forking_available() -> bool:
    """Whether a process can be forked here (not on Windows): workers then inherit what is in memory."""
    return "fork" in multiprocessing.get_all_start_methods()


class Forked(Generic[T]):
    """`work()` started in a forked process at once; result() waits for what it returned.

    With `workers`, the work may start processes of its own (the overlap check's readers): the copy
    is then no daemon (multiprocessing gives a daemon no children) and leads a process group, so that
    stop() ends its workers with it. `niceness` puts the copy behind this process on the cores."""

    def __init__(self, work: Callable[[], T], *, workers: bool = False, niceness: int = 0, here: bool = False) -> None:
        self._work: Callable[[], T] | None = work
        self._group = workers
        if here or not forking_available():
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        set_aside_before = gc.get_freeze_count() > 0  # a build's data set aside stays so
        gc.freeze()  # the collector would otherwise touch, and so copy, every object the child shares
        try:
            self._process = context.Process(target=_run, args=(work, send, workers, niceness), daemon=not workers)
            self._process.start()
        finally:
            if not set_aside_before:
                gc.unfreeze()
        send.close()
        self._work = None

    def stop(self) -> None:
        """When the result is no longer wanted (this process failed first)."""
        pid = None if self._work is not None else self._process.pid
        if pid is None or not self._process.is_alive():
            return
        try:
            if self._group:
                os.killpg(pid, signal.SIGKILL)  # the copy and its workers
            else:
                self._process.kill()
        except ProcessLookupError:  # killed before it made its group: the copy alone
            self._process.kill()
        self._process.join()
        self._receive.close()

    def result(self) -> T:
        if self._work is not None:  # not forked
            return self._work()
        try:
            ok, value = self._receive.recv()
        except EOFError:
            ok, value = False, RuntimeError("en hjælpeproces stoppede uden svar")
        finally:
            self._receive.close()
            self._process.join()
        if not ok:
            raise value
        return value


def _run(work: Callable[[], object], send: Connection, group: bool, niceness: int) -> None:
    if group:
        os.setpgid(0, 0)
    if niceness:
        os.nice(niceness)  # its workers inherit it
    try:
        answer: tuple[bool, object] = (True, work())
    except BaseException as exc:  # raised again in the parent, which reports it as its own
        answer = (False, exc)
    try:
        send.send(answer)
    except Exception as exc:  # an answer that cannot be pickled
        send.send((False, RuntimeError(f"en hjælpeproces kunne ikke sende sit svar: {exc}")))
    finally:
        send.close()
        os._exit(0)  # nothing of the parent's (atexit, buffered output) runs twice
