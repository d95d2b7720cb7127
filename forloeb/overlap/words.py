"""Danish text as the passage comparison sees it: sentences, and stemmed words that carry meaning.

Words are lower-cased with æ, ø and å kept (Snowball's Danish stemmer needs them), numbers are kept
as written ("1.000" and "1000" are one number, "7,5" one value), function words are dropped, and each
word is reduced to its Snowball stem, so "tapning", "tapninger" and "tapningerne" are one word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain
from typing import TypeVar

import snowballstemmer

# Danish function words. Negations and comparisons ("ikke", "over", "under") are kept: they change
# what a sentence says.
_STOP_WORDS = """
    af alle andet andre at da de dem den denne der deres det dette dig din dog du efter eller en end er et
    for fra gennem ham han hans har havde have hende hendes her hos hun hvad hvilke hvis hvor i ind jeg jer
    jo kan kunne man mange med meget men mig min mine mit mod ned noget nogle nu og også om op os på så
    sig sin sine sit skal skulle som til ud være været var vi vil ville vor når blive bliver blev
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
# A sentence ends at . ! ? followed by space and a capital letter, unless the dot ends an abbreviation.
_ABBREVIATED = "fx f.eks evt ca bl.a pga dvs jf mht inkl ml nr kl mv osv ang vedr sml hhv iflg dr ifm"
_NOT_AFTER = "".join(rf"(?<!\b(?i:{re.escape(a)})\.)" for a in _ABBREVIATED.split())
_SENTENCE_END = re.compile(rf"(?<=[.!?]){_NOT_AFTER}\s+(?=[A-ZÆØÅ\"«(])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_STEMMER = snowballstemmer.stemmer("danish")


def normalise(text: str) -> str:
    """Unicode NFKC: "ﬂ" becomes "fl", the micro sign Greek mu, full-width digits digits, and the
    no-break and thin spaces one kind of space."""
    return unicodedata.normalize("NFKC", text)


def sentences(text: str) -> list[str]:
    """The text's sentences, in order; paragraph breaks always end one."""
    out: list[str] = []
    for paragraph in _PARAGRAPH_BREAK.split(text):
        flat = " ".join(paragraph.split())
        if flat:
            out += _SENTENCE_END.split(flat)
    return out


def number(token: str) -> str:
    """A number as one spelling: '1.000' -> '1000', '7,5' -> '7.5', '1.000,5' -> '1000.5'."""
    if "," in token:
        whole, _, decimals = token.rpartition(",")
        return f"{whole.replace('.', '')}.{decimals}"
    parts = token.split(".")
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        return "".join(parts)  # thousands separators
    return token


@lru_cache(maxsize=1 << 18)
def meaning(word: str) -> str | None:
    """A lower-case word as compared: a number in one spelling, a stem, or None for a function word."""
    if word[0].isdigit():
        return number(word)
    if word in STOP_WORDS or len(word) < 2:
        return None  # also "" could not pass filter(None, ...); a stem is never empty for a word of 2+ letters
    return _STEMMER.stemWord(word)


def stems(text: str) -> list[str]:
    """The stemmed words that carry meaning, in order (numbers as one spelling)."""
    return list(filter(None, map(meaning, WORD.findall(text.lower()))))


class TokenStems:
    """stems() for many long texts (millions of words of D4 text: the hot loop of the passage
    comparison), with a memo of each white-space separated token's words for its owner's lifetime.

    No word holds white space, so a text's words are its tokens' words in order. Split, the lookups
    in a plain dict and the flattening run in C; only a token not seen before is read by the regular
    expression. A list's words are the memo's own strings, so a word's hash is computed once, however
    often it is looked up in an index. joined() gives the words as one line (the form they are kept
    and sent in: stemmed.packed) from a memo of each token's words already joined, without a list:
    the 3,000 D4 texts at 1,000 pathways (62 MB) took 1.4 s of CPU instead of 1.9 s through a list.
    Each memo is emptied at `limit` tokens, so a long run's memory stays bounded."""

    def __init__(self, limit: int = 1 << 19) -> None:
        self._words: _TokenMemo[tuple[str, ...]] = _TokenMemo(limit, tuple)
        self._lines: _TokenMemo[str] = _TokenMemo(limit, " ".join)

    def __call__(self, text: str) -> list[str]:
        return list(chain.from_iterable(map(self._words.__getitem__, text.split())))

    def joined(self, text: str) -> str:
        """ " ".join(self(text)), made without the list."""
        return " ".join(filter(None, map(self._lines.__getitem__, text.split())))

    def __len__(self) -> int:
        """How many tokens it remembers (in the larger of its two memos)."""
        return max(len(self._words), len(self._lines))


T = TypeVar("T")


class _TokenMemo(dict[str, T]):
    """A token's words in the form `form` makes of them, made when the token is first looked up."""

    def __init__(self, limit: int, form: Callable[[Iterable[str]], T]) -> None:
        super().__init__()
        self.limit = limit
        self.form = form

    def __missing__(self, token: str) -> T:
        if len(self) >= self.limit:
            self.clear()
        found = self[token] = self.form(filter(None, map(meaning, WORD.findall(token.lower()))))
        return found
