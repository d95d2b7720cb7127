"""Run a real `mkdocs build --strict` of a repository copy, or one of the scripts in it, as an editor
or CI would."""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

from macros.render.hyphenation import SOFT_HYPHEN
from tests.factories import ROOT

PINNED_TODAY = "2026-01-15"


def build_env(**extra_env: str) -> dict[str, str]:
    return {**os.environ, "FORLOEB_DATO": PINNED_TODAY, "NO_MKDOCS_2_WARNING": "1", **extra_env}


def mkdocs_build(repo: Path, out: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=repo,
        env=build_env(**extra_env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def cold_build_with(script: str, setting: int, repo: Path, work: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """A cold build (no caches) of a copy of repo at work, into out, by a script that changes one of
    the build's settings and then runs MkDocs (`python -c script setting out`); it must succeed."""
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("site", ".cache"))
    done = subprocess.run(
        [sys.executable, "-c", script, str(setting), str(out)],
        cwd=work,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


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


def tree_digest(site: Path) -> dict[str, str]:
    """Every file of a built site by its digest: two sites compared byte for byte."""
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def links(site: Path, url: str, html_text: str) -> set[str]:
    """The site pages html_text (the page at url) links to, as URLs from the site's root."""
    out = set()
    for href in re.findall(r'href="([^"#?]*)[^"]*"', html_text):
        if href and "://" not in href and not href.startswith(("mailto:", "/")):
            target = posixpath.normpath(posixpath.join(url or ".", href))
            if (site / target / "index.html").is_file():
                out.add("" if target == "." else target)
    return out
