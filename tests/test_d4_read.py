"""How the import reads a D4 export of each kind into running text, margins and title, and which files
it refuses with which message: real Word files written by python-docx, real PDFs written by pypdf,
HTML and text files as Windows tools write them (tests/d4documents.py)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from forloeb.d4import.extract import MAX_FILE_BYTES, Extracted, ExtractError, _reason, extract
from forloeb.load.files import LINK_REFUSED
from tests.d4documents import scanned_pdf, text_pdf

DAMAGED = " (beskadiget fil, eller en anden filtype med forkert endelse)"
READABLE = "kan læse .docx, .pdf, .html, .htm, .txt"


def refusal(path: Path) -> str:
    with pytest.raises(ExtractError) as caught:
        extract(path)
    return caught.value.message


# --- Word ------------------------------------------------------------------------------------------


def test_a_word_documents_body_tables_margins_and_title(tmp_path: Path) -> None:
    """The body's paragraphs and table rows in document order, one block each and blank ones left out
    (a row of a label and its value reads 'label: value', a merged cell once, other rows joined by
    ' | '); the margins are every header and footer (first page too, their tables included), each line
    once; the title in the file's properties wins over a styled title and is stripped."""
    d = docx.Document()
    section = d.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "Region Sjælland · DokID: 412233"
    section.first_page_header.paragraphs[0].text = "Forside: Holbæk Sygehus"
    section.footer.paragraphs[0].text = "Sidefod"
    cells = section.footer.add_table(1, 2, docx.shared.Inches(4)).rows[0].cells
    cells[0].text, cells[1].text = "Gyldig fra", "01.09.2023"
    section.first_page_footer.paragraphs[0].text = "Region Sjælland · DokID: 412233"  # the same line: once
    d.core_properties.title = "  Venesectio – egenskaber  "
    d.add_heading("Venesectio – overskrift", 0)
    table = d.add_table(rows=4, cols=3)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Afdeling", "Medicinsk Afdeling"
    table.rows[1].cells[0].merge(table.rows[1].cells[2]).text = "Flettet over tre kolonner"
    for cell, text in zip(table.rows[2].cells, ["Ferritin", "Transferrin", "ALAT"], strict=True):
        cell.text = text
    table.rows[3].cells[1].text, table.rows[3].cells[2].text = " Enhed ", " Hæmatologi "  # first cell empty
    d.add_paragraph("   ")
    d.add_paragraph("Første afsnit.")
    d.add_paragraph("")
    d.add_paragraph("Andet afsnit.")
    d.save(str(tmp_path / "instruks.docx"))
    assert extract(tmp_path / "instruks.docx") == Extracted(
        text=(
            "Venesectio – overskrift\n\nAfdeling: Medicinsk Afdeling\n\nFlettet over tre kolonner\n\n"
            "Ferritin | Transferrin | ALAT\n\nEnhed: Hæmatologi\n\nFørste afsnit.\n\nAndet afsnit."
        ),
        margins="Region Sjælland · DokID: 412233\nForside: Holbæk Sygehus\nSidefod\nGyldig fra\n01.09.2023",
        title="Venesectio – egenskaber",
        paged=False,
    )


@pytest.mark.parametrize(
    ("label", "row"),
    [
        ("L" * 40, f"{'L' * 40}: Værdi"),  # a label is at most 40 characters
        ("L" * 41, f"{'L' * 41} | Værdi"),  # a longer first cell is text, not a label
    ],
)
def test_a_table_row_is_a_label_and_its_value_only_when_the_label_is_short(
    tmp_path: Path, label: str, row: str
) -> None:
    d = docx.Document()
    cells = d.add_table(rows=1, cols=2).rows[0].cells
    cells[0].text, cells[1].text = label, "Værdi"
    d.save(str(tmp_path / "tabel.docx"))
    assert extract(tmp_path / "tabel.docx").text == row


@pytest.mark.parametrize(
    ("style", "name", "expected"),
    [
        ("Title", None, "Instruks om tapning"),
        ("Heading 1", None, "Instruks om tapning"),
        ("Title", "Titel", "Instruks om tapning"),  # Danish Word names its styles in Danish
        ("Heading 1", "Overskrift 1", "Instruks om tapning"),
        ("Heading 2", None, None),  # a sub-heading is not the title
        ("Normal", None, None),
    ],
)
def test_without_a_title_in_its_properties_a_word_documents_title_is_its_first_title_or_heading(
    tmp_path: Path, style: str, name: str | None, expected: str | None
) -> None:
    d = docx.Document()
    if name is not None:
        d.styles[style].name = name
    d.add_paragraph("Indledende tekst uden typografi.")
    d.add_paragraph("   ", style=d.styles[name or style])  # blank: passed over
    d.add_paragraph("  Instruks om tapning ", style=d.styles[name or style])
    d.save(str(tmp_path / "titel.docx"))
    assert extract(tmp_path / "titel.docx").title == expected


def test_a_word_document_without_a_default_style_is_read(tmp_path: Path) -> None:
    """Paragraphs without a style (a document whose styles name no default, as some converters write)
    are text, not a title."""
    d = docx.Document()
    d.styles["Normal"].element.attrib.pop(qn("w:default"))
    d.add_paragraph("Uden typografi.")
    d.save(str(tmp_path / "uden-standard.docx"))
    assert extract(tmp_path / "uden-standard.docx") == Extracted("Uden typografi.", "", None, False)


def test_a_damaged_word_file_is_refused_with_the_reason(tmp_path: Path) -> None:
    """The reason is python-docx's own first line, and the likely causes."""
    not_a_zip = tmp_path / "beskadiget.docx"
    not_a_zip.write_bytes(b"PK\x03\x04 dette er ikke et Word-dokument")
    assert (
        refusal(not_a_zip) == f"kan ikke læses som Word-dokument (.docx): Package not found at '{not_a_zip}'{DAMAGED}"
    )


# --- PDF -------------------------------------------------------------------------------------------


def test_a_pdf_is_read_page_by_page_with_its_title(tmp_path: Path) -> None:
    """Pages are separated by form feeds (a finding can name its page); the title comes from the file's
    properties, stripped; there are no margins apart (a PDF's headers stand in its text)."""
    pdf = text_pdf(
        tmp_path / "instruks.pdf",
        [["DokID: 412233", "Hæmokromatose (E83.1)"], ["Ferritin under 50 µg/L."]],
        title="  Venesectio ved hæmokromatose ",
    )
    assert extract(pdf) == Extracted(
        text="DokID: 412233\nHæmokromatose (E83.1)\n\fFerritin under 50 μg/L.\n",
        margins="",
        title="Venesectio ved hæmokromatose",
        paged=True,
    )
    assert extract(text_pdf(tmp_path / "uden-titel.pdf", [["Tekst på siden."]])).title is None
    bare = text_pdf(tmp_path / "uden-egenskaber.pdf", [["Tekst på siden."]], properties=False)
    assert extract(bare) == Extracted("Tekst på siden.\n", "", None, True)


def test_a_pdf_protected_without_a_password_is_read(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "beskyttet.pdf", [["Tekst på siden."]], password="")
    assert extract(pdf).text == "Tekst på siden.\n"


def test_a_pdf_that_needs_a_password_is_refused(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "krypteret.pdf", [["Tekst på siden."]], password="hemmelig")
    assert refusal(pdf) == "PDF'en er krypteret med en adgangskode: eksportér den igen fra D4 uden beskyttelse"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"%PDF-1.7\nikke en rigtig pdf", "Stream has ended unexpectedly"), (b"", "Cannot read an empty file")],
)
def test_a_damaged_pdf_is_refused_with_the_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "beskadiget.pdf").write_bytes(content)
    assert refusal(tmp_path / "beskadiget.pdf") == f"kan ikke læses som PDF: {reason}{DAMAGED}"


def test_a_pdf_without_a_text_layer_is_refused_as_a_scan(tmp_path: Path) -> None:
    assert refusal(scanned_pdf(tmp_path / "scannet.pdf")) == (
        "dokumentet indeholder ingen tekst (scannet PDF uden tekstlag? Kør OCR, eller eksportér fra D4 som Word)"
    )


# --- HTML and text ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".html", ".htm", ".HTML"])
def test_an_html_page_is_its_visible_text_in_blocks(tmp_path: Path, suffix: str) -> None:
    """Block elements separate paragraphs, inline ones do not; whitespace within a block is one space;
    scripts and styles are not text; character references are decoded; the title is the page's
    <title> on one line."""
    page = (
        "<html><head><title> Instruks\n om   tapning </title><style>p { color: red }</style>"
        "<script>var s = '<p>ikke tekst</p>';</script></head><body>"
        "<p>Første &amp; <b>fede</b>\n   afsnit</p><div>Andet<br>Tredje</div>"
        "<table><tr><td>Celle</td><td>Nabo</td></tr></table><ul><li>Punkt en</li></ul><span>Sidst</span>"
        "</body></html>"
    )
    (tmp_path / f"side{suffix}").write_text(page, encoding="utf-8")
    assert extract(tmp_path / f"side{suffix}") == Extracted(
        text="Første & fede afsnit\n\nAndet\n\nTredje\n\nCelle\n\nNabo\n\nPunkt en\n\nSidst",
        margins="",
        title="Instruks om tapning",
        paged=False,
    )


@pytest.mark.parametrize(
    ("page", "text", "title"),
    [
        ("<p>Kun tekst</p>", "Kun tekst", None),
        ("Tekst før det første mærke<p>Afsnit</p>", "Tekst før det første mærke\n\nAfsnit", None),
        ("<title>Titlen</title>Tekst lige efter titlen<p>Afsnit</p>", "Tekst lige efter titlen\n\nAfsnit", "Titlen"),
        ("<title>Ferritin < 50 &amp; mere</title><p>Afsnit</p>", "Afsnit", "Ferritin < 50 & mere"),
        ("<p>Før</p></script></style><p>Efter</p>", "Før\n\nEfter", None),  # stray end tags
        ("<style>p {}</style><p>Efter stil</p>", "Efter stil", None),
        ("<script>x = 1</script><p>Efter script</p>", "Efter script", None),
    ],
)
def test_an_html_pages_title_is_only_what_stands_in_its_title_element(
    tmp_path: Path, page: str, text: str, title: str | None
) -> None:
    """Text before any element, or right after the title, is text; a title read in pieces (a bare '<')
    is one; an end tag without its start neither hides nor shows anything."""
    (tmp_path / "side.html").write_text(page, encoding="utf-8")
    assert extract(tmp_path / "side.html") == Extracted(text, "", title, False)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("\ufeffHæmokromatose – µg/L\r\nNy linje\r".encode(), "Hæmokromatose – μg/L\nNy linje\n"),  # UTF-8, BOM
        ("Hæmokromatose – µg/L\r\nNy linje".encode("cp1252"), "Hæmokromatose – μg/L\nNy linje"),  # Windows
        (b"Jern \x81 tilskud", "Jern \ufffd tilskud"),  # a byte Windows-1252 leaves undefined: a mark, no crash
    ],
)
def test_a_text_file_is_utf8_or_windows_1252(tmp_path: Path, raw: bytes, text: str) -> None:
    """As Danish Windows tools write them; line ends become \\n; the micro sign reads as Greek mu (NFKC)."""
    (tmp_path / "tekst.txt").write_bytes(raw)
    assert extract(tmp_path / "tekst.txt") == Extracted(text, "", None, False)


# --- Files the import refuses ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("gammel.doc", "gammelt Word-format (.doc): åbn dokumentet i Word og gem det som .docx"),
        ("GAMMEL.DOC", "gammelt Word-format (.doc): åbn dokumentet i Word og gem det som .docx"),
        ("regneark.xlsx", f"ukendt filtype '.xlsx': {READABLE}"),
        ("LÆSMIG", f"ukendt filtype '(ingen)': {READABLE}"),
        ("tom.txt", "dokumentet indeholder ingen tekst (tom fil)"),
    ],
)
def test_a_file_of_another_kind_or_empty_is_refused_by_name(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / name).write_bytes(b"")
    assert refusal(tmp_path / name) == message


@pytest.mark.parametrize(
    ("text", "read"),
    [("1 a 2 b _c_ 3", False), ("12.03 - 4 %", False), ("ok", True), ("æø", True)],
)
def test_a_text_needs_a_word_of_two_letters(tmp_path: Path, text: str, read: bool) -> None:
    """Digits, single letters and punctuation are no text (a scan's page numbers); two letters are."""
    (tmp_path / "tekst.txt").write_text(text, encoding="utf-8")
    if read:
        assert extract(tmp_path / "tekst.txt").text == text
    else:
        assert refusal(tmp_path / "tekst.txt") == "dokumentet indeholder ingen tekst (tom fil)"


def test_a_link_and_a_folder_are_refused(tmp_path: Path) -> None:
    """A link is never followed, not even to a good file; a folder named like a document is no file."""
    (tmp_path / "god.txt").write_text("Tekst i filen.", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "god.txt")
    (tmp_path / "mappe.txt").mkdir()
    assert refusal(tmp_path / "link.txt") == LINK_REFUSED
    assert refusal(tmp_path / "mappe.txt") == "ikke en almindelig fil"


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """50 MB exactly is read (here: found not to be Word); one byte more is refused unread."""
    at_limit, over = tmp_path / "stor.docx", tmp_path / "for-stor.docx"
    for path, size in ((at_limit, MAX_FILE_BYTES), (over, MAX_FILE_BYTES + 1)):
        with path.open("wb") as fh:
            fh.truncate(size)  # sparse: no 50 MB written
    assert MAX_FILE_BYTES == 50 * 2**20
    assert refusal(at_limit) == f"kan ikke læses som Word-dokument (.docx): Package not found at '{at_limit}'{DAMAGED}"
    assert refusal(over) == "filen er over 50 MB"


def test_the_margins_are_cleaned_like_the_text(tmp_path: Path) -> None:
    """A soft hyphen or ligature in a header would hide the DokID from the pattern that finds it."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Dok\u00adID: 412233 · ﬁl  "
    d.add_paragraph("Tekst.")
    d.save(str(tmp_path / "sidehoved.docx"))
    assert extract(tmp_path / "sidehoved.docx").margins == "DokID: 412233 · fil\n"  # and the empty footer


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (ValueError("  første linje\nanden linje"), "første linje"),
        (ValueError(""), "ValueError"),  # a library error that says nothing is named by its kind
        (OSError(), "OSError"),
    ],
)
def test_the_reason_for_a_damaged_file_is_the_errors_first_line(exc: BaseException, reason: str) -> None:
    assert _reason(exc) == reason + DAMAGED
