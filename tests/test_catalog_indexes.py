"""The catalog's indexes, which the overview pages and the D4 pages list (forloeb/load/catalog.py): what
each holds, in which order, and what it leaves out; and why the catalog refuses input outside the
repository."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from forloeb.load.catalog import Catalog, CodeEntry, load_catalog
from forloeb.load.files import LINK_REFUSED
from forloeb.load.problems import Problem
from forloeb.model.pathway import Forloeb
from forloeb.model.registers import D4Dokument, Speciale, VaelgKlogtAnbefaling
from tests.factories import minimal_pathway, write_repo

GASTRO, INTERN, REUMA = "gastroenterologi-hepatologi", "intern-medicin", "reumatologi"


def pathway(pid: str, titel: str, speciale: str = GASTRO, codes: tuple[str, ...] = ("DX991",), **more: Any) -> Forloeb:
    diagnosekoder = [{"kode": c, "tekst": f"{c} i {pid}"} for c in codes]
    patients = {"beskrivelse": "Testpatienter.", "diagnosekoder": diagnosekoder}
    return Forloeb.model_validate(
        minimal_pathway(id=pid, titel=titel, speciale=speciale, patientgruppe=patients, **more)
    )


def document(dokid: str, speciale: str) -> D4Dokument:
    return D4Dokument(dokid=dokid, titel=f"Dokument {dokid}", matrikel="Testsygehus", speciale=speciale)


def recommendation(rid: str) -> VaelgKlogtAnbefaling:
    return VaelgKlogtAnbefaling.model_validate(
        {
            "id": rid,
            "titel": f"Anbefaling {rid}",
            "anbefaling": "Gør det ikke.",
            "afsender": "Testselskab",
            "kilde": {"titel": "Kilde", "url": "https://example.org/"},
        }
    )


def catalog(*pathways: Forloeb, d4: tuple[D4Dokument, ...] = (), vaelg_klogt: tuple[str, ...] = ()) -> Catalog:
    """A catalog with the three specialties in the registry's order reumatologi, gastro, intern medicin."""
    specialer = {s: Speciale(id=s, navn=s.title(), sfr=f"SFR for {s}") for s in (REUMA, GASTRO, INTERN)}
    return Catalog(
        specialer=specialer,
        forloeb={f.id: f for f in pathways},
        sources={},
        vaelg_klogt={r: recommendation(r) for r in vaelg_klogt},
        d4={d.dokid: d for d in d4},
    )


def ids(pathways: list[Forloeb]) -> list[str]:
    return [f.id for f in pathways]


def test_pathways_by_specialty_in_the_registrys_order_by_title_without_empty_specialties() -> None:
    """The overview lists each specialty in the order of specialer.yaml, its pathways by title; a specialty without
    pathways (here intern medicin) is left out."""
    c = catalog(
        pathway("gastro-b", "Bbb", GASTRO),
        pathway("gastro-a", "Aaa", GASTRO),
        pathway("reuma", "Ccc", REUMA),
        pathway("gastro-c", "Ab", GASTRO),
    )
    assert [(s, ids(fs)) for s, fs in c.by_speciale().items()] == [
        (REUMA, ["reuma"]),
        (GASTRO, ["gastro-a", "gastro-c", "gastro-b"]),
    ]


def test_every_code_of_every_pathway_by_code_then_by_the_pathways_title() -> None:
    """The code index has one row per code of each pathway, with the code's text as that pathway writes it, ordered
    by code and, for a code in several pathways, by the pathways' titles."""
    late = pathway("sen", "Bbb", codes=("DX992", "DX991"))
    early = pathway("tidlig", "Aaa", codes=("DX992",))
    assert catalog(late, early).by_code() == [
        CodeEntry("DX991", "DX991 i sen", late),
        CodeEntry("DX992", "DX992 i tidlig", early),
        CodeEntry("DX992", "DX992 i sen", late),
    ]


def test_every_vaelg_klogt_recommendation_with_the_pathways_that_follow_it() -> None:
    """Each recommendation of the registry is in the index, in the registry's order, also one that no pathway
    follows; each with the pathways naming it, in the catalog's order."""
    first = pathway("a-forloeb", "Aaa", vaelg_klogt=["medicin", "kontrol"])
    second = pathway("b-forloeb", "Bbb", vaelg_klogt=["kontrol"])
    index = catalog(first, second, vaelg_klogt=("kontrol", "medicin", "ubrugt")).by_vaelg_klogt()
    assert [(r, ids(fs)) for r, fs in index.items()] == [
        ("kontrol", ["a-forloeb", "b-forloeb"]),
        ("medicin", ["a-forloeb"]),
        ("ubrugt", []),
    ]


def tool(vaerktoej: str) -> dict[str, Any]:
    return {"vaerktoej": vaerktoej, "hvornaar": "Under hele forløbet.", "beskrivelse": "Til test."}


def test_every_digital_tool_once_per_pathway_with_the_tools_by_name() -> None:
    """The index of digital tools lists each tool in use (by its name), each with the pathways using it, a pathway
    once even where it describes the tool twice; a tool no pathway uses is not listed."""
    twice = pathway(
        "a-forloeb", "Aaa", digital_understoettelse=[tool("videokonsultation"), tool("minsp"), tool("minsp")]
    )
    once = pathway("b-forloeb", "Bbb", digital_understoettelse=[tool("minsp")])
    index = catalog(twice, once, pathway("c-forloeb", "Ccc")).by_tool()
    assert [(t, ids(fs)) for t, fs in index.items()] == [
        ("minsp", ["a-forloeb", "b-forloeb"]),
        ("videokonsultation", ["a-forloeb"]),
    ]


def test_register_documents_by_specialty_in_the_registrys_orders_without_empty_specialties() -> None:
    """The D4 pages list each specialty in the order of specialer.yaml, its documents in the register's order (not
    by DokID); a specialty without documents is left out."""
    d4 = (document("300", GASTRO), document("100", REUMA), document("200", GASTRO))
    index = catalog(d4=d4).d4_by_speciale()
    assert [(s, [d.dokid for d in docs]) for s, docs in index.items()] == [(REUMA, ["100"]), (GASTRO, ["300", "200"])]


OUTSIDE = "mappen ligger uden for repositoriet; kun filer i repositoriet læses"


def test_a_pathways_folder_outside_the_repository_is_refused_as_outside(tmp_path: Path) -> None:
    """A pathways folder (pathways_dir) that lies outside the repository is named and refused, and nothing is read."""
    write_repo(tmp_path / "andet", minimal_pathway())
    root = tmp_path / "repo"
    root.mkdir()
    c = load_catalog(root, strict=False, pathways="../andet/pathways")
    assert c.problems == [Problem(str(root / "../andet/pathways"), 1, 1, OUTSIDE)]
    assert c.forloeb == {}


def test_a_linked_pathways_folder_is_refused_as_a_link(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pathways folder as a symbolic link (even to a folder inside the repository) is refused as a link."""
    monkeypatch.chdir(tmp_path)
    write_repo(Path("."), minimal_pathway())
    os.rename("pathways", "indhold")
    Path("pathways").symlink_to("indhold")
    c = load_catalog(Path("."), strict=False)
    assert c.problems == [Problem("pathways", 1, 1, LINK_REFUSED)]
    assert c.forloeb == {}


def test_a_document_is_replaced_by_its_erstattes_af_and_by_every_pathway_naming_it_each_once() -> None:
    """The D4 pages name, for each register document, the pathways that replace it: the register's
    erstattes_af first, then each pathway whose erstatter_d4 names the document, each pathway once; a
    pathway naming a document that is not in the register adds nothing (the check reports it)."""
    a = pathway("a", "A", erstatter_d4=["100"])
    b = pathway("b", "B", erstatter_d4=["100", "200", "999"])
    c = pathway("c", "C", erstatter_d4=["200"])
    doc_100 = document("100", GASTRO).model_copy(update={"erstattes_af": "b"})
    index = catalog(a, b, c, d4=(doc_100, document("200", GASTRO), document("300", GASTRO))).replacing()
    assert {dokid: ids(fs) for dokid, fs in index.items()} == {"100": ["b", "a"], "200": ["b", "c"], "300": []}
    assert index["100"][0] is b
