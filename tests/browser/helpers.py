"""What the browser tests share: the pages of the shipped site, the tools' places, screenshots."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator, Page

from forloeb.load.catalog import load_catalog
from forloeb.model.pathway import Forloeb
from macros.pdf.browser import chromium_from_environment
from tests.factories import ROOT

CATALOG = load_catalog(ROOT)
HAEMOKROMATOSE = CATALOG.forloeb["haemokromatose"]
PATHWAY = f"forloeb/{HAEMOKROMATOSE.speciale}/{HAEMOKROMATOSE.id}/"


def site_pages(site_dir: Path) -> list[str]:
    """The URL of every page of the built site ('' is the home page): pages added later are covered too."""
    pages = sorted(
        "" if p.parent == site_dir else f"{p.parent.relative_to(site_dir).as_posix()}/"
        for p in site_dir.rglob("index.html")
    )
    # The kinds of page the issue names must be among them: the home page, every pathway, the indexes.
    expected = ["", "forloeb/", *(f"forloeb/{f.speciale}/{f.id}/" for f in CATALOG.forloeb.values())]
    expected += [f"forloeb/{sid}/" for sid in CATALOG.by_speciale()]
    expected += [f"oversigter/{md.stem}/" for md in (ROOT / "docs" / "oversigter").glob("*.md")]
    assert set(expected) <= set(pages), sorted(set(expected) - set(pages))
    return pages


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = chromium_from_environment()  # Debian's, or FORLOEB_CHROMIUM
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def figure_name(f: Forloeb, figure_id: str) -> str:
    """A flowchart's name in screenshot files: 'mas-flowchart', 'mas-fase-videre-udredning'."""
    return f"{f.id}-{figure_id if figure_id == 'flowchart' else figure_id.removeprefix('flowchart-')}"


def screenshot(page: Page | Locator, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot of a page or one element as a test artifact (test-artifacts/screenshots/,
    ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if isinstance(page, Locator):
        # From a full-page capture, where the sticky header stays at the top instead of covering it.
        box = page.evaluate(
            "e => { const r = e.getBoundingClientRect();"
            " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }"
        )
        page.page.screenshot(path=str(path), full_page=True, clip=box)
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path
