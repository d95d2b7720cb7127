"""Figures derived from trin: contacts per year, virtual share, tests, task-shifting flags."""

from __future__ import annotations

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.model.derived import Range, consultations, examinations, per_year, phase_figures, task_shift
from forloeb.model.pathway import Forloeb
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


def test_haemokromatose_phase_figures() -> None:
    f = load_catalog(ROOT).forloeb["haemokromatose"]
    figures = {p.fase_id: p for p in phase_figures(f)}
    assert figures["udredning"].engangskontakter == 1
    tapning = figures["tapningsfase"]
    assert (round(tapning.kontakter_pr_aar.lo), round(tapning.kontakter_pr_aar.hi)) == (26, 52)
    assert tapning.virtuel_andel == 0
    vedligehold = figures["vedligeholdelsesfase"]
    assert [t.id for t in vedligehold.efter_behov] == ["tapning-efter-behov"]
    assert vedligehold.undersoegelser_pr_aar == Range(4.0, 5.0)  # 3-4 controls plus the yearly ferritin


def test_virtual_share_counts_video_against_physical() -> None:
    f = pathway()
    (fig,) = phase_figures(f)
    assert fig.engangskontakter == 1  # the physical first visit
    assert (fig.kontakter_pr_aar.lo, fig.kontakter_pr_aar.hi) == pytest.approx((2, 4))
    assert fig.virtuel_andel == 1.0
    assert [t.id for t in consultations(f)] == ["start", "kontrol"]


def test_expected_count_for_needs_based_steps() -> None:
    data = minimal_pathway()
    data["trin"][1]["hyppighed"] = {"type": "efter-behov", "antal_pr_aar": 2, "tekst": "Efter behov"}
    data["trin"][1]["form"] = "telefon"
    data["trin"].insert(2, {**data["trin"][1], "id": "fysisk", "form": "fysisk", "overgange": [{"til": "slut"}]})
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


def test_tests_and_task_shift() -> None:
    data = minimal_pathway()
    data["trin"][1].update(type="undersoegelse", udfoerer="almen-praksis")
    f = Forloeb.model_validate(data)
    assert [t.id for t in examinations(f)] == ["kontrol"]
    assert task_shift(f.trin[1]) == "almen praksis"
    assert task_shift(f.trin[0]) is None
