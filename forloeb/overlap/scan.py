"""Reading every register document against the pathways' passage index, on every core.

Reading and stemming a few thousand long documents is most of the overlap check's work. It splits
without coordination (each document is compared with the index alone), so the documents are dealt
out to forked worker processes, which inherit the index as it is in memory instead of receiving a
copy, and send back only what they found. The workers take the documents a few at a time from one
shared counter, so they finish together even when the costly documents (those that repeat a passage,
which are compared window by window and quoted) bunch up in one part of the register. Where fork is
unavailable, or the register is small, the documents are read in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

from forloeb.forked import forking_available
from forloeb.load.texts import TextFileError, read_text_file
from forloeb.overlap.passages import Document, PassageIndex, PassageMatch
from forloeb.overlap.reading import TextWords
from forloeb.overlap.stemmed import StemmedTexts
from forloeb.overlap.words import TokenStems

MIN_PER_WORKER = 100  # fewer documents than this per core are not worth a process
DEALT = 20  # documents a worker takes at a time: few enough to even the workers out, enough to make the lock cheap


@dataclass(frozen=True)
class Source:
    """A document to read: the caller's index of it, and its text file or its excerpt."""

    document: int
    text_file: Path | None
    excerpt: str | None


@dataclass
class Scanned:
    matches: list[PassageMatch] = field(default_factory=list)
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # document, why
    stemmed: set[str] = field(default_factory=set)  # the texts' keys in the folder of stemmed words

    def add(self, other: Scanned) -> None:
        self.matches += other.matches
        self.unreadable += other.unreadable
        self.stemmed |= other.stemmed


class Dealer:
    """The documents dealt out to forked workers as they ask, DEALT at a time, by a counter they share."""

    def __init__(self, sources: list[Source], context: multiprocessing.context.BaseContext) -> None:
        self._sources = sources
        self._next = context.Value("q", 0)

    def __iter__(self) -> Iterator[Source]:
        while True:
            with self._next.get_lock():
                start = self._next.value
                self._next.value = start + DEALT
            if start >= len(self._sources):
                return
            yield from self._sources[start : start + DEALT]


class ScanError(Exception):
    """A worker process failed; the message says how."""


class Scan:
    """The documents being read: started at once in worker processes, collected by result().

    While they read, the caller goes on with the parts of the check that need no document; with one
    worker (a small register, or no fork) the documents are read here, before the constructor returns.
    """

    def __init__(
        self,
        index: PassageIndex,
        sources: list[Source],
        threshold: float,
        workers: int | None = None,
        stemmed: StemmedTexts | None = None,
        preread: TextWords | None = None,
    ):
        workers = max(1, min(workers or os.cpu_count() or 1, len(sources) // MIN_PER_WORKER))
        self._children: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
        self._done: Scanned | None = None
        self._stemmed = stemmed
        if workers == 1 or not forking_available():
            self._done = self._pruned(_scan(index, sources, threshold, stemmed, preread))
            return
        context = multiprocessing.get_context("fork")
        dealer = Dealer(sources, context)
        for _ in range(workers):
            receive, send = context.Pipe(duplex=False)
            args = (index, dealer, threshold, stemmed, preread, send)
            process = context.Process(target=_child, args=args, daemon=True)
            process.start()
            send.close()
            self._children.append((process, receive))

    def result(self) -> Scanned:
        if self._done is not None:
            return self._done
        result = Scanned()
        for process, receive in self._children:
            try:
                part = receive.recv()
            except EOFError:
                part = ScanError(f"en arbejdsproces stoppede uden svar (exit {process.exitcode})")
            finally:
                receive.close()
                process.join()
            if isinstance(part, ScanError):
                raise part
            result.add(part)
        self._done = self._pruned(result)
        return self._done

    def _pruned(self, result: Scanned) -> Scanned:
        if self._stemmed is not None:  # every document was read: the folder keeps theirs alone
            self._stemmed.prune(result.stemmed)
        return result


def _child(
    index: PassageIndex,
    sources: Iterable[Source],
    threshold: float,
    stemmed: StemmedTexts | None,
    preread: TextWords | None,
    send: Connection,
) -> None:
    try:
        send.send(_scan(index, sources, threshold, stemmed, preread))
    except Exception as exc:  # reported to the parent, which raises it there
        send.send(ScanError(f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _scan(
    index: PassageIndex,
    sources: Iterable[Source],
    threshold: float,
    stemmed: StemmedTexts | None,
    preread: TextWords | None,
) -> Scanned:
    out = Scanned()
    stemmer = stemmed.stems if stemmed else TokenStems()  # each process its own memo of tokens
    for s in sources:
        words = preread.get(s.text_file) if preread is not None and s.text_file is not None else None
        try:
            if words is not None:
                doc = Document.stemmed(words, partial(read_text_file, s.text_file))
            else:
                doc = Document(read_text_file(s.text_file) if s.text_file else s.excerpt or "", stemmer)
            out.matches += index.matches(s.document, doc, threshold)  # (reads a text it quotes)
        except TextFileError as exc:
            out.unreadable.append((s.document, exc.message))
    if stemmed:
        out.stemmed = stemmed.used | (preread.kept if preread is not None else set())
    return out
