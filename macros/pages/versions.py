"""The approved versions' own pages and the change summaries, from git, cached by what they come from.

A version's page is its committed content rendered with today's templates, its own flowchart and a
banner saying whether it applies. Rendering thousands of them on every build would cost more than
the rest of the site, so each is kept in a cache folder (the plugin's `archive_cache` option) under
a key made of everything it shows:

- the content (git's object id of the file) and the code that renders it (every source file and
  template of forloeb/ and macros/, and the Graphviz version, whose SVG is inlined);
- its address and banner (the version, its dates, the version in force and where it lies);
- whatever the content names in the catalog: every word in it that is the id of a pathway (its
  title and specialty today), a specialty, a Vælg Klogt recommendation or a D4 document (as they
  are today). So a page whose related pathway is renamed is rendered again, and no other.

What the theme then makes of the page (the header, the table of contents, the feeds it names) is
kept too, as the finished file, under the key and a digest of the theme and the settings it reads
(shell_digest). A warm build reads the status, version and references of each content and its
change summaries from the cache, asks git only for the log, and copies each finished version page
instead of rendering it. The plugin owns one VersionCache for as long as it lives, so `mkdocs
serve` does not even read the log again while HEAD stays. A build that lacks many pages (a fresh
clone) makes every other chunk of them in a forked process (forloeb/forked.py): the second core.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from forloeb.atomic import write_atomic
from forloeb.forked import Forked
from forloeb.history.git import GitError, full_checkout, read_blobs
from forloeb.history.repository import NO_HISTORY, History, load_state, read_history
from forloeb.history.timeline import BlobState, Event, State
from forloeb.load.catalog import Catalog
from forloeb.load.layout import Layout
from forloeb.load.loader import Loaded
from forloeb.memo import IdentityMemo
from forloeb.model.derived import Figures, PhaseFigures, phase_figures
from forloeb.model.pathway import Forloeb
from macros.archive import Archive, SummaryKey, VersionPage, version_src
from macros.pages.changes import FEED_SIZE
from macros.pages.pathway import VersionView, render_pathway
from macros.pages.summary_html import summary_html, unreadable_html
from macros.pages.version_list import as_of, version_banner
from macros.render.diagrams import draw_models, inject
from macros.render.templating import Headings, render
from macros.site import LEGEND_KEY, SiteData

FORMAT = 2  # of the cache's index; another number starts the cache afresh (2: whether a content is an example)
SWITCHED_OFF = "Tidligere versioner vises ikke: arkivet er slået fra (forloeb-pluginets indstilling versioner)."
MARKER = "<!-- forloeb-versionsside -->"  # where a version page's body goes into the finished page
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # the form of every id in the catalog
log = logging.getLogger("mkdocs.plugins.forloeb")


def references(f: Forloeb) -> list[str]:
    """Every value in the pathway that has the form of an id: what it may name in the catalog."""

    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)
        elif isinstance(value, str) and len(value) <= 80 and _ID.match(value):
            yield value

    return sorted(set(walk(f.model_dump(mode="json"))))


@dataclass
class _Index:
    """The cache's index: small things by key; the pages' bodies lie beside it, one file each."""

    blobs: dict[str, list[Any]] = field(default_factory=dict)  # content id -> [status, version, example]
    deps: dict[str, dict[str, Any]] = field(default_factory=dict)  # content id -> references, review date
    summaries: dict[str, str] = field(default_factory=dict)  # key -> HTML
    pages: dict[str, dict[str, Any]] = field(default_factory=dict)  # key -> {"h1": ..., "toc": [...]}


@dataclass
class _Made:
    """What one process made of the missing pages and summaries: the index's new entries, and the
    pages' keys."""

    index: _Index = field(default_factory=_Index)
    keys: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Making:
    """What each process making the missing pages and summaries works from."""

    site: SiteData
    archive: Archive
    root: Path
    summary_keys: dict[SummaryKey, str]
    dumps: dict[str, Any]  # the catalog entries pages name, as JSON, made once
    diagram_cache: Path
    timeout: float


@dataclass
class _Work:
    """What the cache lacks for one pathway: change summaries and version pages."""

    pairs: list[SummaryKey] = field(default_factory=list)
    pages: list[VersionPage] = field(default_factory=list)

    def states(self, archive: Archive) -> list[State]:
        compared = [s for pair in self.pairs for s in archive.pairs[pair][1:] if s is not None]
        return [*compared, *(p.version.content for p in self.pages)]


class VersionCache:
    """The archive's cache: kept by the plugin across `mkdocs serve` rebuilds and on disk between builds."""

    def __init__(self) -> None:
        self._dir: Path | None = None
        self._index = _Index()
        self._used = _Index()  # what this build used: what the index keeps when it is saved
        self._changed = False
        self._history: tuple[tuple[str, str, str], History] | None = None  # by root, pathways folder, HEAD
        self._code = ""
        self._shell = ""
        self._used_finished: set[str] = set()
        # source path -> (plain inputs, the objects it was made from, key): see _page_key
        self._keys: dict[str, tuple[tuple[Any, ...], tuple[Any, ...], str]] = {}
        self._universe: frozenset[str] = frozenset()  # every id in this build's catalog
        self._finished_on_disk: set[str] | None = None  # after the last prune; None: not known

    # --- The history (on_config) ------------------------------------------------------------------

    def archive(self, layout: Layout, catalog: Catalog, *, enabled: bool, cache_dir: Path, code: str) -> Archive:
        """This build's archive, without its change summaries yet (build() makes them); reads git
        (three processes at most) unless HEAD is what it was."""
        self._open(cache_dir)
        if not enabled:
            return Archive(None, SWITCHED_OFF)
        try:
            history = self._read(layout)
        except GitError as exc:  # git failing halfway: the site without its history, and why
            log.warning(f"Git-historikken kunne ikke læses: {exc.message}")
            history = None
        if history is None:
            return Archive(None, NO_HISTORY)
        self._code = code  # digests.code_version(), read once per build by the plugin
        known = {fid: t for fid, t in history.timelines.items() if fid in catalog.forloeb}
        pages = {}
        for fid, t in known.items():
            f = catalog.forloeb[fid]
            for v in t.versions:
                src = version_src(f, v.version)
                pages[src] = VersionPage(fid, f.speciale, v, src)
        ordered = sorted((e for t in known.values() for e in t.events), key=_event_order, reverse=True)
        pairs: dict[SummaryKey, tuple[str, State | None, State]] = {}
        for fid, t in known.items():
            for before, after in zip(t.versions, t.versions[1:], strict=False):
                pairs[(before.content.blob, after.content.blob)] = (fid, before.content, after.content)
        for e in _shown_events(ordered, catalog):
            pairs[(e.before.blob if e.before else None, e.state.blob)] = (e.forloeb_id, e.before, e.state)
        return Archive(history, None, pages, events=ordered, pairs=pairs)

    def _read(self, layout: Layout) -> History | None:
        checkout = full_checkout(layout.root)
        if checkout is None:
            return None
        key = (str(layout.root), layout.pathways, checkout.head)
        if self._history is None or self._history[0] != key:
            known = {blob: BlobState(*state) for blob, state in self._index.blobs.items()}
            history = read_history(layout, known, checkout)
            if history is None:
                return None
            self._history = (key, history)
            new = {b: [s.status, s.version, s.example] for b, s in known.items() if b not in self._index.blobs}
            self._index.blobs.update(new)
            self._changed |= bool(new)
        history = self._history[1]
        used = {s.blob for t in history.timelines.values() for s in t.states}
        self._used.blobs = {b: self._index.blobs[b] for b in sorted(used) if b in self._index.blobs}
        return history

    # --- The change summaries and the version pages (end of on_config) ---------------------------------

    def build(
        self, site: SiteData, root: Path, diagram_cache: Path, timeout: float, *, pages: bool = True
    ) -> tuple[dict[str, str], dict[SummaryKey, str]]:
        """The key of every version page (by source path) and every change summary the archive
        wants; what the cache does not hold is made here (_make). Without `pages` (the preview of
        an edit, which shows no version page), the summaries alone."""
        archive = site.archive
        if archive is None or archive.history is None:
            return {}, {}
        c = site.catalog
        self._universe = frozenset().union(c.forloeb, c.specialer, c.vaelg_klogt, c.d4)
        dumps: dict[str, Any] = {}
        summary_keys = {pair: self._key("summary", *pair) for pair in archive.pairs}
        keys: dict[str, str] = {}
        todo: dict[str, _Work] = defaultdict(_Work)  # pathway id -> what is missing
        for pair, key in summary_keys.items():
            if key not in self._index.summaries:
                todo[archive.pairs[pair][0]].pairs.append(pair)
        for src, page in archive.pages.items() if pages else ():
            if page.version.content.blob in self._index.deps:
                keys[src] = self._page_key(site, archive, page, dumps)
                if self._holds(keys[src]):
                    continue
            todo[page.forloeb_id].pages.append(page)
        chunks = _chunks(sorted(todo))
        # Every other chunk goes to a forked process when there are two or more: the second core.
        making = _Making(site, archive, root, summary_keys, dumps, diagram_cache, timeout)
        helper = Forked(lambda: self._make(chunks[1::2], todo, making)) if len(chunks) > 1 else None
        try:
            made = [self._make(chunks if helper is None else chunks[::2], todo, making)]
            made += [helper.result()] if helper is not None else []
        except BaseException:
            if helper is not None:
                helper.stop()
            raise
        for m in made:
            keys.update(m.keys)
            for f in fields(_Index):
                getattr(self._index, f.name).update(getattr(m.index, f.name))
            self._changed |= any(getattr(m.index, f.name) for f in fields(_Index))
        if pages:
            blobs = sorted({p.version.content.blob for p in archive.pages.values()})
            self._used.deps = {b: self._index.deps[b] for b in blobs}
            self._used.pages = {k: self._index.pages[k] for k in sorted(keys.values())}
        self._used.summaries = {k: self._index.summaries[k] for k in sorted(summary_keys.values())}
        return keys, {pair: self._index.summaries[key] for pair, key in summary_keys.items()}

    def _make(self, chunks: list[list[str]], todo: dict[str, _Work], making: _Making) -> _Made:
        """The change summaries and version pages that the cache lacks for these chunks of pathways:
        each old content is read from git once, parsed once, and no build holds thousands at once."""
        made = _Made()
        archive, summary_keys = making.archive, making.summary_keys
        items = [fid for chunk in chunks for fid in chunk]
        for chunk, models in _loaded_in_chunks(making.root, items, lambda fid: todo[fid].states(archive)):
            made.index.deps.update(self._remember_deps(models))
            # A version is shown on its page and compared with the versions on either side of it:
            # its figures are counted once (for the chunk only, whose models then go).
            figures: IdentityMemo[list[PhaseFigures]] = IdentityMemo(phase_figures)
            missing = {}
            for fid in chunk:
                for pair in todo[fid].pairs:
                    _, before, after = archive.pairs[pair]
                    summary = _summary(models.get(before.blob) if before else None, models[after.blob], figures)
                    made.index.summaries[summary_keys[pair]] = self._index.summaries[summary_keys[pair]] = summary
                for page in todo[fid].pages:
                    made.keys[page.src] = self._page_key(making.site, archive, page, making.dumps)
                    if not self._holds(made.keys[page.src]):
                        missing[page.src] = page
            made.index.pages.update(self._render(making, missing, made.keys, models, figures))
        return made

    def _holds(self, key: str) -> bool:
        return key in self._index.pages and self._body(key).is_file()

    def _remember_deps(self, models: dict[str, Loaded[Forloeb]]) -> dict[str, dict[str, Any]]:
        new = {blob: _deps(loaded) for blob, loaded in models.items() if blob not in self._index.deps}
        self._index.deps.update(new)
        return new

    def _page_key(self, site: SiteData, archive: Archive, page: VersionPage, dumps: dict[str, Any]) -> str:
        """Everything the page shows besides its content (see the module's docstring), as one digest.

        Under `mkdocs serve` the same objects come back while their files are unchanged, so a page
        whose pathway, history and named catalog entries are the very objects of the last build
        keeps its key without computing it again."""
        c = site.catalog
        f = c.forloeb[page.forloeb_id]
        content = page.version.content
        deps = self._index.deps[content.blob]
        # What the content names in the catalog today, and the pathway's own specialty (the feeds a
        # page names), which the content need not name if the pathway has moved since. A word that
        # names nothing now is left out until it does.
        ids = sorted(self._universe.intersection([*deps["ids"], f.speciale]))
        plain = (self._code, content.blob, content.commit, site.today, site.use_directory_urls)
        registries = (c.forloeb, c.specialer, c.vaelg_klogt, c.d4)
        objects = (f, archive.history, *(r.get(i) for i in ids for r in registries))
        memo = self._keys.get(page.src)
        if memo is not None and memo[0] == plain and _same(memo[1], objects):
            return memo[2]
        key = self._compute_page_key(site, archive, page, f, ids, dumps)
        self._keys[page.src] = (plain, objects, key)
        return key

    def _compute_page_key(
        self, site: SiteData, archive: Archive, page: VersionPage, f: Forloeb, ids: list[str], dumps: dict[str, Any]
    ) -> str:
        c = site.catalog
        url = site.url(page.src)
        content = page.version.content
        banner = version_banner(site, archive, url, f, page.version)
        review = self._index.deps[content.blob].get("naeste_revision")
        overdue = review is not None and review < as_of(page.version, site.today).isoformat()
        named = [(i, _named(c, i, dumps)) for i in ids]
        return self._key(
            "page", page.src, url, site.use_directory_urls, content.blob, content.path, content.commit,
            json.dumps(asdict(banner), default=str, sort_keys=True), overdue, json.dumps(named, sort_keys=True),
        )  # fmt: skip

    def _render(
        self,
        making: _Making,
        pages: dict[str, VersionPage],
        keys: dict[str, str],
        models: dict[str, Loaded[Forloeb]],
        figures: Figures,
    ) -> dict[str, dict[str, Any]]:
        """The pages' bodies, written to the cache; returns their index entries."""
        site, archive = making.site, making.archive
        c = site.catalog
        drawn = {}
        for src, page in pages.items():
            model = models[page.version.content.blob].model
            if model is not None:
                titles = tuple((r.forloeb, r.titel or _title(c, r.forloeb)) for r in model.relaterede)
                drawn[src] = (model, titles)
        svgs = draw_models(drawn, making.diagram_cache, making.timeout)
        entries = {}
        for src, page in pages.items():
            loaded = models[page.version.content.blob]
            html, toc = self._page_html(site, archive, page, loaded, svgs.get(src, ""), figures)
            end = html.index("</h1>") + len("</h1>")
            write_atomic(self._body(keys[src]), html[end:])
            entries[keys[src]] = self._index.pages[keys[src]] = {"h1": html[:end], "toc": toc}
        return entries

    def _page_html(
        self, site: SiteData, archive: Archive, page: VersionPage, loaded: Loaded[Forloeb], svg: str, figures: Figures
    ) -> tuple[str, list[dict[str, Any]]]:
        f = site.catalog.forloeb[page.forloeb_id]
        url = site.url(page.src)
        banner = version_banner(site, archive, url, f, page.version)
        state = page.version.content
        kildefil = f"{state.path} (commit {state.commit[:7]})"
        if loaded.model is None:
            headings = Headings()
            html = render(
                "versioner/ulaeselig.html.j2",
                heading=headings,
                titel=f"{f.titel}, version {page.version.version}",
                b=banner,
                kildefil=kildefil,
                problemer=loaded.problems,
            )
            return html, headings.toc_tokens()
        view = VersionView(loaded.model, banner, kildefil, as_of(page.version, site.today), figures(loaded.model))
        rendered = render_pathway(site, page.forloeb_id, url, version=view)
        return inject(rendered.html, {page.forloeb_id: svg, LEGEND_KEY: site.svgs[LEGEND_KEY]}), rendered.toc_tokens

    # --- While the pages are written ----------------------------------------------------------------

    def head(self, key: str) -> tuple[str, list[dict[str, Any]]]:
        """A version page's heading (which the theme looks for) and its table of contents."""
        entry = self._index.pages[key]
        return entry["h1"], entry["toc"]

    def body(self, key: str) -> str:
        """The rest of a version page, read from disk when it is written, so a build holds none of them."""
        return self._body(key).read_text(encoding="utf-8")

    # --- Finished pages: what the theme made of a version's page, copied as it is ------------------

    def finished(self, shell: str, keys: dict[str, str]) -> tuple[dict[str, Path], dict[str, str]]:
        """The version pages split into those finished before under this theme and its settings
        (`shell`, shell_digest()), to be copied, and those the theme must render: their keys."""
        self._shell = shell
        cached: dict[str, Path] = {}
        render: dict[str, str] = {}
        for src, key in keys.items():
            path = self._finished(key)
            self._used_finished.add(path.name)
            if path.is_file():
                cached[src] = path
            else:
                render[src] = key
        return cached, render

    def store_finished(self, key: str, html: str) -> None:
        write_atomic(self._finished(key), html)

    def finished_since(self, key: str) -> str | None:
        """A version page finished since finished() was asked (by the build's helper process), or None."""
        try:
            return self._finished(key).read_text(encoding="utf-8")
        except OSError:
            return None

    def save(self) -> None:
        """After a successful build: keep what this build used, on disk, and drop the rest."""
        if self._dir is None or not self._used.blobs:  # the archive was off or there was no history
            self._used, self._used_finished = _Index(), set()
            return
        if self._changed or any(
            getattr(self._used, f.name).keys() != getattr(self._index, f.name).keys() for f in fields(_Index)
        ):
            _prune(self._dir / "sider", {f"{key}.html" for key in self._used.pages})
            self._index = self._used
            index = {"format": FORMAT, **{f.name: getattr(self._index, f.name) for f in fields(_Index)}}
            write_atomic(self._dir / "index.json", json.dumps(index, ensure_ascii=False, separators=(",", ":")))
        if self._used_finished != self._finished_on_disk:
            _prune(self._dir / "fertige", self._used_finished)
            self._finished_on_disk = self._used_finished
        self._used, self._used_finished, self._changed = _Index(), set(), False

    # --- Helpers ------------------------------------------------------------------------------------

    def _open(self, directory: Path) -> None:
        if directory == self._dir:
            return
        self._dir, self._index, self._changed, self._finished_on_disk = directory, _Index(), False, None
        try:
            data = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.pop("format", None) == FORMAT:
            try:
                self._index = _Index(**data)
            except TypeError:
                self._index = _Index()

    def _key(self, *parts: object) -> str:
        return hashlib.sha256("\0".join(map(str, (self._code, *parts))).encode()).hexdigest()

    def _body(self, key: str) -> Path:
        assert self._dir is not None
        return self._dir / "sider" / f"{key}.html"

    def _finished(self, key: str) -> Path:
        assert self._dir is not None
        return self._dir / "fertige" / f"{hashlib.sha256(f'{key}{self._shell}'.encode()).hexdigest()}.html"


T = TypeVar("T")
CHUNK = 64  # pathways whose old versions are parsed and rendered at a time


def _chunks(items: list[T]) -> list[list[T]]:
    return [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]


def _loaded_in_chunks(
    root: Path, items: list[T], states: Callable[[T], list[State]]
) -> Iterator[tuple[list[T], dict[str, Loaded[Forloeb]]]]:
    """The items in chunks, each with the committed contents it needs loaded into the model; the
    contents are read from git at once (one process) and parsed a chunk at a time."""
    if not items:
        return
    wanted = {s.blob: s for item in items for s in states(item)}
    raw = read_blobs(root, sorted(wanted))
    for chunk in _chunks(items):
        needed = {s.blob: s for item in chunk for s in states(item)}
        yield chunk, {blob: load_state(s, raw[blob]) for blob, s in needed.items()}


def page_file(site: SiteData, src: str) -> str:
    """The file a page is written to, relative to the site: v1.0/index.html, or v1.0.html."""
    url = site.url(src)
    return f"{url}index.html" if url.endswith("/") else url


def _same(before: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    return len(before) == len(now) and all(a is b for a, b in zip(before, now, strict=True))


def _prune(folder: Path, keep: set[str]) -> None:
    for path in folder.glob("*.html"):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _event_order(e: Event) -> tuple[Any, ...]:
    return (e.state.when, e.forloeb_id, e.kind)


def _shown_events(ordered: list[Event], catalog: Catalog) -> list[Event]:
    """The events the feeds and the page show: the newest of the site and of each specialty."""
    shown: dict[int, Event] = {id(e): e for e in ordered[:FEED_SIZE]}
    per_specialty: dict[str, int] = {}
    for e in ordered:
        sid = catalog.forloeb[e.forloeb_id].speciale
        if per_specialty.get(sid, 0) < FEED_SIZE:
            per_specialty[sid] = per_specialty.get(sid, 0) + 1
            shown[id(e)] = e
    return list(shown.values())


def _summary(before: Loaded[Forloeb] | None, after: Loaded[Forloeb], figures: Figures) -> str:
    for loaded in (before, after):
        if loaded is not None and loaded.model is None:
            first = loaded.problems[0] if loaded.problems else None
            return unreadable_html(loaded.display, f"{first.line}:{first.col}: {first.message}" if first else "")
    assert after.model is not None
    return summary_html(before.model if before else None, after.model, figures)


def _deps(loaded: Loaded[Forloeb]) -> dict[str, Any]:
    f = loaded.model
    if f is None:
        return {"ids": [], "naeste_revision": None}
    review = f.naeste_revision.isoformat() if f.naeste_revision else None
    return {"ids": references(f), "naeste_revision": review}


def _title(c: Catalog, forloeb_id: str) -> str:
    other = c.forloeb.get(forloeb_id)
    return other.titel if other else forloeb_id


def _named(c: Catalog, i: str, dumps: dict[str, Any]) -> Any:
    """What the id names in the catalog today, as a key needs it (memoised for the build)."""
    if i not in dumps:
        named = []
        if i in c.forloeb:
            named.append(["forloeb", c.forloeb[i].titel, c.forloeb[i].speciale])
        for kind, registry in (("speciale", c.specialer), ("vaelg_klogt", c.vaelg_klogt), ("d4", c.d4)):
            if i in registry:
                named.append([kind, registry[i].model_dump_json()])
        dumps[i] = named
    return dumps[i]
