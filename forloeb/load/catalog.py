"""All pathways and registries of a repository, their cross-file checks and their indexes.

Data flows one way: YAML -> loader -> model -> catalog. Nothing downstream reads YAML again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from forloeb.gc_pause import collector_paused
from forloeb.load.cache import LoadCache
from forloeb.load.files import LINK_REFUSED
from forloeb.load.layout import D4_DIR, D4_FILE, PATHWAYS_DIR, REGISTRY_DIR, SPECIALTIES_FILE, VAELG_KLOGT_FILE, Layout
from forloeb.load.loader import Loaded, display_path
from forloeb.load.problems import InputError, Problem
from forloeb.load.texts import TextFileError, check_text_file
from forloeb.model.pathway import DigitaltVaerktoej, Forloeb
from forloeb.model.registers import D4Dokument, D4Register, Speciale, Specialer, VaelgKlogt, VaelgKlogtAnbefaling


@dataclass(frozen=True)
class CodeEntry:
    kode: str
    tekst: str
    forloeb: Forloeb


@dataclass
class Catalog:
    specialer: dict[str, Speciale]
    forloeb: dict[str, Forloeb]
    sources: dict[str, Loaded[Forloeb]]
    vaelg_klogt: dict[str, VaelgKlogtAnbefaling]
    d4: dict[str, D4Dokument]
    problems: list[Problem] = field(default_factory=list)
    d4_sources: list[Loaded[D4Register]] = field(default_factory=list)  # as read, for line numbers in findings
    d4_text_files: dict[str, Path] = field(default_factory=dict)  # DokID -> its full text (checked to exist)
    d4_files: dict[str, Path] = field(default_factory=dict)  # DokID -> the register file it stands in (resolved)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def source_path(self, forloeb_id: str) -> str:
        return self.sources[forloeb_id].display

    def by_speciale(self) -> dict[str, list[Forloeb]]:
        """Specialty id -> its pathways by title, in the registry's order, empty ones left out."""
        groups: dict[str, list[Forloeb]] = defaultdict(list)
        for f in self.forloeb.values():
            groups[f.speciale].append(f)
        return {s: sorted(groups[s], key=lambda f: f.titel) for s in self.specialer if s in groups}

    def by_code(self) -> list[CodeEntry]:
        return sorted(
            (CodeEntry(k.kode, k.tekst, f) for f in self.forloeb.values() for k in f.patientgruppe.diagnosekoder),
            key=lambda e: (e.kode, e.forloeb.titel),
        )

    def by_vaelg_klogt(self) -> dict[str, list[Forloeb]]:
        index: dict[str, list[Forloeb]] = {vk: [] for vk in self.vaelg_klogt}
        for f in self.forloeb.values():
            for vk in f.vaelg_klogt:
                index[vk].append(f)
        return index

    def by_tool(self) -> dict[DigitaltVaerktoej, list[Forloeb]]:
        index: dict[DigitaltVaerktoej, list[Forloeb]] = defaultdict(list)
        for f in self.forloeb.values():
            for tool in dict.fromkeys(d.vaerktoej for d in f.digital_understoettelse):
                index[tool].append(f)
        return dict(sorted(index.items()))

    def d4_by_speciale(self) -> dict[str, list[D4Dokument]]:
        """Specialty id -> its register documents in the register's order, empty ones left out."""
        groups: dict[str, list[D4Dokument]] = defaultdict(list)
        for d in self.d4.values():
            groups[d.speciale].append(d)
        return {s: groups[s] for s in self.specialer if s in groups}

    def replacing(self) -> dict[str, list[Forloeb]]:
        """DokID -> the pathways that replace the document: its erstattes_af and every erstatter_d4 naming it."""
        index: dict[str, dict[str, Forloeb]] = {dokid: {} for dokid in self.d4}
        for dokid, d in self.d4.items():
            if d.erstattes_af in self.forloeb:
                index[dokid][d.erstattes_af] = self.forloeb[d.erstattes_af]
        for f in self.forloeb.values():
            for dokid in f.erstatter_d4:
                if dokid in index:
                    index[dokid].setdefault(f.id, f)
        return {dokid: list(by_id.values()) for dokid, by_id in index.items()}


def load_catalog(
    root: Path, *, strict: bool = True, pathways: str = PATHWAYS_DIR, cache: LoadCache | None = None
) -> Catalog:
    """Load and check everything under root/<pathways>; raise InputError when anything is wrong.

    With a cache (kept by a long-lived process such as `mkdocs serve`), files unchanged since the
    last call are neither parsed nor checked again."""
    with collector_paused():
        return _load_catalog(Layout(root, pathways), strict, cache or LoadCache(size=0))


def _load_catalog(layout: Layout, strict: bool, cache: LoadCache) -> Catalog:
    problems = [Problem(display_path(p), 1, 1, refusal(p)) for p in layout.links()]
    if layout.outside_or_linked(layout.pathways_dir) is not None:  # nothing under it is read
        return _finished(Catalog({}, {}, {}, {}, {}), problems, strict)

    def registry(path: Path, model: type) -> Loaded:
        if layout.outside_or_linked(path) is not None:  # not read; links() has named the link
            return Loaded(path, display_path(path), None, None)
        loaded = cache.load(path, model)
        problems.extend(loaded.problems)
        return loaded

    reg = layout.registry_dir
    registers = [(reg / SPECIALTIES_FILE, Specialer), (reg / VAELG_KLOGT_FILE, VaelgKlogt)]
    registers += [(p, D4Register) for p in layout.d4_files()]
    pathway_files = layout.pathway_files()
    read = [(p, m) for p, m in registers if layout.outside_or_linked(p) is None]
    with cache.loading([*read, *((p, Forloeb) for p in pathway_files)]):
        specialer_src, vk_src, *d4_srcs = [registry(p, m) for p, m in registers]
        sources = _pathways(pathway_files, layout, cache, problems)
    specialer = _unique([specialer_src], "specialer", lambda s: s.id, problems)
    vaelg_klogt = _unique([vk_src], "anbefalinger", lambda a: a.id, problems)
    d4 = _unique(d4_srcs, "dokumenter", lambda d: d.dokid, problems)

    catalog = Catalog(
        specialer=specialer,
        forloeb={i: sources[i].model for i in sorted(sources)},  # type: ignore[misc]
        sources=dict(sorted(sources.items())),
        vaelg_klogt=vaelg_klogt,
        d4=d4,
        d4_sources=d4_srcs,
        d4_files=_document_files(d4_srcs),
    )
    problems.extend(_cross_references(catalog, layout))
    cache.loaded_all()
    return _finished(catalog, problems, strict)


def _pathways(
    files: list[Path], layout: Layout, cache: LoadCache, problems: list[Problem]
) -> dict[str, Loaded[Forloeb]]:
    """The pathway files loaded and checked one by one, by id; the problems found go to `problems`."""
    sources: dict[str, Loaded[Forloeb]] = {}
    for path in files:
        loaded = cache.load(path, Forloeb)
        problems.extend(loaded.problems)
        f = loaded.model
        if f is None:
            continue
        problems.extend(map(loaded.locate, cache.checked(f)))
        if f.id in sources:
            other = sources[f.id].display
            problems.append(loaded.problem(("id",), f"id '{f.id}' bruges allerede af {other}"))
            continue
        if path.stem != f.id:
            problems.append(loaded.problem(("id",), f"filen skal hedde {f.id}.yaml (id og filnavn skal være ens)"))
        if path.parent.name != f.speciale:
            problems.append(
                loaded.problem(
                    ("speciale",), f"filen skal ligge i mappen {layout.pathways}/{f.speciale}/ (som specialet)"
                )
            )
        sources[f.id] = loaded
    return sources


def _document_files(d4_srcs: list[Loaded[D4Register]]) -> dict[str, Path]:
    """Each DokID's register file (the first, when a DokID is given twice), each file resolved once."""
    out: dict[str, Path] = {}
    for src in reversed(d4_srcs):
        if src.model is not None:
            path = src.path.resolve()
            out.update((d.dokid, path) for d in src.model.dokumenter)
    return out


def _finished(catalog: Catalog, problems: list[Problem], strict: bool) -> Catalog:
    catalog.problems = sorted(set(problems))
    if strict and any(p.is_error for p in catalog.problems):
        raise InputError([p for p in catalog.problems if p.is_error])
    return catalog


def refusal(path: Path) -> str:
    """Why a path that Layout.links() names is not read."""
    return LINK_REFUSED if path.is_symlink() else "mappen ligger uden for repositoriet; kun filer i repositoriet læses"


def _unique(sources: list[Loaded], section: str, key, problems: list[Problem]) -> dict:
    """The items of a registry (in one or more files) by id; an id given twice is an error."""
    items: dict = {}
    first: dict = {}
    for loaded in sources:
        if loaded.model is None:
            continue
        for i, item in enumerate(getattr(loaded.model, section)):
            k = key(item)
            if k in items:
                other = first[k]
                where = other.display if other is not loaded else "filen"
                problems.append(loaded.problem((section, i), f"'{k}' står allerede i {where}"))
            items[k] = item
            first.setdefault(k, loaded)
    return items


def _cross_references(c: Catalog, layout: Layout) -> list[Problem]:
    out: list[Problem] = []
    for fid, src in c.sources.items():
        f = c.forloeb[fid]
        if f.speciale not in c.specialer:
            out.append(src.problem(("speciale",), f"specialet '{f.speciale}' findes ikke i specialer.yaml"))
        for i, rel in enumerate(f.relaterede):
            if rel.ekstern and rel.forloeb in c.forloeb:
                out.append(
                    src.problem(("relaterede", i, "ekstern"), f"'{rel.forloeb}' findes i kataloget; fjern ekstern")
                )
            elif not rel.ekstern and rel.forloeb not in c.forloeb:
                out.append(
                    src.problem(
                        ("relaterede", i, "forloeb"),
                        f"forløbet '{rel.forloeb}' findes ikke; ret id'et eller marker det som ekstern med titel",
                    )
                )
        for i, af in enumerate(f.patientgruppe.afgraensninger):
            if af.forloeb not in c.forloeb:
                out.append(
                    src.problem(
                        ("patientgruppe", "afgraensninger", i, "forloeb"), f"forløbet '{af.forloeb}' findes ikke"
                    )
                )
        for i, vk in enumerate(f.vaelg_klogt):
            if vk not in c.vaelg_klogt:
                out.append(
                    src.problem(("vaelg_klogt", i), f"Vælg Klogt-anbefalingen '{vk}' findes ikke i vaelg_klogt.yaml")
                )
        for i, dok in enumerate(f.erstatter_d4):
            if dok not in c.d4:
                out.append(
                    src.problem(
                        ("erstatter_d4", i),
                        f"D4-dokument {dok} findes ikke i bruttolisten "
                        f"({layout.pathways}/{REGISTRY_DIR}/{D4_FILE} eller {D4_DIR}/)",
                    )
                )
    for d4_src in c.d4_sources:
        if d4_src.model is None:
            continue
        for i, dok in enumerate(d4_src.model.dokumenter):
            if dok.erstattes_af is not None and dok.erstattes_af not in c.forloeb:
                out.append(
                    d4_src.problem(("dokumenter", i, "erstattes_af"), f"forløbet '{dok.erstattes_af}' findes ikke")
                )
            if dok.speciale not in c.specialer:
                out.append(d4_src.problem(("dokumenter", i, "speciale"), f"specialet '{dok.speciale}' findes ikke"))
            out += _register_document(c, d4_src, i, dok)
    return out


def _register_document(c: Catalog, src: Loaded[D4Register], i: int, dok: D4Dokument) -> list[Problem]:
    """A register document's references: its text file, the documents it is merged with, its thresholds."""
    out = []
    at = ("dokumenter", i)
    if dok.tekstfil is not None:
        path = src.path.parent / dok.tekstfil
        try:
            check_text_file(path)
            c.d4_text_files[dok.dokid] = path
        except TextFileError as exc:
            out.append(src.problem((*at, "tekstfil"), exc.message))
    if dok.anbefaling is not None:
        for j, other in enumerate(dok.anbefaling.sammenskrives_med):
            if other == dok.dokid or other not in c.d4:
                what = "dokumentet selv" if other == dok.dokid else "ikke i bruttolisten"
                out.append(src.problem((*at, "anbefaling", "sammenskrives_med", j), f"D4-dokument {other} er {what}"))
    for j, k in enumerate(dok.kriterier):
        for n, g in enumerate(k.graensevaerdier):
            if g.formaal is None:
                out.append(
                    src.problem(
                        (*at, "kriterier", j, "graensevaerdier", n),
                        f"grænseværdien for {g.parameter} har intet formaal og sammenlignes derfor ikke; angiv "
                        "formaal (henvisning, behandlingsstart, behandlingsmaal, kontrol eller akut)",
                        severity="info" if dok.maskinudtrukket else "advarsel",
                    )
                )
    return out
