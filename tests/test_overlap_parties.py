"""What the overlap check compares of each pathway and D4 document (forloeb/overlap/parties.py): the
sections of a pathway's text, named in Danish as the findings name them, and each code, section and
excerpt at the line where it stands, so a finding points the editor at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.overlap.findings import Place
from forloeb.overlap.parties import Party, parties
from tests.factories import minimal_pathway, write_repo

PATHWAY = Path("pathways/gastroenterologi-hepatologi/testforloeb.yaml")
REGISTER = Path("pathways/_registre/d4.yaml")


def line_of(path: Path, needle: str, after: str | None = None) -> int:
    """The number of the first line that contains needle (after the first line that contains `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def placed(p: Party) -> list[tuple[str, str, Place]]:
    return [(s.label, s.text, p.at(s.loc)) for s in p.sections]


def start(path: Path, needle: str, after: str | None = None, offset: int = 0) -> Place:
    """Where needle starts in the first line that contains it (after the first line that contains `after`)."""
    line = line_of(path, needle, after)
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    return Place(str(path), line, text.index(needle) + offset + 1)


def value(path: Path, needle: str, after: str | None = None) -> Place:
    """Where the value starts in the first line `key: value` that contains needle."""
    return start(path, needle, after, offset=needle.index(": ") + 2)


def catalog_parties(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pathway: dict, *documents: dict) -> list[Party]:
    monkeypatch.chdir(tmp_path)
    write_repo(Path("."), pathway, dokumenter=documents)
    return parties(load_catalog(Path(".")))


def test_each_section_of_a_pathways_text_is_named_and_placed_at_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every free-text section that describes the patients and their care is compared, named as the
    findings name it and at its own line: a step's description and points as one text, the referral
    criteria as one, the ending with its criteria; a step without text is left out."""
    base = minimal_pathway()
    trin = base["trin"]
    trin[0] |= {"beskrivelse": "Første samtale.", "punkter": ["Blodprøver.", "Skanning."]}
    trin[1] |= {"punkter": ["Kontrol af ferritin."]}
    pathway = minimal_pathway(
        henvisning=base["henvisning"]
        | {"beskrivelse": "Henvis ved mistanke.", "kriterier": [{"tekst": "Forhøjet ferritin."}, {"tekst": "Arv."}]},
        faser=[{"id": "kontrol", "titel": "Kontrolfase", "beskrivelse": "Fasen med kontroller."}],
        trin=trin,
        opfoelgning="Opfølgning hos egen læge.",
        afslutning={"beskrivelse": "Forløbet slutter.", "kriterier": ["Rask.", "Flyttet."]},
        oevrige_forhold=[{"titel": "Blodbank", "tekst": "Tapning i blodbanken."}],
    )
    (p,) = catalog_parties(tmp_path, monkeypatch, pathway)

    def at(needle: str, after: str | None = None) -> Place:
        return value(PATHWAY, needle, after)

    assert placed(p) == [
        ("formålet", "Formål med testforløbet.", at("formaal: ")),
        ("patientgruppens beskrivelse", "Testpatienter.", at("beskrivelse: Testpatienter.")),
        ("henvisningen", "Henvis ved mistanke.", at("beskrivelse: Henvis ved mistanke.")),
        ("visitationen", "Visitation i testenheden.", at("visitation: ")),
        ("henvisningskriterierne", "Forhøjet ferritin. Arv.", start(PATHWAY, "- tekst: Forhøjet ferritin.")),
        ("fasen 'kontrol'", "Fasen med kontroller.", at("beskrivelse: Fasen med kontroller.")),
        ("trinnet 'start'", "Første samtale.\n\nBlodprøver.\n\nSkanning.", at("beskrivelse: Første samtale.")),
        ("trinnet 'kontrol'", "Kontrol af ferritin.", start(PATHWAY, "id: kontrol", after="trin:")),  # no beskrivelse
        ("opfølgningen", "Opfølgning hos egen læge.", at("opfoelgning: ")),
        ("afslutningen", "Forløbet slutter.\n\nRask.\n\nFlyttet.", at("beskrivelse: Forløbet slutter.")),
        ("øvrige forhold 'Blodbank'", "Tapning i blodbanken.", at("tekst: Tapning i blodbanken.")),
    ]


def test_a_step_with_only_points_is_compared_by_its_points(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = minimal_pathway()
    trin = base["trin"]
    trin[0] |= {"punkter": ["Blodprøver.", "Skanning."]}
    (p,) = catalog_parties(tmp_path, monkeypatch, minimal_pathway(trin=trin))
    (step,) = [s for s in p.sections if s.label.startswith("trinnet")]
    assert step.text == "Blodprøver.\n\nSkanning."


def document(dokid: str, **changes: object) -> dict:
    codes = [{"kode": "DX991", "tekst": "Testdiagnose"}, {"kode": "DX99", "tekst": "Testdiagnoser"}]
    return {
        "dokid": dokid,
        "titel": "Retningslinje",
        "matrikel": "Holbæk Sygehus",
        "speciale": "gastroenterologi-hepatologi",
        "diagnosekoder": codes,
        **changes,
    }


def test_a_d4_documents_codes_and_excerpt_stand_at_their_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document is compared by its codes, each at its own line, and by its excerpt ('uddraget'); a
    document without an excerpt or text file has no text to compare."""
    _, with_excerpt, without = catalog_parties(
        tmp_path,
        monkeypatch,
        minimal_pathway(),
        document("100001", uddrag="Tapning til ferritin under 50."),
        document("100002"),
    )
    start = "dokid: '100001'"
    assert [(k, with_excerpt.at(loc)) for k, loc in with_excerpt.codes] == [
        ("DX991", value(REGISTER, "kode: DX991", after=start)),
        ("DX99", value(REGISTER, "kode: DX99", after="tekst: Testdiagnose")),
    ]
    assert placed(with_excerpt) == [
        ("uddraget", "Tapning til ferritin under 50.", value(REGISTER, "uddrag: ", after=start))
    ]
    assert without.sections == ()


def test_a_section_is_compared_by_passage_numbered_only_when_it_has_several(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A D4 finding names a pathway's passage as its section, with 'afsnit n' when the section is cut into
    several passages (here the ending's description and each of its criteria, one paragraph each)."""
    pathway = minimal_pathway(afslutning={"beskrivelse": "Forløbet slutter.", "kriterier": ["Rask."]})
    (p,) = catalog_parties(tmp_path, monkeypatch, pathway)
    assert [(label, text) for label, _, text in p.passages()] == [
        ("formålet", "Formål med testforløbet."),
        ("patientgruppens beskrivelse", "Testpatienter."),
        ("visitationen", "Visitation i testenheden."),
        ("afslutningen, afsnit 1", "Forløbet slutter."),
        ("afslutningen, afsnit 2", "Rask."),
    ]
