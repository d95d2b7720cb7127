"""One overlap analysis made in a process of its own while `mkdocs serve` goes on (analysis_store.py).

The process is forked, so it starts from the catalog as it is in memory instead of a copy, and it
reads the D4 documents with worker processes of its own (forloeb/overlap/scan.py). A thread of the
serve waits for its answer and hands it on. A job that is no longer wanted (a newer edit) is killed
with its workers: they are in a process group of their own.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from forloeb.overlap.check import Analysis

NICENESS = 10


class AnalysisJob:
    """`work()` run in a forked process; `done` gets its Analysis, or the error's message, in a thread
    of this process. A cancelled job calls nothing."""

    def __init__(self, work: Callable[[], Analysis], done: Callable[[Analysis | str], None]) -> None:
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        # Not a daemon: a daemon process may not start the workers that read the D4 documents.
        self._process = context.Process(target=_run, args=(work, send), daemon=False)
        self._process.start()
        send.close()
        self._cancelled = threading.Event()
        self._thread = threading.Thread(target=self._wait, args=(receive, done), daemon=True)
        self._thread.start()

    def _wait(self, receive: Connection, done: Callable[[Analysis | str], None]) -> None:
        try:
            answer: Analysis | str = receive.recv()
        except EOFError:
            answer = f"analyseprocessen stoppede uden svar (exit {self._process.exitcode})"
        finally:
            receive.close()
            self._process.join()
        if not self._cancelled.is_set():
            done(answer)

    def cancel(self) -> None:
        self._cancelled.set()
        pid = self._process.pid
        if pid is None or self._process.exitcode is not None:
            return
        try:
            os.killpg(pid, signal.SIGKILL)  # the job and its workers
        except ProcessLookupError:  # killed before it made its group: the job alone
            self._process.kill()

    def wait(self, timeout: float | None = None) -> bool:
        """True when the job has finished and its answer has been handed on."""
        self._thread.join(timeout)
        return not self._thread.is_alive()


def _run(work: Callable[[], Analysis], send: Connection) -> None:
    os.setpgid(0, 0)
    # Behind the serve's next build on the cores: the editor is waiting for that one. Its workers inherit it.
    os.nice(NICENESS)
    try:
        send.send(work())
    except Exception as exc:  # handed to the serve, which shows it as it would a failed build's
        send.send(f"{type(exc).__name__}: {exc}")
    finally:
        send.close()
