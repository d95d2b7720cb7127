"""Figures derived from trin: contacts per year per branch, virtual share, tests, task shifting, handovers."""

from __future__ import annotations

import time
from typing import Any

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.model.branches import MAX_BRANCHES, phase_branches
from forloeb.model.derived import ZERO, Range, consultations, examinations, per_year, phase_figures, thresholds
from forloeb.model.pathway import Forloeb
from forloeb.model.sectors import handovers
from forloeb.model.task_shift import task_shifts
from tests.factories import ROOT, minimal_pathway


def pathway(**changes: object) -> Forloeb:
    return Forloeb.model_validate(minimal_pathway(**changes))


def test_interval_in_days_gives_a_yearly_range() -> None:
    f = load_catalog(ROOT).forloeb["haemokromatose"]
    steps = {t.id: t for t in f.trin}
    tapning = per_year(steps["tapning"], steps)
    assert tapning is not None
    assert (round(tapning.lo, 1), round(tapning.hi, 1)) == (26.1, 52.2)


def test_relative_interval_divides_the_referenced_step() -> None:
    f = load_catalog(ROOT).forloeb["haemokromatose"]
    steps = {t.id: t for t in f.trin}
    tests_per_year = per_year(steps["blodproever-tapningsfase"], steps)
    assert tests_per_year is not None
    assert tests_per_year.lo == pytest.approx(26.089 / 4, rel=1e-3)
    assert tests_per_year.hi == pytest.approx(52.179 / 3, rel=1e-3)


def test_one_off_and_unquantified_needs_have_no_yearly_figure() -> None:
    f = load_catalog(ROOT).forloeb["haemokromatose"]
    steps = {t.id: t for t in f.trin}
    assert per_year(steps["aop"], steps) is None
    assert per_year(steps["tapning-efter-behov"], steps) is None


def test_haemokromatose_phase_figures_follow_the_branches() -> None:
    f = load_catalog(ROOT).forloeb["haemokromatose"]
    rows = phase_figures(f)
    assert [(r.fase_id, r.gren is not None) for r in rows] == [
        ("udredning", False),
        ("tapningsfase", False),
        ("vedligeholdelsesfase", True),
        ("vedligeholdelsesfase", True),
    ]
    udredning, tapning, kontrol, blodbank = rows
    assert udredning.engangskontakter == Range(1, 1)
    assert (round(tapning.kontakter_pr_aar.lo), round(tapning.kontakter_pr_aar.hi)) == (26, 52)
    assert tapning.virtuel_andel == 0
    # The 3-4-monthly control and the yearly ferritin in the blood bank are alternatives: never 4-5.
    assert kontrol.gren == "Jævnlig kontrol af ferritin og hæmoglobin"
    assert kontrol.undersoegelser_pr_aar == Range(3.0, 4.0)
    assert [t.id for t in kontrol.efter_behov] == ["tapning-efter-behov"]
    assert blodbank.gren is not None and blodbank.gren.startswith("Overgang til behandling i blodbank (Stabilt")
    assert blodbank.undersoegelser_pr_aar == Range(1.0, 1.0)
    assert blodbank.efter_behov == []


def test_virtual_share_counts_video_against_physical() -> None:
    f = pathway()
    (fig,) = phase_figures(f)
    assert fig.engangskontakter == Range(1, 1)  # the physical first visit
    assert (fig.kontakter_pr_aar.lo, fig.kontakter_pr_aar.hi) == pytest.approx((2, 4))
    assert fig.virtuel_andel == 1.0
    assert [t.id for t in consultations(f)] == ["start", "kontrol"]


def test_expected_count_for_needs_based_steps() -> None:
    data = minimal_pathway()
    data["trin"][1]["hyppighed"] = {"type": "efter-behov", "antal_pr_aar": 2, "tekst": "Efter behov"}
    data["trin"][1]["form"] = "telefon"
    # A loop: the phone and the physical contacts happen in the same years, so they are added up.
    data["trin"].insert(2, {**data["trin"][1], "id": "fysisk", "form": "fysisk", "overgange": [{"til": "kontrol"}]})
    data["trin"][1]["overgange"].append({"til": "fysisk"})
    f = Forloeb.model_validate(data)
    (fig,) = phase_figures(f)
    assert fig.kontakter_pr_aar == Range(4, 4)
    assert fig.virtuel_andel == 0.5


def test_cyclic_relative_frequencies_do_not_recurse_forever() -> None:
    data = minimal_pathway()
    data["trin"][0]["hyppighed"] = {
        "type": "interval",
        "fra": 2,
        "enhed": "gang",
        "relativ_til": "kontrol",
        "tekst": "x",
    }
    data["trin"][1]["hyppighed"] = {"type": "interval", "fra": 2, "enhed": "gang", "relativ_til": "start", "tekst": "y"}
    f = Forloeb.model_validate(data)
    steps = {t.id: t for t in f.trin}
    assert per_year(steps["start"], steps) is None


def test_tests_are_the_examination_steps() -> None:
    data = minimal_pathway()
    data["trin"][1].update(type="undersoegelse")
    f = Forloeb.model_validate(data)
    assert [t.id for t in examinations(f)] == ["kontrol"]


# --- Branches: alternatives are never added up ---------------------------------------------------


def step(sid: str, hyppighed: dict[str, Any] | None = None, *to: str, **more: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": sid, "titel": sid.capitalize(), "type": "konsultation", "fase": "kontrol"}
    if hyppighed is not None:
        data.update(form="fysisk", hyppighed=hyppighed)
    data["overgange"] = [{"til": t} for t in to]
    if not to:
        data["type"] = "afslutning"
    return {**data, **more}


MONTHLY = {"type": "interval", "fra": 1, "enhed": "maaned", "tekst": "Hver måned"}
QUARTERLY = {"type": "interval", "fra": 3, "enhed": "maaned", "tekst": "Hver 3. måned"}


def figures(*steps: dict[str, Any]) -> list[tuple[str | None, Range]]:
    f = Forloeb.model_validate(minimal_pathway(trin=list(steps)))
    return [(r.gren, r.kontakter_pr_aar) for r in phase_figures(f)]


def test_two_ways_out_of_one_step_are_two_branches() -> None:
    rows = figures(
        step("start", None, "a", "b"),
        step("a", MONTHLY, "a"),
        step("b", QUARTERLY, "b"),
    )
    assert rows == [("A", Range(12, 12)), ("B", Range(4, 4))]


def test_ways_followed_together_are_added_up() -> None:
    rows = figures(
        step("start", None, "a", "b", forgrening="samtidig"), step("a", MONTHLY, "a"), step("b", QUARTERLY, "b")
    )
    assert rows == [(None, Range(16, 16))]


def test_steps_on_one_loop_are_added_up_and_a_way_out_of_it_is_another_branch() -> None:
    rows = figures(
        step("a", MONTHLY, "b", "c"),
        step("b", QUARTERLY, "a"),
        step("c", QUARTERLY, "c"),
    )
    assert rows == [("A", Range(16, 16)), ("C", Range(4, 4))]


def test_steps_marked_as_alternatives_are_never_in_one_branch() -> None:
    rows = figures(
        step("start", None, "a", "b", forgrening="samtidig"),
        step("a", MONTHLY, "a", alternativ_til=["b"]),
        step("b", QUARTERLY, "b"),
    )
    assert sorted(rows, key=str) == [("A", Range(12, 12)), ("B", Range(4, 4))]


def test_a_way_that_ends_the_pathway_is_left_out() -> None:
    rows = figures(step("a", MONTHLY, "a", "slut"), step("slut"))
    assert rows == [(None, Range(12, 12))]


def test_alternatives_with_equal_figures_are_one_row_with_ranges() -> None:
    f = Forloeb.model_validate(
        minimal_pathway(
            trin=[
                step("start", None, "a", "b"),
                step("a", {"type": "engang", "tekst": "x"}, "slut"),
                step("b", None, "slut"),
                step("slut"),
            ]
        )
    )
    (row,) = phase_figures(f)
    assert row.gren is None and row.engangskontakter == Range(0, 1)


def test_many_independent_choices_are_capped_not_exponential() -> None:
    tracks = [f"t{i}" for i in range(40)]
    steps = [step("start", None, *tracks, forgrening="samtidig")]
    for t in tracks:
        steps += [step(t, None, f"{t}a", f"{t}b"), step(f"{t}a", MONTHLY, f"{t}a"), step(f"{t}b", QUARTERLY, f"{t}b")]
    f = Forloeb.model_validate(minimal_pathway(trin=steps))
    started = time.process_time()
    branches = phase_branches(f, {t.id for t in f.trin})
    assert len(branches) <= MAX_BRANCHES
    assert time.process_time() - started < 5, "2**40 combinations must not be enumerated"


# --- Task shifting ----------------------------------------------------------------------------------


def shifts(**changes: Any) -> list[tuple[str, tuple[str | int, ...], str | None, bool]]:
    data = minimal_pathway()
    data["trin"][1].update(changes)
    f = Forloeb.model_validate(data)
    return [(s.udfoerer, s.loc, s.citat, s.is_warning) for s in task_shifts(f.trin[1])]


AFTALE = {"navn": "Et nationalt pakkeforløb", "niveau": "national", "kilde": "Afsnit 1"}


def test_general_practice_and_municipal_nursing_are_flagged_not_every_municipal_step() -> None:
    assert shifts(udfoerer="almen-praksis") == [("almen-praksis", ("udfoerer",), None, True)]
    assert shifts(udfoerer="kommunal-sygepleje") == [("kommunal-sygepleje", ("udfoerer",), None, True)]
    assert shifts(udfoerer="kommune") == []
    assert shifts(udfoerer="laege") == []


def test_a_task_given_in_the_text_is_found_with_its_sentence() -> None:
    text = "Patienten informeres. I øvrigt rådes der til screening af 1. grads slægtninge via egen læge. Slut."
    assert shifts(beskrivelse=text) == [
        (
            "almen-praksis",
            ("beskrivelse",),
            "I øvrigt rådes der til screening af 1. grads slægtninge via egen læge.",
            True,
        )
    ]
    assert shifts(punkter=["a", "Hjemmesygeplejen giver medicinen."]) == [
        ("kommunal-sygepleje", ("punkter", 1), "Hjemmesygeplejen giver medicinen.", True)
    ]
    assert shifts(beskrivelse="Patienten informeres. Egen læge tager blodprøver.") == [
        ("almen-praksis", ("beskrivelse",), "Egen læge tager blodprøver.", True)
    ]
    # Where the patient comes from is no task.
    assert shifts(beskrivelse="Patienter henvises typisk fra egen læge eller fra almen praksis.") == []


def test_a_task_given_in_the_title_is_found_there() -> None:
    assert shifts(titel="Blodprøver hos egen læge") == [("almen-praksis", ("titel",), "Blodprøver hos egen læge", True)]


def test_a_named_agreement_turns_the_warning_into_information() -> None:
    assert shifts(udfoerer="almen-praksis", aftale=AFTALE) == [("almen-praksis", ("udfoerer",), None, False)]


def test_changes_of_sector_are_handovers() -> None:
    data = minimal_pathway()
    data["trin"][1]["udfoerer"] = "almen-praksis"
    data["trin"][1]["aftale"] = AFTALE
    data["trin"][0]["overgange"][0]["overlevering"] = {"ansvar_foer": "Sygehuset", "ansvar_efter": "Egen læge"}
    f = Forloeb.model_validate(data)
    (h,) = handovers(f)
    assert (h.fra.id, h.til.id, h.fra_sektor, h.til_sektor, h.loc) == (
        "start",
        "kontrol",
        "sygehuset",
        "almen praksis",
        ("trin", 0, "overgange", 0),
    )
    assert h.overgang.overlevering is not None and h.overgang.overlevering.ansvar_efter == "Egen læge"


def test_the_virtual_share_is_that_of_the_middle_of_each_range() -> None:
    # Video every 3-6 months (2-4 a year) and a physical visit every year, in one loop: 3-5 contacts a
    # year, of which 2-4 virtual. The share is 3 of 4 (the middles), not 2 of 3 or 4 of 5 (the bounds).
    data = minimal_pathway()
    yearly = {"type": "interval", "fra": 12, "enhed": "maaned", "tekst": "Hver 12. måned"}
    data["trin"].insert(2, {**data["trin"][1], "id": "fysisk", "form": "fysisk", "hyppighed": yearly})
    data["trin"][2]["overgange"] = [{"til": "kontrol"}]
    data["trin"][1]["overgange"].append({"til": "fysisk"})
    (fig,) = phase_figures(Forloeb.model_validate(data))
    assert (fig.kontakter_pr_aar.lo, fig.kontakter_pr_aar.hi) == pytest.approx((3, 5))
    assert (fig.virtuelle_pr_aar.lo, fig.virtuelle_pr_aar.hi) == pytest.approx((2, 4))
    assert fig.virtuel_andel == pytest.approx(0.75)


def test_a_phase_without_yearly_contacts_has_no_virtual_share() -> None:
    data = minimal_pathway()
    data["trin"][1]["hyppighed"] = {"type": "engang", "tekst": "Én gang"}
    (fig,) = phase_figures(Forloeb.model_validate(data))
    assert fig.kontakter_pr_aar == Range(0, 0) and fig.engangskontakter == Range(2, 2)
    assert fig.virtuel_andel is None


def test_tests_in_one_branch_are_added_up() -> None:
    # A monthly and a quarterly test on one loop: 12 + 4 tests a year, not the last one's 4.
    test = {"type": "undersoegelse"}
    f = Forloeb.model_validate(
        minimal_pathway(trin=[step("a", MONTHLY, "b", **test), step("b", QUARTERLY, "a", **test)])
    )
    (row,) = phase_figures(f)
    assert row.undersoegelser_pr_aar == Range(16, 16)


def test_needs_based_contacts_of_alternatives_with_equal_figures_are_all_listed() -> None:
    # Two ways with the same yearly figures: one row, listing the on-demand contacts of both ways.
    on_demand = {"type": "efter-behov", "tekst": "Efter behov"}
    f = Forloeb.model_validate(
        minimal_pathway(
            trin=[
                step("start", None, "a", "b"),
                step("a", on_demand, "slut"),
                step("b", {"type": "engang", "tekst": "Én gang"}, "slut"),
                step("slut"),
            ]
        )
    )
    (row,) = phase_figures(f)
    assert row.gren is None
    assert [t.id for t in row.efter_behov] == ["a"]
    assert row.engangskontakter == Range(0, 1)


def test_branches_of_the_same_name_are_numbered_apart() -> None:
    rows = figures(
        step("start", None, "a", "b"),
        step("a", MONTHLY, "a", titel="Kontrol"),
        step("b", QUARTERLY, "b", titel="Kontrol"),
    )
    assert rows == [("Kontrol (1)", Range(12, 12)), ("Kontrol (2)", Range(4, 4))]


def test_contacts_and_tests_outside_the_phases_have_their_own_rows_first() -> None:
    yearly = {"type": "interval", "fra": 1, "enhed": "aar", "tekst": "Hvert år"}
    data = minimal_pathway()
    # Outside any phase, either a yearly test or a yearly phone contact: each alone is enough for a row.
    data["trin"][1:1] = [
        {**step("aarsproeve", yearly, "kontrol", type="undersoegelse", form=None), "fase": None},
        {**step("telefon", yearly, "kontrol", form="telefon"), "fase": None},
    ]
    data["trin"][0]["overgange"] = [{"til": "aarsproeve"}, {"til": "telefon"}]
    rows = phase_figures(Forloeb.model_validate(data))
    assert [(r.fase_id, r.titel, r.gren, r.undersoegelser_pr_aar, r.kontakter_pr_aar) for r in rows[:2]] == [
        ("", "Uden for faserne", "Aarsproeve", Range(1, 1), ZERO),
        ("", "Uden for faserne", "Telefon", ZERO, Range(1, 1)),
    ]
    assert [r.fase_id for r in rows[2:]] == ["kontrol"]


def test_an_outside_step_that_is_neither_contact_nor_test_gives_no_row() -> None:
    data = minimal_pathway()
    data["trin"][2]["fase"] = None  # the closing step is outside the phases
    rows = phase_figures(Forloeb.model_validate(data))
    assert [r.fase_id for r in rows] == ["kontrol"]


def test_a_phase_without_steps_still_has_its_row() -> None:
    faser = [{"id": "kontrol", "titel": "Kontrolfase"}, {"id": "opfoelgning", "titel": "Opfølgning"}]
    rows = phase_figures(pathway(faser=faser))
    assert [(r.fase_id, r.titel, r.gren) for r in rows] == [
        ("kontrol", "Kontrolfase", None),
        ("opfoelgning", "Opfølgning", None),
    ]
    assert rows[1].figures() == (ZERO, ZERO, ZERO, ZERO, ())


# --- The purpose of a threshold -----------------------------------------------------------------


def test_a_thresholds_purpose_is_given_or_derived_from_where_it_stands() -> None:
    def limit(**formaal: str) -> dict[str, Any]:
        return {"parameter": "ferritin", "operator": ">", "vaerdi": 50, "enhed": "µg/L", **formaal}

    faser = [{"id": p, "titel": p.capitalize()} for p in ("udredning", "behandling", "kontrol")]
    data = minimal_pathway(
        faser=faser,
        trin=[
            {
                **step("start", None, "tapning"),
                "fase": "udredning",
                "overgange": [{"til": "tapning", "graensevaerdier": [limit()]}],
            },
            {
                **step("tapning", None, "kontrol"),
                "type": "behandling",
                "fase": "behandling",
                "overgange": [
                    {"til": "tapning", "graensevaerdier": [limit()]},
                    {"til": "kontrol", "graensevaerdier": [limit(), limit(formaal="kontrol")]},
                ],
            },
            {**step("kontrol", None), "fase": "kontrol"},
        ],
    )
    data["henvisning"]["kriterier"] = [
        {"tekst": "Ferritin over 50", "graensevaerdier": [limit(), limit(formaal="akut")]}
    ]
    got = [(t.loc, t.formaal) for t in thresholds(Forloeb.model_validate(data))]
    assert got == [
        # A referral criterion is for referral unless it says otherwise.
        (("henvisning", "kriterier", 0, "graensevaerdier", 0), "henvisning"),
        (("henvisning", "kriterier", 0, "graensevaerdier", 1), "akut"),
        # Into a treatment phase from a phase without treatment: not derivable.
        (("trin", 0, "overgange", 0, "graensevaerdier", 0), None),
        # Within the treatment phase: not derivable.
        (("trin", 1, "overgange", 0, "graensevaerdier", 0), None),
        # Out of the treatment phase into another phase: the treatment target.
        (("trin", 1, "overgange", 1, "graensevaerdier", 0), "behandlingsmaal"),
        (("trin", 1, "overgange", 1, "graensevaerdier", 1), "kontrol"),
    ]


def test_a_step_counted_per_time_of_a_missing_step_has_no_yearly_figure() -> None:
    # The consistency check reports the unknown relativ_til; the figures must not fail on it meanwhile.
    data = minimal_pathway()
    data["trin"][1]["hyppighed"] = {
        "type": "interval",
        "fra": 2,
        "enhed": "gang",
        "relativ_til": "findes-ikke",
        "tekst": "x",
    }
    f = Forloeb.model_validate(data)
    steps = {t.id: t for t in f.trin}
    assert per_year(steps["kontrol"], steps) is None


# --- The branches' steps and names ------------------------------------------------------------------


def branches(*steps: dict[str, Any], **changes: Any) -> list[tuple[str, list[str]]]:
    """The branches of phase 'kontrol': each its name and its steps in pathway order."""
    f = Forloeb.model_validate(minimal_pathway(trin=list(steps), **changes))
    order = [t.id for t in f.trin]
    members = {t.id for t in f.trin if t.fase == "kontrol"}
    return [(b.name, sorted(b.steps, key=order.index)) for b in phase_branches(f, members)]


def test_a_branch_through_parallel_choices_is_named_by_the_way_chosen_in_each() -> None:
    assert branches(
        step("start", None, "t1", "t2", forgrening="samtidig"),
        step("t1", None, "a", "b"),
        step("t2", None, "c", "d"),
        step("a", MONTHLY, "a"),
        step("b", MONTHLY, "b"),
        step("c", QUARTERLY, "c"),
        step("d", QUARTERLY, "d"),
    ) == [
        ("A → C", ["start", "t1", "t2", "a", "c"]),
        ("A → D", ["start", "t1", "t2", "a", "d"]),
        ("B → C", ["start", "t1", "t2", "b", "c"]),
        ("B → D", ["start", "t1", "t2", "b", "d"]),
    ]


def test_a_branch_without_a_choice_is_named_by_its_first_step_in_pathway_order() -> None:
    # Two ways into the pathway (no step leads to either); ids sort the other way round.
    assert branches(
        step("visitation", {"type": "engang", "tekst": "Én gang"}, "kontrol", titel="Visitation"),
        step("akut", {"type": "engang", "tekst": "Én gang"}, "kontrol", titel="Akut indlæggelse"),
        step("kontrol", MONTHLY, "kontrol"),
    ) == [("Visitation", ["visitation", "kontrol"]), ("Akut indlæggelse", ["akut", "kontrol"])]


def test_a_loop_is_named_by_its_first_step_in_pathway_order() -> None:
    # Staying in the loop is one branch, leaving it for good another (what comes after the loop).
    assert branches(
        step("vurdering", MONTHLY, "blodproeve", "slut"),
        step("blodproeve", QUARTERLY, "vurdering"),
        step("slut"),
    ) == [("Vurdering", ["vurdering", "blodproeve"]), ("Slut", ["slut"])]


def test_a_parallel_track_started_in_a_loop_belongs_to_staying_in_it() -> None:
    assert branches(
        step("start", None, "kontrol"),
        step("kontrol", MONTHLY, "kontrol", "hjemme", forgrening="samtidig"),
        step("hjemme", QUARTERLY, "hjemme"),
    ) == [("Start", ["start", "kontrol", "hjemme"])]


def test_alternative_ways_into_a_phase_are_branches_not_added_up() -> None:
    faser = [{"id": "udredning", "titel": "Udredning"}, {"id": "kontrol", "titel": "Kontrolfase"}]
    assert branches(
        {**step("start", None, "a", "b"), "fase": "udredning"},
        step("a", MONTHLY, "a"),
        step("b", QUARTERLY, "b"),
        faser=faser,
    ) == [("A", ["a"]), ("B", ["b"])]


def test_each_group_of_alternatives_holds_one_step_per_branch() -> None:
    # Two separate groups on parallel tracks: one step of each in every branch.
    assert branches(
        step("start", None, "a", "b", "c", "d", forgrening="samtidig"),
        step("a", MONTHLY, "a", alternativ_til=["b"]),
        step("b", MONTHLY, "b"),
        step("c", QUARTERLY, "c", alternativ_til=["d"]),
        step("d", QUARTERLY, "d"),
    ) == [
        ("A → C", ["start", "a", "c"]),
        ("A → D", ["start", "a", "d"]),
        ("B → C", ["start", "b", "c"]),
        ("B → D", ["start", "b", "d"]),
    ]


def test_alternatives_linked_in_a_chain_are_one_group_in_pathway_order() -> None:
    # zeta is an alternative to mid, and mid to alfa: all three exclude one another.
    assert branches(
        step("start", None, "zeta", "mid", "alfa", forgrening="samtidig"),
        step("zeta", MONTHLY, "zeta", alternativ_til=["mid"]),
        step("mid", MONTHLY, "mid", alternativ_til=["alfa"]),
        step("alfa", QUARTERLY, "alfa"),
    ) == [("Zeta", ["start", "zeta"]), ("Mid", ["start", "mid"]), ("Alfa", ["start", "alfa"])]


def test_alternatives_on_ways_that_exclude_each_other_anyway_split_nothing() -> None:
    # The first way holds neither alternative, the second holds both (its step starts both).
    assert branches(
        step("start", None, "ingen", "begge"),
        step("ingen", QUARTERLY, "ingen"),
        step("begge", None, "a", "b", forgrening="samtidig"),
        step("a", MONTHLY, "a", alternativ_til=["b"]),
        step("b", MONTHLY, "b"),
        step("c", MONTHLY, "c", alternativ_til=["ingen"]),
    )[:3] == [
        ("Ingen", ["start", "ingen"]),
        ("Begge → A", ["start", "begge", "a"]),
        ("Begge → B", ["start", "begge", "b"]),
    ]


def test_a_way_to_a_step_not_in_the_pathway_is_named_by_its_id() -> None:
    # The consistency check reports the unknown step; the branches must not fail on it meanwhile.
    assert branches(step("start", None, "a", "findes-ikke"), step("a", MONTHLY, "a")) == [
        ("A", ["start", "a"]),
        ("findes-ikke", ["start"]),
    ]
