from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import copy_repo


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of the repository's inputs that a test may change."""
    return copy_repo(tmp_path / "repo")
