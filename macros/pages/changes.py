"""The changes clinicians can follow: Atom and RSS feeds, for the site and per specialty, and the
*Seneste ændringer* page that lists the same.

An entry is a new pathway, a newly approved version or a change of status, from git (never from
the clock, so a rebuild of a commit gives the same bytes), with its change summary and a link: to
the version's own page for an approval, to the pathway's page otherwise. feedgen writes the XML.
The links are absolute when mkdocs.yml sets `site_url`, which feed readers need; otherwise they are
relative to the feed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import partial
from typing import Any, Literal

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from forloeb.history.timeline import Event, State
from forloeb.model import labels
from forloeb.model.formatting import danish_date
from forloeb.model.pathway import Forloeb
from macros.archive import version_src
from macros.pages.generated import PageContent
from macros.render.templating import render_page
from macros.site import SiteData, pathway_src

CHANGES_DIR = "aendringer"
FEED_SIZE = 50  # entries per feed and on the page: the newest
FeedKind = Literal["atom", "rss"]
MEDIA_TYPES: dict[FeedKind, str] = {"atom": "application/atom+xml", "rss": "application/rss+xml"}
SITE_FEED_TITLE = "Ændringer i forløbsbeskrivelserne"


def changes_src() -> str:
    """The Seneste ændringer page, among the overview pages (an index.md would become the section's page)."""
    return "oversigter/seneste-aendringer.md"


def feed_path(speciale: str | None, kind: FeedKind) -> str:
    """Where a feed lies in the site: aendringer/atom.xml, or aendringer/<speciale>/atom.xml."""
    return f"{CHANGES_DIR}/{speciale}/{kind}.xml" if speciale else f"{CHANGES_DIR}/{kind}.xml"


@dataclass(frozen=True)
class Feed:
    """A specialty's (or the site's) feeds, linked from one page."""

    speciale: str  # the specialty's name, or "alle specialer"
    atom: str
    rss: str


def feed_links(site: SiteData, speciale_id: str | None, page_url: str) -> Feed:
    """The links from a page to a specialty's feeds (None: the site's)."""
    name = site.catalog.specialer[speciale_id].navn if speciale_id else "alle specialer"
    return Feed(name, *(site.file_link(page_url, feed_path(speciale_id, k)) for k in ("atom", "rss")))


def head_links(site: SiteData, speciale_id: str | None) -> list[dict[str, str]]:
    """The feeds a page names in its <head> (rel="alternate"), so a browser or Outlook finds them;
    paths from the site root, which the theme makes relative."""
    out = []
    for sid in [None, speciale_id] if speciale_id else [None]:
        name = SITE_FEED_TITLE + (f": {site.catalog.specialer[sid].navn}" if sid else "")
        out += [{"title": name, "type": MEDIA_TYPES[k], "href": feed_path(sid, k)} for k in ("atom", "rss")]
    return out


# --- Entries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    event: Event
    forloeb: Forloeb  # as it is today: its title and page
    titel: str
    resume: str  # one line of plain text
    src: str  # the page the entry links to
    summary: Markup  # the change summary, HTML from an autoescaped template

    @property
    def speciale(self) -> str:
        return self.forloeb.speciale


def _status(state: State | None) -> str:
    """The status a commit left, as the site says it: an example is an example, whatever it claimed."""
    if state is None or (state.status is None and not state.example):
        return "ukendt"
    if state.example:
        return labels.EKSEMPEL
    return labels.STATUS.get(state.status or "", state.status or "ukendt")


def _version(state: State) -> str:
    return f"version {state.version}" if state.version else "uden version"


def _describe(site: SiteData, e: Event, f: Forloeb) -> tuple[str, str, str]:
    """Title, one line and the page to link to, for an event of the pathway f."""
    s = e.state
    if e.kind == "godkendt" and e.version is not None:
        timeline = site.archive.timeline(f.id) if site.archive else None
        earlier = [v.version for v in (timeline.versions if timeline else []) if v.first.when < s.when]
        line = f"Version {s.version} er godkendt og gældende fra {danish_date(s.day)}."
        line += f" Den afløser version {earlier[-1]}." if earlier else ""
        return f"{f.titel}: version {s.version} er godkendt", line, version_src(f, e.version.version)
    if e.kind == "nyt":
        line = f"Nyt forløb i {site.catalog.specialer[f.speciale].navn}: {_status(s)}, {_version(s)}."
        return f"Nyt forløb: {f.titel}", line, pathway_src(f)
    line = f"Status ændret fra {_status(e.before)} til {_status(s)} ({_version(s)})."
    return f"{f.titel}: {_status(s)}", line, pathway_src(f)


def changes(site: SiteData, speciale_id: str | None = None, limit: int = FEED_SIZE) -> list[Change]:
    """The newest changes, of one specialty or all, newest first."""
    archive = site.archive
    if archive is None:
        return []
    out = []
    for e in archive.events:
        f = site.catalog.forloeb[e.forloeb_id]
        if speciale_id is not None and f.speciale != speciale_id:
            continue
        titel, resume, src = _describe(site, e, f)
        out.append(Change(e, f, titel, resume, src, Markup(archive.summary(e.before, e.state))))
        if len(out) == limit:
            break
    return out


# --- The feeds ------------------------------------------------------------------------------------


def _absolute(site: SiteData, from_path: str, src_or_path: str) -> str:
    target = site.url(src_or_path) if src_or_path.endswith(".md") else src_or_path
    if site.site_url:
        return site.site_url.rstrip("/") + "/" + target
    return site.file_link(from_path, target)


def _entry_id(e: Event) -> str:
    # Stable whatever the site's address: the pathway, the commit and the kind of change.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"forloeb:{e.forloeb_id}:{e.state.commit}:{e.kind}").urn


def feed_xml(site: SiteData, speciale_id: str | None, kind: FeedKind) -> bytes:
    c = site.catalog
    path = feed_path(speciale_id, kind)
    name = c.specialer[speciale_id].navn if speciale_id else None
    entries = changes(site, speciale_id)
    fg = FeedGenerator()
    fg.id(uuid.uuid5(uuid.NAMESPACE_URL, f"forloeb-feed:{speciale_id or ''}").urn)
    fg.title(SITE_FEED_TITLE + (f": {name}" if name else ""))
    fg.description(
        "Nye forløb, nye godkendte versioner og ændret status" + (f" i {name}" if name else "") + ", med ændringerne."
    )
    fg.language("da")
    fg.author(name=c.specialer[speciale_id].sfr if speciale_id else "De sundhedsfaglige råd")
    fg.link(href=_absolute(site, path, changes_src()), rel="alternate")
    fg.link(href=_absolute(site, path, path), rel="self", type=MEDIA_TYPES[kind])
    # The newest change, not the time of the build: two builds of one commit give the same feed.
    updated = entries[0].event.state.when if entries else datetime.combine(site.today, time(), UTC)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    for ch in entries:
        fe = fg.add_entry(order="append")
        fe.id(_entry_id(ch.event))
        fe.title(ch.titel)
        fe.link(href=_absolute(site, path, ch.src), rel="alternate")
        fe.published(ch.event.state.when)
        fe.updated(ch.event.state.when)
        fe.author(name=c.specialer[ch.speciale].sfr)
        fe.category(term=ch.speciale, label=c.specialer[ch.speciale].navn)
        fe.summary(ch.resume)
        fe.content(str(ch.summary), type="html")
    return fg.atom_str(pretty=True) if kind == "atom" else fg.rss_str(pretty=True)


def feed_files(site: SiteData) -> dict[str, bytes]:
    """Every feed: the site's and each specialty's with pathways, Atom and RSS."""
    specialties: list[str | None] = [None, *site.catalog.by_speciale()]
    return {feed_path(sid, kind): feed_xml(site, sid, kind) for sid in specialties for kind in ("atom", "rss")}


class FeedCache:
    """The last build's feeds, kept by the plugin: under `mkdocs serve`, an edit that changes nothing
    a feed says (most edits) reuses them instead of writing two feeds per specialty again."""

    def __init__(self) -> None:
        self._last: tuple[tuple[Any, ...], dict[str, bytes]] | None = None

    def files(self, site: SiteData) -> dict[str, bytes]:
        archive = site.archive
        inputs = (
            archive.history if archive else None,
            tuple(archive.summaries.items()) if archive else (),
            site.site_url,
            site.use_directory_urls,
            site.today,
            *site.catalog.specialer.values(),
            *site.catalog.forloeb.values(),  # their titles and specialties
        )
        if self._last is None or not _equal(self._last[0], inputs):
            self._last = (inputs, feed_files(site))
        return self._last[1]


def _equal(before: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    """The same inputs: the very objects (the loader hands them out again while a file is unchanged) or equal ones."""
    return len(before) == len(now) and all(a is b or a == b for a, b in zip(before, now, strict=True))


# --- The page ---------------------------------------------------------------------------------------


def pages(site: SiteData) -> dict[str, Callable[[str], PageContent]]:
    """Source path -> a function from the page's URL to its content: the Seneste ændringer page."""
    return {changes_src(): partial(changes_page, site)}


def changes_page(site: SiteData, page_url: str) -> PageContent:
    c = site.catalog
    archive = site.archive
    body = render_page(
        "oversigter/seneste.html.j2",
        note=archive.note if archive else None,
        entries=changes(site),
        link=lambda src: site.link(page_url, src),
        speciale_navn=lambda sid: c.specialer[sid].navn,
        feeds=[feed_links(site, sid, page_url) for sid in [None, *c.by_speciale()]],
        feed_size=FEED_SIZE,
    )
    # Left out of search: each change is found on the pathway's own page.
    return PageContent.html("Seneste ændringer", body, searchable=False)
