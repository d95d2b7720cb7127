"""Soft hyphens in long Danish words of headings (macros/render/hyphenation.py), and page text kept
apart for Material's search index (macros/render/search_text.py)."""

from __future__ import annotations

from macros.render.hyphenation import SOFT_HYPHEN, Hyphenator
from macros.render.search_text import words_apart

HYPHENATE = Hyphenator()


def shown(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "-")


def page(content: str) -> str:
    return f'<html><h1>Patientforløbsbeskrivelser</h1><article class="md-content__inner">{content}</article></html>'


def test_long_danish_words_get_soft_hyphens_where_danish_allows_them() -> None:
    assert shown(HYPHENATE.text("Patientforløbsbeskrivelser")) == "Pa-tient-for-løbs-be-skri-vel-ser"
    assert shown(HYPHENATE.text("Vedligeholdelsesfase")) == "Ved-li-ge-hol-del-ses-fase"  # no "se" on its own
    assert HYPHENATE.text("Tapningsfase") != "Tapningsfase"  # 12 letters: hyphenated
    assert HYPHENATE.text("Henvisning og afslutning") == "Henvisning og afslutning"  # 10 letters fit any line
    assert HYPHENATE.text("Patientforløbsbeskrivelser").replace(SOFT_HYPHEN, "") == "Patientforløbsbeskrivelser"


def test_codes_numbers_and_character_references_stay_whole() -> None:
    for text in ("DE831A123456789", "Dokument248731xxxxxxxx", "&CounterClockwiseContourIntegral;", "abc_defghijklmnop"):
        assert HYPHENATE.text(text) == text


def test_only_headings_in_the_page_content_are_hyphenated() -> None:
    heading = (
        '<h2 id="x">Vedligeholdelsesfase <code>Vedligeholdelsesfase</code><a class="headerlink" href="#x">¶</a></h2>'
    )
    table = "<table><tr><th>Vedligeholdelsesfase</th><td>Vedligeholdelsesfase</td></tr></table>"
    out = HYPHENATE.headings(page(heading + table + "<p>Vedligeholdelsesfase</p>"))
    assert out.startswith("<html><h1>Patientforløbsbeskrivelser</h1>")  # outside the content: untouched
    assert f'<h2 id="x">Ved{SOFT_HYPHEN}li' in out  # the heading's text
    assert "<code>Vedligeholdelsesfase</code>" in out  # code is copied as it stands
    assert table in out, "a table header would squeeze its column to a syllable a line"
    assert "<p>Vedligeholdelsesfase</p>" in out
    assert out.replace(SOFT_HYPHEN, "") == page(heading + table + "<p>Vedligeholdelsesfase</p>")


def test_adjacent_cells_and_terms_are_kept_apart_for_the_search_index() -> None:
    html = "<tr><th>Speciale</th><td>Reumatologi</td></tr><dl><dt>Henvises af</dt><dd>Egen læge</dd></dl>"
    assert words_apart(html) == (
        "<tr><th>Speciale</th>\n<td>Reumatologi</td>\n</tr><dl><dt>Henvises af</dt>\n<dd>Egen læge</dd>\n</dl>"
    )
    inline = "<a>Vedligeholdelses</a><a>fase</a><span>x</span><span>y</span>"
    assert words_apart(inline) == inline  # whitespace between inline elements would show
