"""The comparable parts of pathways and D4 documents, each with the line it stands on.

The overlap check compares two kinds of party alike: an active pathway and a document on the D4
register (the bruttoliste). A party holds its diagnosis codes, age range, structured thresholds with
their purpose, and its text as paths into its YAML file, so every finding can point to the line on
each side. A pathway's text comes as sections (compared with other pathways) and as passages
(compared with the documents); a document's text is its full text file, or its excerpt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from forloeb.load.catalog import Catalog
from forloeb.load.loader import Loaded
from forloeb.load.yaml_source import Loc
from forloeb.model.derived import thresholds
from forloeb.model.pathway import Aldersinterval, Forloeb, Formaal, Graensevaerdi
from forloeb.model.registers import D4Dokument
from forloeb.overlap.findings import Place
from forloeb.overlap.passages import split_units

PartyKind = Literal["forloeb", "d4"]

# A document recommended for one of these will not exist on its own after the clean-up: what it says
# differently from a pathway or another document is settled by the recommendation, not left to fix.
SETTLED = frozenset({"slettes", "sammenskrives"})


@dataclass(frozen=True)
class Section:
    """A free-text section of a pathway: compared whole with other pathways, by passage with documents."""

    label: str  # which section, in Danish, e.g. "fasen 'tapningsfase'"
    text: str
    loc: Loc


@dataclass(frozen=True)
class Limit:
    """A structured threshold with its purpose and where it stands."""

    graense: Graensevaerdi
    formaal: Formaal | None
    loc: Loc


@dataclass(frozen=True, eq=False)
class Party:
    kind: PartyKind
    id: str
    name: str  # e.g. "forløbet 'haemokromatose'" or "D4-dokument 248731 (Holbæk Sygehus)"
    source: Loaded[Any]
    base: Loc  # where the party's mapping stands in its file: () or ("dokumenter", i)
    codes: tuple[tuple[str, Loc], ...]
    thresholds: tuple[Limit, ...]
    sections: tuple[Section, ...]
    age: Aldersinterval | None = None
    forloeb: Forloeb | None = None
    dokument: D4Dokument | None = None
    text_file: Path | None = None  # a document's full text

    def at(self, loc: Loc) -> Place:
        """The place of a path inside this party (or of its nearest ancestor that exists)."""
        # A party is made only of a file whose model loaded, so its YAML document was read.
        assert self.source.doc is not None
        line, col = self.source.doc.locate((*self.base, *loc))
        return Place(self.source.display, line, col)

    def where(self, loc: Loc) -> str:
        """The party's name with the place, as a message names it: "forløbet 'x' (path:12)"."""
        return f"{self.name} ({self.at(loc)})"

    @property
    def settled(self) -> bool:
        d = self.dokument
        return d is not None and d.anbefaling is not None and d.anbefaling.handling in SETTLED

    def passages(self) -> list[tuple[str, Loc, str]]:
        """A pathway's text units for the passage comparison: (label, loc, text)."""
        out = []
        for s in self.sections:
            chunks = split_units(s.text)
            for n, chunk in enumerate(chunks, 1):
                out.append((s.label if len(chunks) == 1 else f"{s.label}, afsnit {n}", s.loc, chunk))
        return out


def parties(catalog: Catalog) -> list[Party]:
    """Every pathway that is not retired (by id), then every D4 document (in the register's file order)."""
    out = [_pathway(f, catalog.sources[fid]) for fid, f in catalog.forloeb.items() if f.status != "udgaaet"]
    for register in catalog.d4_sources:
        if register.model is not None:
            out += [
                _document(d, register, i, catalog.d4_text_files.get(d.dokid))
                for i, d in enumerate(register.model.dokumenter)
            ]
    return out


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
        thresholds=tuple(Limit(t.graense, t.formaal, t.loc) for t in thresholds(f)),
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
                "\n\n".join([t.beskrivelse or "", *t.punkter]).strip() or None,
                ("trin", i, "beskrivelse"),
            )
            for i, t in enumerate(f.trin)
        ),
        ("opfølgningen", f.opfoelgning, ("opfoelgning",)),
        (
            "afslutningen",
            "\n\n".join([f.afslutning.beskrivelse, *f.afslutning.kriterier]),
            ("afslutning", "beskrivelse"),
        ),
        *(
            (f"øvrige forhold '{a.titel}'", a.tekst, ("oevrige_forhold", i, "tekst"))
            for i, a in enumerate(f.oevrige_forhold)
        ),
    ]
    return [Section(label, text, loc) for label, text, loc in candidates if text]


def _document(d: D4Dokument, source: Loaded[Any], index: int, text_file: Path | None) -> Party:
    return Party(
        kind="d4",
        id=d.dokid,
        name=f"D4-dokument {d.dokid} ({d.matrikel})",
        source=source,
        base=("dokumenter", index),
        codes=tuple((k.kode, ("diagnosekoder", i, "kode")) for i, k in enumerate(d.diagnosekoder)),
        thresholds=tuple(
            Limit(g, g.formaal, ("kriterier", i, "graensevaerdier", j))
            for i, k in enumerate(d.kriterier)
            for j, g in enumerate(k.graensevaerdier)
        ),
        sections=(Section("uddraget", d.uddrag, ("uddrag",)),) if d.uddrag else (),
        dokument=d,
        text_file=text_file,
    )
