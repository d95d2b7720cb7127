"""Finished pages kept between builds: a page the theme rendered before, from the same content in the
same navigation, is not rendered or indexed again.

Most of a build is the same for every page, ours or hand-written: Material renders the page with
its navigation, and its search plugin parses the page's HTML into index entries (together half of a
profiled warm build of 200 pathways before this cache; README, Performance). Both are functions of
what the page hands the theme, so each finished page is kept in the `page_cache` folder under a key
made of all of it:

- the page: its address, title, edit address, metadata, table of contents and content (the HTML
  after every plugin's on_page_content: a pathway page rendered from its YAML, a hand-written one
  after its macros);
- the navigation, which every page shows: each entry's kind, title, address and the metadata the
  theme shows there (icon, status, subtitle), in order (so the previous and next page too);
- the theme and its settings (digests.shell_digest) and our code (digests.code_version).

A page found under its key is rendered by an empty template (overrides/main.html extends
forloeb-fertig.html for it), its kept HTML is written instead, and the search index gets the
entries the search plugin made from it before, in the same place. A key is computed when the
navigation is final (on_page_context), before the search plugin reads the page. The kept HTML is
the page before the flowcharts go in, so the SVGs are not stored twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from forloeb.atomic import write_atomic

FORMAT = 1  # of a kept page; another number makes every key new
# `mkdocs serve` shows the site under another address than `mkdocs build`, so its pages differ: each
# setting of the theme (shell digest) has a folder of its own, and the most recently used are kept.
KEPT_SETTINGS = 3
TEMPLATE_FLAG = "forloeb_fertig"  # page.meta flag read by overrides/main.html
NAV_META = ("icon", "status", "subtitle")  # what Material's navigation shows of another page's metadata
log = logging.getLogger("mkdocs.plugins.forloeb")


@dataclass(frozen=True)
class Kept:
    html: str  # the finished page, before the flowcharts are injected
    search: list[dict[str, Any]]  # the search plugin's entries for it


class FinishedPages:
    """The plugin's store of finished pages: one file per key in the cache folder."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._base = ""  # digest of the theme, its settings and our code
        self._nav: tuple[int, str] | None = None  # (id of the navigation object, its digest)
        self._used: set[str] = set()
        self._warned = False
        self.reused = 0
        self.rendered = 0

    def start(self, directory: Path, shell: str, code: str) -> None:
        """A new build: under this theme and code; nothing from the last build's navigation."""
        self._dir = directory / shell[:16]
        self._base = f"{FORMAT}\0{shell}\0{code}"
        self._nav, self._used, self._warned = None, set(), False
        self.reused = self.rendered = 0

    def key(self, page: Page, nav: Navigation) -> str:
        h = hashlib.sha256(self._base.encode())
        h.update(self._nav_digest(nav).encode())
        described = {
            "src": page.file.src_uri,
            "url": page.url,
            "canonical": page.canonical_url,
            "title": page.title,
            "edit": page.edit_url,
            "meta": page.meta,
            "toc": [_toc(item) for item in page.toc],
        }
        h.update(json.dumps(described, sort_keys=True, ensure_ascii=False, default=str).encode())
        h.update(b"\0" + (page.content or "").encode())
        return h.hexdigest()

    def get(self, key: str) -> Kept | None:
        """The page kept under the key, or None (never kept, or unreadable: then it is rendered)."""
        path = self._path(key)
        self._used.add(path.name)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            kept = Kept(data["html"], data["search"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.reused += 1
        return kept

    def holds(self, key: str) -> bool:
        """Whether a page is kept under the key (get() may still find it unreadable)."""
        return self._path(key).is_file()

    def put(self, key: str, html: str, search: list[dict[str, Any]]) -> None:
        self.rendered += 1
        data = {"html": html, "search": search}
        try:
            write_atomic(self._path(key), json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        except OSError as exc:  # a full disk or a read-only checkout: the site is still right, only slower
            if not self._warned:
                log.warning(f"Færdige sider kan ikke gemmes til næste bygning ({exc.strerror}: {exc.filename})")
                self._warned = True

    def prune(self) -> None:
        """After a full build: drop the pages this build did not show, so the folder does not grow."""
        if self._dir is None or not self._dir.is_dir():
            return
        for path in self._dir.glob("*.json"):
            if path.name not in self._used:
                path.unlink(missing_ok=True)
        self._dir.touch()  # used now: the folders of other settings go by when they were last used
        others = sorted((d for d in self._dir.parent.iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime)
        for old in others[:-KEPT_SETTINGS]:
            shutil.rmtree(old, ignore_errors=True)

    def summary(self) -> str:
        return f"{self.reused} færdige sider genbrugt, {self.rendered} renderet af temaet"

    def _path(self, key: str) -> Path:
        assert self._dir is not None, "start() comes first"
        return self._dir / f"{key}.json"

    def _nav_digest(self, nav: Navigation) -> str:
        # Computed once per build: the navigation object is the same for every page of it.
        if self._nav is None or self._nav[0] != id(nav):
            self._nav = (id(nav), nav_digest(nav))
        return self._nav[1]


def nav_digest(nav: Navigation) -> str:
    h = hashlib.sha256()

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            meta = {k: item.meta.get(k) for k in NAV_META} if isinstance(item, Page) else {}
            url = getattr(item, "url", None)
            h.update(json.dumps([depth, type(item).__name__, item.title, url, meta], default=str).encode())
            if isinstance(item, Section):
                walk(item.children, depth + 1)

    walk(nav.items, 0)
    h.update(json.dumps(["home", nav.homepage.url if nav.homepage else None]).encode())
    return h.hexdigest()


def _toc(item: AnchorLink) -> list[Any]:
    return [item.title, item.id, item.level, [_toc(child) for child in item.children]]
