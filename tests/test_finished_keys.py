"""The key a finished page is kept under (macros/pages/finished.py): everything the theme shows of
the page and of the navigation, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from macros.pages.finished import FinishedPages, nav_digest


def _page(title: str, src: str, **meta: object) -> Page:
    f = File(src, "/docs", "/site", use_directory_urls=True)
    p = Page(title, f, {"use_directory_urls": True, "site_url": None})  # type: ignore[arg-type]
    p.meta = dict(meta)
    p.content = "<p>tekst</p>"
    p.toc = get_toc([])
    return p


def _nav(*pages: Page) -> Navigation:
    return Navigation([Section("Forløb", list(pages))], list(pages))


def test_the_key_changes_with_each_thing_the_theme_shows(tmp_path: Path) -> None:
    store = FinishedPages()
    store.start(tmp_path, "tema", "kode")
    a, b = _page("A", "a.md"), _page("B", "b.md")
    nav = _nav(a, b)
    base = store.key(a, nav)
    assert store.key(a, nav) == base

    def changed(change: object) -> str:
        again = FinishedPages()
        again.start(tmp_path, "tema", "kode")
        a2, b2 = _page("A", "a.md"), _page("B", "b.md")
        change(a2, b2)  # type: ignore[operator]
        return again.key(a2, _nav(a2, b2))

    assert changed(lambda a2, b2: setattr(a2, "content", "<p>anden tekst</p>")) != base
    assert changed(lambda a2, b2: a2.meta.update(forloeb="x")) != base
    assert changed(lambda a2, b2: setattr(a2, "edit_url", "https://git.example/a.yaml")) != base
    assert (
        changed(lambda a2, b2: setattr(a2, "toc", get_toc([{"level": 2, "id": "x", "name": "X", "children": []}])))
        != base
    )
    assert changed(lambda a2, b2: setattr(b2, "title", "B omdøbt")) != base, "another page's title in the navigation"
    assert changed(lambda a2, b2: b2.meta.update(status="new")) != base, "another page's status in the navigation"
    assert changed(lambda a2, b2: b2.meta.update(forloeb="y")) == base, "another page's other metadata is not shown"
    other_theme = FinishedPages()
    other_theme.start(tmp_path, "andet tema", "kode")
    assert other_theme.key(a, nav) != base


def test_the_navigation_digest_follows_order_and_nesting() -> None:
    a, b = _page("A", "a.md"), _page("B", "b.md")
    assert nav_digest(_nav(a, b)) != nav_digest(_nav(b, a))
    flat = Navigation([a, b], [a, b])
    assert nav_digest(flat) != nav_digest(_nav(a, b))


def test_each_setting_of_the_theme_keeps_its_own_pages_and_the_three_last_used_are_kept(tmp_path: Path) -> None:
    """`mkdocs serve` and `mkdocs build` show the site under different addresses: alternating them
    must not throw the other's pages away."""
    for shell in ("build", "serve", "build", "tredje", "fjerde"):
        store = FinishedPages()
        store.start(tmp_path, f"{shell:<16}x", "kode")
        store.put("a" * 64, "<html>", [])
        store.prune()
    assert sorted(d.name.strip() for d in tmp_path.iterdir()) == ["build", "fjerde", "tredje"]


def test_a_page_that_cannot_be_kept_is_a_warning_not_a_failed_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "fil").write_text("ikke en mappe", encoding="utf-8")
    store = FinishedPages()
    store.start(tmp_path / "fil", "tema", "kode")
    store.put("a" * 64, "<html>", [])
    store.put("b" * 64, "<html>", [])
    warnings = [r for r in caplog.records if "kan ikke gemmes" in r.getMessage()]
    assert len(warnings) == 1, "said once per build"
