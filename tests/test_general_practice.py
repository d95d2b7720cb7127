"""What general practice is shown of a pathway (forloeb/model/general_practice.py), and the words a
pathway is found by: its codes in every spelling and its search words (soegeord)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from forloeb.load.catalog import load_catalog
from forloeb.load.consistency import check_pathway
from forloeb.load.validation import validate
from forloeb.model.codes import icd10, normalise_code, spellings
from forloeb.model.general_practice import general_practice
from forloeb.model.pathway import Forloeb, Soegeord
from tests.factories import ROOT, minimal_pathway, write_yaml

CATALOG = load_catalog(ROOT)
HAEMO, MAS, RA = (CATALOG.forloeb[i] for i in ("haemokromatose", "mas", "reumatoid-artritis-stabil-fase"))


def ids(steps: list[Any]) -> list[str]:
    return [t.id for t in steps]


# --- Codes in every spelling ------------------------------------------------------------------------


def test_a_code_is_spelt_the_four_ways_clinicians_write_it() -> None:
    assert spellings("DE831") == ["DE831", "E83.1", "E831", "DE83.1"]
    assert spellings("DE831A") == ["DE831A", "E83.1A", "E831A", "DE83.1A"]
    assert spellings("DM05") == ["DM05", "M05"]  # a category has no dot
    assert icd10("DZ031") == "Z03.1"


@given(st.from_regex(r"D[A-Z][0-9]{2}[0-9A-Z]{0,3}", fullmatch=True))
def test_every_spelling_reads_back_as_the_code(code: str) -> None:
    assert all(normalise_code(s) == code for s in spellings(code))
    assert len(set(spellings(code))) == len(spellings(code))


# --- Search words -----------------------------------------------------------------------------------


def test_a_search_word_has_a_source_or_is_marked_as_added() -> None:
    assert Soegeord(ord="jernophobning", tilfoejet=True).tilfoejet
    assert Soegeord(ord="diagnostisk center", kilde="VIVE (2018), afsnit 4.1.1").kilde
    with pytest.raises(ValidationError, match="angiv kilde"):
        Soegeord(ord="jernophobning")
    with pytest.raises(ValidationError, match="et ord med en kilde er ikke tilføjet"):
        Soegeord(ord="jernophobning", kilde="K", tilfoejet=True)


def test_a_search_word_given_twice_is_an_error_at_its_line(repo: Path) -> None:
    words = [{"ord": "Jernophobning", "tilfoejet": True}, {"ord": "jernophobning", "kilde": "K"}]
    data = minimal_pathway(soegeord=words)
    path = write_yaml(repo / "pathways" / "gastroenterologi-hepatologi" / "testforloeb.yaml", data)
    (problem,) = [p for p in validate(repo) if p.path.endswith("testforloeb.yaml")]
    assert problem.is_error and "'jernophobning' står to gange i soegeord" in problem.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "- ord: jernophobning"


def test_every_shipped_pathway_has_search_words_with_their_source() -> None:
    for f in CATALOG.forloeb.values():
        assert f.soegeord, f.id
        assert all(w.kilde or w.tilfoejet for w in f.soegeord)
    assert [w.ord for w in HAEMO.soegeord] == ["jernophobning"]
    assert HAEMO.soegeord[0].tilfoejet  # the concept's appendix says only "hæmokromatose"


# --- The view for general practice -------------------------------------------------------------------


def test_mas_the_tests_before_referral_with_the_local_choice_of_scan_as_one_item() -> None:
    ap = general_practice(MAS)
    assert [ids(g) for g in ap.foer_henvisning] == [
        ["objektiv-undersoegelse"],
        ["blodproevepakke"],
        ["roentgen-og-ultralyd", "ct-skanning"],  # alternatives: one of them, never both
    ]
    assert [fa.id for fa in ap.foer_faser] == ["indledende-udredning"]  # "det tilstræbes ... 8 kalenderdage"
    (referral,) = ap.henvisning
    assert (referral.fra.id, referral.til.id) == ("vurdering-egen-laege", "visitation")
    assert referral.overgang.overlevering is not None and len(referral.overgang.overlevering.indhold) == 3


def test_mas_what_comes_back_to_general_practice() -> None:
    ap = general_practice(MAS)
    back = {b.overlevering.til.id: b for b in ap.tilbage}
    # The rejected referral goes back to the referring doctor; three of the six ways out end with
    # the GP; the other three (specialist department, cancer pathways) do not.
    assert list(back) == [
        "henvisning-afvist",
        "behandling-hos-egen-laege",
        "opfoelgning-hos-egen-laege",
        "afslutning-med-epikrise",
    ]
    assert back["behandling-hos-egen-laege"].til_almen_praksis
    assert not back["afslutning-med-epikrise"].til_almen_praksis
    assert ap.slutter == []  # the handovers say it; the list of ends is for pathways without one


def test_mas_hospital_part_leaves_out_what_general_practice_does() -> None:
    ap = general_practice(MAS)
    # The first phase is the GP's own (including the choice of scan that falls to "de praktiserende
    # læger"); the visitation is shown with the referral.
    assert [(p.fase.id if p.fase else None, ids(p.trin)) for p in ap.sygehus] == [
        (
            "videre-udredning",
            ["foerste-konsultation", "supplerende-undersoegelser", "mdt-konference", "afslutning-af-udredningen"],
        )
    ]


def test_mas_tasks_in_general_practice_are_grouped_by_agreement() -> None:
    ap = general_practice(MAS)
    assert [g.aftale.navn.split()[0] if g.aftale else None for g in ap.opgaver] == ["Sundhedsstyrelsens", "De"]
    assert "mistanke-egen-laege" in ids([t for t, _ in ap.opgaver[0].opgaver])
    assert ids([t for t, _ in ap.opgaver[1].opgaver]) == ["organspecifikt-fra-egen-laege"]


def test_haemokromatose_says_nothing_of_a_handover_and_asks_a_task_of_general_practice() -> None:
    ap = general_practice(HAEMO)
    assert ap.foer_henvisning == [] and ap.henvisning == [] and ap.tilbage == []
    assert ids(ap.slutter) == ["ingen-udredning", "levercirrose"]
    assert [p.fase.id for p in ap.sygehus if p.fase] == ["udredning", "tapningsfase", "vedligeholdelsesfase"]
    # The concept's appendix: "I øvrigt rådes der til screening af 1. grads slægtninge via egen læge."
    ((step, shift),) = [pair for g in ap.opgaver for pair in g.opgaver]
    assert step.id == "aop" and shift.is_warning
    assert shift.citat == "I øvrigt rådes der til screening af 1. grads slægtninge via egen læge."


def test_ra_gives_general_practice_nothing_and_its_training_handover_is_not_to_general_practice() -> None:
    ap = general_practice(RA)
    assert ap.opgaver == [] and ap.tilbage == [] and ap.henvisning == []
    assert "kommunal-traening" not in ids([t for p in ap.sygehus for t in p.trin])  # the municipality's


def _back_and_forth(**overlevering: Any) -> Forloeb:
    """Hospital -> general practice (the handover back) -> general practice -> re-referral to hospital."""
    data = minimal_pathway()
    data["trin"] = [
        {
            "id": "start",
            "titel": "Kontrol",
            "type": "konsultation",
            "udfoerer": "laege",
            "form": "fysisk",
            "overgange": [{"til": "hos-egen-laege", "overlevering": overlevering or None}],
        },
        {
            "id": "hos-egen-laege",
            "titel": "Årlig kontrol hos egen læge",
            "type": "undersoegelse",
            "udfoerer": "almen-praksis",
            "aftale": {"navn": "Regional aftale", "niveau": "regional", "kilde": "K"},
            "overgange": [{"til": "vurdering"}],
        },
        {
            "id": "vurdering",
            "titel": "Egen læge vurderer",
            "type": "beslutning",
            "udfoerer": "almen-praksis",
            "aftale": {"navn": "Regional aftale", "niveau": "regional", "kilde": "K2"},
            "overgange": [{"til": "start", "betingelse": "Stigende værdier"}],
        },
    ]
    if not overlevering:
        del data["trin"][0]["overgange"][0]["overlevering"]
    return Forloeb.model_validate(data)


def test_the_handover_back_carries_when_to_refer_again_and_what_the_gp_does() -> None:
    f = _back_and_forth(ansvar_foer="Ambulatoriet", ansvar_efter="Egen læge", genhenvisning="Ved stigende værdier")
    ap = general_practice(f)
    (back,) = ap.tilbage
    assert back.overlevering.overgang.overlevering.genhenvisning == "Ved stigende værdier"
    assert ids(back.derefter) == ["vurdering"]  # after the step handed over to, while it stays in general practice
    assert [h.til.id for h in ap.henvisning] == ["start"]  # the way back to the hospital is a referral
    assert ids([t for g in ap.foer_henvisning for t in g]) == ["hos-egen-laege"]
    (tasks,) = ap.opgaver  # one agreement, by its name and level, though each step cites its own source
    assert ids([t for t, _ in tasks.opgaver]) == ["hos-egen-laege", "vurdering"]
    assert [p for p in check_pathway(f) if p.severity != "info"] == []


def test_a_change_to_general_practice_without_a_described_handover_is_still_shown() -> None:
    (back,) = general_practice(_back_and_forth()).tilbage
    assert back.overlevering.overgang.overlevering is None  # the page says it is not described


def test_a_pathway_without_phases_has_one_hospital_line() -> None:
    data = minimal_pathway(faser=[])
    for t in data["trin"]:
        t.pop("fase", None)
    ((phase, steps),) = [(p.fase, ids(p.trin)) for p in general_practice(Forloeb.model_validate(data)).sygehus]
    assert phase is None and steps == ["start", "kontrol"]
