"""Reading an input file: a regular file only, never through a symbolic link, and never more than a limit.

A pull request can add a symbolic link under pathways/ that points at any file on the machine that
builds the site. Such a link must be refused, never followed: the file is opened with O_NOFOLLOW
(so a link swapped in after a check is refused too), and a FIFO or device is refused before it is
read (O_NONBLOCK: opening a FIFO does not wait for a writer).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from forloeb.errors import MessageError

LINK_REFUSED = "symbolsk link er ikke tilladt; kun almindelige filer og mapper i repositoriet læses"
_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class InputFileError(MessageError):
    """An input file that may not or cannot be read: a link, not a regular file, too large, unreadable."""


def read_input_file(path: Path, limit: int, what: str = "filen") -> bytes:
    """The bytes of a regular file of at most limit bytes; InputFileError says what is wrong about `what`."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputFileError(LINK_REFUSED) from None
        raise InputFileError(f"kan ikke læse {what}: {exc.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # before fdopen, which fails on a folder with its own OSError
        os.close(fd)
        raise InputFileError(f"{what} er ikke en almindelig fil")
    with os.fdopen(fd, "rb") as fh:
        if info.st_size > limit:
            raise InputFileError(f"{what} er for stor ({info.st_size} byte; højst {limit})")
        data = fh.read(limit + 1)
    if len(data) > limit:  # grown since fstat
        raise InputFileError(f"{what} er for stor (over {limit} byte)")
    return data
