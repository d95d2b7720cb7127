from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from macros.pdf.browser import chromium_available, launch, missing_chromium
from tests.browser.helpers import CHROMIUM
from tests.factories import ROOT, copy_repo
from tests.python_children import pytest_configure
from tests.required import pytest_runtest_makereport, require, require_program
from tests.sitebuild import mkdocs_build

# The hooks: a skip fails in CI (tests/required.py); with FORLOEB_NO_PYTHON_CHILDREN=1 a test that
# starts Python in a child process fails (tests/python_children.py).
__all__ = ["pytest_configure", "pytest_runtest_makereport"]


@pytest.fixture
def dot_program() -> None:
    """Graphviz, for the tests that draw: skipped without it on a developer's machine, failed in CI."""
    require_program("dot", "Graphviz")


@pytest.fixture
def git_program() -> None:
    require_program("git", "git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of the repository's inputs that a test may change."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build of the shipped repository, shared by the tests that read its pages."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


# One Playwright and one Chromium for the whole session: the browser tests, and the import tests that
# print PDFs with it (Playwright's sync API allows one running instance per thread).
@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    require(chromium_available(CHROMIUM), missing_chromium(CHROMIUM))
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = launch(playwright, CHROMIUM)
    yield b
    b.close()
