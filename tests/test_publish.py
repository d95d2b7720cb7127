"""Atomic publishing, byte-identical builds and Graphviz failures during a real build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from scripts.publish import build
from tests.factories import minimal_pathway, write_yaml
from tests.sitebuild import mkdocs_build, tree_digest

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

GASTRO = Path("pathways/gastroenterologi-hepatologi")


@pytest.fixture
def pinned_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORLOEB_DATO", "2026-01-15")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


@pytest.mark.usefixtures("pinned_env")
def test_failed_build_leaves_the_published_site_untouched(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "public"
    assert build(repo, site) == 0
    before = tree_digest(site)
    assert "index.html" in before
    (repo / GASTRO / "haemokromatose.yaml").write_text("id: [broken\n", encoding="utf-8")
    assert build(repo, site) == 1
    assert tree_digest(site) == before
    assert [p.name for p in tmp_path.iterdir()] == ["public", "repo"], "no staging directory is left behind"


@pytest.mark.usefixtures("pinned_env")
def test_successful_build_replaces_the_old_site(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "public"
    site.mkdir()
    (site / "stale.html").write_text("old", encoding="utf-8")
    assert build(repo, site) == 0
    assert not (site / "stale.html").exists()
    assert (site / "forloeb" / "gastroenterologi-hepatologi" / "haemokromatose" / "index.html").exists()


def fake_dot(bin_dir: Path, body: str) -> dict[str, str]:
    """PATH with a `dot` that prints a version and then behaves as `body` says."""
    bin_dir.mkdir()
    script = bin_dir / "dot"
    script.write_text(f'#!/bin/sh\nif [ "$1" = "-V" ]; then echo "dot - fake"; exit 0; fi\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    python_dir = str(Path(sys.executable).parent)
    return {"PATH": f"{bin_dir}:{python_dir}:/usr/bin:/bin"}


def test_missing_dot_is_a_clear_error(repo: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = mkdocs_build(repo, tmp_path / "site", PATH=f"{empty}:{Path(sys.executable).parent}")
    assert result.returncode == 1
    assert "Graphviz (dot) er ikke installeret" in result.stderr
    assert "Traceback" not in result.stderr


def test_failing_dot_names_the_pathway(repo: Path, tmp_path: Path) -> None:
    env = fake_dot(tmp_path / "bin", 'echo "Error: syntax error in line 1" >&2; exit 1')
    result = mkdocs_build(repo, tmp_path / "site", **env)
    assert result.returncode == 1
    assert "diagrammet for forløbet" in result.stderr and "syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_hanging_dot_times_out(repo: Path, tmp_path: Path) -> None:
    env = fake_dot(tmp_path / "bin", "sleep 30")
    result = mkdocs_build(repo, tmp_path / "site", **env, FORLOEB_DOT_TIMEOUT="1")
    assert result.returncode == 1
    assert "dot brugte mere end 1 s" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_with_a_new_pathway_twice_is_identical(repo: Path, tmp_path: Path) -> None:
    write_yaml(repo / GASTRO / "testforloeb.yaml", minimal_pathway())
    a, b = tmp_path / "a", tmp_path / "b"
    assert mkdocs_build(repo, a).returncode == 0
    assert mkdocs_build(repo, b).returncode == 0
    assert tree_digest(a) == tree_digest(b)
