"""Danish formatting of numbers, ranges and time frames, and the status as the site shows it."""

from __future__ import annotations

from forloeb.model.derived import Range
from forloeb.model.formatting import days, number, span, time_frame, upper_first
from forloeb.model.labels import status_label
from forloeb.model.pathway import Tidsfrist


def test_a_number_below_ten_has_one_decimal_with_a_comma() -> None:
    assert number(2.5) == "2,5"
    assert number(0.25) == "0,2"  # Python rounds half to even
    assert number(3.0) == "3"
    assert number(2.96) == "3"  # not "3,0"


def test_a_number_of_ten_or_more_is_whole() -> None:
    assert number(10.4) == "10"
    assert number(26.1) == "26"


def test_a_range_is_written_with_an_en_dash_and_once_when_its_ends_agree() -> None:
    assert span(Range(2, 4)) == "2–4"
    assert span(Range(26.09, 52.18)) == "26–52"
    assert span(Range(12, 12)) == "12"
    assert span(Range(9.96, 10.04)) == "10"  # the ends agree as written


def test_days_are_calendar_days_in_singular_and_plural() -> None:
    assert days(1) == "1 kalenderdag"
    assert days(2) == "2 kalenderdage"
    assert days(30) == "30 kalenderdage"
    assert days(1, short=True) == "1 dag"
    assert days(2, short=True) == "2 dage"


def test_an_aim_and_a_limit_are_written_in_the_sources_terms() -> None:
    assert time_frame(Tidsfrist(maal_dage=8)) == "det tilstræbes inden for 8 kalenderdage"
    assert time_frame(Tidsfrist(maks_dage=30)) == "højst 30 kalenderdage"
    assert (
        time_frame(Tidsfrist(maal_dage=8, maks_dage=30), short=True) == "det tilstræbes inden for 8 dage, højst 30 dage"
    )


def test_upper_first_capitalises_only_the_first_letter() -> None:
    assert upper_first("højst 8 kalenderdage") == "Højst 8 kalenderdage"
    assert upper_first("almen praksis efter MinSP") == "Almen praksis efter MinSP"
    assert upper_first("") == ""


def test_an_example_says_so_next_to_its_status() -> None:
    assert status_label("udkast", False) == "Udkast"
    assert status_label("til-godkendelse", False) == "Til godkendelse i SFR"
    assert status_label("udkast", True) == "Udkast (eksempel)"
    assert status_label(None, True) == "Eksempel"
