"""The change summary of a pathway as Danish Markdown: a pull-request comment and the case text for SFR.

Text from the YAML files is escaped, so a pathway cannot add links, images or HTML to a comment.
The wording is wording.py's, which the site's HTML summaries share.
"""

from __future__ import annotations

import re

from forloeb.history import wording
from forloeb.history.semantic_diff import SECTIONS, PathwayDiff
from forloeb.history.wording import Segment

_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")
_HTML_START = re.compile(r"([<&])(?=[A-Za-z/!?#])")
_MARKS = {"ord": "{}", "vaerdi": "{}", "fed": "**{}**", "slettet": "~~{}~~", "tilfoejet": "**{}**"}


def md(text: str) -> str:
    """Plain text on one line, safe in GitHub Markdown and in a table cell."""
    return _HTML_START.sub(r"\\\1", _MD_PUNCT.sub(r"\\\1", " ".join(text.split())))


def code_block(text: str) -> str:
    """A fenced block that text cannot close early, however many backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def segments(parts: list[Segment]) -> str:
    return "".join(text if kind == "ord" else _MARKS[kind].format(md(text)) for kind, text in parts)


def word_diff(old: str, new: str) -> str:
    """The changed words struck through and the new ones in bold, with a little context around."""
    return segments(wording.word_diff(old, new))


def _figures(diff: PathwayDiff, mark_new: bool) -> list[str]:
    out = ["| " + " | ".join(wording.FIGURE_HEADINGS) + " |", "|" + " --- |" * len(wording.FIGURE_HEADINGS)]
    rows = wording.figure_rows(diff.figures, mark_new)
    out += [f"| {md(titel)} | " + " | ".join(cells) + " |" for titel, cells in rows]
    return out


def render(diff: PathwayDiff, *, level: int = 2, source: str | None = None) -> str:
    """The summary of one pathway; `level` is the Markdown heading level of its title."""
    h = "#" * level
    lines = [f"{h} {md(diff.titel)} (`{diff.forloeb_id}`)", ""]
    if source:
        lines += [f"Sammenligner {md(source)}.", ""]
    start = wording.intro(diff)
    if start.nyt is not None:
        lines += [f"**Nyt forløb** {segments(wording.new_pathway(start.nyt))}", ""]
    elif start.slettet is not None:
        lines += [f"**Forløbet er slettet.** Det var: {md(wording.state(start.slettet))}.", ""]
    elif start.ingen_aendringer:
        lines += [wording.NO_CHANGES, ""]
    else:
        if start.uaendret_status:
            lines += [f"Status og version er uændret: {md(start.uaendret_status)}.", ""]
        if start.version_ikke_haevet:
            lines += [f"> **Bemærk:** {wording.VERSION_NOT_RAISED}", ""]
        for section in SECTIONS:
            found = diff.in_section(section)
            if found:
                lines += [f"{h}# {section}", "", *(f"- {segments(wording.change_line(c))}" for c in found), ""]
    lines += [f"{h}# Planlagte kontakter pr. år", ""]
    if diff.figures:
        lines += [*_figures(diff, mark_new=diff.old is not None), "", wording.FIGURE_NOTE]
    else:
        lines.append(wording.NO_FIGURES)
    return "\n".join(lines) + "\n"
