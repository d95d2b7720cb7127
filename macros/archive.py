"""What one build knows of the pathways' history: the approved versions, their pages and the changes.

The plugin makes one Archive per build (pages/versions.py, from git through forloeb/history/); the
pathway pages, the version pages, the feeds and the *Seneste ændringer* page read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from forloeb.history.repository import History
from forloeb.history.timeline import ApprovedVersion, Event, State, Timeline
from forloeb.model.pathway import Forloeb
from macros.render.diagrams import marker
from macros.site import PATHWAY_DIR


def version_src(f: Forloeb, number: str) -> str:
    """A version's page, under its pathway's: forloeb/<speciale>/<id>/v1.0/ (a stable address to cite)."""
    return f"{PATHWAY_DIR}/{f.speciale}/{f.id}/v{number}.md"


@dataclass(frozen=True)
class VersionPage:
    forloeb_id: str
    speciale: str  # the pathway's today: its page lies there
    version: ApprovedVersion
    src: str


SummaryKey = tuple[str | None, str]  # the content ids compared: (before or None for a new pathway, after)


@dataclass(frozen=True)
class Archive:
    history: History | None  # None: no full git history, or the archive is switched off
    note: str | None = None  # why there is no history, for the pages
    pages: dict[str, VersionPage] = field(default_factory=dict)  # source path -> version page
    events: list[Event] = field(default_factory=list)  # of the pathways in the catalog, newest first
    # The change summaries the pages and feeds show: what they compare (pathway id, before, after),
    # and, once the plugin has made them (pages/versions.py), their HTML.
    pairs: dict[SummaryKey, tuple[str, State | None, State]] = field(default_factory=dict)
    summaries: dict[SummaryKey, str] = field(default_factory=dict)

    def timeline(self, forloeb_id: str) -> Timeline | None:
        return self.history.timelines.get(forloeb_id) if self.history else None

    def summary(self, before: State | None, after: State) -> str:
        return self.summaries[(before.blob if before else None, after.blob)]

    def summary_marker(self, before: State, after: State) -> Markup:
        """Where a pathway's page shows a change summary: the plugin puts it in when the page is
        written (like a flowchart), so search indexes the pathway, not what changed in it."""
        return marker(summary_key(before.blob, after.blob))

    def injected(self) -> dict[str, str]:
        """The summaries by their markers' keys."""
        return {summary_key(a, b): html for (a, b), html in self.summaries.items() if a is not None}


def summary_key(before: str, after: str) -> str:
    return f"aendringer-{before}-{after}"
