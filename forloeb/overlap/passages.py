"""Overlap passage by passage: which paragraphs of a pathway a D4 document repeats, in any words.

Real D4 documents are long and what matters is the passage: one paragraph of a nurse instruction
that says what the pathway says, in other words, inside ten pages about something else. So each
text unit of a pathway (a paragraph of a description, or up to three of its sentences) is compared
with every window of a few sentences of every document, by containment: how much of the unit is
found in the window. Extra words in the window do not count against it.

Both sides become sets of stemmed words (words.py). Each word of a unit weighs by how rare it is
among all units of the catalog, so the words every pathway uses ("patient", "kontrol") count little
and a diagnosis's own words count much; a look-alike that shares only the domain's vocabulary scores
low. The pathway units are indexed by their word pairs (stemmed, in order) and each document is read
once, sentence by sentence: only windows that share at least two word pairs with a unit are scored,
never all pairs, so the work grows with the amount of text.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress, count, pairwise, repeat

from forloeb.overlap.words import WORD as _WORD_AT
from forloeb.overlap.words import meaning, normalise, sentences, stems

DEFAULT_CONTAINMENT = 0.6
UNIT_SENTENCES = 3  # a long paragraph is compared in chunks of this many sentences
# A document passage: this many of its words that carry meaning (about four sentences), a new one
# every half window, so a unit of up to WINDOW_STEP such words always lies whole in one window.
WINDOW_WORDS = 80
WINDOW_STEP = 40
MIN_STEMS = 8  # shorter units ("Efter behov", "Egen læge") are meant to repeat
MIN_SHARED_PAIRS = 2
MIN_SHARED_STEMS = 5
MAX_PAIR_UNITS = 50  # a word pair in more units than this is common phrasing, not a sign of a copy
QUOTE_CHARS = 400


@dataclass(frozen=True)
class Unit:
    """A passage of one pathway, with where it stands."""

    owner: int  # the caller's index of the pathway
    label: str  # what it is, in Danish: "trinnet 'aop', beskrivelse, afsnit 2"
    loc: tuple[str | int, ...]  # the YAML path it comes from
    text: str
    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Passage:
    """A window of a document: its place ("side 3" or "afsnit 12") and its text."""

    where: str
    text: str


@dataclass(frozen=True)
class PassageMatch:
    unit: Unit
    document: int  # the caller's index of the document
    passage: Passage
    score: float  # the weighted share of the unit's words found in the passage
    shared: int  # how many of the unit's words

    def quote_unit(self) -> str:
        return quote(self.unit.text)

    def quote_passage(self) -> str:
        return quote(self.passage.text)


def quote(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + " …"


def _word_pairs(words: Sequence[str]) -> frozenset[tuple[str, str]]:
    return frozenset(pairwise(words))


def make_unit(
    owner: int, label: str, loc: tuple[str | int, ...], text: str, stemmer: Callable[[str], list[str]] = stems
) -> Unit | None:
    """A unit of the text, or None when it is too short to say anything of its own. `stemmer` is
    stems() or a words.TokenStems (its memo of tokens pays over a catalog's units: about half the time)."""
    words = stemmer(normalise(text))
    words_set = frozenset(words)
    if len(words_set) < MIN_STEMS:
        return None
    return Unit(owner, label, loc, text, words_set, _word_pairs(words))


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def split_units(text: str) -> list[str]:
    """A description's paragraphs, each cut into chunks of at most UNIT_SENTENCES sentences."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        said = sentences(paragraph)
        out += [" ".join(said[i : i + UNIT_SENTENCES]) for i in range(0, len(said), UNIT_SENTENCES)]
    return out


class Document:
    """A document's text as the comparison reads it: its words (stemmed, function words left out), and
    for the few passages that match, where they stand ("side 3" or "afsnit 12") and their sentences."""

    def __init__(self, text: str, stemmer: Callable[[str], list[str]] = stems) -> None:
        self._text: str | None = normalise(text)
        self._read: Callable[[], str] | None = None
        self.words = stemmer(self._text)
        self._starts: list[int] | None = None

    @classmethod
    def stemmed(cls, words: list[str], read: Callable[[], str]) -> Document:
        """A document whose words were found before (forloeb/overlap/reading.py): its text is read
        only if a passage of it is quoted."""
        doc = cls("", lambda _: words)
        doc._text, doc._read = None, read
        return doc

    @property
    def text(self) -> str:
        if self._text is None:
            assert self._read is not None
            self._text = normalise(self._read())
        return self._text

    @property
    def paged(self) -> bool:
        return "\f" in self.text

    @property
    def starts(self) -> list[int]:
        """The character offset of each word; found only for a document with a match."""
        if self._starts is None:
            lower = self.text.lower()
            self._starts = [m.start() for m in _WORD_AT.finditer(lower) if meaning(m.group()) is not None]
        return self._starts

    def where(self, offset: int) -> str:
        before = self.text[:offset]
        if self.paged:
            return f"side {before.count(chr(12)) + 1}"
        # Blank lines before the first paragraph start none; the break right before this word does.
        return f"afsnit {len(_PARAGRAPH_BREAK.findall(before.lstrip())) + 1}"

    def quote(self, first: int, last: int) -> str:
        """The sentences around the words first..last."""
        start, end = self.starts[first], self.starts[last]
        begin = max(self.text.rfind(mark, 0, start) for mark in (". ", "\n\n", "\f"))
        finish = min(
            (i for mark in (". ", "\n\n", "\f") if (i := self.text.find(mark, end)) >= 0), default=len(self.text)
        )
        return " ".join(self.text[begin + 1 if begin >= 0 else 0 : finish + 1].split())


class PassageIndex:
    """The catalog's pathway units, indexed by word pair, weighted by rarity."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = list(units)
        df = Counter(chain.from_iterable(u.words for u in self.units))
        pair_units: dict[tuple[str, str], list[int]] = defaultdict(list)
        # Each unit's number appended to the list of each of its pairs, the loop run in C by a deque
        # that keeps nothing (half a million pairs at 1,000 pathways).
        lists = map(pair_units.__getitem__, chain.from_iterable(u.pairs for u in self.units))
        numbers = chain.from_iterable(repeat(i, len(u.pairs)) for i, u in enumerate(self.units))
        deque(map(list.append, lists, numbers), maxlen=0)
        n = max(len(self.units), 1)
        self._weight = {w: math.log(1 + n / d) for w, d in df.items()}
        self._totals = [sum(map(self._weight.__getitem__, u.words)) for u in self.units]
        self._pairs = {p: tuple(us) for p, us in pair_units.items() if len(us) <= MAX_PAIR_UNITS}

    def matches(self, document: int, doc: Document, threshold: float) -> list[PassageMatch]:
        """Each unit this document repeats at or above the threshold, with its best passage."""
        words = doc.words
        hits = self._hits(list(pairwise(words)))
        best: dict[int, PassageMatch] = {}
        for u, found in hits.items():
            unit = self.units[u]
            for start in sorted({s for i, _ in found for s in self._starts(i)}):
                inside = {pair for i, pair in found if start <= i < start + WINDOW_WORDS - 1}
                if len(inside) < MIN_SHARED_PAIRS:
                    continue
                shared = unit.words.intersection(words[start : start + WINDOW_WORDS])
                score = sum(self._weight[w] for w in shared) / self._totals[u]
                if score >= threshold and len(shared) >= MIN_SHARED_STEMS and (u not in best or score > best[u].score):
                    # Quote from the first to the last of the unit's words in the window, not the whole window.
                    at = [i for i in range(start, min(start + WINDOW_WORDS, len(words))) if words[i] in unit.words]
                    passage = Passage(doc.where(doc.starts[at[0]]), doc.quote(at[0], at[-1]))
                    best[u] = PassageMatch(unit, document, passage, score, len(shared))
        return sorted(best.values(), key=lambda m: (m.unit.owner, m.unit.loc, -m.score))

    def _hits(self, doc_pairs: list[tuple[str, str]]) -> dict[int, list[tuple[int, tuple[str, str]]]]:
        """Unit -> (position, pair) of each of its word pairs in the document, for the units that share
        at least MIN_SHARED_PAIRS different pairs with it."""
        # Most documents share a few pairs with few units: the set operations and the positions'
        # search run in C, and Python loops over what is shared only.
        pairs = self._pairs
        shared = pairs.keys() & doc_pairs
        by_unit: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for pair in shared:
            for u in pairs[pair]:
                by_unit[u].add(pair)
        candidates = {u: found for u, found in by_unit.items() if len(found) >= MIN_SHARED_PAIRS}
        if not candidates:
            return {}
        wanted = set().union(*candidates.values())
        hits: dict[int, list[tuple[int, tuple[str, str]]]] = defaultdict(list)
        for i in compress(count(), map(wanted.__contains__, doc_pairs)):
            pair = doc_pairs[i]
            for u in pairs[pair]:
                if u in candidates:
                    hits[u].append((i, pair))
        return hits

    @staticmethod
    def _starts(position: int) -> tuple[int, ...]:
        """The windows (by their first word) that hold the word pair at position."""
        first = (position // WINDOW_STEP) * WINDOW_STEP
        return tuple(s for s in (first - WINDOW_STEP, first) if s >= 0 and position + 1 < s + WINDOW_WORDS)
