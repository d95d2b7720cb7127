"""The full texts of D4 documents, kept beside the register as plain UTF-8 files (import_d4.py writes them).

They are read only by the passage comparison, and only as regular files inside the register's
folder: a symbolic link or an oversized file is an input error, not something to follow.
"""

from __future__ import annotations

from pathlib import Path

from forloeb.errors import MessageError

MAX_TEXT_BYTES = 4 * 1024 * 1024  # a 20-page guideline is well under 200 KB of text


class TextFileError(MessageError):
    """A D4 document's text file that may not or cannot be read."""


def check_text_file(path: Path) -> None:
    """Raise TextFileError unless path is a regular file (not a link) of an acceptable size."""
    if path.is_symlink():
        raise TextFileError(f"tekstfilen {path.name} er et symbolsk link; kun almindelige filer læses")
    if not path.is_file():
        raise TextFileError(f"tekstfilen {path.name} findes ikke ved siden af registerfilen")
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise TextFileError(f"tekstfilen {path.name} er for stor ({size} byte; højst {MAX_TEXT_BYTES})")


def read_text_file(path: Path) -> str:
    check_text_file(path)
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextFileError(f"tekstfilen {path.name} er ikke gyldig UTF-8 (byte {exc.start})") from None
