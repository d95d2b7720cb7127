"""Pages generated from the pathways folder, as MkDocs files that know when they need building again.

MkDocs treats every in-memory page as modified, so `mkdocs serve --dirty` would re-render all of
them after any edit, and the overview and D4 pages of a large catalog take seconds each. Here:

- a pathway page counts as modified only when its YAML file is newer than the page written by
  the previous build;
- an overview page holds its finished content (rendered from the catalog when the files are
  collected) and counts as modified only when that differs from what the previous successful
  build of this process wrote (WrittenPages, kept by the plugin), so an edit that does not change
  an overview skips it.

A large overview page (a D4 register page lists every document of a specialty) is rendered
straight to HTML: Python-Markdown would parse its HTML again, which took longer than rendering it.
Its Markdown is then its title heading alone, from which MkDocs takes the page's title as for any
page; the plugin puts the body after it (PageContent).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, InclusionLevel

from macros.render.templating import RenderedPage, md_inline


class WrittenPages:
    """Destination path -> digest of the Markdown the last successful build wrote there.

    The plugin keeps one for as long as `mkdocs serve` runs; a plain build starts empty and builds
    everything."""

    def __init__(self) -> None:
        self._written: dict[str, str] = {}
        self._pending: dict[str, str] = {}  # what the build under way will write

    def is_current(self, dest: str, digest: str) -> bool:
        return self._written.get(dest) == digest

    def track(self, pages: list[File]) -> None:
        """The overview pages this build writes; commit() remembers them when the build succeeds."""
        self._pending = {p.abs_dest_path: p.digest for p in pages if isinstance(p, GeneratedPage) and p.digest}

    def commit(self) -> None:
        self._written.update(self._pending)
        self._pending = {}

    def forget(self) -> None:
        """The error page was built over the site: nothing on disk can be trusted to be current."""
        self._written = {}
        self._pending = {}


@dataclass(frozen=True)
class PageContent:
    """A generated page: Markdown (the whole page, or its title heading alone) and the body in HTML."""

    markdown: str
    body: RenderedPage | None = None

    @classmethod
    def html(cls, title: str, body: RenderedPage, *, searchable: bool = True) -> PageContent:
        """A page whose body is HTML already: Markdown renders its title heading only."""
        front = "" if searchable else "---\nsearch:\n  exclude: true\n---\n"
        return cls(f"{front}# {md_inline(title)}\n", body)


class GeneratedPage(File):
    source_yaml: Path | None = None
    digest: str | None = None
    written: WrittenPages | None = None
    body: RenderedPage | None = None  # HTML that follows what Markdown renders
    forced: bool = False  # built again whatever its file says (what it shows of the analysis changed)

    def is_modified(self) -> bool:
        if self.forced or not os.path.isfile(self.abs_dest_path):
            return True
        if self.source_yaml is not None:
            return os.path.getmtime(self.abs_dest_path) < os.path.getmtime(self.source_yaml)
        return (
            self.digest is None or self.written is None or not self.written.is_current(self.abs_dest_path, self.digest)
        )


def pathway_page(
    config: MkDocsConfig, src: str, source_yaml: Path, *, in_nav: bool = True, forced: bool = False
) -> GeneratedPage:
    """A pathway's page (or its one-page view, which no nav entry lists and MkDocs need not report):
    no Markdown of its own; the plugin renders its HTML from the catalog."""
    inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
    page = GeneratedPage.generated(config, src, content="", inclusion=inclusion)
    page.source_yaml = source_yaml
    page.forced = forced
    return page


def content_page(config: MkDocsConfig, src: str, content: PageContent, written: WrittenPages) -> GeneratedPage:
    """A page whose content is finished (rendered from the catalog with escaping); mkdocs-macros
    leaves it alone, so text from YAML is never read as Jinja."""
    page = GeneratedPage.generated(config, src, content=content.markdown)
    h = hashlib.sha256(content.markdown.encode())
    if content.body is not None:
        h.update(b"\0" + content.body.html.encode())
    page.digest = h.hexdigest()
    page.written = written
    page.body = content.body
    return page


def version_page(config: MkDocsConfig, src: str, key: str, written: WrittenPages) -> GeneratedPage:
    """An approved version's page, rendered from the version cache (pages/versions.py) under a key
    made of everything it shows, so `serve --dirty` builds it again only when that changed. It is
    outside the navigation: a version is reached from its pathway's page or a citation."""
    page = GeneratedPage.generated(config, src, content="")
    page.digest = key
    page.written = written
    page.inclusion = InclusionLevel.NOT_IN_NAV
    return page
