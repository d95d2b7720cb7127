"""Checks inside one pathway: ids are unique, references resolve, the flow is connected.

Each problem is placed by its path in the model; the loader turns that into a line of the file.
"""

from __future__ import annotations

from collections.abc import Iterator

from forloeb.load.placeholders import find_placeholders
from forloeb.load.problems import ModelProblem
from forloeb.model.derived import thresholds
from forloeb.model.pathway import Forloeb
from forloeb.model.sectors import handovers
from forloeb.model.task_shift import task_shifts

TERMINAL_TYPES = {"afslutning", "overgang"}


def check_pathway(f: Forloeb) -> list[ModelProblem]:
    return [
        *_unique_ids(f),
        *_references(f),
        *_flow(f),
        *_example(f),
        *_sectors(f),
        *_purposes(f),
        *find_placeholders(f),
    ]


def _purposes(f: Forloeb) -> Iterator[ModelProblem]:
    """A threshold whose purpose is neither given nor derivable is compared with nothing: say so."""
    for t in thresholds(f):
        if t.formaal is None:
            yield ModelProblem(
                t.loc,
                f"grænseværdien for {t.graense.parameter} har intet formaal, og det kan ikke udledes af, hvor den "
                "står; angiv formaal (henvisning, behandlingsstart, behandlingsmaal, kontrol eller akut), ellers "
                "sammenlignes den ikke med andre forløb og D4-dokumenter",
                "advarsel",
            )


def _unique_ids(f: Forloeb) -> Iterator[ModelProblem]:
    for section in ("faser", "trin", "proevepakker"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(f, section)):
            if item.id in seen:
                yield ModelProblem((section, i, "id"), f"id '{item.id}' findes allerede i {section}", "fejl")
            seen.add(item.id)
    seen_rel: set[str] = set()
    for i, rel in enumerate(f.relaterede):
        if rel.forloeb == f.id:
            yield ModelProblem(("relaterede", i, "forloeb"), "et forløb kan ikke være relateret til sig selv", "fejl")
        if rel.forloeb in seen_rel:
            yield ModelProblem(("relaterede", i, "forloeb"), f"'{rel.forloeb}' står to gange i relaterede", "fejl")
        seen_rel.add(rel.forloeb)
    words: set[str] = set()
    for i, word in enumerate(f.soegeord):
        key = " ".join(word.ord.lower().split())
        if key in words:
            yield ModelProblem(("soegeord", i, "ord"), f"'{word.ord}' står to gange i soegeord", "fejl")
        words.add(key)


def _references(f: Forloeb) -> Iterator[ModelProblem]:
    trin = {t.id for t in f.trin}
    faser = {fa.id for fa in f.faser}
    pakker = {p.id for p in f.proevepakker}
    relaterede = {r.forloeb for r in f.relaterede}

    def missing(kind: str, value: str, known: set[str]) -> str:
        options = ", ".join(sorted(known)) or "ingen"
        return f"{kind} '{value}' findes ikke (kendte: {options})"

    for i, t in enumerate(f.trin):
        if t.fase is not None and t.fase not in faser:
            yield ModelProblem(("trin", i, "fase"), missing("fasen", t.fase, faser), "fejl")
        if t.proevepakke is not None and t.proevepakke not in pakker:
            yield ModelProblem(("trin", i, "proevepakke"), missing("prøvepakken", t.proevepakke, pakker), "fejl")
        if t.til_forloeb is not None and t.til_forloeb not in relaterede:
            yield ModelProblem(
                ("trin", i, "til_forloeb"),
                f"forløbet '{t.til_forloeb}' skal stå under relaterede for at kunne bruges i til_forloeb",
                "fejl",
            )
        if t.hyppighed and t.hyppighed.relativ_til is not None:
            ref = t.hyppighed.relativ_til
            if ref not in trin or ref == t.id:
                yield ModelProblem(
                    ("trin", i, "hyppighed", "relativ_til"), missing("trinnet", ref, trin - {t.id}), "fejl"
                )
        for j, o in enumerate(t.overgange):
            if o.til not in trin:
                yield ModelProblem(("trin", i, "overgange", j, "til"), missing("trinnet", o.til, trin), "fejl")
        for j, ref in enumerate(t.alternativ_til):
            if ref not in trin or ref == t.id:
                yield ModelProblem(("trin", i, "alternativ_til", j), missing("trinnet", ref, trin - {t.id}), "fejl")
    for section in ("digital_understoettelse", "pro"):
        for i, item in enumerate(getattr(f, section)):
            for j, ref in enumerate(item.trin):
                if ref not in trin:
                    yield ModelProblem((section, i, "trin", j), missing("trinnet", ref, trin), "fejl")
    used = {t.proevepakke for t in f.trin}
    for i, p in enumerate(f.proevepakker):
        if p.id not in used:
            yield ModelProblem(("proevepakker", i, "id"), f"prøvepakken '{p.id}' bruges ikke af noget trin", "advarsel")


def _flow(f: Forloeb) -> Iterator[ModelProblem]:
    """Every step is reachable from the first, and only end steps have no way on."""
    ids = {t.id for t in f.trin}
    edges = {t.id: [o.til for o in t.overgange if o.til in ids] for t in f.trin}
    reached, todo = set(), [f.trin[0].id]
    while todo:
        node = todo.pop()
        if node not in reached:
            reached.add(node)
            todo.extend(edges[node])
    for i, t in enumerate(f.trin):
        if t.id not in reached:
            yield ModelProblem(
                ("trin", i, "id"),
                f"trinnet '{t.id}' kan ikke nås fra det første trin; tilføj en overgang til det",
                "fejl",
            )
        if not t.overgange and t.type not in TERMINAL_TYPES:
            yield ModelProblem(
                ("trin", i, "id"),
                f"trinnet '{t.id}' har ingen overgange; tilføj overgange eller brug type afslutning/overgang",
                "fejl",
            )


def _example(f: Forloeb) -> Iterator[ModelProblem]:
    """An example was never submitted to or approved by SFR, so it may not say it was."""
    if f.eksempel is None:
        return
    why = "et eksempel er hverken sendt til eller godkendt af SFR"
    claimed = ("til-godkendelse", "godkendt")
    if f.status in claimed:
        yield ModelProblem(("status",), f"{why}: brug status udkast eller udgaaet, eller udelad status", "fejl")
    if f.godkendt_dato is not None:
        yield ModelProblem(("godkendt_dato",), f"{why}: fjern godkendt_dato", "fejl")
    for i, h in enumerate(f.historik):
        if h.status in claimed:
            yield ModelProblem(("historik", i, "status"), f"{why}: historikken kan ikke have status {h.status}", "fejl")


def _sectors(f: Forloeb) -> Iterator[ModelProblem]:
    """An agreement only where a step gives a task to the sectors of the rule; every change of sector
    says who holds the treatment responsibility and what is handed over (info until it does)."""
    for i, t in enumerate(f.trin):
        if t.aftale is not None and not task_shifts(t):
            yield ModelProblem(
                ("trin", i, "aftale"),
                f"trinnet '{t.id}' giver ingen opgave til almen praksis eller den kommunale sygepleje, så aftale "
                "bruges ikke her; fjern den",
                "fejl",
            )
    for h in handovers(f):
        if h.changes_sector and h.overgang.overlevering is None:
            yield ModelProblem(
                (*h.loc, "til"),
                f"overgangen fra '{h.fra.id}' ({h.fra_sektor}) til '{h.til.id}' ({h.til_sektor}) skifter sektor, men "
                "siger ikke, hvem der har behandlingsansvaret før og efter: skriv overlevering med ansvar_foer, "
                "ansvar_efter og indhold",
                "info",
            )
