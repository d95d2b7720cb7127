"""How the overlap check reads a D4 document: its stemmed words, and the pathway passages it repeats."""

from __future__ import annotations

import pytest

from forloeb.overlap.passages import Document, PassageIndex, make_unit
from forloeb.overlap.words import TokenStems, stems

TRICKY = [
    "Tapning hver 3. måned (ferritin < 50 µg/L), dvs. 1.000,5 ml/år – se bilag.",
    "blod-prøve/kontrol;  ALT\tog\u2003AST\x1cafsluttes\x85igen\u2028her",
    "«Tapningerne» — tapningen, tapninger! 7,5 mmol/l; 12:30; pkt.2.3",
    "ΟΔΟΣ ΣΟΦΟΣ; İstanbul; straße; ŒUVRE",
    "",
    "   \n\n  ",
]


@pytest.mark.parametrize("text", TRICKY)
def test_the_stems_of_many_texts_are_read_token_by_token_alike(text: str) -> None:
    """Read token by token through a memo of tokens, the text gives the words the pattern finds in the
    whole of it, in order, the first time and from the memo."""
    many = TokenStems()
    assert many(text) == stems(text)
    assert many(text) == stems(text)
    assert many.joined(text) == " ".join(stems(text))  # one space between words, none at the ends


def test_a_token_of_several_words_or_none_joins_with_one_space() -> None:
    many = TokenStems()
    text = "og blod-prøve/kontrol i 1.000,5 at ferritin"  # 'og', 'i', 'at' are function words
    assert many.joined(text) == "blod prøv kontrol 1000.5 ferritin"
    assert many.joined(text).split() == stems(text)


def test_a_word_is_one_string_however_often_it_comes() -> None:
    """A list shares the memo's strings, so an index hashes a word once: a list split from a joined
    line gave each word a string of its own, and the check at 1,000 pathways 35 MiB more."""
    many = TokenStems()
    first, second = many("Tapning efter Tapning"), many("og Tapning")
    assert first == second * 2 == ["tapning", "tapning"]
    assert first[0] is first[1] is second[0]


def test_the_memo_of_tokens_stays_within_its_bound() -> None:
    many = TokenStems(limit=5)
    text = " ".join(f"patient{n}, blodprøve{n}." for n in range(20))
    assert many(text) == stems(text)
    assert many.joined(text) == " ".join(stems(text))
    assert len(many) <= 5


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
