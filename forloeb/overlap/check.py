"""The overlap check of the whole catalog: one patient group is described in one place only.

Findings, each naming both places:

* two active pathways with overlapping codes and ages -> fejl, unless both declare the delimitation
  in patientgruppe.afgraensninger (then info);
* contradicting thresholds with the same purpose (see forloeb.overlap.criteria) between overlapping
  pathways, between a pathway and a D4 document covering its patients, or between two D4 documents -> fejl;
* a D4 document covering a pathway's patients (a shared code, or passages it repeats) without the
  working group's recommendation -> advarsel while the pathway is a draft, fejl once it is approved;
  a pathway passage repeated in a D4 document -> advarsel; a recommendation waiting for SFR -> info, an
  approved one not carried out in D4 in time -> advarsel (forloeb.overlap.bruttoliste);
* near-duplicate sections of different pathways (forloeb.overlap.similarity) -> advarsel;
* a step that gives a task to general practice or municipal nursing (by its performer or in its text)
  without a named agreement it already holds under (opgaveglidning) -> advarsel.

A D4 document recommended 'slettes' or 'sammenskrives' will not exist on its own after the clean-up,
so what it says differently is settled by that recommendation: such findings are info, shown but not
blocking. Missing references between pathways and the register (erstatter_d4, erstattes_af) are
input errors found when the catalog is loaded (forloeb.load.catalog), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from forloeb.forked import Forked
from forloeb.gc_pause import collector_paused
from forloeb.load.cache import kept_for
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.layout import Layout
from forloeb.load.problems import Severity
from forloeb.model import labels
from forloeb.model.task_shift import RULE, RULE_SOURCE, task_shifts
from forloeb.overlap import bruttoliste
from forloeb.overlap.bruttoliste import DEFAULT_DEADLINE_DAYS, Bruttoliste, Coverage, ThresholdConflict
from forloeb.overlap.codes import CodeOverlap, age_text, ages_meet, overlapping
from forloeb.overlap.criteria import conflicts, value_text
from forloeb.overlap.findings import Finding, Kind
from forloeb.overlap.parties import Party, parties
from forloeb.overlap.passages import DEFAULT_CONTAINMENT
from forloeb.overlap.reading import Reading
from forloeb.overlap.similarity import near_duplicates
from forloeb.overlap.stemmed import StemmedTexts

DEFAULT_SIMILARITY = 0.8
# From this many pathways the checks that need no document are worth a forked copy (at 1,000 they
# take 1.5 s; for a few dozen, less than making the copy).
ASIDE_FROM = 50


@dataclass(frozen=True)
class Analysis:
    """The check's findings, and what the D4 pages show: which documents cover which pathways."""

    findings: list[Finding]
    coverage: Coverage
    bruttoliste: Bruttoliste


@dataclass(frozen=True)
class Limits:
    """How strict the check is, and on what day: what scripts/check_overlaps.py and the site set."""

    similarity: float = DEFAULT_SIMILARITY  # near-duplicate sections of two pathways
    containment: float = DEFAULT_CONTAINMENT  # a pathway passage repeated in a D4 document
    today: date | None = None  # for the D4 deadlines; None: today
    deadline_days: int = DEFAULT_DEADLINE_DAYS  # from SFR's approval to the change in D4
    workers: int | None = None  # processes that read the D4 documents; None: one per core
    # Where the D4 texts' stemmed words are kept between runs (None: not kept); it changes no finding.
    stemmed: Path | None = field(default=None, compare=False, repr=False)


def check_overlaps(catalog: Catalog, limits: Limits = Limits()) -> list[Finding]:
    return analyse(catalog, limits).findings


def check_repository(root: Path, limits: Limits = Limits()) -> tuple[Catalog, Analysis]:
    """What scripts/check_overlaps.py does: the catalog loaded (InputError when it is not valid) and
    checked, while a second process reads and stems the D4 texts (forloeb/overlap/reading.py)."""
    reading = Reading(Layout(root), limits.stemmed)
    try:
        catalog = load_catalog(root, cache=kept_for(root, after=reading.done))
        return catalog, analyse(catalog, limits, reading)
    finally:
        reading.stop()  # when the catalog could not be loaded


def analyse(catalog: Catalog, limits: Limits = Limits(), reading: Reading | None = None) -> Analysis:
    """The whole check; `workers` processes read the D4 documents (default: one per core), taking
    the words of those `reading` has read."""
    with collector_paused():
        ps = parties(catalog)
        by_id = {f"{p.kind}:{p.id}": p for p in ps}
        findings: list[Finding] = []
        overlaps = overlapping(ps)
        code_pairs = [(ov.a, ov.b) for ov in overlaps]
        stemmed = StemmedTexts(limits.stemmed) if limits.stemmed else None
        # What needs no D4 document is done by a forked copy, while this process indexes the pathways'
        # passages and other processes read the documents.
        aside = Forked(lambda: _without_documents(ps, limits), here=len(catalog.forloeb) < ASIDE_FROM)
        try:
            passages = bruttoliste.start_passages(ps, limits.containment, limits.workers, stemmed, reading)
        except BaseException:
            aside.stop()
            raise
        findings += aside.result()
        covered, unreadable = bruttoliste.coverage(ps, code_pairs, passages)
        for ov in overlaps:
            findings += _overlap(ov, covered)
        findings += [
            _finding("fejl", "input", f"{d.where(('tekstfil',))}: {why}", (d, ("tekstfil",))) for d, why in unreadable
        ]
        findings += _criteria_by_passage(covered, by_id, code_pairs)
        findings += bruttoliste.missing_recommendations(covered, by_id, _finding)
        findings += bruttoliste.passage_findings(covered, by_id, limits.containment, _finding)
        return Analysis(sorted(findings, key=Finding.sort_key), covered, bruttoliste.bruttoliste(catalog, covered))


def _without_documents(ps: list[Party], limits: Limits) -> list[Finding]:
    """The D4 clean-up's progress, near-duplicate sections and task shifts: no document text needed."""
    found = bruttoliste.progress(ps, limits.today or date.today(), limits.deadline_days, _finding)
    found += _texts([p for p in ps if p.forloeb is not None], limits.similarity)
    return found + _task_shifts(ps)


def _finding(severity: Severity, kind: Kind, message: str, *places: tuple[Party, tuple]) -> Finding:
    return Finding(severity, kind, message[:1].upper() + message[1:], tuple(p.at(loc) for p, loc in places))


def _overlap(ov: CodeOverlap, covered: Coverage) -> list[Finding]:
    a, b = ov.a, ov.b
    if a.kind == "forloeb" and b.kind == "forloeb":
        if not ages_meet(a.age, b.age):
            return []
        delimitation = _delimitation(ov)
        # Pathways delimited on both sides describe different patients: their criteria may differ.
        return [delimitation] if delimitation.severity == "info" else [delimitation, *_criteria(a, b, covered)]
    return _criteria(a, b, covered)


def _delimitation(ov: CodeOverlap) -> Finding:
    """Two overlapping pathways: info when both declare the delimitation, else fejl."""
    a, b = ov.a, ov.b
    code_a, code_b = a.codes[ov.code_a][1], b.codes[ov.code_b][1]
    a_names_b = _names(a, b)
    b_names_a = _names(b, a)
    both = f"{a.where(code_a)} og {b.where(code_b)}"
    groups = f"{ov.relation()}, og aldersgrupperne overlapper: {age_text(a.age)} og {age_text(b.age)}"
    if a_names_b is not None and b_names_a is not None:
        return _finding(
            "info",
            "afgraensning",
            f"{both} overlapper ({groups}), men afgrænser sig udtrykkeligt fra hinanden "
            f"i patientgruppe.afgraensninger ({a.at(a_names_b)} og {b.at(b_names_a)}).",
            (a, a_names_b),
            (b, b_names_a),
        )
    if a_names_b is None and b_names_a is None:
        return _finding(
            "fejl",
            "patientgruppe",
            f"{both} beskriver samme patienter: {groups}. En patientgruppe må kun beskrives ét sted: "
            "læg forløbene sammen, afgræns dem med forskellige koder eller aldre, eller skriv afgrænsningen "
            "i patientgruppe.afgraensninger i begge forløb (forloeb og begrundelse).",
            (a, code_a),
            (b, code_b),
        )
    declared, silent, declared_loc, silent_loc = (a, b, a_names_b, code_b) if a_names_b else (b, a, b_names_a, code_a)
    return _finding(
        "fejl",
        "patientgruppe",
        f"{declared.where(declared_loc)} afgrænser sig fra {silent.where(silent_loc)}, men ikke omvendt; "
        f"{groups}. Skriv afgrænsningen i patientgruppe.afgraensninger i {silent.name} også, så begge "
        "forløbs redaktører har godkendt den.",
        (declared, declared_loc),
        (silent, silent_loc),
    )


def _names(p: Party, other: Party) -> tuple | None:
    """Where p's afgraensninger names the other pathway, or None."""
    assert p.forloeb is not None
    for i, af in enumerate(p.forloeb.patientgruppe.afgraensninger):
        if af.forloeb == other.id:
            return ("patientgruppe", "afgraensninger", i, "forloeb")
    return None


def _criteria_by_passage(c: Coverage, by_id: dict[str, Party], code_pairs: list[tuple[Party, Party]]) -> list[Finding]:
    """Thresholds of a document that covers a pathway only by repeating its passages (no shared code)."""
    compared = {frozenset((id(a), id(b))) for a, b in code_pairs}
    out = []
    for fid, dokid in sorted(c.passages):
        f, d = by_id[f"forloeb:{fid}"], by_id[f"d4:{dokid}"]
        if frozenset((id(f), id(d))) not in compared:
            out += _criteria(f, d, c)
    return out


def _criteria(a: Party, b: Party, covered: Coverage) -> list[Finding]:
    ga = [(t.graense, t.formaal) for t in a.thresholds]
    gb = [(t.graense, t.formaal) for t in b.thresholds]
    out = []
    for c in conflicts(ga, gb):
        x, y = a.thresholds[c.a], b.thresholds[c.b]
        if a.forloeb is not None and b.dokument is not None:  # what the D4 pages show beside the passages
            shown = ThresholdConflict(
                c.formaal, x.graense.parameter, c.sex_text(), value_text(x.graense), value_text(y.graense)
            )
            covered.conflicts[(a.id, b.id)].append(shown)
        settled = a.settled or b.settled
        out.append(
            _finding(
                "info" if settled else "fejl",
                "kriterier",
                f"{labels.FORMAAL[c.formaal]} for {x.graense.parameter}{c.sex_text()}: {value_text(x.graense)} i "
                f"{a.where(x.loc)}, {value_text(y.graense)} i {b.where(y.loc)}. {_criteria_advice(a, b, settled)}",
                (a, x.loc),
                (b, y.loc),
            )
        )
    return out


def _criteria_advice(a: Party, b: Party, settled: bool) -> str:
    if settled:
        return "Afvigelsen er afgjort af anbefalingen om at slette eller sammenskrive D4-dokumentet."
    if a.kind == b.kind == "forloeb":
        return (
            "Ret det ene forløb, så grænserne er ens, eller afgræns patientgrupperne i "
            "patientgruppe.afgraensninger i begge forløb."
        )
    if a.kind == b.kind == "d4":
        return (
            "Arbejdsgruppen skal harmonisere dokumenterne: anbefal det ene slettet eller sammenskrevet, eller "
            "revideret med rettede kriterier i bruttolisten."
        )
    return (
        "Er det forløbet, der er forkert, så ret det; ellers skal arbejdsgruppen anbefale D4-dokumentet slettet, "
        "sammenskrevet eller revideret med rettede kriterier i bruttolisten."
    )


def _texts(ps: list[Party], threshold: float) -> list[Finding]:
    """Near-duplicate sections of different pathways (D4 documents are compared by passage instead)."""
    sections = [(p, s) for p in ps for s in p.sections]
    owners = [id(p) for p, _ in sections]
    out = []
    for m in near_duplicates([s.text for _, s in sections], owners, threshold):
        (a, sa), (b, sb) = sections[m.i], sections[m.j]
        out.append(
            _finding(
                "advarsel",
                "tekst",
                f"{sa.label} i {a.where(sa.loc)} og {sb.label} i {b.where(sb.loc)} er {round(m.similarity * 100)} % "
                f"ens (grænse {round(threshold * 100)} %). Skriv teksten ét sted og henvis til den; er en forskel "
                "tilsigtet (fx en anden grænseværdi), så gør den tydelig.",
                (a, sa.loc),
                (b, sb.loc),
            )
        )
    return out


def _task_shifts(ps: list[Party]) -> list[Finding]:
    """A task given to general practice or municipal nursing, by performer or in the text, without a
    named agreement it already holds under: the concept's rule, quoted."""
    out = []
    for p in ps:
        if p.forloeb is None:
            continue
        for i, t in enumerate(p.forloeb.trin):
            for s in task_shifts(t):
                if not s.is_warning:
                    continue
                loc = ("trin", i, *s.loc)
                how = f"giver i teksten en opgave til {s.sektor}: «{s.citat}»" if s.citat else f"udføres af {s.sektor}."
                out.append(
                    _finding(
                        "advarsel",
                        "opgaveglidning",
                        f"trinnet '{t.id}' i {p.where(loc)} {how} {RULE_SOURCE}: «{RULE}» Følger placeringen "
                        "allerede af en national eller regional aftale, så skriv den i trinnets aftale (navn, niveau "
                        "og kilde); ellers lad sygehuset udføre opgaven.",
                        (p, loc),
                    )
                )
    return out
