"""Work done by a forked copy of the process: its result, its errors, and the fallback without fork."""

from __future__ import annotations

import gc
import multiprocessing
import os
import time
from pathlib import Path

import pytest

from forloeb import forked
from forloeb.diagram.svg import DiagramError
from forloeb.forked import Forked
from forloeb.gc_pause import let_be_collected, set_aside


def test_the_work_runs_in_another_process_with_this_ones_memory() -> None:
    here = {"catalog": list(range(1000))}  # not sent: the fork has it
    helper = Forked(lambda: (os.getpid(), sum(here["catalog"])))
    pid, total = helper.result()
    assert pid != os.getpid() and total == sum(range(1000))


def test_what_the_work_raises_is_raised_here_as_it_was() -> None:
    def failing() -> None:
        raise DiagramError("dot fejlede (exit 1): Error: tegnes ikke her")

    with pytest.raises(DiagramError, match=r"^dot fejlede \(exit 1\): Error: tegnes ikke her$"):
        Forked(failing).result()


def test_a_result_that_cannot_be_sent_is_reported() -> None:
    with pytest.raises(RuntimeError, match="kunne ikke sende sit svar"):
        Forked(lambda: lambda: None).result()  # a lambda cannot be pickled


def test_a_helper_that_dies_is_reported() -> None:
    with pytest.raises(RuntimeError, match="stoppede uden svar"):
        Forked(lambda: os._exit(3)).result()


def test_a_helper_no_longer_wanted_is_stopped() -> None:
    helper = Forked(lambda: time.sleep(60))
    started = time.monotonic()
    helper.stop()
    assert time.monotonic() - started < 5
    assert not helper._process.is_alive()


@pytest.mark.parametrize("why", ["no fork", "too small"])
def test_without_fork_the_work_is_done_here_when_its_result_is_asked_for(
    monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    if why == "no fork":
        monkeypatch.setattr(forked, "forking_available", lambda: False)
    done: list[int] = []
    helper = Forked(lambda: done.append(os.getpid()) or "svar", here=why == "too small")
    assert done == []
    assert helper.result() == "svar" and done == [os.getpid()]


def _gone(pid: int) -> bool:
    """No such process, or only its exit status left (a zombie)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def test_a_helper_may_start_workers_and_is_stopped_with_them(tmp_path: Path) -> None:
    pid_file = tmp_path / "arbejder"

    def with_a_worker() -> None:
        worker = multiprocessing.get_context("fork").Process(target=time.sleep, args=(60,), daemon=True)
        worker.start()  # a daemon helper could not
        pid_file.write_text(str(worker.pid))
        time.sleep(60)

    helper = Forked(with_a_worker, workers=True)
    deadline = time.monotonic() + 20
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the worker was not started"
        time.sleep(0.05)
    worker_pid = int(pid_file.read_text())
    helper.stop()
    deadline = time.monotonic() + 5
    while not _gone(worker_pid):
        assert time.monotonic() < deadline, "the helper's worker outlived it"
        time.sleep(0.05)


def test_a_helper_can_stand_behind_this_process() -> None:
    assert Forked(lambda: os.nice(0), niceness=5).result() == os.nice(0) + 5


def test_a_helper_leaves_the_collector_as_it_found_it() -> None:
    """Forking sets every object aside for a moment (the child then copies no page for the collector); a
    build's data set aside before stays set aside, and nothing else is left so."""
    let_be_collected()  # whatever an earlier test's build set aside
    Forked(lambda: 1).result()
    assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(10)]
    set_aside()
    try:
        before = gc.get_freeze_count()
        assert before >= len(kept)
        Forked(lambda: 1).result()
        # Given back, none would be left; an object set aside that is freed meanwhile (a temporary of
        # this test's frames) leaves the count too, so a few may go.
        assert gc.get_freeze_count() >= before - 100
    finally:
        let_be_collected()
    assert gc.get_freeze_count() == 0
