"""Under `mkdocs serve` an edit is built with the previous overlap analysis while a forked process
makes the new one (macros/pages/analysis_store.py: AnalysisCache, macros/pages/analysis_job.py)."""

from __future__ import annotations

import os
import threading
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from forloeb.load.cache import LoadCache
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.overlap.check import Analysis, Limits, analyse
from macros.pages import analysis_store
from macros.pages.analysis_job import AnalysisJob
from macros.pages.analysis_store import AnalysisCache
from macros.plugin import ForloebPlugin

TODAY = date(2026, 1, 15)
OPTIONS = SimpleNamespace(d4_frist_dage=90, d4_afsnit_graense=0.6)
MAS = Path("pathways/intern-medicin/mas.yaml")
WAIT = 120  # seconds for a forked analysis of the shipped repository, on a busy machine


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def made_now(catalog: Catalog) -> Analysis:
    return analyse(catalog, Limits(today=TODAY, deadline_days=90, containment=0.6))


class Loads:
    """The catalog as the plugin loads it under serve: unchanged files give the same objects."""

    def __init__(self, repo: Path) -> None:
        self.repo, self.cache = repo, LoadCache()

    def __call__(self) -> Catalog:
        return load_catalog(self.repo, cache=self.cache)


def test_an_edit_is_built_with_the_previous_analysis_and_the_new_one_asks_for_a_build(repo: Path) -> None:
    loads, cache, asked = Loads(repo), AnalysisCache(), threading.Event()
    first = cache.analyse(loads(), TODAY, OPTIONS, later=asked.set)
    assert [d for d, _ in first.bruttoliste.by_pathway["mas"]] == ["280455"], "a code shared with the document"
    assert cache.wait(0) and not asked.is_set(), "the first analysis is made in the build itself"

    edit(repo / MAS, "kode: DZ031", "kode: DZ038")  # no longer the document's code
    edited = loads()
    assert cache.analyse(edited, TODAY, OPTIONS, later=asked.set) is first, "the preview is built at once"
    assert asked.wait(WAIT), "the new analysis differs on the pages: one more build is asked for"

    then = cache.analyse(edited, TODAY, OPTIONS, later=asked.set)
    assert "mas" not in then.bruttoliste.by_pathway
    assert then.bruttoliste == made_now(edited).bruttoliste and then.findings == made_now(edited).findings
    assert cache.changed_pathways(first) == set(), "not for a build that still shows the previous analysis"
    assert cache.changed_pathways(then) == {"mas"}, "its page's D4 section is built again"
    assert cache.changed_pathways(then) == set()


def test_an_analysis_that_shows_nothing_new_asks_for_no_build(repo: Path) -> None:
    loads, cache, asked = Loads(repo), AnalysisCache(), threading.Event()
    first = cache.analyse(loads(), TODAY, OPTIONS, later=asked.set)
    edit(repo / MAS, "formaal: ", "formaal: Redigeret. ")
    edited = loads()
    assert cache.analyse(edited, TODAY, OPTIONS, later=asked.set) is first
    assert cache.wait(WAIT)
    assert not asked.is_set()
    then = cache.analyse(edited, TODAY, OPTIONS, later=asked.set)
    assert then is not first, "the new analysis is kept for the next build"
    assert then.findings == made_now(edited).findings
    assert cache.changed_pathways(then) == set()


def test_a_new_pathway_is_analysed_in_the_build(repo: Path) -> None:
    """An analysis of other pathways could name none of the new one's documents, and a D4 page
    could name a pathway that is gone: a new or removed file waits for its analysis."""
    loads, cache, asked = Loads(repo), AnalysisCache(), threading.Event()
    cache.analyse(loads(), TODAY, OPTIONS, later=asked.set)
    copy = repo / MAS.with_name("mas-kopi.yaml")
    copy.write_text(
        (repo / MAS).read_text(encoding="utf-8").replace("id: mas\n", "id: mas-kopi\n", 1), encoding="utf-8"
    )
    found = cache.analyse(loads(), TODAY, OPTIONS, later=asked.set)
    assert [d for d, _ in found.bruttoliste.by_pathway["mas-kopi"]] == ["280455"]
    assert cache.wait(0) and not asked.is_set()


def test_a_failed_analysis_asks_for_a_build_that_makes_it_again(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads, cache, asked = Loads(repo), AnalysisCache(), threading.Event()
    first = cache.analyse(loads(), TODAY, OPTIONS, later=asked.set)

    def broken(catalog: Catalog, limits: Limits) -> Analysis:
        raise RuntimeError("D4-teksterne kunne ikke læses")

    monkeypatch.setattr(analysis_store, "analyse", broken)  # in the forked process too
    edit(repo / MAS, "formaal: ", "formaal: Redigeret. ")
    edited = loads()
    assert cache.analyse(edited, TODAY, OPTIONS, later=asked.set) is first
    assert asked.wait(WAIT), "the failure is shown by a build"
    with pytest.raises(RuntimeError, match="D4-teksterne kunne ikke læses"):
        cache.analyse(edited, TODAY, OPTIONS, later=asked.set)


def _alive(pid: int) -> bool:
    """Running: a killed process whose parent has not reaped it yet is a zombie, not alive."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def test_a_cancelled_job_is_killed_with_its_workers(tmp_path: Path) -> None:
    pids = tmp_path / "pids"

    def work() -> Analysis:
        worker = os.fork()  # as the D4 scan's workers are
        if worker == 0:
            time.sleep(300)
            os._exit(0)
        pids.write_text(f"{os.getpid()} {worker}", encoding="utf-8")
        time.sleep(300)
        raise AssertionError("not cancelled")

    answers: list[object] = []
    job = AnalysisJob(work, answers.append)
    deadline = time.monotonic() + WAIT
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    job_pid, worker_pid = map(int, pids.read_text(encoding="utf-8").split())
    job.cancel()
    assert job.wait(WAIT)
    deadline = time.monotonic() + 10
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # killed, and reaped by init once its parent is gone
    assert not _alive(job_pid) and not _alive(worker_pid)
    assert answers == [], "a cancelled job hands on nothing"


def test_a_job_hands_on_its_analysis_or_its_error(repo: Path) -> None:
    catalog = load_catalog(repo)
    answers: list[Analysis | str] = []
    assert AnalysisJob(lambda: made_now(catalog), answers.append).wait(WAIT)
    assert isinstance(answers[0], Analysis) and answers[0].findings == made_now(catalog).findings

    def failing() -> Analysis:
        raise ValueError("ugyldig")

    assert AnalysisJob(failing, answers.append).wait(WAIT)
    assert answers[1] == "ValueError: ugyldig"


class WatchingServer:
    """What on_serve uses of MkDocs' LiveReloadServer: watch()."""

    def __init__(self) -> None:
        self.watched: list[tuple[str, bool]] = []

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        self.watched.append((path, recursive))


def test_the_plugin_asks_for_a_build_through_a_file_the_serve_watches(
    repo: Path, capsys: pytest.CaptureFixture
) -> None:
    plugin = ForloebPlugin()
    plugin.load_config({})
    server = WatchingServer()
    plugin.on_serve(server, SimpleNamespace(config_file_path=str(repo / "mkdocs.yml")), builder=None)  # type: ignore[arg-type]
    folder = repo / ".cache" / "analyse" / "serve"
    assert server.watched == [(str(folder), False)] and plugin.build_request == folder / "byg"
    plugin._request_build()
    first = (folder / "byg").read_text(encoding="utf-8")
    plugin._request_build()
    assert (folder / "byg").read_text(encoding="utf-8") != first, "each request changes the file"

    blocked = repo / "fil"
    blocked.write_text("ikke en mappe", encoding="utf-8")
    plugin.build_request = blocked / "byg"
    plugin._request_build()
    assert "D4-siderne kan ikke opdateres efter overlapanalysen" in capsys.readouterr().err
