"""The D4 clean-up as the check sees it: which documents cover a pathway's patients, and how far each is.

A register document covers a pathway's patients when they share a diagnosis code (by prefix) or
when the document repeats passages of the pathway (passages.py), whatever codes it lists. Every such
document belongs on the pathway's bruttoliste, and needs the working group's recommendation: while
the pathway is a draft or awaiting approval, a missing one is a warning (the list is the group's
work in progress); once the pathway is approved, an error.

Then the recommendation follows the concept's process (section 3.5.2.3–3.5.2.4): the working group
recommends, SFR approves, the change is made in D4. A recommendation waiting for SFR is reported as
information; an approved one not carried out in D4 within the deadline as a warning.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from forloeb.load.catalog import Catalog
from forloeb.load.problems import Severity
from forloeb.model.pathway import Formaal
from forloeb.overlap.findings import Finding, Kind
from forloeb.overlap.parties import Party
from forloeb.overlap.passages import PassageIndex, PassageMatch, Unit, make_unit
from forloeb.overlap.reading import Reading
from forloeb.overlap.scan import Scan, Source
from forloeb.overlap.stemmed import StemmedTexts
from forloeb.overlap.words import TokenStems

DEFAULT_DEADLINE_DAYS = 90

Make = Callable[..., Finding]  # check._finding: severity, kind, message, *(party, loc)


@dataclass(frozen=True)
class ThresholdConflict:
    """A threshold of a pathway and one of a document with the same purpose that differ."""

    formaal: Formaal
    parameter: str
    sexes: str  # "" for both, else " for kvinder" / " for mænd"
    pathway: str  # the pathway's value, e.g. "< 100 µg/L"
    document: str


@dataclass
class Coverage:
    """Which pathways each document covers, and why: DokID -> pathway id -> reasons ("kode", "tekst",
    "erstattes_af"); the passages a document repeats and the thresholds in which it differs, per pair."""

    reasons: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))
    passages: dict[tuple[str, str], list[PassageMatch]] = field(default_factory=dict)  # (pathway, DokID)
    conflicts: dict[tuple[str, str], list[ThresholdConflict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, document: str, pathway: str, reason: str) -> None:
        self.reasons[document].setdefault(pathway, set()).add(reason)


@dataclass(frozen=True)
class Bruttoliste:
    """Which pathways each register document covers and why (REASONS), both ways round."""

    by_document: dict[str, dict[str, tuple[str, ...]]]  # DokID -> pathway id -> reasons
    by_pathway: dict[str, list[tuple[str, tuple[str, ...]]]]  # pathway id -> (DokID, reasons)


REASONS = ("kode", "tekst", "erstattes_af")  # a shared code, repeated passages, named as replaced by it


def bruttoliste(catalog: Catalog, coverage: Coverage | None) -> Bruttoliste:
    """The coverage the check found, and every document the register says a pathway replaces."""
    found = coverage.reasons if coverage else {}
    reasons = {dokid: {f: set(r) for f, r in found.get(dokid, {}).items()} for dokid in catalog.d4}
    for dokid, fs in catalog.replacing().items():
        for f in fs:
            reasons[dokid].setdefault(f.id, set()).add("erstattes_af")
    by_document = {
        dokid: {fid: tuple(r for r in REASONS if r in why) for fid, why in sorted(fs.items()) if fid in catalog.forloeb}
        for dokid, fs in reasons.items()
    }
    by_pathway: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for dokid, fs in by_document.items():
        for fid, why in fs.items():
            by_pathway.setdefault(fid, []).append((dokid, why))
    return Bruttoliste(by_document, by_pathway)


Unreadable = list[tuple[Party, str]]  # a document whose text file could not be read, and why


@dataclass(frozen=True)
class PassageScan:
    """The pathways' passages indexed and every document being read against them (scan.py)."""

    parties: list[Party]
    pathways: list[Party]
    scan: Scan

    def result(self) -> tuple[dict[tuple[str, str], list[PassageMatch]], Unreadable]:
        """Each (pathway id, DokID) with the pathway's passages the document repeats, and the
        documents whose text could not be read."""
        scanned = self.scan.result()
        found: dict[tuple[str, str], list[PassageMatch]] = {}
        for m in sorted(scanned.matches, key=lambda m: (m.unit.owner, m.unit.loc, m.document)):
            found.setdefault((self.pathways[m.unit.owner].id, self.parties[m.document].id), []).append(m)
        return found, [(self.parties[i], why) for i, why in sorted(scanned.unreadable)]


def start_passages(
    ps: list[Party],
    threshold: float,
    workers: int | None = None,
    stemmed: StemmedTexts | None = None,
    reading: Reading | None = None,
) -> PassageScan:
    pathways = [p for p in ps if p.forloeb is not None]
    units: list[Unit] = []
    stemmer = TokenStems()
    for n, p in enumerate(pathways):
        units += [u for label, loc, text in p.passages() if (u := make_unit(n, label, loc, text, stemmer)) is not None]
    sources = [Source(i, d.text_file, d.dokument.uddrag) for i, d in enumerate(ps) if d.dokument is not None]
    index = PassageIndex(units)
    preread = reading.result() if reading is not None else None  # read while the catalog loaded
    return PassageScan(ps, pathways, Scan(index, sources, threshold, workers, stemmed, preread))


def coverage(
    ps: list[Party], code_pairs: list[tuple[Party, Party]], passages: PassageScan
) -> tuple[Coverage, Unreadable]:
    c = Coverage()
    for a, b in code_pairs:
        f, d = (a, b) if a.forloeb is not None else (b, a)
        if f.forloeb is not None and d.dokument is not None:
            c.add(d.id, f.id, "kode")
    c.passages, unreadable = passages.result()
    for fid, dokid in c.passages:
        c.add(dokid, fid, "tekst")
    for p in ps:
        if p.dokument is not None and p.dokument.erstattes_af is not None:
            c.add(p.id, p.dokument.erstattes_af, "erstattes_af")
    return c, unreadable


def missing_recommendations(c: Coverage, by_id: dict[str, Party], make: Make) -> list[Finding]:
    """A document covering a pathway's patients without the working group's recommendation."""
    out = []
    for dokid, pathways in c.reasons.items():
        d = by_id.get(f"d4:{dokid}")
        if d is None or d.dokument is None or d.dokument.anbefaling is not None:
            continue
        for fid, reasons in sorted(pathways.items()):
            f = by_id.get(f"forloeb:{fid}")
            if f is None or f.forloeb is None:
                continue
            approved = f.forloeb.status == "godkendt"
            at = ("status",) if f.forloeb.status is not None else ("id",)
            why = (
                " og ".join(
                    {"kode": "deler diagnosekode med forløbet", "tekst": "gentager afsnit af forløbet"}[r]
                    for r in sorted(reasons & {"kode", "tekst"})
                )
                or "skal erstattes af forløbet"
            )
            state = {"godkendt": "er godkendt", None: "er et eksempel"}.get(f.forloeb.status, "er under udarbejdelse")
            out.append(
                make(
                    "fejl" if approved else "advarsel",
                    "d4-bruttoliste",
                    f"{d.where(('dokid',))} {why}, men har ingen anbefaling; {f.where(at)} {state}. "
                    "Arbejdsgruppen anbefaler bevares, revideres, sammenskrives eller slettes med en begrundelse "
                    "(anbefaling.handling og anbefaling.begrundelse), og SFR godkender anbefalingen.",
                    (d, ("dokid",)),
                    (f, at),
                )
            )
    return out


def passage_findings(c: Coverage, by_id: dict[str, Party], threshold: float, make: Make) -> list[Finding]:
    out = []
    for (fid, dokid), matches in sorted(c.passages.items()):
        f, d = by_id[f"forloeb:{fid}"], by_id[f"d4:{dokid}"]
        doc_loc = ("tekstfil",) if d.text_file else ("uddrag",)
        for m in matches:
            advice = (
                "Dokumentet er anbefalet slettet eller sammenskrevet, så gentagelsen er ventet."
                if d.settled
                else "En patientgruppe beskrives ét sted: anbefal dokumentet sammenskrevet, slettet eller revideret, "
                "så det henviser til forløbet; er en forskel tilsigtet, så gør den tydelig."
            )
            out.append(
                make(
                    "info" if d.settled else "advarsel",
                    "d4-afsnit",
                    f"{m.unit.label} i {f.where(m.unit.loc)} står også, ordret eller med andre ord, i {d.name}, "
                    f"{m.passage.where} ({d.at(doc_loc)}): {round(m.score * 100)} % af afsnittets ord "
                    f"(grænse {round(threshold * 100)} %). Forløbet: »{m.quote_unit()}« "
                    f"Dokumentet: »{m.quote_passage()}« {advice}",
                    (f, m.unit.loc),
                    (d, doc_loc),
                )
            )
    return out


def progress(ps: list[Party], today: date, deadline_days: int, make: Make) -> list[Finding]:
    """Recommendations waiting for SFR, and approved ones not carried out in D4 in time."""
    out = []
    for d in ps:
        doc = d.dokument
        if doc is None or doc.anbefaling is None or doc.gennemfoert is not None:
            continue
        handling = doc.anbefaling.handling
        if doc.sfr_godkendelse is None:
            since = f" siden {doc.anbefaling.dato.isoformat()}" if doc.anbefaling.dato else ""
            message = (
                f"{d.where(('anbefaling',))}: arbejdsgruppen anbefaler{since}, at dokumentet {handling}; anbefalingen "
                "venter på SFR's godkendelse (skriv sfr_godkendelse.dato, når SFR har godkendt den)."
            )
            out.append(_step(make, "info", d, ("anbefaling",), message))
            continue
        waited = (today - doc.sfr_godkendelse.dato).days
        if waited > deadline_days:
            out.append(
                _step(
                    make,
                    "advarsel",
                    d,
                    ("sfr_godkendelse",),
                    f"{d.where(('sfr_godkendelse',))}: SFR godkendte den {doc.sfr_godkendelse.dato.isoformat()} "
                    f"anbefalingen, at dokumentet {handling}, men den er ikke gennemført i D4 efter {waited} dage "
                    f"(frist {deadline_days} dage). Skriv gennemfoert.dato (og ny_dokid eller udgaaet), når D4 er "
                    "rettet.",
                )
            )
    return out


def _step(make: Make, severity: Severity, d: Party, loc: tuple, message: str) -> Finding:
    kind: Kind = "d4-fremdrift"
    return make(severity, kind, message, (d, loc))
