"""The plugin's options in mkdocs.yml (`plugins: - forloeb: ...`), typed and checked by MkDocs.

Every option has a default, so `- forloeb` alone builds the shipped repository. The environment
variables of earlier versions keep working through `!ENV` in mkdocs.yml, e.g.
`pdf: !ENV [FORLOEB_PDF, false]`; `!ENV` hands over the variable's value as YAML reads it (a date,
a number, true/false or text), so the options below accept each of those forms.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c

from forloeb.load.kept_loads import KEPT_FOLDER
from forloeb.overlap.bruttoliste import DEFAULT_DEADLINE_DAYS
from forloeb.overlap.passages import DEFAULT_CONTAINMENT
from macros.edit_preview import QUIET_SECONDS

T = TypeVar("T")
_TRUE = {"1", "true", "ja", "yes", "on"}
_FALSE = {"", "0", "false", "nej", "no", "off"}


class _Option(c.BaseConfigOption[T]):
    def __init__(self, default: T) -> None:
        super().__init__()
        self.default = default


class Flag(_Option[bool]):
    """On or off: true/false, 1/0, or the words ja/nej, yes/no, on/off; empty or unset is off."""

    def run_validation(self, value: object) -> bool:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise base.ValidationError(f"skal være true eller false, ikke {value!r}")


class Day(_Option[date | None]):
    """A date (ÅÅÅÅ-MM-DD) or nothing."""

    def run_validation(self, value: object) -> date | None:
        if value is None or value == "":
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise base.ValidationError(f"skal være en dato på formen ÅÅÅÅ-MM-DD, ikke {value!r}") from None


class Seconds(_Option[float]):
    """A positive number of seconds."""

    def run_validation(self, value: Any) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            raise base.ValidationError(f"skal være et antal sekunder, ikke {value!r}") from None
        if not seconds > 0:
            raise base.ValidationError("skal være større end 0")
        return seconds


class D4Address(_Option[str | None]):
    """A D4 document's address with {dokid} where its DokID goes, or nothing (then no links to D4)."""

    def run_validation(self, value: object) -> str | None:
        if value is None or value == "":
            return None
        text = str(value)
        if not text.startswith(("https://", "http://")) or "{dokid}" not in text:
            raise base.ValidationError("skal være en adresse med {dokid}, fx https://d4.regsj.intern/?DokID={dokid}")
        try:
            text.format(dokid="1")
        except (KeyError, IndexError, ValueError):
            raise base.ValidationError("må kun indeholde {dokid} i krøllede parenteser") from None
        return text


class ForloebConfig(base.Config):
    # Where the input lies, relative to mkdocs.yml.
    pathways_dir = c.Type(str, default="pathways")
    diagram_cache = c.Type(str, default="diagrams/cache")
    # Graphviz: each `dot` run is stopped after this many seconds, so a pathological graph cannot hang the build.
    dot_timeout = Seconds(default=30)
    # "Today" for the overdue-review banners; unset: the day of the build. Pinned for reproducible tests.
    dato = Day(default=None)
    # A PDF of each pathway page, printed by Chromium after the build (off: no browser needed).
    pdf = Flag(default=False)
    chromium = c.Type(str, default="/usr/bin/chromium")
    # The nav entries of mkdocs.yml that the plugin fills: one section per specialty, one D4 page per specialty.
    nav_forloeb = c.Type(str, default="Forløb")
    nav_d4 = c.Type(str, default="D4-oprydning")
    # The D4 clean-up pages: links to D4, and the overlap check's limits (as scripts/check_overlaps.py).
    d4_url = D4Address(default=None)
    d4_frist_dage = c.Type(int, default=DEFAULT_DEADLINE_DAYS)
    d4_afsnit_graense = c.Type(float, default=DEFAULT_CONTAINMENT)
    # Every approved version from git on its own page, and the feeds of changes; off: as without history.
    versioner = Flag(default=True)
    # Where the loaded pathway and register files are kept by their content for the next build and
    # the scripts (forloeb/load/kept_loads.py; the scripts use the default folder).
    load_cache = c.Type(str, default=str(KEPT_FOLDER))
    # Where the version pages and change summaries are kept by what they come from (pages/versions.py).
    archive_cache = c.Type(str, default=".cache/versioner")
    # Where pages the theme finished are kept by everything they show, for the next build (pages/finished.py).
    page_cache = c.Type(str, default=".cache/sider")
    # Where the overlap check's analysis of the D4 register is kept for the next build (pages/d4.py).
    analysis_cache = c.Type(str, default=".cache/analyse")
    # Where the theme's and our templates are kept compiled for the next build (render/compiled_templates.py).
    template_cache = c.Type(str, default=".cache/skabeloner")
    # Under `mkdocs serve`: an edited pathway's page shown first, the rest of the site once the editor
    # pauses (macros/edit_preview.py); off: every save waits for the whole rebuild.
    forhaandsvisning = Flag(default=True)
    # How long the editor must pause (no save) before the rest of the site is built.
    forhaandsvisning_pause = Seconds(default=QUIET_SECONDS)
