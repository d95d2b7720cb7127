"""Near-duplicate texts: Danish-aware normalisation, MinHash signatures and LSH banding.

Comparing every section with every other grows with the square of the catalog. Instead each text
becomes a set of word pairs (after normalisation), each set a short MinHash signature, and the
signature is cut into bands; only texts that share a whole band are candidates, and only candidates
are compared exactly (Jaccard similarity of the word-pair sets). The work grows with the amount of
text, plus the near-duplicates found.

The MinHash is implemented here rather than taken from a package (datasketch needs numpy and
scipy): classic MinHash computes one hash per shingle per permutation, which is too slow in pure
Python, so this uses one-permutation hashing (Li, Owen & Zhang 2012) densified by rotation
(Shrivastava & Li 2014): one hash per shingle, split into K bins; an empty bin takes the value of
the next non-empty bin to its right, offset by the distance, so two similar sets fill it alike.
The signature only proposes candidates; the similarity reported is always the exact one, so the
result does not depend on luck, and every hash is stable across runs (no salted hash() of text).
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, pairwise

from forloeb.danish import ascii_fold
from forloeb.overlap.words import STOP_WORDS as DANISH_STOP_WORDS

K = 64  # bins in a signature
MIN_WORDS = 8  # shorter texts ("Efter behov", "Egen læge") are meant to repeat
RECALL = 0.995  # chance that a pair exactly at the threshold becomes a candidate
SMALL_BUCKET = 8  # buckets up to this size are compared pairwise, larger ones against a representative

_MASK = (1 << 64) - 1
_WORD = re.compile(r"[^\W_]+")
# The Danish function words of the passage comparison, folded like the text they are removed from.
STOP_WORDS = frozenset(ascii_fold(w) for w in DANISH_STOP_WORDS)


def words(text: str) -> list[str]:
    """The words that carry meaning: lowercase; æ/ø/å folded like the ASCII YAML keys (ae, oe, aa,
    so "å" and the old "aa" compare equal); accents stripped; punctuation and any other sign left
    over (dashes, µ: punctuation or units here) dropped; stop words removed."""
    plain = ascii_fold(text.casefold())
    return [w for w in _WORD.findall(plain) if w not in STOP_WORDS]


@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def shingles(text: str) -> frozenset[int]:
    """The text's word pairs as 64-bit hashes: a stable hash per word, the pair combined by the
    (unsalted) hash of a tuple of ints. Sections are a paragraph long: word pairs are distinctive
    without one changed word (a threshold, say) weighing as much as with longer shingles."""
    ws = words(text)
    if len(ws) < MIN_WORDS:
        return frozenset()
    hs = [_word_hash(w) for w in ws]
    return frozenset(hash(pair) & _MASK for pair in pairwise(hs))


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


_EMPTY = 1 << 64  # above every bin value (a hash // K)


def signature(hashes: frozenset[int]) -> list[int]:
    """One-permutation MinHash densified by rotation; `hashes` must not be empty."""
    bins = [_EMPTY] * K
    for h in hashes:
        b, v = h % K, h // K
        if v < bins[b]:
            bins[b] = v
    if _EMPTY not in bins:
        return bins
    # Each empty bin takes the value of the nearest non-empty bin to its right (circularly), plus
    # an offset for the distance, so a borrowed value never equals a bin's own.
    filled = [j for j, v in enumerate(bins) if v != _EMPTY]
    out = list(bins)
    for a, b in zip(filled, [*filled[1:], filled[0] + K], strict=True):
        for j in range(a + 1, b):
            out[j % K] = bins[b % K] + (b - j) * _EMPTY
    return out


@cache
def bands_for(threshold: float) -> tuple[int, int]:
    """(bands, rows): the most rows per band (fewest false candidates) that still find a pair with
    exactly the threshold similarity with probability RECALL."""
    options = [(K // r, r) for r in range(K, 0, -1) if K % r == 0]
    for b, r in options:
        if 1 - (1 - threshold**r) ** b >= RECALL:
            return b, r
    return K, 1


# Under `mkdocs serve` the analysis runs again after every edit, and most texts are as they were:
# their keys are kept (a few hundred bytes each; a region's catalog has tens of thousands of sections).
@lru_cache(maxsize=1 << 16)
def band_keys(text: str, b: int) -> array[int] | None:
    """The text's b band keys, or None when it is too short to compare."""
    s = shingles(text)
    if not s:
        return None
    sig = signature(s)
    # Band k takes every b-th bin from k: a value borrowed by densification fills a run of adjacent
    # bins, so adjacent bins in one band would let a single shared word pair make a candidate.
    return array("q", (hash(tuple(sig[k::b])) for k in range(b)))


@dataclass(frozen=True)
class Match:
    i: int
    j: int
    similarity: float


def near_duplicates(texts: Sequence[str], owners: Sequence[Hashable], threshold: float) -> list[Match]:
    """Pairs of texts with different owners and a similarity of at least threshold (i < j).

    Memory stays small: each text keeps only its band keys (an array of b ints); the shingle sets
    are built again for the few texts that end up in a candidate pair."""
    b, _rows = bands_for(threshold)  # band k is sig[k::b], `_rows` bins long
    keys = {i: k for i, t in enumerate(texts) if (k := band_keys(t, b)) is not None}
    candidates: set[tuple[int, int]] = set()
    for band in range(b):
        # Nearly every key is a text's own: the keys shared by several texts are found by counting
        # (in C), and only their texts are put in buckets, in the texts' order.
        column = [k[band] for k in keys.values()]
        shared = {key for key, n in Counter(column).items() if n > 1}
        buckets: dict[int, list[int]] = defaultdict(list)
        for i, key in compress(zip(keys, column, strict=True), map(shared.__contains__, column)):
            buckets[key].append(i)
        for members in buckets.values():
            candidates.update(_pairs(members, owners))
    sets: dict[int, frozenset[int]] = {}
    for i in sorted({i for pair in candidates for i in pair}):
        sets[i] = shingles(texts[i])
    matches = (Match(i, j, jaccard(sets[i], sets[j])) for i, j in sorted(candidates))
    return [m for m in matches if m.similarity >= threshold]


def _pairs(members: list[int], owners: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Candidate pairs in one bucket, between different owners. A large bucket is a cluster of
    near-copies; comparing each member with the first member of another owner keeps it linear."""
    if len(members) <= SMALL_BUCKET:
        return [(x, y) for k, x in enumerate(members) for y in members[k + 1 :] if owners[x] != owners[y]]
    first = members[0]
    other = next((m for m in members if owners[m] != owners[first]), None)
    out = []
    for m in members[1:]:
        rep = first if owners[m] != owners[first] else other
        if rep is not None and rep != m:
            out.append((min(rep, m), max(rep, m)))
    return out
