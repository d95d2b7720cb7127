"""Run a real `mkdocs build --strict` of a repository copy, or one of the scripts in it, as an editor
or CI would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from macros.render.hyphenation import SOFT_HYPHEN
from tests.factories import ROOT

PINNED_TODAY = "2026-01-15"


def mkdocs_build(repo: Path, out: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FORLOEB_DATO": PINNED_TODAY, "NO_MKDOCS_2_WARNING": "1", **extra_env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def run_script(repo: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """scripts/<script> on the repository copy, in a child process, with no terminal to ask on."""
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--root", ".", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        check=False,
    )


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def visible(page_html: str) -> str:
    """Page HTML with whitespace folded, so text wrapped in YAML compares with one line, and without
    the soft hyphens the build puts into long words of headings, which no reader sees."""
    return " ".join(page_html.replace(SOFT_HYPHEN, "").split())
