"""Throwaway git repositories for tests, with fixed authors and dates so results are reproducible."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import ROOT


def git(repo: Path, *args: str, when: str = "2025-03-01T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return result.stdout


def init_repo(repo: Path) -> Path:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


def commit_all(repo: Path, message: str, when: str = "2025-03-01T12:00:00+00:00") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def count_processes(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The command lines of every process started from now on in this test (git's, for one)."""
    calls: list[list[str]] = []

    class CountingPopen(subprocess.Popen):  # subprocess.run starts its process through Popen too
        def __init__(self, args: list[str], *a: object, **k: object) -> None:
            calls.append(args)
            super().__init__(args, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess, "Popen", CountingPopen)
    return calls


def pathway_repo(repo: Path) -> Path:
    """A git repository (no commit yet) with the shipped specialties, an empty D4 register and no pathways."""
    registers = repo / "pathways" / "_registre"
    registers.mkdir(parents=True)
    for name in ("specialer.yaml", "vaelg_klogt.yaml"):
        shutil.copy2(ROOT / "pathways" / "_registre" / name, registers / name)
    (registers / "d4.yaml").write_text("dokumenter: []\n", encoding="utf-8")
    return init_repo(repo)
