"""The stemmed words of each D4 text, kept on disk between runs of the overlap check.

Stemming is most of the check's work: at a thousand pathways, 3,000 documents of 2,000 words take
13 s of CPU, while the documents rarely change between two builds. When a pathway is edited the
analysis must run again (a passage's weight depends on every pathway's words), but the documents'
words are as they were. So each document's words are kept under a digest of its text and of the
code that stems it, in a folder of their own; a folder holds the words of the documents last read
(prune), and anything unreadable in it is stemmed again. A folder that cannot be written only
means the words are stemmed again next time: the result never depends on the folder.

A text's words are kept as one line of UTF-8, as they also travel between processes (reading.py):
words never hold white space (words.WORD), so a space between them is unambiguous.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import snowballstemmer

from forloeb.atomic import write_atomic_bytes
from forloeb.overlap import words as words_module
from forloeb.overlap.words import TokenStems

SUFFIX = ".ord"
FOLDER = "ord"  # its name beside the stored analysis (.cache/analyse/ord)


@cache
def stemmer_version() -> str:
    """What the words depend on besides the text: the rules in words.py and Snowball's version."""
    h = hashlib.sha256(Path(words_module.__file__).read_bytes())
    h.update(getattr(snowballstemmer, "__version__", "?").encode())
    return h.hexdigest()[:16]


class StemmedTexts:
    """stems() of a normalised text, from `folder` when it was stemmed before by the same code."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / stemmer_version()
        self.used: set[str] = set()  # the keys of the texts stemmed or found since it was made
        self._stems = TokenStems()

    def key(self, text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def stems(self, text: str) -> list[str]:
        key = self.key(text)
        self.used.add(key)
        kept = self._kept(key)
        found = unpacked(kept) if kept is not None else None
        if found is None:
            found = self._stems(text)
            self._keep(self.folder / (key + SUFFIX), " ".join(found))
        return found

    def found(self, text: str) -> bytes | None:
        """The text's words as the folder holds them (for unpacked() to read, in the process that
        needs them), or None; nothing is written."""
        key = self.key(text)
        kept = self._kept(key)
        if kept is not None:
            self.used.add(key)
        return kept

    def _kept(self, key: str) -> bytes | None:
        try:
            return (self.folder / (key + SUFFIX)).read_bytes()
        except OSError:
            return None

    def _keep(self, path: Path, line: str) -> None:
        try:
            write_atomic_bytes(path, packed(line))
        except OSError:
            return  # stemmed again next time

    def prune(self, keys: set[str]) -> None:
        """Keep only the words of these texts, and no folder of another stemmer version."""
        try:
            for entry in self.folder.iterdir():
                if entry.name.removesuffix(SUFFIX) not in keys:
                    entry.unlink(missing_ok=True)
            for other in self.folder.parent.iterdir():
                if other != self.folder and other.is_dir():
                    for entry in other.iterdir():
                        entry.unlink(missing_ok=True)
                    other.rmdir()
        except OSError:
            return  # pruned next time


def packed(line: str) -> bytes:
    """A text's words as they are kept and sent to another process: TokenStems.joined()'s line."""
    return line.encode("utf-8")


def unpacked(data: bytes) -> list[str] | None:
    """The words packed(), or None for a file that is not UTF-8 (stemmed again)."""
    try:
        return data.decode("utf-8").split()
    except UnicodeDecodeError:
        return None
