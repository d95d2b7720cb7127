"""Under `mkdocs serve`: an edited pathway's page is shown first, the rest of the site after.

A rebuild of a thousand-pathway site takes seconds even when it writes one page: MkDocs makes the
file list, the navigation and the search index of every page again. When only pathway files have
changed since the last build, the serve's builder renders just their pages, with that build's
navigation and theme, and the browser reloads at once. The full rebuild follows when the editor has
paused (no save for the plugin's `forhaandsvisning_pause`), asked for through the file the serve
watches; until then the other pages (overviews, navigation, search) show the site as it was.
Anything else (a file added or removed, a register, a hand-written page, an input error, a warning
under --strict, a flowchart that cannot be drawn) goes straight to the full build, which shows it as
before.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from forloeb.gc_pause import collector_paused

# Long enough for an editor saving again and again to see each save without waiting for a full
# build in between; short enough that the rest of the site follows while they read the page.
QUIET_SECONDS = 2.0

Stamps = dict[str, tuple[int, int]]  # file path -> (modification time in ns, size)


def stamps(folder: Path) -> Stamps:
    """Every file under folder (links as themselves, not followed) with its time and size."""
    out: Stamps = {}
    pending = [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue  # gone or unreadable: the full build says what is wrong
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
                continue
            try:
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            out[entry.path] = (stat.st_mtime_ns, stat.st_size)
    return out


def modified(before: Stamps | None, now: Stamps) -> list[Path] | None:
    """The files changed in place since `before`; None when there are none, or when a file was
    added or removed (a page more or less: only the full build can show that)."""
    if before is None or before.keys() != now.keys():
        return None
    changed = [Path(path) for path, stamp in now.items() if before[path] != stamp]
    return sorted(changed) or None


@dataclass(frozen=True)
class LastBuild:
    """What the last full build rendered its pages with."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment

    def render(self, src: str) -> None:
        """Build one page again, with every plugin's page events, as MkDocs' build does it."""
        file = self.files.get_file_from_path(src)
        if file is None or file.page is None:
            raise LookupError(f"{src} was not a page of the last build")
        mkdocs_build._populate_page(file.page, self.config, self.files)
        mkdocs_build._build_page(file.page, self.config, self.files.documentation_pages(), self.nav, self.env)


class EditPreview:
    """The serve's builder, wrapped: a preview of the edited pathway pages when that is all that
    changed, the full build otherwise and once the editor pauses."""

    def __init__(self, folder: Path, quiet: float = QUIET_SECONDS) -> None:
        self.folder = folder  # the pathways folder: what is compared between builds
        self.quiet = quiet  # seconds without a preview before the full build
        self._baseline: Stamps | None = None  # the files as the last build or preview read them
        self._pieces: dict[str, Any] = {}  # the running build's config, files, nav, env
        self._last: LastBuild | None = None
        self._request: Callable[[], None] | None = None  # asks the serve for a full build
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def wrap(
        self, full: Callable[..., None], request: Callable[[], None], preview: Callable[[list[Path]], bool]
    ) -> Callable[..., None]:
        """The builder the serve calls on every change: `preview` gets the changed pathway files and
        says whether it showed them; `request` makes the serve build again (after the pause)."""
        self._request = request

        def builder(config: MkDocsConfig | None = None) -> None:
            if config is None and self._last is not None:
                now = stamps(self.folder)
                changed = modified(self._baseline, now)
                # Without the cycle collector: at a thousand pathways a full collection of what the
                # serve holds takes 1–2 s, and the preview would otherwise pay it now and then.
                with collector_paused():
                    shown = changed is not None and preview(changed)
                if shown:
                    self._baseline = now
                    self._full_build_later()
                    return
            full() if config is None else full(config)

        return builder

    # --- What the full build leaves for the previews (the plugin's events call these) -------------

    def build_started(self) -> None:
        """A full build reads the files from now on; what it replaces is no longer previewed from."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        self._baseline = stamps(self.folder)
        self._last = None
        self._pieces = {}

    def saw(self, **pieces: Any) -> None:
        self._pieces.update(pieces)

    def build_finished(self) -> None:
        p = self._pieces
        if {"config", "files", "nav", "env"} <= p.keys():
            self._last = LastBuild(p["config"], p["files"], p["nav"], p["env"])
        self._pieces = {}

    @property
    def last(self) -> LastBuild | None:
        return self._last

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None
            self._request = None

    def _full_build_later(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            if self._request is None:
                return
            self._timer = threading.Timer(self.quiet, self._request)
            self._timer.daemon = True
            self._timer.start()
