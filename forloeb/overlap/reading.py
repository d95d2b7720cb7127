"""The D4 texts read and stemmed while the catalog loads.

Reading and stemming the register's texts is most of the overlap check's work, and it needs the
register's texts: not the pathways, which take as long to load. So scripts/check_overlaps.py starts
a forked process that stems every text file beside the register's files while this process loads
the catalog (taking the words the folder of kept words holds, and writing none: writing thousands
of files would make it the slowest part; the site's build keeps them). The check then takes
each text's words from it, when the file's size and modification time are still those it read, and
reads the text itself only for the few documents that repeat a passage (to quote it). The words
travel as one line of bytes per text, as they are kept (stemmed.packed): only the worker that
compares a document splits its words, so the check's own process neither makes nor frees six
million strings (at 1,000 pathways with kept files and words, the check took 4.3-4.5 s instead of
4.7-4.9 s). What the process could not read, or anything that went wrong in it, is read by the
check as before, which reports a text it cannot read itself: the findings never depend on this
process.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path

from forloeb.forked import Forked, forking_available
from forloeb.load.layout import Layout
from forloeb.load.texts import TextFileError, read_text_file
from forloeb.overlap.stemmed import StemmedTexts, packed, unpacked
from forloeb.overlap.words import TokenStems, normalise


@dataclass(frozen=True)
class Words:
    size: int
    mtime_ns: int
    packed: bytes  # stemmed.packed(): split only by the worker that compares the document


@dataclass
class TextWords:
    """Each text file's words by its path, as they were when read, and the keys of the words it found
    in the folder of kept words (which the check's pruning then keeps)."""

    by_path: dict[str, Words] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)

    def get(self, path: Path) -> list[str] | None:
        found = self.by_path.get(str(path))
        if found is None:
            return None
        try:
            status = os.lstat(path)
        except OSError:
            return None
        return unpacked(found.packed) if (status.st_size, status.st_mtime_ns) == (found.size, found.mtime_ns) else None


class Reading:
    """The register's texts being read in a forked process; result() waits for their words, and
    `done` is set when they are read (the load of the catalog then takes the core: loading_ahead.py)."""

    def __init__(self, layout: Layout, stemmed: Path | None) -> None:
        self.done = multiprocessing.get_context("fork").Event() if forking_available() else None
        self._forked: Forked[TextWords] | None = Forked(lambda: self._read(layout, stemmed))

    def _read(self, layout: Layout, stemmed: Path | None) -> TextWords:
        try:
            return read_texts(layout, stemmed)
        finally:
            if self.done is not None:
                self.done.set()

    def result(self) -> TextWords:
        forked, self._forked = self._forked, None
        if forked is None:
            return TextWords()
        try:
            return forked.result()
        except Exception:  # the check reads the texts itself, and says what is wrong with them
            return TextWords()

    def stop(self) -> None:
        if self._forked is not None:
            self._forked.stop()
            self._forked = None


def read_texts(layout: Layout, stemmed: Path | None) -> TextWords:
    """Every text file beside the register's files (where a register names its texts: a `tekstfil`
    is a file name ending in .txt), stemmed; one that cannot be read is left out. Reading the
    folders rather than the register spares parsing it twice: the check asks only for the files the
    register names."""
    kept = StemmedTexts(stemmed) if stemmed is not None else None
    stems = TokenStems()
    out = TextWords()
    folders = dict.fromkeys(register.parent for register in layout.d4_files())
    for folder in folders:
        if layout.outside_or_linked(folder) is not None or not folder.is_dir():
            continue  # the catalog reads nothing there either
        for path in sorted(folder.glob("*.txt")):
            try:
                status = os.lstat(path)
                text = normalise(read_text_file(path))  # never through a link
            except (OSError, TextFileError):
                continue
            found = kept.found(text) if kept is not None else None
            words = found if found is not None else packed(stems.joined(text))  # b"" is a text without words
            out.by_path[str(path)] = Words(status.st_size, status.st_mtime_ns, words)
    out.kept = kept.used if kept is not None else set()
    return out
