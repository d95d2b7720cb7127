"""A plain build's overlap analysis begun in a forked process as soon as the catalog is loaded
(macros/pages/analysis_store.py: AnalysisCache.begin): the build takes the same analysis it would
have made itself, stores it itself, and stops a process whose analysis it no longer wants."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.overlap.check import DEFAULT_CONTAINMENT, DEFAULT_DEADLINE_DAYS, Analysis, Limits, analyse
from macros.pages import analysis_store
from macros.pages.analysis_store import AnalysisCache, StoredAnalyses

TODAY = date(2026, 1, 15)
OPTIONS = SimpleNamespace(d4_frist_dage=DEFAULT_DEADLINE_DAYS, d4_afsnit_graense=DEFAULT_CONTAINMENT)


def stored(repo: Path, folder: str = ".cache/analyse") -> StoredAnalyses:
    return StoredAnalyses(repo / folder, repo / "pathways", "kode")


def same(a: Analysis, b: Analysis) -> bool:
    return a.findings == b.findings and a.bruttoliste == b.bruttoliste and a.coverage == b.coverage


def test_the_analysis_begun_early_is_the_one_the_build_would_make(repo: Path) -> None:
    catalog = load_catalog(repo)
    here = analyse(catalog, Limits(today=TODAY))
    assert here.findings, "the shipped repository has findings to compare"
    cache, kept = AnalysisCache(), stored(repo)
    cache.begin(catalog, TODAY, OPTIONS, kept)
    assert cache._early is not None, "begun in a process of its own"
    early = cache._early[1]
    found = cache.analyse(catalog, TODAY, OPTIONS, kept)
    assert same(found, here)
    assert not early._process.is_alive() and early._process.exitcode == 0
    again = stored(repo).get(Limits(today=TODAY, stemmed=kept.stemmed))
    assert again is not None and same(again, here), "stored for the next build"


def test_the_early_process_finds_a_stored_analysis_without_analysing(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(repo)
    first = AnalysisCache().analyse(catalog, TODAY, OPTIONS, stored(repo))

    def not_again(*_: object) -> Analysis:
        raise AssertionError("analysed again")

    monkeypatch.setattr(analysis_store, "analyse", not_again)  # the fork inherits it
    cache = AnalysisCache()
    cache.begin(catalog, TODAY, OPTIONS, stored(repo))
    assert same(cache.analyse(catalog, TODAY, OPTIONS, stored(repo)), first)


def test_a_failure_to_store_it_is_this_builds_warning(repo: Path, caplog: pytest.LogCaptureFixture) -> None:
    (repo / "fil").write_text("ikke en mappe", encoding="utf-8")
    catalog, blocked = load_catalog(repo), stored(repo, "fil")
    cache = AnalysisCache()
    cache.begin(catalog, TODAY, OPTIONS, blocked)
    cache.analyse(catalog, TODAY, OPTIONS, blocked)
    assert any("Overlapanalysen kan ikke gemmes" in r.getMessage() for r in caplog.records)


def test_an_analysis_begun_for_another_day_is_stopped_and_made_again(repo: Path) -> None:
    catalog = load_catalog(repo)
    cache = AnalysisCache()
    cache.begin(catalog, TODAY, OPTIONS, stored(repo))
    assert cache._early is not None
    early = cache._early[1]
    later_day = date(2026, 6, 1)
    found = cache.analyse(catalog, later_day, OPTIONS, stored(repo))
    assert not early._process.is_alive()
    assert same(found, analyse(catalog, Limits(today=later_day)))


@pytest.mark.parametrize("how", ["abandon", "stop"])
def test_a_failed_or_interrupted_build_ends_the_early_analysis(repo: Path, how: str) -> None:
    cache = AnalysisCache()
    cache.begin(load_catalog(repo), TODAY, OPTIONS, stored(repo))
    assert cache._early is not None
    early = cache._early[1]
    getattr(cache, how)()  # on_build_error; on_shutdown, which MkDocs calls however the build ended
    assert cache._early is None and not early._process.is_alive()
