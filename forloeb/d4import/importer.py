"""Import D4 documents into the register (bruttolisten): each file becomes one entry with its text.

A file that cannot be imported is refused with one message; the others are imported all the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forloeb.d4import.extract import ExtractError, extract
from forloeb.d4import.metadata import Metadata, read_metadata
from forloeb.d4import.register_files import RegisterFileError, entry_path, existing_entry, merge, write_entry
from forloeb.d4import.thresholds import Proposal, proposals
from forloeb.errors import MessageError
from forloeb.load.catalog import Catalog
from forloeb.load.files import LINK_REFUSED
from forloeb.load.layout import Layout
from forloeb.model.codes import codes_meet
from forloeb.model.derived import thresholds

UNNAMED = "Ikke navngivet i dokumentet"


@dataclass(frozen=True)
class Options:
    dokid: str | None = None  # only for a single file
    speciale: str | None = None
    matrikel: str | None = None


@dataclass(frozen=True)
class Imported:
    source: Path
    dokid: str
    path: Path
    updated: bool  # an earlier import of the document was updated
    missing: tuple[str, ...]  # what the document did not say (left for the working group)


@dataclass(frozen=True)
class Refused:
    source: Path
    message: str


class Refusal(MessageError):
    """A document the import will not take as it is, and what to give it."""


def documents(paths: Iterable[Path]) -> list[Path]:
    """The files given, and every file in the folders given (recursively; hidden files left out), in
    order, once each. A file of a type the import cannot read is refused, not skipped in silence."""
    found: dict[Path, None] = {}
    for p in paths:
        if p.is_dir() and not p.is_symlink():
            found.update(dict.fromkeys(_files_in(p)))
        else:
            found[p] = None  # a link (to a file or a folder) is refused by extract(), by name
    return list(found)


def _files_in(folder: Path) -> list[Path]:
    """The files under folder, and the links to folders there, which are named and refused, never entered."""
    out = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(here)
        out += [base / d for d in dirs if (base / d).is_symlink()]
        out += [base / f for f in files if not f.startswith(".")]
    return sorted(out)


def import_documents(files: list[Path], layout: Layout, catalog: Catalog, options: Options) -> list[Imported | Refused]:
    out: list[Imported | Refused] = []
    seen: dict[str, Path] = {}
    for source in files:
        try:
            result = _import(source, layout, catalog, options, seen)
        except (ExtractError, RegisterFileError, Refusal) as exc:
            out.append(Refused(source, exc.message))
            continue
        seen[result.dokid] = source
        out.append(result)
    return out


def _import(source: Path, layout: Layout, catalog: Catalog, options: Options, seen: dict[str, Path]) -> Imported:
    found = extract(source)
    meta = read_metadata(found.text, found.margins, found.title)
    dokid = options.dokid or meta.dokid
    if dokid is None:
        raise Refusal("ingen DokID i dokumentet (fx 'DokID: 123456' i sidehovedet): angiv den med --dokid")
    if dokid in seen:
        raise Refusal(f"samme DokID ({dokid}) som {seen[dokid]}, der allerede er importeret i denne kørsel")
    path = entry_path(layout, dokid)
    for target in (path, path.with_name(f"{dokid}.txt")):
        link = layout.outside_or_linked(target)
        if link is not None:  # the import would write where the link points
            raise Refusal(f"{link}: {LINK_REFUSED}" if link.is_symlink() else f"{target} ligger uden for repositoriet")
    if dokid in catalog.d4 and catalog.d4_files.get(dokid) not in (None, path.resolve()):
        raise Refusal(
            f"DokID {dokid} står allerede i {catalog.d4_files[dokid]}; importen opdaterer kun sine egne filer "
            f"i {path.parent}: flyt posten dertil eller fjern den"
        )
    matrikel = options.matrikel or meta.matrikel
    if matrikel is None:
        raise Refusal("dokumentet nævner ikke sygehuset (fx 'Holbæk Sygehus'): angiv det med --matrikel")
    speciale = _specialty(meta, catalog, options.speciale)
    known = frozenset(g.parameter for f in catalog.forloeb.values() for t in thresholds(f) for g in [t.graense])
    entry = _entry(source, dokid, meta, matrikel, speciale, catalog, proposals(found.text, known))
    existing = existing_entry(path)
    write_entry(path, merge(existing, entry), found.text, source.name)
    missing = tuple(
        what
        for what, value in (("titel", meta.titel), ("afdeling", meta.afdeling), ("gyldig fra", meta.gyldig_fra))
        if value is None
    ) + (("diagnosekoder",) if not meta.koder else ())
    return Imported(source, dokid, path, existing is not None, missing)


def _specialty(meta: Metadata, catalog: Catalog, given: str | None) -> str:
    """The specialty of the pathways whose codes the document's codes meet, when they agree; else the
    one given on the command line."""
    found = {
        f.speciale
        for f in catalog.forloeb.values()
        for k in f.patientgruppe.diagnosekoder
        if any(codes_meet(k.kode, code) for code, _ in meta.koder)
    }
    if len(found) == 1:
        return found.pop()
    if given is not None:
        return given
    why = "ingen af dokumentets diagnosekoder findes i et forløb" if not found else f"koderne peger på {sorted(found)}"
    raise Refusal(f"specialet kan ikke udledes ({why}): angiv det med --speciale")


def _entry(
    source: Path,
    dokid: str,
    meta: Metadata,
    matrikel: str,
    speciale: str,
    catalog: Catalog,
    found: list[Proposal],
) -> dict[str, Any]:
    names = {k.kode: k.tekst for f in catalog.forloeb.values() for k in f.patientgruppe.diagnosekoder}
    names |= {k.kode: k.tekst for d in catalog.d4.values() for k in d.diagnosekoder}
    criteria: dict[str, list[dict[str, Any]]] = {}
    for p in found:
        g = {"parameter": p.parameter, "operator": p.operator, "vaerdi": p.vaerdi, "enhed": p.enhed}
        g |= {"koen": p.koen} if p.koen else {}
        g |= {"formaal": p.formaal} if p.formaal else {}
        criteria.setdefault(" ".join(p.sentence.split()), []).append(g)
    entry: dict[str, Any] = {
        "dokid": dokid,
        "titel": meta.titel or source.stem,
        "matrikel": matrikel,
        "afdeling": meta.afdeling,
        "speciale": speciale,
        "gyldig_fra": meta.gyldig_fra,
        "diagnosekoder": [{"kode": k, "tekst": name or names.get(k, UNNAMED)} for k, name in meta.koder],
        "kriterier": [{"tekst": t, "graensevaerdier": gs} for t, gs in criteria.items()],
        "tekstfil": f"{dokid}.txt",
        "kildefil": source.name,
        "maskinudtrukket": True,
    }
    return {k: v for k, v in entry.items() if v not in (None, [])}
