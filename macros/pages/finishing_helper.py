"""A second process that finishes pages from the last one back while MkDocs builds from the first.

A build without kept pages (a fresh clone, new code) has the theme render every page and the
search plugin read it, one page after another on one core: at a thousand pathways that is most of
the time after on_config. When on_env comes, every page's content and the navigation are known, so
a forked copy of the build renders pages too, the last first, through MkDocs' own page step, and
writes them only into the finished-page caches (finished.py, and versions.py's for the approved
versions' pages), never into the site. MkDocs, going from the first page, finds a page in those
caches once the helper has been there and copies it, as a warm build does; the two meet about
halfway. No page is waited for: a page the helper has not finished yet is rendered by MkDocs
itself, and a page both render is the same page. When MkDocs is done, the helper is told to stop
after the page it is on.

Not under `mkdocs serve`, whose rebuilds render few pages and whose process has threads running.
MkDocs' page step is private (mkdocs.commands.build._build_page, MkDocs pinned at 1.6.1).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from mkdocs.structure.pages import Page

from forloeb.forked import Forked, forking_available

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event

MIN_PAGES = 50  # below this the fork costs more than it saves
log = logging.getLogger("mkdocs.plugins.forloeb")


class FinishingHelper:
    """At most one helper at a time: started at on_env, stopped at on_post_build or on an error."""

    def __init__(self) -> None:
        self._helper: Forked[int] | None = None
        self._stopping: Event | None = None

    def start(self, pages: Sequence[Page], build: Callable[[Page], None]) -> None:
        """Render `pages` with `build` in a forked process, the last page first."""
        self.stop()
        if len(pages) < MIN_PAGES or not forking_available():
            return
        stopping = multiprocessing.get_context("fork").Event()

        def work() -> int:
            logging.disable(logging.CRITICAL)  # what a page has to say, MkDocs says when it builds it
            done = 0
            for page in reversed(pages):
                if stopping.is_set():
                    break
                page.file.abs_dest_path = os.devnull  # the site is MkDocs' to write; the cache is what is wanted
                build(page)
                done += 1
            return done

        self._stopping, self._helper = stopping, Forked(work)

    def stop(self) -> int:
        """Stop the helper after its current page; how many pages it went through (0 if it failed)."""
        if self._helper is None or self._stopping is None:
            return 0
        helper, self._helper = self._helper, None
        self._stopping.set()
        try:
            return helper.result()
        except Exception as exc:  # MkDocs has built every page itself; the helper only saved time
            log.debug(f"Hjælpeprocessen til færdige sider stoppede: {type(exc).__name__}: {exc}")
            return 0
