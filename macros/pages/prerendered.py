"""Pathway pages rendered ahead on the second core while MkDocs reads the pages in order.

MkDocs reads every page (Markdown, then our `on_page_content`) in one process before the theme
renders any, and rendering a pathway's page and its view for general practice (pages/pathway.py)
is most of that reading. In a plain build the page files are known at `on_files`, so a forked copy
of the build renders the later part of them from there, while MkDocs reads the earlier part here.
The first page of the copy's part that MkDocs reaches takes all of its pages at once; they are the
very HTML this process would have rendered (the rendering reads the site's data and nothing else).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from forloeb.forked import Forked, forking_available
from macros.render.templating import RenderedPage

# The copy renders the last half: MkDocs also turns every page's Markdown into HTML here, so this
# process reaches the copy's part about when the copy is done with it.
SHARE = 0.5
MIN_PAGES = 100  # fewer are rendered here: a fork and the pages' way back cost more than they save

log = logging.getLogger("mkdocs.plugins.forloeb")
Job = tuple[str, Callable[[], RenderedPage]]  # the page's URL and how to render it


class Prerendered:
    def __init__(self) -> None:
        self._helper: Forked[dict[str, RenderedPage]] | None = None
        self._theirs: dict[str, str] = {}  # source path -> the URL it was rendered for
        self._done: dict[str, RenderedPage] | None = None

    def start(self, jobs: dict[str, Job]) -> None:
        """Render the last SHARE of the pages (by source path, in the order MkDocs reads them) in a
        forked process."""
        self.stop()
        if len(jobs) < MIN_PAGES or not forking_available():
            return
        theirs = list(jobs)[round(len(jobs) * (1 - SHARE)) :]
        self._theirs = {src: jobs[src][0] for src in theirs}
        self._helper = Forked(lambda: {src: jobs[src][1]() for src in theirs})

    def take(self, src: str, url: str) -> RenderedPage | None:
        """The page rendered by the copy for this URL, or None: this process renders it."""
        if self._theirs.get(src) != url or self._helper is None:
            return None
        if self._done is None:
            try:
                self._done = self._helper.result()
            except Exception as exc:  # rendered here instead, which raises again whatever the rendering raised
                log.debug(f"Forløbssiderne renderes her: {type(exc).__name__}: {exc}")
                self._done = {}
        return self._done.pop(src, None)

    def stop(self) -> None:
        """The build is over, or failed: what the copy has not handed over is not wanted."""
        if self._helper is not None:
            self._helper.stop()
        self._helper, self._theirs, self._done = None, {}, None
