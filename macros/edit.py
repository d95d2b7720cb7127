"""Where an input file is edited: the edit action of a page built from YAML points at the YAML file.

MkDocs gives a hand-written page an edit URL from `repo_url` and `edit_uri` (or `edit_uri_template`),
which name the repository's web editor for a file under docs/. A pathway page has no file under
docs/; its source is pathways/<speciale>/<id>.yaml, and a D4 register page's are the register files.
The same settings give their URLs: the source's path relative to docs/ (../pathways/...) in place of
a page's, with the dot segments resolved. Without those settings there is no edit action at all.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from mkdocs.config.defaults import MkDocsConfig


@dataclass(frozen=True)
class EditLinks:
    repo_url: str | None
    edit_uri: str | None  # e.g. "edit/main/docs/", or a whole URL
    edit_uri_template: str | None  # e.g. "edit/main/docs/{path}"
    docs_dir: Path
    root: Path

    def url(self, source: Path) -> str:
        """The web editor's URL for a file of the repository."""
        path = Path(os.path.relpath(source.resolve(), self.docs_dir.resolve())).as_posix()
        if self.edit_uri_template:
            uri = self.edit_uri_template.format(path=path, path_noext=posixpath.splitext(path)[0])
        else:
            uri = f"{self.edit_uri}{path}"
        base = self.repo_url or ""
        if base and not base.endswith("/") and not uri.startswith(("?", "#")):
            base += "/"
        return _without_dot_segments(urljoin(base, uri))

    def repo_path(self, source: Path) -> str:
        """The file's path in the repository, as the web editor shows it."""
        return Path(os.path.relpath(source.resolve(), self.root.resolve())).as_posix()


def edit_links(config: MkDocsConfig) -> EditLinks | None:
    """The site's edit settings, or None when pages have no edit action (no edit_uri: no repo_url either)."""
    if not (config.edit_uri or config.edit_uri_template):
        return None
    docs_dir = Path(config.docs_dir)
    return EditLinks(
        config.repo_url,
        config.edit_uri,
        str(config.edit_uri_template) if config.edit_uri_template else None,
        docs_dir,
        Path(config.config_file_path).parent,
    )


def _without_dot_segments(url: str) -> str:
    """'…/edit/main/docs/../pathways/a.yaml' as '…/edit/main/pathways/a.yaml' (urljoin leaves them in a whole URL)."""
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) if parts.path else parts.path
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    return urlunsplit(parts._replace(path=path))
