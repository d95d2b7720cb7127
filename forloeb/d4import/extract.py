"""The text of a D4 document as exported: Word (.docx), PDF, HTML or plain text.

Each reader returns the document's running text (paragraphs separated by blank lines, the pages of
a PDF by form feeds, so a finding can say "side 3"), the text of its headers and footers apart (the
DokID usually stands there), and the title its file properties give. A file that cannot be read
raises ExtractError with a Danish message that says what is wrong and what to do.
"""

from __future__ import annotations

import html.parser
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forloeb.errors import MessageError
from forloeb.load.files import LINK_REFUSED
from forloeb.load.plaintext import without_hidden

READABLE = (".docx", ".pdf", ".html", ".htm", ".txt")
MAX_FILE_BYTES = 50 * 1024 * 1024

_HYPHENATED = re.compile(r"(?<=[a-zæøå])-[ \t]*\n[ \t]*(?=[a-zæøå])")


class ExtractError(MessageError):
    """A document the import cannot read, and what to do about it."""


@dataclass(frozen=True)
class Extracted:
    text: str  # paragraphs separated by blank lines; a PDF's pages by form feeds
    margins: str  # headers and footers
    title: str | None  # from the file's properties
    paged: bool  # True for a PDF: places are pages, not paragraphs


def clean_text(text: str) -> str:
    """NFKC (ligatures such as "ﬂ" become "fl"), no invisible characters (which Word and PDF tools leave in
    text, and which split words for the comparison) and no bidirectional controls (plaintext.py), words
    hyphenated at a line end joined again, no trailing spaces."""
    text = without_hidden(unicodedata.normalize("NFKC", text))
    text = _HYPHENATED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n"))


def extract(path: Path) -> Extracted:
    if path.is_symlink():
        raise ExtractError(LINK_REFUSED)
    suffix = path.suffix.lower()
    if suffix == ".doc":
        raise ExtractError("gammelt Word-format (.doc): åbn dokumentet i Word og gem det som .docx")
    if suffix not in READABLE:
        raise ExtractError(f"ukendt filtype '{suffix or '(ingen)'}': kan læse {', '.join(READABLE)}")
    if not path.is_file():
        raise ExtractError("ikke en almindelig fil")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ExtractError(f"filen er over {MAX_FILE_BYTES // 2**20} MB")
    reader = {".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html, ".txt": _txt}[suffix]
    found = reader(path)
    text = clean_text(found.text)
    if not re.search(r"[^\W\d_]{2}", text):
        what = "scannet PDF uden tekstlag? Kør OCR, eller eksportér fra D4 som Word" if found.paged else "tom fil"
        raise ExtractError(f"dokumentet indeholder ingen tekst ({what})")
    return Extracted(text, clean_text(found.margins), found.title, found.paged)


def _docx(path: Path) -> Extracted:
    import docx  # python-docx; imported here, so the check and the site do not load it
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile, lxml and KeyError alike for a damaged file
        raise ExtractError(f"kan ikke læses som Word-dokument (.docx): {_reason(exc)}") from None
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks += [_row(row.cells) for row in item.rows]
        else:
            blocks.append(item.text)
    margins = []
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            margins += [p.text for p in part.paragraphs]
            margins += [c.text for t in part.tables for row in t.rows for c in row.cells]
    title = (document.core_properties.title or "").strip() or _styled_title(document)
    return Extracted("\n\n".join(b for b in blocks if b.strip()), "\n".join(dict.fromkeys(margins)), title, False)


def _row(cells: list[Any]) -> str:
    """A table row as a line: 'Afdeling: Medicinsk Afdeling' for a label and its value, else the cells."""
    texts = list(dict.fromkeys(c.text.strip() for c in cells if c.text.strip()))
    if len(texts) == 2 and len(texts[0]) <= 40:
        return f"{texts[0]}: {texts[1]}"
    return " | ".join(texts)


def _styled_title(document: object) -> str | None:
    for p in document.paragraphs:  # type: ignore[attr-defined]
        style = (p.style.name if p.style is not None else "").lower()
        if p.text.strip() and (style.startswith(("title", "titel")) or style in ("heading 1", "overskrift 1")):
            return p.text.strip()
    return None


def _pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError("PDF'en er krypteret med en adgangskode: eksportér den igen fra D4 uden beskyttelse")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except ExtractError:
        raise
    except (PdfReadError, Exception) as exc:  # pypdf may raise more than its own errors on a damaged file
        raise ExtractError(f"kan ikke læses som PDF: {_reason(exc)}") from None
    return Extracted("\f".join(pages), "", title.strip() if isinstance(title, str) else None, True)


_BLOCK_TAGS = "p div li tr h1 h2 h3 h4 h5 h6 br table ul ol section article header footer td th"


class _HtmlText(html.parser.HTMLParser):
    BLOCKS = frozenset(_BLOCK_TAGS.split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self._in_title = tag == "title"
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def _html(path: Path) -> Extracted:
    parser = _HtmlText()
    parser.feed(_decode(path.read_bytes()))
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", "".join(parser.parts))]
    title = " ".join("".join(parser.title).split()) or None
    return Extracted("\n\n".join(b for b in blocks if b), "", title, False)


def _txt(path: Path) -> Extracted:
    return Extracted(_decode(path.read_bytes()), "", None, False)


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, which Danish Windows tools write."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{text} (beskadiget fil, eller en anden filtype med forkert endelse)"
