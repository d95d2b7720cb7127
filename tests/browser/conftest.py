"""Browser tests: the real site, built once (with PDFs) and served on 127.0.0.1, driven by Chromium.

Chromium is Debian's package (scripts/test.sh installs it); Playwright never downloads a browser.
Without it the tests fail in CI (CI=true) and are skipped elsewhere, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright

from macros.pdf.browser import local_only, serve_directory
from tests.browser.helpers import AXE
from tests.factories import ROOT
from tests.required import require
from tests.sitebuild import mkdocs_build

TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def site_dir(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped pathways built once, PDFs included (which needs the browser as well)."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out, FORLOEB_PDF="1")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    with serve_directory(site_dir, max_seconds=900) as url:
        yield url


@pytest.fixture
def new_page(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """A factory for pages in fresh contexts (own storage, so a palette choice does not leak)."""
    contexts = []

    def make(width: int = 1280, height: int = 900, color_scheme: str = "light", **options: Any) -> Page:
        context = browser.new_context(
            base_url=base_url, viewport={"width": width, "height": height}, color_scheme=color_scheme, **options
        )
        local_only(context, base_url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for c in contexts:
        c.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    require(AXE.is_file(), f"axe-core mangler ({AXE.relative_to(ROOT)}): kør 'npm ci' i repositoriets rod")
    return AXE
