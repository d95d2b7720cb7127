"""What a D4 document says about itself: DokID, title, site and department, valid-from date, codes.

D4 exports differ between hospitals and over the years, so each item is looked for in the order a
reader would: a labelled line ("DokID: 123456", "Gyldig fra: 01.03.2022", "Afdeling: ..."), first in
the headers and footers, then in the first lines of the text; codes anywhere, in every common
spelling. What is not found is None, and the import says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from forloeb.model import labels
from forloeb.model.codes import normalise_code

HEAD_LINES = 60  # a document's metadata stands before this line, if not in its margins

# "DokID: 123456", "Dok.nr. 123456"; not "?DokID=248103", which is a link to another document.
_DOKID_LABEL = r"\bDok(?:ument)?[ .\-]*(?:ID|nr|nummer)\.?\s*[:.]?\s*(\d{3,9})\b"
_DOKID = re.compile(r"(?im)^\W*" + _DOKID_LABEL)  # a line of its own in the text
_DOKID_MARGIN = re.compile(r"(?i)" + _DOKID_LABEL)  # anywhere in a header or footer
_LABEL = re.compile(r"(?im)^\s*([A-Za-zÆØÅæøå .\-/]{3,40}?)\s*:\s*(.+?)\s*$")
_SITE = re.compile(
    r"\b((?:[A-ZÆØÅ][\wæøåÆØÅ.\-]*\s){0,3}(?:Sygehus|[Uu]niversitetshospital|Hospital|hospital)"
    r"(?:,\s*[A-ZÆØÅ][\wæøå]+)?)"
)
_DEPARTMENT = re.compile(r"\b((?:[A-ZÆØÅ][\wæøåÆØÅ\-]*\s){1,3}[Aa]fdeling(?:\s+[A-ZÆØÅ][\wæøå\-]*)?)")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_DATE_DK = re.compile(r"\b(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})\b")
_DATE_WORDS = re.compile(r"\b(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})\b", re.I)
# SKS (DE831, DE831A), ICD-10 with a dot (E83.1, E 83.1), and without a dot only beside a label.
_SKS = re.compile(r"\b(D[A-Z]\d{2}[0-9A-Z]{0,3})\b")
_ICD_DOT = re.compile(r"\b([A-Z])\s?(\d{2})\.(\d{1,2}[A-Z]?)\b")
_ICD_LABELLED = re.compile(
    r"(?i)(?:diagnose(?:kode)?r?|icd-?10|sks(?:-kode)?|kode)\W{1,3}"
    r"((?:[A-Z]\s?\d{2}[0-9A-Z]{0,2}\b(?![.,]\d)(?:\s*(?:,|;|/|og|eller)\s*)?)+)"
)
_ICD_BARE = re.compile(r"\b([A-Z])\s?(\d{2}[0-9A-Z]{0,2})\b(?![.,]\d)")
_CODE_ANYWHERE = re.compile(r"\b(?:D[A-Z]\d{2}|[A-Z]\s?\d{2})")  # an SKS code (DE831) or an ICD-10 code (E83.1)

DATE_LABELS = ("gyldig fra", "ikrafttrædelse", "ikrafttrædelsesdato", "gældende fra", "godkendt", "dato")
SITE_LABELS = ("matrikel", "sygehus", "hospital", "gælder for", "ejer", "enhed", "udarbejdet af", "dokumentejer")
DEPARTMENT_LABELS = ("afdeling", "enhed", "gælder for", "ejer", "dokumentejer", "udarbejdet af")
TITLE_LABELS = ("titel", "dokumenttitel", "overskrift")
# Longest first, so "gyldig fra" is not read as a label "gyldig".
KNOWN_LABELS = sorted({*DATE_LABELS, *SITE_LABELS, *DEPARTMENT_LABELS, *TITLE_LABELS}, key=len, reverse=True)
_LABEL_WORDS = frozenset(w for label in KNOWN_LABELS for w in label.split())


@dataclass(frozen=True)
class Metadata:
    dokid: str | None
    titel: str | None
    matrikel: str | None
    afdeling: str | None
    gyldig_fra: date | None
    koder: list[tuple[str, str | None]]  # (SKS code, the diagnosis's name as the document gives it)


def read_metadata(text: str, margins: str, title: str | None) -> Metadata:
    head = "\n".join([margins, *text.split("\n")[:HEAD_LINES]])
    labelled = _labelled(head)
    return Metadata(
        dokid=_first(_DOKID_MARGIN, margins) or _first(_DOKID, head),
        titel=_title(labelled, title, text),
        matrikel=_from_labels(labelled, SITE_LABELS, _SITE) or _first(_SITE, head),
        afdeling=_from_labels(labelled, DEPARTMENT_LABELS, _DEPARTMENT) or _first(_DEPARTMENT, head),
        gyldig_fra=next((d for label in DATE_LABELS if (d := parse_date(labelled.get(label, "")))), None),
        koder=codes(text + "\n" + margins),
    )


def _labelled(text: str) -> dict[str, str]:
    """'Gyldig fra: 01.03.2022' lines as {'gyldig fra': '01.03.2022'}; the first of each label counts.
    A known label is also recognised without its colon, as a table exported to PDF reads
    ("Ikrafttrædelse 1. marts 2022")."""
    out: dict[str, str] = {}
    for m in _LABEL.finditer(text):
        out.setdefault(" ".join(m.group(1).lower().split()), m.group(2))
    for line in text.split("\n"):
        flat = " ".join(line.split())
        for label in KNOWN_LABELS:
            if flat.lower().startswith(label + " "):  # flat ends in no space: a value follows
                out.setdefault(label, flat[len(label) + 1 :].lstrip(": "))
    return out


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    """The first match, without a label word it may have caught in front ("Enhed Medicinsk Afdeling")."""
    m = pattern.search(text)
    if m is None:
        return None
    words = m.group(1).split()
    while len(words) > 1 and words[0].lower() in _LABEL_WORDS:
        words.pop(0)
    return " ".join(words)


def _from_labels(labelled: dict[str, str], names: tuple[str, ...], pattern: re.Pattern[str]) -> str | None:
    for name in names:
        if name in labelled and (found := _first(pattern, labelled[name])):
            return found
    return None


def _title(labelled: dict[str, str], title: str | None, text: str) -> str | None:
    for name in TITLE_LABELS:
        if labelled.get(name):
            return labelled[name]
    if title:
        return " ".join(title.split())
    for line in text.split("\n")[:HEAD_LINES]:
        line = " ".join(line.split())
        if len(line) > 3 and not _LABEL.match(line) and not _DOKID.match(line):
            return line
    return None


def parse_date(text: str) -> date | None:
    """01.03.2022, 1-3-2022, 2022-03-01 or 1. marts 2022; None when there is no valid date."""
    found: tuple[int, int, int] | None = None
    if m := _DATE_ISO.search(text):
        found = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _DATE_DK.search(text):
        found = (int(m[3]), int(m[2]), int(m[1]))
    elif (m := _DATE_WORDS.search(text)) and m[2].lower() in labels.MAANED:
        found = (int(m[3]), labels.MAANED.index(m[2].lower()) + 1, int(m[1]))
    if found is None:
        return None
    try:
        return date(*found)
    except ValueError:
        return None


def codes(text: str) -> list[tuple[str, str | None]]:
    """Every diagnosis code the text names, as SKS codes (DE831), in order, each once, with the
    words after it on its line as the diagnosis's name (when there are any)."""
    seen: list[tuple[int, str, int]] = []  # where it stands, as written, where it ends
    seen += [(m.start(), m[1], m.end()) for m in _SKS.finditer(text)]
    seen += [(m.start(), f"{m[1]}{m[2]}{m[3]}", m.end()) for m in _ICD_DOT.finditer(text)]
    for m in _ICD_LABELLED.finditer(text):
        seen += [(m.start(1) + b.start(), f"{b[1]}{b[2]}", m.start(1) + b.end()) for b in _ICD_BARE.finditer(m[1])]
    found: dict[str, str | None] = {}
    for _, raw, end in sorted(seen):
        code = normalise_code(raw)
        if code is not None and code not in found:
            found[code] = _name_after(text, end)
    return list(found.items())


def _name_after(text: str, end: int) -> str | None:
    """The words after a code on its line, up to a punctuation mark or another code: its name."""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end].strip(" :-–—\t")
    name = re.split(r"[;,.()]", rest, maxsplit=1)[0]
    if (code := _CODE_ANYWHERE.search(name)) is not None:
        name = name[: code.start()]
    name = name.strip()
    first = name.split()[0].lower() if name else ""  # split at any space: Word writes a tab as "\t"
    if len(name) < 4 or first in ("og", "eller", "samt", "kode", "jf") or not re.search(r"[^\W\d_]{3}", name):
        return None
    return name
