"""The benchmark's D4 documents: long texts shaped like real guidelines, some repeating a pathway.

Real documents draw on a large vocabulary in which a few words are frequent and most are rare; a
text made only of the shipped pathways' 1,500 words would make every word pair common and every
passage look like every other. So a document's words come from a lexicon of invented Danish-looking
words with a Zipf distribution, mixed with words of the pathways. Some documents repeat a paragraph
of their pathway in other words (inflected, some words left out, neighbours swapped), as a nurse
instruction copied and edited over the years does: the passage comparison must find those.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

LEXICON_SIZE = 20_000
_ONSETS = ("b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "bl", "br", "dr", "fl")
_ONSETS += ("fr", "gr", "kl", "kr", "pl", "pr", "sk", "sl", "sm", "sn", "sp", "st", "tr", "sv")
_VOWELS = ("a", "e", "i", "o", "u", "y", "æ", "ø", "å")
_CODAS = ("", "n", "r", "s", "t", "l", "nd", "ng", "st", "rt", "ld", "k")


def lexicon(rng: random.Random) -> tuple[list[str], list[float]]:
    """LEXICON_SIZE distinct invented words and their cumulative Zipf weights (the r-th word weighs 1/r)."""
    syllables = [o + v + c for o, v, c in itertools.product(_ONSETS, _VOWELS, _CODAS)]
    words: dict[str, None] = {}
    while len(words) < LEXICON_SIZE:
        words["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))] = None
    return list(words), list(itertools.accumulate(1 / r for r in range(1, LEXICON_SIZE + 1)))


def text(rng: random.Random, lex: tuple[list[str], list[float]], vocab: list[str], n_words: int) -> list[str]:
    """Paragraphs of n_words in all: sentences of 8–20 words, 3–6 sentences a paragraph."""
    words, cumulative = lex
    paragraphs, total = [], 0
    while total < n_words:
        sentences = []
        for _ in range(rng.randint(3, 6)):
            n = rng.randint(8, 20)
            drawn = [
                rng.choice(vocab) if rng.random() < 0.1 else w for w in rng.choices(words, cum_weights=cumulative, k=n)
            ]
            sentences.append(" ".join(drawn).capitalize() + ".")
            total += n
        paragraphs.append(" ".join(sentences))
    return paragraphs


def paraphrase(rng: random.Random, paragraph: str) -> str:
    """The paragraph in other words: a tenth of the words left out, a fifth inflected, neighbours swapped."""
    out = []
    for word in paragraph.split():
        if rng.random() < 0.1:
            continue
        if rng.random() < 0.2 and word.isalpha() and len(word) > 3:
            word += rng.choice(("e", "er", "en", "ne"))
        out.append(word)
    for i in range(0, len(out) - 1, 7):
        out[i], out[i + 1] = out[i + 1], out[i]
    return " ".join(out)


def write_docx(path: Path, title: str, dokid: str, site: str, paragraphs: list[str]) -> None:
    """The document as a Word file with DokID and site in the page header, as exported from D4."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"Region Sjælland · {site} · DokID: {dokid}"
    document.core_properties.title = title
    document.add_heading(title, 0)
    for p in paragraphs:
        document.add_paragraph(p)
    document.save(str(path))
