"""Text from input files is plain text: no characters that turn text around or that cannot be seen.

Two kinds are kept out, and how depends on who wrote the text:

- bidirectional controls (U+202A-U+202E, U+2066-U+2069, and the marks U+200E, U+200F, U+061C) make
  text display in another order than it is stored, so a reviewer's diff can read one way and the
  page another ("Trojan Source");
- invisible characters (zero-width space, joiners, word joiner, U+FEFF, the soft hyphen Word
  pastes) split words for search, the overlap check and the comparison of texts.

A YAML file is written by hand and reviewed as a diff, so either kind there is refused with its line
and column, and the editor deletes it. A D4 document is exported from elsewhere, so the import
removes both (forloeb/d4import/extract.py); a D4 text file in the register, which the import wrote,
has its invisible characters removed when read, and a bidirectional control there is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BIDI_CONTROLS = {
    "\u061c": "arabisk bogstavmarkering",
    "\u200e": "venstre-til-højre-markering",
    "\u200f": "højre-til-venstre-markering",
    "\u202a": "venstre-til-højre-indlejring",
    "\u202b": "højre-til-venstre-indlejring",
    "\u202c": "slut på retningsformatering",
    "\u202d": "venstre-til-højre-tilsidesættelse",
    "\u202e": "højre-til-venstre-tilsidesættelse",
    "\u2066": "venstre-til-højre-isolering",
    "\u2067": "højre-til-venstre-isolering",
    "\u2068": "førstestærk isolering",
    "\u2069": "slut på isolering",
}
INVISIBLE = {
    "\u00ad": "blød bindestreg",
    "\u200b": "nulbredde-mellemrum",
    "\u200c": "nulbredde-ikke-sammenbinder",
    "\u200d": "nulbredde-sammenbinder",
    "\u2060": "ordsammenbinder",
    "\ufeff": "nulbredde-hårdt mellemrum (BOM)",
}
_HIDDEN = re.compile("[" + "".join(BIDI_CONTROLS) + "".join(INVISIBLE) + "]")
_BIDI = re.compile("[" + "".join(BIDI_CONTROLS) + "]")
_INVISIBLE = re.compile("[" + "".join(INVISIBLE) + "]")


@dataclass(frozen=True)
class Hidden:
    line: int  # 1-based
    col: int  # 1-based, in characters
    char: str

    @property
    def message(self) -> str:
        code = f"U+{ord(self.char):04X}"
        if self.char in BIDI_CONTROLS:
            return (
                f"tegnet {code} ({BIDI_CONTROLS[self.char]}) er ikke tilladt: det vender tekstens retning, så den "
                "kan læses anderledes på siden end i filen; slet tegnet"
            )
        return (
            f"det usynlige tegn {code} ({INVISIBLE[self.char]}) er ikke tilladt: det deler ord for søgning og "
            "sammenligning; slet tegnet (det følger ofte med tekst, der er kopieret fra Word)"
        )


def _at(text: str, match: re.Match[str] | None) -> Hidden | None:
    if match is None:
        return None
    i = match.start()
    return Hidden(text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1, match.group())


def first_hidden(text: str) -> Hidden | None:
    """The first bidirectional control or invisible character in text, where it stands."""
    return _at(text, _HIDDEN.search(text))


def first_bidi_control(text: str) -> Hidden | None:
    return _at(text, _BIDI.search(text))


def without_invisible(text: str) -> str:
    # A regular expression, not str.translate: translating with a mapping looks up every character in
    # Python, which cost seconds on the register's 66 MB of text; the search runs in C.
    return _INVISIBLE.sub("", text)


def without_hidden(text: str) -> str:
    """Text with every bidirectional control and invisible character removed (for imported documents)."""
    return _HIDDEN.sub("", text)
