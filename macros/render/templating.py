"""The Jinja environment for pages: autoescaping on, so YAML text is escaped by construction.

Pathway pages are rendered straight to HTML, headings included (`Headings`), so Markdown never
parses them; the index pages emit Markdown headings, where YAML text goes through the `md`
filter. Nothing from YAML is ever rendered as a template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from forloeb.model import labels
from forloeb.model.codes import icd10
from forloeb.model.formatting import danish_date, exact, number, percent, span, time_frame, upper_first

TEMPLATES = Path(__file__).parent.parent / "templates"

# Python-Markdown's backslash-escapable characters (markdown.Markdown.ESCAPED_CHARS).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def md_inline(text: str) -> Markup:
    """Text safe inside a Markdown heading: HTML-escaped, then Markdown syntax disarmed."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(" ".join(text.split())))))


def paragraphs(text: str) -> Markup:
    """Plain text with blank-line paragraphs as HTML paragraphs; lines inside one are joined."""
    parts = [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text.strip())]
    return Markup("").join(Markup("<p>{}</p>").format(p) for p in parts if p)


class Headings:
    """Renders headings with permalinks and records them for the page's table of contents."""

    def __init__(self) -> None:
        self._flat: list[tuple[int, str, str]] = []

    def __call__(self, level: int, text: str, anchor: str, *, searchable: bool = True) -> Markup:
        """A heading; with searchable=False, Material's search leaves out its section (the heading and
        the text up to the next heading), e.g. one that repeats what the page says elsewhere."""
        name, at = escape(text), escape(anchor)
        self._flat.append((level, anchor, str(name)))
        attribute = "" if searchable else " data-search-exclude"
        # Concatenated, not Markup.format: a pathway page has dozens of headings, a catalog thousands.
        return Markup(
            f'<h{level:d} id="{at}"{attribute}>{name}'
            f'<a class="headerlink" href="#{at}" title="Link til dette afsnit">&para;</a></h{level:d}>'
        )

    def toc_tokens(self) -> list[dict[str, Any]]:
        """The headings nested by level, in the token form MkDocs builds a page's TOC from."""
        root: dict[str, Any] = {"level": 0, "children": []}
        stack = [root]
        for level, anchor, name in self._flat:
            token = {"level": level, "id": anchor, "name": name, "children": []}
            while stack[-1]["level"] >= level:
                stack.pop()
            stack[-1]["children"].append(token)
            stack.append(token)
        return root["children"]


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md_inline,
        afsnit=paragraphs,
        dato=danish_date,
        tal=number,
        spaend=span,
        procent=percent,
        vaerdi=exact,
        tidsramme=time_frame,
        stort=upper_first,
    )
    env.globals["labels"] = labels
    env.globals["icd10"] = icd10
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


@dataclass(frozen=True)
class RenderedPage:
    """A page's HTML, rendered straight from a template, and its headings for the table of contents."""

    html: str
    toc_tokens: list[dict[str, Any]]


def render_page(template: str, **context: object) -> RenderedPage:
    """A template that writes its headings with `heading(level, text, anchor)`."""
    headings = Headings()
    html = render(template, heading=headings, **context)
    return RenderedPage(html, headings.toc_tokens())
