"""Our source files as one digest: what a cache between runs is keyed on, so new code makes new entries."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

FORLOEB_DIR = Path(__file__).resolve().parent


def source_digest(dirs: Iterable[Path], preamble: str, suffixes: tuple[str, ...] = (".py",)) -> str:
    """A digest of `preamble` (the versions of what else the result depends on) and every file with
    one of `suffixes` under `dirs`, by its path in its folder and its content."""
    h = hashlib.sha256(preamble.encode() + b"\0")
    for base in dirs:
        for path in sorted(p for p in base.rglob("*") if p.suffix in suffixes):
            h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
