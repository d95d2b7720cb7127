"""Finished pages kept between builds (macros/pages/finished.py): a warm build takes every unchanged
page from the cache and writes the same site; anything a page shows, its own content or another
page's title in the navigation, renders it again."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.sitebuild import cold_build_with, mkdocs_build, page, tree_digest

pytestmark = pytest.mark.subprocess  # most tests build the site in a child process

HAEMO = "pathways/gastroenterologi-hepatologi/haemokromatose.yaml"
HAEMO_PAGE = "forloeb/gastroenterologi-hepatologi/haemokromatose"
REUSE = re.compile(r"(\d+) færdige sider genbrugt, (\d+) renderet af temaet")


def build(repo: Path, out: Path) -> tuple[int, int]:
    """Build; how many finished pages were reused and how many the theme rendered."""
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stderr
    found = REUSE.search(result.stderr)
    assert found, result.stderr
    return int(found.group(1)), int(found.group(2))


def page_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_warm_build_reuses_every_page_and_writes_the_same_site_byte_for_byte(repo: Path, tmp_path: Path) -> None:
    reused, rendered = build(repo, tmp_path / "cold")
    assert reused == 0 and rendered > 10
    assert build(repo, tmp_path / "warm") == (rendered, 0)
    cold, warm = tree_digest(tmp_path / "cold"), tree_digest(tmp_path / "warm")
    assert "search/search_index.json" in warm
    assert warm == cold
    # the flowcharts go in after the cache: the kept page has the marker, the written one the SVG
    assert "<svg" in page(tmp_path / "warm", HAEMO_PAGE)


def test_the_search_index_of_a_warm_build_finds_the_pathway_as_the_cold_one_did(repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "cold")
    build(repo, tmp_path / "warm")
    index = json.loads((tmp_path / "warm" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = [d for d in index["docs"] if d["location"].startswith(f"{HAEMO_PAGE}/")]
    assert entries and all(d.get("boost") == 2.0 for d in entries), "the pathway's boost is kept with its entries"
    assert any("hæmokromatose" in d["title"].lower() for d in entries)


def test_a_new_title_is_in_the_navigation_of_every_page_that_lists_it(repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "before")
    edit(repo / HAEMO, "titel: Ambulant forløb for patienter med hæmokromatose", "titel: Jernophobning, omdøbt")
    reused, _ = build(repo, tmp_path / "after")
    assert reused == 0, "the navigation changed, so every page shows something new"
    after = tree_digest(tmp_path / "after")
    listing = [
        p for p in after if p.endswith(".html") and "Jernophobning, omdøbt" in (tmp_path / "after" / p).read_text()
    ]
    shutil.rmtree(repo / ".cache" / "sider")
    build(repo, tmp_path / "cold")
    assert tree_digest(tmp_path / "cold") == after, "the same site as a build without the cache"
    assert len(listing) > 2, listing


def test_an_edited_hand_written_page_is_the_only_page_rendered_again(repo: Path, tmp_path: Path) -> None:
    _, rendered = build(repo, tmp_path / "before")
    edit(repo / "docs" / "index.md", "\n", "\n\nEn ny sætning på forsiden.\n")
    assert build(repo, tmp_path / "after") == (rendered - 1, 1)
    assert "En ny sætning på forsiden." in (tmp_path / "after" / "index.html").read_text(encoding="utf-8")


def test_unreadable_kept_pages_are_rendered_again(repo: Path, tmp_path: Path) -> None:
    _, rendered = build(repo, tmp_path / "cold")
    kept = sorted((repo / ".cache" / "sider").glob("*/*.json"))
    assert len(kept) == rendered
    kept[0].write_text('{"html": "halv', encoding="utf-8")  # as if a disk filled up mid-write
    kept[1].write_text('{"search": []}', encoding="utf-8")
    assert build(repo, tmp_path / "warm") == (rendered - 2, 2)
    assert tree_digest(tmp_path / "warm") == tree_digest(tmp_path / "cold")


def test_a_full_build_drops_the_pages_it_no_longer_shows(repo: Path, tmp_path: Path) -> None:
    build(repo, tmp_path / "before")
    (folder,) = (repo / ".cache" / "sider").iterdir()  # one folder per setting of the theme
    stale = folder / ("0" * 64 + ".json")
    stale.write_text('{"html": "", "search": []}', encoding="utf-8")
    build(repo, tmp_path / "after")
    assert not stale.exists()


# A build whose finishing helper (macros/pages/finishing_helper.py) starts from `sys.argv[1]` pages,
# with MkDocs' own page step slowed down in the building process only, so the helper gets ahead.
BUILD_WITH_HELPER = """
import os, sys, time
from mkdocs.__main__ import cli
from mkdocs.commands import build
from macros.pages import finishing_helper
finishing_helper.MIN_PAGES = int(sys.argv[1])
builder, step = os.getpid(), build._build_page
def slowed(*args, **kwargs):
    if os.getpid() == builder:
        time.sleep(0.1)
    return step(*args, **kwargs)
build._build_page = slowed
cli(["build", "--strict", "--site-dir", sys.argv[2]])
"""
HELPED = re.compile(r"\((\d+) gennemgået af en hjælpeproces, (\d+) versionssider fra den\)")


def test_a_cold_build_helped_by_a_second_process_writes_the_site_and_cache_it_writes_alone(
    repo: Path, tmp_path: Path
) -> None:
    runs = {}
    for min_pages in (1, 1_000_000):
        work, out = tmp_path / f"repo-{min_pages}", tmp_path / f"site-{min_pages}"
        done = cold_build_with(BUILD_WITH_HELPER, min_pages, repo, work, out)
        reused, rendered = map(int, REUSE.search(done.stderr).groups())  # type: ignore[union-attr]
        helped = HELPED.search(done.stderr)
        # by content: the folder's name is a digest of the settings, which name the repository's path
        cache = sorted(p.read_bytes() for p in (work / ".cache" / "sider").rglob("*.json"))
        runs[min_pages] = (reused, rendered, int(helped.group(1)) if helped else 0, tree_digest(out), cache)
    alone, helped_run = runs[1_000_000], runs[1]
    assert alone[0] == 0 and alone[2] == 0, "without the helper, a cold build renders every page itself"
    assert helped_run[2] > 0 and helped_run[0] > 0, "the helper went first and the build took its pages"
    assert helped_run[0] + helped_run[1] == alone[1]
    assert helped_run[3] == alone[3], "the same site, byte for byte"
    assert helped_run[4] == alone[4], "the same finished pages kept for the next build"
