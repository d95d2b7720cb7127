"""What git says about each pathway: its committed states, its approved versions and its changes.

A pathway is followed by its id (the file name), so moving it to another specialty's folder
keeps its history. An approved version is a commit at which the file is `status: godkendt` with a
`version` not approved before. It applies from that commit until a newer version is approved or
the pathway is retired (`udgaaet`); a draft of the next version in between (the file back at
`udkast` or `til-godkendelse`) does not end it. The archived page of a version shows its last
committed content: a correction committed without a new version number is part of it.

Everything here is computed from the revisions and the status and version of each content, so it
is pure and fast; git.py reads the revisions and timeline_scan() the two fields.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Literal

import yaml

from forloeb.history.git import Revision

APPROVED = "godkendt"
RETIRED = "udgaaet"

EventKind = Literal["nyt", "godkendt", "status"]


@dataclass(frozen=True)
class BlobState:
    """The fields of a committed file that decide its place in the history."""

    status: str | None
    version: str | None
    example: bool = False  # `eksempel` set: an example is never an approved version, whatever its status


@dataclass(frozen=True)
class State:
    """A pathway as one commit left it."""

    commit: str
    when: datetime
    path: str
    blob: str
    status: str | None
    version: str | None
    example: bool = False

    @property
    def day(self) -> date:
        return self.when.date()


@dataclass(frozen=True)
class ApprovedVersion:
    version: str
    first: State  # the commit that approved it: it applies from here
    content: State  # its last committed content, shown on its archived page
    ended: State | None = None  # the commit of the next approved version or of the retirement
    superseded_by: str | None = None  # the version that replaced it; None when retired or still in force

    @property
    def fra(self) -> date:
        return self.first.day

    @property
    def til(self) -> date | None:
        return self.ended.day if self.ended else None


@dataclass(frozen=True)
class Event:
    """A change a clinician may want to hear of: a new pathway, an approved version, a new status."""

    kind: EventKind
    forloeb_id: str
    state: State
    before: State | None  # what the change summary compares with; None for a new pathway
    version: ApprovedVersion | None = None  # for an approval


@dataclass
class Timeline:
    forloeb_id: str
    states: list[State] = field(default_factory=list)
    versions: list[ApprovedVersion] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def in_force(self) -> ApprovedVersion | None:
        """The version that applies now: the newest approved one, unless the pathway was retired since."""
        latest = self.versions[-1] if self.versions else None
        return latest if latest is not None and latest.ended is None else None

    def version(self, number: str) -> ApprovedVersion | None:
        return next((v for v in self.versions if v.version == number), None)


def states_by_pathway(revisions: list[Revision], blobs: dict[str, BlobState]) -> dict[str, list[State]]:
    """Each pathway's committed states, oldest first; a commit that changes nothing of it is left out.

    A move is a deletion and an addition in one commit: the added file is the state. Deletions end
    nothing here: a pathway that is deleted has no page, and one added again continues its history."""
    by_commit: dict[str, dict[str, Revision]] = defaultdict(dict)
    order: list[str] = []
    for r in revisions:
        if r.commit not in by_commit:
            order.append(r.commit)
        fid = PurePosixPath(r.path).stem
        kept = by_commit[r.commit].get(fid)
        if kept is None or kept.blob is None or (r.blob is not None and r.path > kept.path):
            by_commit[r.commit][fid] = r
    states: dict[str, list[State]] = defaultdict(list)
    for commit in order:
        for fid, r in sorted(by_commit[commit].items()):
            if r.blob is None:
                continue
            previous = states[fid][-1] if states[fid] else None
            if previous is not None and previous.blob == r.blob and previous.path == r.path:
                continue
            meta = blobs.get(r.blob, BlobState(None, None))
            states[fid].append(State(r.commit, r.when, r.path, r.blob, meta.status, meta.version, meta.example))
    return dict(states)


def timeline(forloeb_id: str, states: list[State]) -> Timeline:
    """The approved versions and the events of one pathway's states."""
    out = Timeline(forloeb_id, states)
    growing: int | None = None  # the version whose content later commits may still correct
    previous: State | None = None
    for s in states:
        # An example (the concept's, or invented) says nothing about approval, whatever it claimed.
        approved = s.status == APPROVED and s.version is not None and not s.example
        if approved and out.version(s.version or "") is None:
            before = out.versions[-1].content if out.versions else previous
            _end_in_force(out, s, superseded_by=s.version)
            out.versions.append(ApprovedVersion(s.version or "", s, s))
            growing = len(out.versions) - 1
            out.events.append(Event("godkendt", forloeb_id, s, before, out.versions[-1]))
        else:
            if approved and growing is not None and out.versions[growing].version == s.version:
                out.versions[growing] = replace(out.versions[growing], content=s)
            else:
                growing = None  # a draft in between: the version's content is settled
            if s.status == RETIRED and previous is not None and previous.status != RETIRED:
                _end_in_force(out, s, superseded_by=None)
            if previous is None:
                out.events.append(Event("nyt", forloeb_id, s, None))
            elif s.status != previous.status and not (s.example and previous.example):
                # An example's status says nothing, so an example changing its claim is no change.
                out.events.append(Event("status", forloeb_id, s, previous))
        previous = s
    # An approval event names its version as approved; give it the version's final content and end.
    final = {v.version: v for v in out.versions}
    out.events = [replace(e, version=final[e.version.version]) if e.version else e for e in out.events]
    return out


def _end_in_force(out: Timeline, at: State, superseded_by: str | None) -> None:
    """The version in force, if any, ends at this state: a newer approval or the retirement."""
    if out.versions and out.versions[-1].ended is None:
        out.versions[-1] = replace(out.versions[-1], ended=at, superseded_by=superseded_by)


def timelines(revisions: list[Revision], blobs: dict[str, BlobState]) -> dict[str, Timeline]:
    return {fid: timeline(fid, states) for fid, states in sorted(states_by_pathway(revisions, blobs).items())}


# --- The two fields, read without loading the whole file ------------------------------------------

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_WANTED = ("status", "version")
_EXAMPLE = "eksempel"
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def scan_state(raw: bytes) -> BlobState:
    """`status`, `version` and whether `eksempel` is set, of a pathway file, from the parser's events.

    Thousands of old contents are read per build without a cache; the full model is loaded only for
    the contents that are shown. A file that cannot be parsed has neither (it was never approved)."""
    found: dict[str, str] = {}
    example = False
    depth, at_key, key = 0, True, None
    try:
        for event in yaml.parse(raw, Loader=_Loader):
            if isinstance(event, _OPEN):
                example = example or (depth == 1 and not at_key and key == _EXAMPLE)  # eksempel: {kilde: ...}
                depth += 1
            elif isinstance(event, _CLOSE):
                depth -= 1
                at_key = at_key or depth == 1  # a collection value of a top-level key has ended
            elif isinstance(event, yaml.ScalarEvent) and depth == 1:
                if at_key:
                    key = event.value
                elif key in _WANTED and key not in found:
                    found[key] = event.value
                elif key == _EXAMPLE:
                    example = event.value.lower() not in ("false", "no", "null", "~", "")
                at_key = not at_key
    except yaml.YAMLError:
        return BlobState(None, None)
    return BlobState(found.get("status"), found.get("version"), example)
