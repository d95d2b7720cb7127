"""Pathway pages rendered ahead by a forked copy of the build (macros/pages/prerendered.py): the
copy renders the later part, the build takes it, and the site is the one the build writes alone."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from macros.pages import prerendered
from macros.pages.prerendered import Job, Prerendered
from macros.render.templating import RenderedPage
from tests.sitebuild import cold_build_with, tree_digest


def jobs(count: int) -> dict[str, Job]:
    """Pages that say which process rendered them."""

    def render(n: int) -> RenderedPage:
        return RenderedPage(f"<p>side {n} fra {os.getpid()}</p>", [])

    return {f"side-{n}.md": (f"side-{n}/", lambda n=n: render(n)) for n in range(count)}


def test_the_copy_renders_the_later_half_and_this_process_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prerendered, "MIN_PAGES", 1)
    ahead = Prerendered()
    ahead.start(jobs(10))
    taken = {n: ahead.take(f"side-{n}.md", f"side-{n}/") for n in range(10)}
    assert all(taken[n] is None for n in range(5)), "rendered here, in order"
    later = [taken[n] for n in range(5, 10)]
    assert all(p is not None and f"side {n} fra " in p.html for n, p in zip(range(5, 10), later, strict=True))
    assert all(p is not None and f"fra {os.getpid()}<" not in p.html for p in later), "by another process"
    assert ahead.take("side-9.md", "side-9/") is None, "each page is handed over once"


def test_a_page_asked_for_at_another_url_or_from_a_small_site_is_rendered_here(monkeypatch: pytest.MonkeyPatch) -> None:
    ahead = Prerendered()
    ahead.start(jobs(10))  # below MIN_PAGES
    assert ahead.take("side-9.md", "side-9/") is None
    monkeypatch.setattr(prerendered, "MIN_PAGES", 1)
    ahead.start(jobs(10))
    assert ahead.take("side-9.md", "andet-sted/") is None


def test_a_copy_that_fails_leaves_the_pages_to_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prerendered, "MIN_PAGES", 1)

    def fails() -> RenderedPage:
        raise RuntimeError("skabelonen fejlede")

    ahead = Prerendered()
    ahead.start({f"side-{n}.md": (f"side-{n}/", fails) for n in range(4)})
    assert ahead.take("side-3.md", "side-3/") is None  # rendered here, where the error is raised as it would be


BUILD_PRERENDERED = """
import sys
from mkdocs.__main__ import cli
from macros.pages import prerendered
prerendered.MIN_PAGES = int(sys.argv[1])
take = prerendered.Prerendered.take
def counted(self, src, url):
    page = take(self, src, url)
    if page is not None:
        print("forhåndsrenderet:", src, file=sys.stderr)
    return page
prerendered.Prerendered.take = counted
cli(["build", "--strict", "--site-dir", sys.argv[2]])
"""


@pytest.mark.subprocess
def test_a_build_with_pages_rendered_ahead_writes_the_site_it_writes_alone(repo: Path, tmp_path: Path) -> None:
    sites, taken = {}, {}
    for min_pages in (1, 1_000_000):
        work, out = tmp_path / f"repo-{min_pages}", tmp_path / f"site-{min_pages}"
        done = cold_build_with(BUILD_PRERENDERED, min_pages, repo, work, out)
        sites[min_pages], taken[min_pages] = tree_digest(out), re.findall(r"forhåndsrenderet: (\S+)", done.stderr)
    pathways = len(list((repo / "pathways").glob("[!_]*/*.yaml")))
    assert len(taken[1]) == pathways, "the later half of the pathway pages and their views for general practice"
    assert taken[1_000_000] == []
    assert sites[1] == sites[1_000_000], "the same site, byte for byte"
