"""A fresh load with a folder of kept loads: a forked copy keeps the files from the last one back while
the load goes from the first (forloeb/load/loading_ahead.py), and the catalog is the one it would be
without it."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from forloeb.load import loading_ahead as ahead_module
from forloeb.load.cache import LoadCache
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.kept_loads import KeptLoads
from forloeb.load.layout import Layout
from tests.factories import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark_repo import write_repository

PATHWAYS = 60  # with the registers' files, over MIN_FILES


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ahead") / "repo"
    write_repository(root, PATHWAYS, 4, seed=11, words=30)
    broken = Layout(root).pathway_files()[-1]  # the copy's first file: its problems must come through
    broken.write_text(broken.read_text(encoding="utf-8").replace("titel:", "titel: [", 1), encoding="utf-8")
    return root


def filled_by(log: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Log the process of each file filled into the folder (the copy writes from its own)."""
    real = KeptLoads.fill

    def fill(self: KeptLoads, path: Path, model: type, display: str) -> bool:
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {path.name}\n")
        return real(self, path, model, display)

    monkeypatch.setattr(KeptLoads, "fill", fill)


def load(root: Path, cache: LoadCache) -> Catalog:
    return load_catalog(root, strict=False, cache=cache)


def same(a: Catalog, b: Catalog) -> None:
    assert a.problems == b.problems and a.problems  # the broken file's error among them
    assert a.forloeb == b.forloeb and a.d4 == b.d4 and a.specialer == b.specialer


def test_the_copy_keeps_files_from_the_end_and_the_catalog_is_the_same(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "fyldt.txt"
    filled_by(log, monkeypatch)
    alone = load(repo, LoadCache(kept=tmp_path / "alene"))
    helped = load(repo, LoadCache(kept=tmp_path / "hjulpet", ahead=True))
    same(helped, alone)
    filled = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert filled and all(pid != str(os.getpid()) for pid, _ in filled)  # by the forked copy
    last = Layout(repo).pathway_files()[-1].name
    assert filled[0][1] == last  # from the last file back
    # The next load finds every file kept, as it would have without the copy.
    assert sorted(p.name for p in (tmp_path / "hjulpet").iterdir()) == sorted(
        p.name for p in (tmp_path / "alene").iterdir()
    )
    same(load(repo, LoadCache(kept=tmp_path / "hjulpet")), alone)


def test_no_copy_when_the_last_file_is_kept_or_the_files_are_few(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(repo, LoadCache(kept=tmp_path / "mappe"))  # a checkout loaded before
    log = tmp_path / "fyldt.txt"
    filled_by(log, monkeypatch)
    load(repo, LoadCache(kept=tmp_path / "mappe", ahead=True))
    monkeypatch.setattr(ahead_module, "MIN_FILES", PATHWAYS + 100)
    load(repo, LoadCache(kept=tmp_path / "ny", ahead=True))
    assert not log.exists()


def test_a_copy_waiting_for_an_event_never_set_ends_with_the_load(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "fyldt.txt"
    filled_by(log, monkeypatch)
    never = multiprocessing.get_context("fork").Event()
    helped = load(repo, LoadCache(kept=tmp_path / "mappe", ahead=True, after=never))
    same(helped, load(repo, LoadCache()))
    assert not log.exists()
