"""The Danish wording of a change summary, apart from its format.

The pull-request comment (diff_markdown.py, Markdown) and the site (the version list and the feeds,
HTML from a template) say the same sentences. A sentence is a list of segments: our own words, and
values from the YAML files that each format escapes and marks (bold, struck through, inserted).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from forloeb.history.semantic_diff import STATUS_SECTION, Change, FigureRow, PathwayDiff
from forloeb.model import labels
from forloeb.model.derived import PhaseFigures
from forloeb.model.formatting import percent, span
from forloeb.model.pathway import Forloeb

SHORT = 80  # values up to this length are shown whole as "old → new"; longer texts as a word diff
CONTEXT_WORDS = 6

# ord: our words, as they are; vaerdi: a value from YAML; fed, slettet, tilfoejet: a value marked so.
SegmentKind = Literal["ord", "vaerdi", "fed", "slettet", "tilfoejet"]
Segment = tuple[SegmentKind, str]

FIGURE_HEADINGS = ("Fase", "Kontakter pr. år", "Virtuel andel", "Engangskontakter", "Efter behov uden antal")
FIGURE_NOTE = (
    "Beregnet ud fra trinnenes form og hyppighed, som på forløbets side. Veje, der udelukker hinanden, "
    "lægges ikke sammen: giver en fases grene forskellige tal, står hver gren på sin egen række; ellers "
    "spænder et tal med bindestreg over grenene. "
    "Efter behov uden antal: kontakter efter behov uden et forventet antal pr. år."
)
NO_FIGURES = "Forløbet har ingen planlagte kontakter."
NO_CHANGES = "Ingen indholdsmæssige ændringer (kun kommentarer eller opstilling i filen)."
VERSION_NOT_RAISED = "indholdet er ændret, men versionen er ikke hævet."


def word_diff(old: str, new: str) -> list[Segment]:
    """The changed words struck through and the new ones marked, with a little context around."""
    a, b = old.split(), new.split()
    ops = SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    parts: list[list[Segment]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            first, last = n == 0, n == len(ops) - 1
            if first and len(words) > CONTEXT_WORDS:
                words = ["…", *words[-CONTEXT_WORDS:]]
            elif last and len(words) > CONTEXT_WORDS:
                words = [*words[:CONTEXT_WORDS], "…"]
            elif not first and not last and len(words) > 2 * CONTEXT_WORDS:
                words = [*words[:CONTEXT_WORDS], "…", *words[-CONTEXT_WORDS:]]
            parts.append([("vaerdi", " ".join(words))])
            continue
        if i2 > i1:
            parts.append([("slettet", " ".join(a[i1:i2]))])
        if j2 > j1:
            parts.append([("tilfoejet", " ".join(b[j1:j2]))])
    out: list[Segment] = []
    for i, part in enumerate(parts):
        out += ([("ord", " ")] if i else []) + part
    return out


def change_line(c: Change) -> list[Segment]:
    if c.noun:
        verb = "Tilføjet" if c.kind == "tilfoejet" else "Fjernet"
        value = c.new if c.kind == "tilfoejet" else c.old
        detail: list[Segment] = [("ord", ": "), ("vaerdi", value)] if value else []
        return [("ord", f"{verb} {c.noun} "), ("fed", c.subject), *detail]
    where: list[Segment] = [("fed", c.subject), *([("ord", ", "), ("vaerdi", c.field)] if c.field else [])]
    if c.kind == "tilfoejet":
        return [*where, ("ord", ": tilføjet «"), ("vaerdi", c.new or ""), ("ord", "»")]
    if c.kind == "fjernet":
        return [*where, ("ord", ": fjernet «"), ("vaerdi", c.old or ""), ("ord", "»")]
    old, new = c.old or "", c.new or ""
    if len(old) <= SHORT and len(new) <= SHORT:
        return [*where, ("ord", ": "), ("vaerdi", old), ("ord", " → "), ("vaerdi", new)]
    return [*where, ("ord", ": "), *word_diff(old, new)]


def state(f: Forloeb) -> str:
    status = labels.status_label(f.status, f.eksempel is not None)
    return f"{status}, version {f.version}" if f.version else f"{status}, uden version"


@dataclass(frozen=True)
class Intro:
    """What a summary says before its changes: a new or deleted pathway, or how status and version stand."""

    nyt: Forloeb | None = None  # a new pathway
    slettet: Forloeb | None = None  # a deleted one
    uaendret_status: str | None = None  # status and version when neither changed
    version_ikke_haevet: bool = False  # the content changed and the version did not
    ingen_aendringer: bool = False


def intro(diff: PathwayDiff) -> Intro:
    old, new = diff.old, diff.new
    if old is None and new is not None:
        return Intro(nyt=new)
    if new is None and old is not None:
        return Intro(slettet=old)
    assert old is not None and new is not None
    if not diff.changes:
        return Intro(ingen_aendringer=True)
    return Intro(
        uaendret_status=None if diff.in_section(STATUS_SECTION) else state(new),
        version_ikke_haevet=old.version is not None and old.version == new.version,
    )


def new_pathway(f: Forloeb) -> list[Segment]:
    phases = f"{len(f.faser)} fase" if len(f.faser) == 1 else f"{len(f.faser)} faser"  # "trin" is both
    return [("ord", f"med {len(f.trin)} trin og {phases}: "), ("vaerdi", state(f)), ("ord", ".")]


def _cell(before: str | None, after: str | None) -> str:
    if before == after or before is None:
        return after or "–"
    if after is None:
        return f"{before} → (fjernet)"
    return f"{before} → {after}"


def figure_rows(rows: list[FigureRow], mark_new: bool) -> list[tuple[str, list[str]]]:
    """Each phase's title and its cells under FIGURE_HEADINGS[1:], before → after where they differ."""

    def contacts(p: PhaseFigures | None) -> str | None:
        return None if p is None else span(p.kontakter_pr_aar)

    def virtual(p: PhaseFigures | None) -> str | None:
        return None if p is None else percent(p.virtuel_andel)

    def once(p: PhaseFigures | None) -> str | None:
        return None if p is None else span(p.engangskontakter)

    def as_needed(p: PhaseFigures | None) -> str | None:
        return None if p is None else str(len(p.efter_behov))

    out = []
    for r in rows:
        cells = [_cell(fn(r.before), fn(r.after)) for fn in (contacts, virtual, once, as_needed)]
        if mark_new and r.before is None:
            cells = [f"{c} (ny {'gren' if r.gren else 'fase'})" if i == 0 else c for i, c in enumerate(cells)]
        out.append((r.titel + (f", gren: {r.gren}" if r.gren else ""), cells))
    return out
