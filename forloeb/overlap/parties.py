"""The comparable parts of pathways and D4 documents, each with the line it stands on.

The overlap check compares two kinds of party alike: an active pathway and a document on the D4
register (the bruttoliste). A party holds its diagnosis codes, age range, structured thresholds and
free-text sections as paths into its YAML file, so every finding can point to the line on each side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from forloeb.load.catalog import Catalog
from forloeb.load.loader import Loaded
from forloeb.load.yaml_source import Loc
from forloeb.model.pathway import Aldersinterval, Forloeb, Graensevaerdi, Kriterium
from forloeb.model.registers import D4Dokument
from forloeb.overlap.findings import Place

PartyKind = Literal["forloeb", "d4"]

# A document with one of these decisions will not exist on its own after the clean-up: what it says
# differently from a pathway or another document is settled by the decision, not left to be fixed.
SETTLED_DECISIONS = frozenset({"slet", "sammenskriv"})


@dataclass(frozen=True)
class Section:
    """A free-text section compared for near-duplicates."""

    label: str  # which section, in Danish, e.g. "fasen 'tapningsfase'"
    text: str
    loc: Loc


@dataclass(frozen=True, eq=False)
class Party:
    kind: PartyKind
    id: str
    name: str  # e.g. "forløbet 'haemokromatose'" or "D4-dokument 248731 (Holbæk Sygehus)"
    source: Loaded[Any]
    base: Loc  # where the party's mapping stands in its file: () or ("dokumenter", i)
    codes: tuple[tuple[str, Loc], ...]
    thresholds: tuple[tuple[Graensevaerdi, Loc], ...]
    sections: tuple[Section, ...]
    age: Aldersinterval | None = None
    forloeb: Forloeb | None = None
    dokument: D4Dokument | None = None

    def at(self, loc: Loc) -> Place:
        """The place of a path inside this party (or of its nearest ancestor that exists)."""
        line, col = self.source.doc.locate((*self.base, *loc)) if self.source.doc else (1, 1)
        return Place(self.source.display, line, col)

    def where(self, loc: Loc) -> str:
        """The party's name with the place, as a message names it: "forløbet 'x' (path:12)"."""
        return f"{self.name} ({self.at(loc)})"

    @property
    def settled(self) -> bool:
        return self.dokument is not None and self.dokument.beslutning in SETTLED_DECISIONS


def parties(catalog: Catalog) -> list[Party]:
    """Every pathway that is not retired (by id), then every D4 document (in the register's file order)."""
    out = [_pathway(f, catalog.sources[fid]) for fid, f in catalog.forloeb.items() if f.status != "udgaaet"]
    for register in catalog.d4_sources:
        if register.model is not None:
            out += [_document(d, register, i) for i, d in enumerate(register.model.dokumenter)]
    return out


def _thresholds(kriterier: list[Kriterium], base: Loc) -> tuple[tuple[Graensevaerdi, Loc], ...]:
    return tuple(
        (g, (*base, i, "graensevaerdier", j)) for i, k in enumerate(kriterier) for j, g in enumerate(k.graensevaerdier)
    )


def _transition_thresholds(f: Forloeb) -> tuple[tuple[Graensevaerdi, Loc], ...]:
    """Thresholds on the steps' transitions: treatment targets and the like."""
    return tuple(
        (g, ("trin", i, "overgange", j, "graensevaerdier", k))
        for i, t in enumerate(f.trin)
        for j, o in enumerate(t.overgange)
        for k, g in enumerate(o.graensevaerdier)
    )


def _pathway(f: Forloeb, source: Loaded[Forloeb]) -> Party:
    return Party(
        kind="forloeb",
        id=f.id,
        name=f"forløbet '{f.id}'",
        source=source,
        base=(),
        codes=tuple(
            (k.kode, ("patientgruppe", "diagnosekoder", i, "kode")) for i, k in enumerate(f.patientgruppe.diagnosekoder)
        ),
        thresholds=(*_thresholds(f.henvisning.kriterier, ("henvisning", "kriterier")), *_transition_thresholds(f)),
        sections=tuple(_pathway_sections(f)),
        age=f.patientgruppe.alder,
        forloeb=f,
    )


def _pathway_sections(f: Forloeb) -> list[Section]:
    """The sections that describe the patients and their care. Left out on purpose: ansvar,
    definitioner, anvendelsesomraade and indkaldelse, which are meant to read alike in every pathway."""
    h = f.henvisning
    candidates: list[tuple[str, str | None, Loc]] = [
        ("formålet", f.formaal, ("formaal",)),
        ("patientgruppens beskrivelse", f.patientgruppe.beskrivelse, ("patientgruppe", "beskrivelse")),
        ("henvisningen", h.beskrivelse, ("henvisning", "beskrivelse")),
        ("visitationen", h.visitation, ("henvisning", "visitation")),
        ("henvisningskriterierne", " ".join(k.tekst for k in h.kriterier) or None, ("henvisning", "kriterier")),
        *((f"fasen '{fa.id}'", fa.beskrivelse, ("faser", i, "beskrivelse")) for i, fa in enumerate(f.faser)),
        *(
            (
                f"trinnet '{t.id}'",
                " ".join([t.beskrivelse or "", *t.punkter]).strip() or None,
                ("trin", i, "beskrivelse"),
            )
            for i, t in enumerate(f.trin)
        ),
        ("opfølgningen", f.opfoelgning, ("opfoelgning",)),
        ("afslutningen", " ".join([f.afslutning.beskrivelse, *f.afslutning.kriterier]), ("afslutning", "beskrivelse")),
        *(
            (f"øvrige forhold '{a.titel}'", a.tekst, ("oevrige_forhold", i, "tekst"))
            for i, a in enumerate(f.oevrige_forhold)
        ),
    ]
    return [Section(label, text, loc) for label, text, loc in candidates if text]


def _document(d: D4Dokument, source: Loaded[Any], index: int) -> Party:
    return Party(
        kind="d4",
        id=d.dokid,
        name=f"D4-dokument {d.dokid} ({d.matrikel})",
        source=source,
        base=("dokumenter", index),
        codes=tuple((k.kode, ("diagnosekoder", i, "kode")) for i, k in enumerate(d.diagnosekoder)),
        thresholds=_thresholds(d.kriterier, ("kriterier",)),
        sections=(Section("uddraget", d.uddrag, ("uddrag",)),) if d.uddrag else (),
        dokument=d,
    )
