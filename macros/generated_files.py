"""Pages generated from pathways/, as MkDocs files that know when they need building again.

MkDocs treats every in-memory page as modified, so `mkdocs serve --dirty` would re-render all of
them after any edit, and the overview and D4 pages of a large catalog take seconds each. Here:

- a pathway page counts as modified only when its YAML file is newer than the page written by
  the previous build;
- an overview page holds its finished Markdown (rendered from the catalog when the files are
  collected) and counts as modified only when that differs from what the previous successful
  build of this process wrote, so an edit that does not change an overview skips it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

FRONT_MATTER = "---\nrender_macros: true\n---\n\n"

# Destination path -> digest of the Markdown the last successful build wrote there. The module
# lives as long as the `mkdocs serve` process; a plain build starts empty and builds everything.
_written: dict[str, str] = {}


class GeneratedPage(File):
    source_yaml: Path | None = None
    digest: str | None = None

    def is_modified(self) -> bool:
        if not os.path.isfile(self.abs_dest_path):
            return True
        if self.source_yaml is not None:
            return os.path.getmtime(self.abs_dest_path) < os.path.getmtime(self.source_yaml)
        return self.digest is None or _written.get(self.abs_dest_path) != self.digest


def pathway_page(config: MkDocsConfig, src: str, body: str, source_yaml: Path) -> File:
    """A page whose Markdown is `body` (macro calls with ids only), rendered by mkdocs-macros."""
    page = GeneratedPage.generated(config, src, content=FRONT_MATTER + body + "\n")
    page.source_yaml = source_yaml
    return page


def content_page(config: MkDocsConfig, src: str, markdown: str) -> File:
    """A page whose Markdown is finished (rendered from the catalog with escaping); mkdocs-macros
    leaves it alone, so text from YAML is never read as Jinja."""
    page = GeneratedPage.generated(config, src, content=markdown)
    page.digest = hashlib.sha256(markdown.encode()).hexdigest()
    return page


_pending: dict[str, str] = {}  # what the build under way will write


def track(pages: list[File]) -> None:
    """The overview pages this build writes; commit() remembers them when the build succeeds."""
    _pending.clear()
    _pending.update({p.abs_dest_path: p.digest for p in pages if isinstance(p, GeneratedPage) and p.digest})


def commit() -> None:
    _written.update(_pending)
    _pending.clear()


def forget() -> None:
    """The error page was built over the site: nothing on disk can be trusted to be current."""
    _written.clear()
    _pending.clear()
