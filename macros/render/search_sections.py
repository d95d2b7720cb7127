"""Material's search entries of a large page, read part by part and kept while `mkdocs serve` runs.

Material's search plugin reads every page it indexes with Python's `html.parser`, a section (a
heading and the text up to the next) at a time. A D4 register page at a thousand pathways is 3 MB of
HTML, and a new title or an analysis that changed one document makes it be read whole again (seconds
for one page). Here the page is cut before each heading that stands at the top level of the HTML,
where the parser holds no open element: each part's sections are what the whole page's parser
makes of them, so a part that was read before is not read again. A part after the first is read
by Material's own parser started as in the middle of a page (a section already open), which is
all the parser carries from one section to the next; tests compare every entry with Material's.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from material.plugins.search.plugin import Element, Parser, SearchIndex, Section, void
from mkdocs.structure.pages import Page

# A comment, or a tag: closing or not, its name, its attributes (a quoted value may hold ">"),
# self-closing or not.
_TAG = re.compile(r"""<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(/?)>""", re.DOTALL)
_HEADING = re.compile(r"h[1-6]")
_ID = re.compile(r"\sid\s*=")
LARGE_PAGE = 100_000  # characters of HTML: smaller pages are read whole, as the search plugin does
_RAW_TEXT = {"script", "style"}  # html.parser reads their text as text: it may hold what looks like a tag


@dataclass(frozen=True)
class ReadSection:
    """What an entry is made from: the section's heading id, title and text, and if it is excluded."""

    id: str | None
    title: str
    text: str
    excluded: bool

    def section(self) -> Section:
        """A new Section for Material to make its entry from (it may set the title of one)."""
        out = Section(Element("h"))
        out.id, out.title, out.text = self.id, [self.title] if self.title else [], [self.text]
        return out


def parts(html: str) -> list[str]:
    """The HTML cut before each heading with an id (one that starts a section) at the top level, where
    Material's parser has no element open: it opens every element that is not void and closes one
    only at its own end tag, as this does."""
    cuts: list[int] = [0]
    open_tags: list[str] = []
    for m in _TAG.finditer(html):
        if m.group(2) is None:  # a comment
            continue
        closing, tag, attributes, self_closing = m.group(1), m.group(2).lower(), m.group(3), m.group(4)
        if tag in _RAW_TEXT:
            return [html]
        if closing:
            if open_tags and open_tags[-1] == tag:
                open_tags.pop()
        elif tag not in void and not self_closing:
            if not open_tags and m.start() > 0 and _HEADING.fullmatch(tag) and _ID.search(" " + attributes):
                cuts.append(m.start())
            open_tags.append(tag)
    return [html[a:b] for a, b in zip(cuts, [*cuts[1:], len(html)], strict=True)]


def read(part: str, first: bool) -> list[ReadSection]:
    """A part's sections as Material's parser makes them: from the page's start, or mid-page."""
    parser = Parser()
    opened = None
    if not first:
        opened = Section(Element("hx"))
        parser.data, parser.section = [opened], opened
    parser.feed(part)
    parser.close()
    return [
        ReadSection(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data if s is not opened
    ]


class SearchSections:
    """Each part's sections by a digest of its HTML, and each page's parts by a digest of the page,
    kept by the plugin while `mkdocs serve` runs; a build keeps what it used and forgets the rest."""

    def __init__(self) -> None:
        self._read: dict[str, list[ReadSection]] = {}
        self._used: dict[str, list[ReadSection]] = {}
        self._pages_read: dict[str, list[str]] = {}  # page digest -> its parts' digests
        self._pages_used: dict[str, list[str]] = {}

    def add_entries(self, index: SearchIndex, page: Page) -> None:
        """What `index.add_entry_from_context(page)` adds, from the parts read before where it can."""
        for found in self._sections(page.content or ""):
            for s in found:
                if not s.excluded:
                    index.create_entry_for_section(s.section(), page.toc, page.url, page)

    def remember(self, page: Page) -> None:
        """Read a page's parts now without adding entries (its entries are kept elsewhere), so that
        its first edit reads only the part it changed."""
        self._sections(page.content or "")

    def _sections(self, html: str) -> list[list[ReadSection]]:
        page_key = hashlib.sha256(html.encode()).hexdigest()
        keys = self._pages_used.get(page_key) or self._pages_read.get(page_key)
        known = [self._known(key) for key in keys] if keys is not None else []
        out = [found for found in known if found is not None]
        if keys is None or len(out) < len(keys):  # a new page, or one whose parts were forgotten
            keys, out = [], []
            for i, part in enumerate(parts(html)):
                key = hashlib.sha256(f"{i == 0}\0{part}".encode()).hexdigest()
                found = self._known(key)
                keys.append(key)
                out.append(read(part, first=i == 0) if found is None else found)
        self._used.update(zip(keys, out, strict=True))
        self._pages_used[page_key] = keys
        return out

    def _known(self, key: str) -> list[ReadSection] | None:
        found = self._used.get(key)
        return found if found is not None else self._read.get(key)

    def next_build(self) -> None:
        self._read, self._used = self._used, {}
        self._pages_read, self._pages_used = self._pages_used, {}
