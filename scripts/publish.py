"""Build the site into a temporary directory and publish it only when the build succeeded.

A failed build leaves the previously published site untouched, so readers never see a half-built
site. The build date comes from the last commit, so two builds of one commit are byte-identical.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def source_date_epoch(root: Path) -> str | None:
    """The last commit's time, used by MkDocs for dates in the sitemap instead of 'now'."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def build(root: Path, site_dir: Path, extra_args: list[str] | None = None) -> int:
    """Run `mkdocs build --strict` into a sibling temp dir, then swap it in; return the exit code."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.bygger-", dir=site_dir.parent))
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    epoch = env.get("SOURCE_DATE_EPOCH") or source_date_epoch(root)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging), *(extra_args or [])],
            cwd=root,
            env=env,
        )
        if result.returncode != 0:
            print(f"Bygningen fejlede; det publicerede site i {site_dir} er uændret.", file=sys.stderr)
            return result.returncode
        _swap(staging, site_dir)
        print(f"Sitet er publiceret i {site_dir}.", file=sys.stderr)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap(new: Path, target: Path) -> None:
    # Two renames on one file system: the old site stays whole until the new one is complete.
    old = target.with_name(f".{target.name}.gammel")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
