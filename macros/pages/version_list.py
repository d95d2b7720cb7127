"""A pathway's versions as its pages show them: the list on the current page, the banner on a version's.

Python decides what each says (which version applies, from when to when, where to link); the
templates sektioner/versioner.html.j2 and versioner/banner.html.j2 present it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from forloeb.history.timeline import APPROVED, ApprovedVersion
from forloeb.model.pathway import Forloeb
from macros.archive import Archive, version_src
from macros.pages.changes import Feed, feed_links
from macros.site import SiteData, pathway_src


@dataclass(frozen=True)
class VersionRow:
    version: str
    fra: date
    til: date | None
    link: str  # to the version's own page
    gaeldende: bool  # the version that applies now
    forrige: str | None  # the version before it
    aendringer: Markup | None  # what changed from the version before it


@dataclass(frozen=True)
class VersionList:
    note: str | None  # why no versions can be shown (no history)
    rows: list[VersionRow]  # newest first
    ikke_committet: str | None  # a version approved in the work tree, not committed yet
    feed: Feed | None  # the specialty's feed of changes


def version_list(site: SiteData, f: Forloeb, page_url: str) -> VersionList:
    archive = site.archive
    feed = feed_links(site, f.speciale, page_url) if archive is not None else None
    timeline = archive.timeline(f.id) if archive else None
    if archive is None or archive.history is None:
        return VersionList(archive.note if archive else None, [], None, feed)
    versions = timeline.versions if timeline else []
    in_force = timeline.in_force() if timeline else None
    rows = [
        VersionRow(
            v.version,
            v.fra,
            v.til,
            site.link(page_url, version_src(f, v.version)),
            v is in_force,
            versions[i - 1].version if i else None,
            archive.summary_marker(versions[i - 1].content, v.content) if i else None,
        )
        for i, v in enumerate(versions)
    ]
    uncommitted = f.version if f.status == APPROVED and all(v.version != f.version for v in versions) else None
    return VersionList(None, rows[::-1], uncommitted, feed)


@dataclass(frozen=True)
class VersionBanner:
    """What a version's page says about it, above everything else."""

    version: str
    fra: date
    til: date | None
    gaeldende: bool  # it applies now
    udgaaet: date | None  # the pathway was retired then, and no version applies
    afloeser: str | None  # the version in force now, when it is another
    afloeser_link: str | None
    forloeb_link: str  # the pathway's page, which shows its newest content
    udkast: str | None  # the pathway's page shows a draft of this version (not approved yet)
    commit: str


def version_banner(site: SiteData, archive: Archive, page_url: str, f: Forloeb, v: ApprovedVersion) -> VersionBanner:
    """The banner of version v of the pathway f (as it is in the catalog today)."""
    timeline = archive.timeline(f.id)
    assert timeline is not None
    in_force = timeline.in_force()
    current_page = site.link(page_url, pathway_src(f))
    shows_in_force = in_force is not None and f.status == APPROVED and f.version == in_force.version
    afloeser_link = None
    if in_force is not None and in_force is not v:
        afloeser_link = current_page if shows_in_force else site.link(page_url, version_src(f, in_force.version))
    retired = v.ended if v.ended is not None and v.superseded_by is None else None
    return VersionBanner(
        version=v.version,
        fra=v.fra,
        til=v.til,
        gaeldende=in_force is v,
        udgaaet=retired.day if retired else None,
        afloeser=in_force.version if in_force is not None and in_force is not v else None,
        afloeser_link=afloeser_link,
        forloeb_link=current_page,
        udkast=f.version if in_force is v and not shows_in_force and f.status != "udgaaet" else None,
        commit=v.content.commit[:7],
    )


def as_of(v: ApprovedVersion, today: date) -> date:
    """The day a version's own banners (an overdue review) are judged by: the day it stopped applying."""
    return v.til or today
