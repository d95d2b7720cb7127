from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import ROOT, copy_repo
from tests.sitebuild import mkdocs_build


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
