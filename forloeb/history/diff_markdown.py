"""The change summary of a pathway as Danish Markdown: a pull-request comment and the case text for SFR.

Text from the YAML files is escaped, so a pathway cannot add links, images or HTML to a comment.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from forloeb.history.semantic_diff import SECTIONS, STATUS_SECTION, Change, FigureRow, PathwayDiff
from forloeb.model import labels
from forloeb.model.derived import PhaseFigures
from forloeb.model.formatting import percent, span
from forloeb.model.pathway import Forloeb

SHORT = 80  # values up to this length are shown whole as "old → new"; longer texts as a word diff
CONTEXT_WORDS = 6

_MD_PUNCT = re.compile(r"([\\`*_\[\]|~])")
_HTML_START = re.compile(r"([<&])(?=[A-Za-z/!?#])")


def md(text: str) -> str:
    """Plain text on one line, safe in GitHub Markdown and in a table cell."""
    return _HTML_START.sub(r"\\\1", _MD_PUNCT.sub(r"\\\1", " ".join(text.split())))


def code_block(text: str) -> str:
    """A fenced block that text cannot close early, however many backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"


def word_diff(old: str, new: str) -> str:
    """The changed words struck through and the new ones in bold, with a little context around."""
    a, b = old.split(), new.split()
    ops = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    parts: list[str] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = [md(w) for w in a[i1:i2]]
            first, last = n == 0, n == len(ops) - 1
            if first and len(words) > CONTEXT_WORDS:
                words = ["…", *words[-CONTEXT_WORDS:]]
            elif last and len(words) > CONTEXT_WORDS:
                words = [*words[:CONTEXT_WORDS], "…"]
            elif not first and not last and len(words) > 2 * CONTEXT_WORDS:
                words = [*words[:CONTEXT_WORDS], "…", *words[-CONTEXT_WORDS:]]
            parts.append(" ".join(words))
            continue
        if i2 > i1:
            parts.append(f"~~{md(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            parts.append(f"**{md(' '.join(b[j1:j2]))}**")
    return " ".join(parts)


def change_line(c: Change) -> str:
    if c.noun:
        verb = "Tilføjet" if c.kind == "tilfoejet" else "Fjernet"
        value = c.new if c.kind == "tilfoejet" else c.old
        return f"{verb} {c.noun} **{md(c.subject)}**" + (f": {md(value)}" if value else "")
    where = f"**{md(c.subject)}**" + (f", {md(c.field)}" if c.field else "")
    if c.kind == "tilfoejet":
        return f"{where}: tilføjet «{md(c.new or '')}»"
    if c.kind == "fjernet":
        return f"{where}: fjernet «{md(c.old or '')}»"
    old, new = c.old or "", c.new or ""
    if len(old) <= SHORT and len(new) <= SHORT:
        return f"{where}: {md(old)} → {md(new)}"
    return f"{where}: {word_diff(old, new)}"


def _state(f: Forloeb) -> str:
    status = labels.status_label(f.status, f.eksempel is not None)
    return f"{status}, version {f.version}" if f.version else f"{status}, uden version"


def _cell(before: str | None, after: str | None) -> str:
    if before == after or before is None:
        return after or "–"
    if after is None:
        return f"{before} → (fjernet)"
    return f"{before} → {after}"


def _figures(rows: list[FigureRow], mark_new: bool) -> list[str]:
    def contacts(p: PhaseFigures | None) -> str | None:
        return None if p is None else span(p.kontakter_pr_aar)

    def virtual(p: PhaseFigures | None) -> str | None:
        return None if p is None else percent(p.virtuel_andel)

    def once(p: PhaseFigures | None) -> str | None:
        return None if p is None else span(p.engangskontakter)

    def as_needed(p: PhaseFigures | None) -> str | None:
        return None if p is None else str(len(p.efter_behov))

    out = [
        "| Fase | Kontakter pr. år | Virtuel andel | Engangskontakter | Efter behov uden antal |",
        "| --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        cells = [_cell(fn(r.before), fn(r.after)) for fn in (contacts, virtual, once, as_needed)]
        if mark_new and r.before is None:
            cells = [f"{c} (ny {'gren' if r.gren else 'fase'})" if i == 0 else c for i, c in enumerate(cells)]
        phase = md(r.titel) + (f", gren: {md(r.gren)}" if r.gren else "")
        out.append(f"| {phase} | " + " | ".join(cells) + " |")
    return out


def render(diff: PathwayDiff, *, level: int = 2, source: str | None = None) -> str:
    """The summary of one pathway; `level` is the Markdown heading level of its title."""
    h = "#" * level
    lines = [f"{h} {md(diff.titel)} (`{diff.forloeb_id}`)", ""]
    if source:
        lines += [f"Sammenligner {md(source)}.", ""]
    old, new = diff.old, diff.new
    if old is None and new is not None:
        lines += [f"**Nyt forløb** med {len(new.trin)} trin og {len(new.faser)} faser: {md(_state(new))}.", ""]
    elif new is None and old is not None:
        lines += [f"**Forløbet er slettet.** Det var: {md(_state(old))}.", ""]
    elif old is not None and new is not None:
        lines += _changes(diff, old, new, h)
    lines += [f"{h}# Planlagte kontakter pr. år", ""]
    if diff.figures:
        lines += _figures(diff.figures, mark_new=old is not None)
        lines += [
            "",
            "Beregnet ud fra trinnenes form og hyppighed, som på forløbets side. Veje, der udelukker hinanden, "
            "lægges ikke sammen: giver en fases grene forskellige tal, står hver gren på sin egen række; ellers "
            "spænder et tal med bindestreg over grenene. "
            "Efter behov uden antal: kontakter efter behov uden et forventet antal pr. år.",
        ]
    else:
        lines.append("Forløbet har ingen planlagte kontakter.")
    return "\n".join(lines) + "\n"


def _changes(diff: PathwayDiff, old: Forloeb, new: Forloeb, h: str) -> list[str]:
    lines: list[str] = []
    if not diff.changes:
        return ["Ingen indholdsmæssige ændringer (kun kommentarer eller opstilling i filen).", ""]
    if not diff.in_section(STATUS_SECTION):
        lines += [f"Status og version er uændret: {md(_state(new))}.", ""]
    if old.version is not None and old.version == new.version:
        lines += ["> **Bemærk:** indholdet er ændret, men versionen er ikke hævet.", ""]
    for section in SECTIONS:
        found = diff.in_section(section)
        if found:
            lines += [f"{h}# {section}", "", *(f"- {change_line(c)}" for c in found), ""]
    return lines
