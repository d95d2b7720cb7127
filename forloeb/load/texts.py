"""The full texts of D4 documents, kept beside the register as plain UTF-8 files (import_d4.py writes them).

They are read only by the passage comparison, and only as regular files inside the register's
folder: a symbolic link or an oversized file is an input error, not something to follow.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from forloeb.errors import MessageError
from forloeb.load.files import LINK_REFUSED, InputFileError, read_input_file
from forloeb.load.plaintext import first_bidi_control, first_hidden, without_invisible

MAX_TEXT_BYTES = 4 * 1024 * 1024  # a 20-page guideline is well under 200 KB of text


class TextFileError(MessageError):
    """A D4 document's text file that may not or cannot be read."""


def check_text_file(path: Path) -> None:
    """Raise TextFileError unless path is a regular file (not a link) of an acceptable size."""
    try:
        status = os.lstat(path)  # one call for all three questions: a thousand texts are checked per load
    except OSError:
        status = None
    if status is not None and stat.S_ISLNK(status.st_mode):
        raise TextFileError(f"tekstfilen {path.name}: {LINK_REFUSED}")
    if status is None or not stat.S_ISREG(status.st_mode):
        raise TextFileError(f"tekstfilen {path.name} findes ikke ved siden af registerfilen")
    size = status.st_size
    if size > MAX_TEXT_BYTES:
        raise TextFileError(f"tekstfilen {path.name} er for stor ({size} byte; højst {MAX_TEXT_BYTES})")


def read_text_file(path: Path) -> str:
    """The text, read without following a link (a link swapped in after the catalog's check is refused too)."""
    what = f"tekstfilen {path.name}"
    try:
        raw = read_input_file(path, MAX_TEXT_BYTES, what)
    except InputFileError as exc:
        message = f"{what}: {exc.message}" if exc.message == LINK_REFUSED else exc.message
        raise TextFileError(message) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TextFileError(f"tekstfilen {path.name} er ikke gyldig UTF-8 (byte {exc.start})") from None
    if first_hidden(text) is None:  # one search for both kinds: most texts hold neither
        return text
    bidi = first_bidi_control(text)
    if bidi is not None:
        raise TextFileError(f"tekstfilen {path.name}, linje {bidi.line}, kolonne {bidi.col}: {bidi.message}")
    return without_invisible(text)  # the import removed them; one typed in since would split words
