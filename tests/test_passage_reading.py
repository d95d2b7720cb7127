"""How the overlap check reads a D4 document: its stemmed words, and the pathway passages it repeats."""

from __future__ import annotations

import pytest

from forloeb.overlap import words
from forloeb.overlap.passages import Document, PassageIndex, make_unit
from forloeb.overlap.words import WORD, meaning, stems

TRICKY = [
    "Tapning hver 3. måned (ferritin < 50 µg/L), dvs. 1.000,5 ml/år – se bilag.",
    "blod-prøve/kontrol;  ALT\tog\u2003AST\x1cafsluttes\x85igen\u2028her",
    "«Tapningerne» — tapningen, tapninger! 7,5 mmol/l; 12:30; pkt.2.3",
    "ΟΔΟΣ ΣΟΦΟΣ; İstanbul; straße; ŒUVRE",
    "",
    "   \n\n  ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_stems_are_the_words_found_in_the_whole_text(text: str) -> None:
    """Read token by token, the text gives the words the pattern finds in the whole of it, in order."""
    assert stems(text) == [w for w in map(meaning, WORD.findall(text.lower())) if w]


def test_the_memo_of_tokens_stays_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words, "MAX_TOKENS", 5)
    monkeypatch.setattr(words, "_TOKEN_STEMS", {})
    text = " ".join(f"patient{n}, blodprøve{n}." for n in range(20))
    assert stems(text) == [w for w in map(meaning, WORD.findall(text.lower())) if w]
    assert stems(text) == stems(text)
    assert len(words._TOKEN_STEMS) <= 5


UNIT = (
    "Patienter med hæmokromatose og ferritin over 1000 µg/L henvises til leverbiopsi før første "
    "venesectio, og transaminaserne måles hver tredje måned."
)
OTHER = "Børn med astma får inhalationssteroid efter spirometri, og forældrene instrueres i teknikken."
FILLER = " ".join(f"Afsnit {n} handler om noget andet, nemlig sengepladser{n} og vagtplaner{n}." for n in range(60))


def index() -> PassageIndex:
    units = [make_unit(0, "trinnet 'a'", ("trin", 0), UNIT), make_unit(1, "trinnet 'b'", ("trin", 0), OTHER)]
    assert all(units)
    return PassageIndex(u for u in units if u is not None)


def test_a_passage_repeated_inside_a_long_document_is_found_with_its_place_and_score() -> None:
    text = f"{FILLER}\n\n{UNIT.replace('henvises', 'sendes')}\n\n{FILLER}"
    [found] = index().matches(7, Document(text), 0.6)
    assert (found.unit.owner, found.document) == (0, 7)
    assert found.passage.where == "afsnit 2"
    assert "leverbiopsi" in found.passage.text and "sengepladser" not in found.passage.text
    assert 0.6 <= found.score < 1


def test_one_shared_word_pair_is_not_a_repeated_passage() -> None:
    assert index().matches(0, Document(f"{FILLER} Leverbiopsi før første dag. {FILLER}"), 0.1) == []


def test_the_words_of_a_passage_spread_over_a_long_document_are_not_a_repeated_passage() -> None:
    """Each half of the passage's word pairs is there, but never within one window of the document."""
    half = len(UNIT) // 2
    text = f"{UNIT[:half]}. {FILLER} {UNIT[half:]}"
    assert index().matches(0, Document(text), 0.6) == []
    assert index().matches(0, Document(f"{UNIT[:half]}. {UNIT[half:]}"), 0.6)  # close together they are
