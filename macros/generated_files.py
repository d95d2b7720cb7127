"""Pages generated from pathways/, as MkDocs files that know which YAML file they come from.

MkDocs treats every in-memory page as modified, so `mkdocs serve --dirty` would re-render all of
them after any edit. A pathway page here counts as modified only when its YAML file is newer than
the page written by the previous build, so a dirty rebuild renders just the edited pathway.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

FRONT_MATTER = "---\nrender_macros: true\n---\n\n"


class GeneratedPage(File):
    source_yaml: Path | None = None

    def is_modified(self) -> bool:
        if self.source_yaml is None or not os.path.isfile(self.abs_dest_path):
            return True
        return os.path.getmtime(self.abs_dest_path) < os.path.getmtime(self.source_yaml)


def generated_page(config: MkDocsConfig, src: str, body: str, source_yaml: Path | None = None) -> File:
    """A page whose Markdown is `body` (macro calls only) with macros switched on."""
    page = GeneratedPage.generated(config, src, content=FRONT_MATTER + body + "\n")
    page.source_yaml = source_yaml
    return page
