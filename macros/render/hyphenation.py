"""Soft hyphens in the long Danish words of headings, so that a phone breaks
"Patientforløbsbeskrivelser" as Pa-tient-for-løbs-be-skri-vel-ser and not after any letter.

A browser hyphenates by itself (CSS `hyphens: auto`) only where it has a Danish dictionary, which
Chromium on Linux has not; pyphen carries the Danish TeX patterns (hyph_da_DK, LGPL) in its
package, so the hyphens are placed when the site is built and work in every browser.

Table headers are left alone: a table fits its column widths to the shortest pieces its words can
be broken into, so a hyphenated header would squeeze its column to one syllable a line instead of
letting the table scroll sideways.

Only what the reader sees changes. The plugin calls this after the search plugin has indexed the
page, so search matches the words as they are written; the YAML and the model never hold a soft
hyphen (the overlap check reads those). Words with a digit (codes such as DE831, DokIDs) and text
in code elements are left whole, so they are copied as they stand.
"""

from __future__ import annotations

import re

import pyphen

SOFT_HYPHEN = "\u00ad"
# Shorter words fit on a line of any heading, even on a phone; breaking them would only read worse.
MIN_LETTERS = 12
# Danish allows two letters before a break; three after it keep "-se" and "-ne" off a line of their own.
LEFT, RIGHT = 2, 3

_HEADING = re.compile(r"<(h[1-6])\b[^>]*>.*?</\1>", re.DOTALL)
_TAG = re.compile(r"(<[^>]*>)")
_NOT_TEXT = re.compile(r"<(/?)(code|kbd|samp|pre|script|style|svg)\b", re.IGNORECASE)
# A run of letters only; "&shy;" and other character references are not words.
_WORD = re.compile(rf"(?<![&\w])[^\W\d_]{{{MIN_LETTERS},}}(?!\w)")


class Hyphenator:
    """Danish hyphenation; the plugin keeps one, so what it has hyphenated outlives a rebuild."""

    def __init__(self) -> None:
        self._patterns = pyphen.Pyphen(lang="da_DK", left=LEFT, right=RIGHT)
        # Most headings repeat from page to page ("Til almen praksis", "Forløbet trin for trin").
        self._headings: dict[str, str] = {}

    def text(self, text: str) -> str:
        """Plain text (no tags) with soft hyphens in every long word of letters."""
        return _WORD.sub(lambda m: self._patterns.inserted(m.group(), hyphen=SOFT_HYPHEN), text)

    def markup(self, html: str) -> str:
        """HTML with soft hyphens in the text between its tags, not in code, scripts or drawings."""
        out: list[str] = []
        hidden = 0
        for part in _TAG.split(html):
            if part.startswith("<"):
                tag = _NOT_TEXT.match(part)
                if tag and not part.endswith("/>"):
                    hidden += -1 if tag.group(1) else 1
                out.append(part)
            else:
                out.append(self.text(part) if hidden <= 0 else part)
        return "".join(out)

    def heading(self, html: str) -> str:
        done = self._headings.get(html)
        if done is None:
            done = self._headings[html] = self.markup(html)
        return done

    def headings(self, page: str) -> str:
        """A finished page with the headings of its content hyphenated."""
        start = page.find("<article")
        end = page.find("</article>", start)
        if start < 0 or end < 0:
            return page
        content = _HEADING.sub(lambda e: self.heading(e.group()), page[start:end])
        return page[:start] + content + page[end:]
