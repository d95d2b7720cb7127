"""What one build of the site knows: the catalog, the rendered diagrams and where pages live.

The plugin makes one SiteData per build; pages and macros read it, and nothing changes it.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from forloeb.history.git import FileHistory
from forloeb.load.catalog import Catalog
from forloeb.model.pathway import Forloeb
from forloeb.overlap.bruttoliste import Bruttoliste, bruttoliste
from forloeb.overlap.check import Analysis
from macros.edit import EditLinks
from macros.render.figures import PathwayFigures

if TYPE_CHECKING:
    from macros.archive import Archive

PATHWAY_DIR = "forloeb"
LEGEND_KEY = "_signaturforklaring"  # the legend's SVG, beside the pathways' SVGs


def pathway_src(f: Forloeb) -> str:
    return f"{PATHWAY_DIR}/{f.speciale}/{f.id}.md"


def specialty_src(speciale: str) -> str:
    return f"{PATHWAY_DIR}/{speciale}/index.md"


@dataclass(frozen=True)
class SiteData:
    catalog: Catalog
    svgs: dict[str, str]  # marker key (a pathway id, a part's key, LEGEND_KEY) -> inline SVG
    today: date
    use_directory_urls: bool = True
    pdf: bool = False  # a PDF of each pathway is printed after the build (FORLOEB_PDF=1)
    git: dict[str, FileHistory] | None = None  # pathway id -> last commit; None outside a git checkout
    analysis: Analysis | None = None  # the overlap check: what the D4 pages show
    d4_url: str | None = None  # a D4 document's address, with {dokid} for its DokID
    edit: EditLinks | None = None  # where a source file is edited (repo_url, edit_uri); None: no edit actions
    archive: Archive | None = None  # the approved versions and changes from git; None: not read
    site_url: str | None = None  # mkdocs.yml's site_url: the feeds' links are absolute when it is set
    # pathway id -> its flowcharts (macros/render/diagrams.py); a pathway without is drawn whole
    figures: dict[str, PathwayFigures] = field(default_factory=dict)

    @property
    def bruttoliste(self) -> Bruttoliste:
        return self.analysis.bruttoliste if self.analysis else bruttoliste(self.catalog, None)

    def url(self, src: str) -> str:
        """The URL MkDocs gives a source file, relative to the site root."""
        stem = src.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            return stem.removesuffix("index")
        return f"{stem}/" if self.use_directory_urls else f"{stem}.html"

    def link(self, from_url: str, src: str) -> str:
        """A relative link from the page at from_url to the page built from src."""
        return _relative(from_url, self.url(src))

    def file_link(self, from_url: str, path: str) -> str:
        """A relative link from the page (or file) at from_url to a file of the site, e.g. a feed."""
        return _relative(from_url, path)


@lru_cache(maxsize=1 << 16)  # the overview pages link the same few thousand pages over and over
def _relative(from_url: str, target: str) -> str:
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(target or ".", base or ".")
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel
