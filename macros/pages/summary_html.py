"""A change summary as HTML, for the version list on a pathway's page, the feeds and *Seneste ændringer*.

The wording is forloeb/history/wording.py's, the same as the pull-request comment's; the template
versioner/aendringer.html.j2 escapes every value from YAML.
"""

from __future__ import annotations

from markupsafe import Markup

from forloeb.history import wording
from forloeb.history.semantic_diff import SECTIONS, compare
from forloeb.history.wording import Segment
from forloeb.model.derived import Figures, phase_figures
from forloeb.model.pathway import Forloeb
from macros.render.templating import render

_TAGS = {
    "ord": "{}",
    "vaerdi": "{}",
    "fed": "<strong>{}</strong>",
    "slettet": "<del>{}</del>",
    "tilfoejet": "<ins>{}</ins>",
}


def segments(parts: list[Segment]) -> Markup:
    return Markup("").join(
        Markup(_TAGS[kind]).format(text if kind == "ord" else " ".join(text.split())) for kind, text in parts
    )


def summary_html(old: Forloeb | None, new: Forloeb, figures: Figures = phase_figures) -> str:
    """What changed from old to new (None: new is a new pathway), as one HTML block without blank
    lines, so it can stand in a Markdown page too. `figures` as for semantic_diff.compare."""
    diff = compare(old, new, figures)
    html = render(
        "versioner/aendringer.html.j2",
        start=wording.intro(diff),
        sections=[(s, diff.in_section(s)) for s in SECTIONS if diff.in_section(s)],
        figures=wording.figure_rows(diff.figures, mark_new=old is not None) if diff.figures else [],
        tekst=segments,
        change_line=wording.change_line,
        new_pathway=wording.new_pathway,
        state=wording.state,
        NO_CHANGES=wording.NO_CHANGES,
        VERSION_NOT_RAISED=wording.VERSION_NOT_RAISED,
        FIGURE_HEADINGS=wording.FIGURE_HEADINGS,
        FIGURE_NOTE=wording.FIGURE_NOTE,
        NO_FIGURES=wording.NO_FIGURES,
        # The table scrolls in its own box, named for screen readers, uniquely on a page of many.
        tabel_navn=f"Planlagte kontakter pr. år, {new.titel}, "
        + (f"version {old.version} og {new.version}" if old else f"version {new.version}"),
    )
    return "\n".join(line for line in html.splitlines() if line.strip())


def unreadable_html(label: str, problem: str) -> str:
    return str(
        Markup(
            '<div class="forloeb-aendringer"><p>Ændringerne kan ikke vises: {} passer ikke til den nuværende '
            "beskrivelse af et forløb ({}).</p></div>"
        ).format(label, problem)
    )
