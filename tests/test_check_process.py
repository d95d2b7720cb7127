"""How the overlap check spends its processes: the register's documents dealt to the forked workers as
they ask (forloeb/overlap/scan.py), and scripts/check_overlaps.py run without the cycle collector."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from forloeb.overlap import scan as scan_module
from forloeb.overlap.passages import Document, PassageIndex, PassageMatch
from forloeb.overlap.scan import Dealer, Scan, Source
from scripts import check_overlaps as check_script
from tests.factories import ROOT
from tests.inprocess import run_main

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark_repo import write_repository

FORK = multiprocessing.get_context("fork")


def sources(n: int) -> list[Source]:
    return [Source(i, None, f"uddrag {i}") for i in range(n)]


def taken(dealer: Dealer, send: multiprocessing.connection.Connection) -> None:
    send.send([s.document for s in dealer])
    send.close()


def test_forked_workers_sharing_a_dealer_take_every_document_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_module, "DEALT", 3)
    dealer = Dealer(sources(100), FORK)
    ends = [FORK.Pipe(duplex=False) for _ in range(3)]
    workers = [FORK.Process(target=taken, args=(dealer, send)) for _, send in ends]
    for w in workers:
        w.start()
    parts = [receive.recv() for receive, _ in ends]
    for w in workers:
        w.join()
    assert sorted(d for part in parts for d in part) == list(range(100))  # each once, none lost
    assert all(part == sorted(part) for part in parts)  # in the register's order, a few at a time


def test_the_worker_that_is_free_takes_the_next_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Costly documents bunched in one part of the register (as documents repeating a passage can be) no
    longer fall to one worker: dealt by turns, all 24 below would have gone to the first of two."""
    monkeypatch.setattr(scan_module, "DEALT", 2)
    monkeypatch.setattr(scan_module, "MIN_PER_WORKER", 1)
    slow = set(range(0, 48, 2))  # every other document of the first half
    log = tmp_path / "hvem.txt"
    real = PassageIndex.matches

    def matches(self: PassageIndex, document: int, doc: Document, threshold: float) -> list[PassageMatch]:
        if document in slow:
            time.sleep(0.05)
            with log.open("a", encoding="utf-8") as fh:  # from the forked worker
                fh.write(f"{os.getpid()}\n")
        return real(self, document, doc, threshold)

    monkeypatch.setattr(PassageIndex, "matches", matches)
    Scan(PassageIndex([]), sources(96), 0.5, workers=2).result()
    by_worker = Counter(log.read_text(encoding="utf-8").split())
    assert sum(by_worker.values()) == len(slow) and len(by_worker) == 2
    assert min(by_worker.values()) >= 4  # both busy with them (12 each when they run side by side)


def test_the_check_script_runs_without_the_cycle_collector(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the check makes lives until it is reported: the collector is off while it runs and on after."""
    repo = tmp_path / "repo"
    write_repository(repo, 3, 6, seed=3, words=60)
    seen: list[bool] = []
    real = check_script.check_repository

    def recorded(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(check_script, "check_repository", recorded)
    assert gc.isenabled()
    ran = run_main(check_script.main, ["--root", str(repo), "--dato", "2026-12-03"])
    assert seen == [False] and gc.isenabled()
    assert ran.returncode in (0, 1) and "fejl," in ran.stderr
