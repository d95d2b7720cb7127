"""The Jinja environment for pages: autoescaping on, so YAML text is escaped by construction.

Templates emit Markdown headings (for the table of contents and search sections) and raw HTML
blocks. Text from YAML reaches a heading only through the `md` filter, everything else through
autoescaping; nothing from YAML is ever rendered as a template.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from forloeb import labels
from forloeb.derive import Range

TEMPLATES = Path(__file__).parent / "templates"

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


def danish_date(value: date) -> str:
    return f"{value.day}. {labels.MAANED[value.month - 1]} {value.year}"


def number(value: float) -> str:
    """Danish number: whole above 10, one decimal with a comma below."""
    if value >= 10 or value == int(value):
        return str(round(value))
    return f"{value:.1f}".replace(".", ",")


def exact(value: float) -> str:
    """A threshold exactly as written: 200 not 200.0, 0,5 with a Danish comma."""
    text = str(int(value)) if value == int(value) else repr(value)
    return text.replace(".", ",")


def span(value: Range) -> str:
    lo, hi = number(value.lo), number(value.hi)
    return lo if lo == hi else f"{lo}–{hi}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


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
        md=md_inline, afsnit=paragraphs, dato=danish_date, tal=number, spaend=span, procent=percent, vaerdi=exact
    )
    env.globals["labels"] = labels
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
