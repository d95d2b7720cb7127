"""Danish formatting of dates and numbers, shared by the site's templates and the change summaries."""

from __future__ import annotations

from datetime import date

from forloeb.model import labels
from forloeb.model.derived import Range
from forloeb.model.pathway import Tidsfrist


def danish_date(value: date) -> str:
    return f"{value.day}. {labels.MAANED[value.month - 1]} {value.year}"


def number(value: float) -> str:
    """Danish number: whole above 10, one decimal with a comma below."""
    value = round(value, 1)  # first, so 9.96 is 10 as 10.04 is, not "10,0"
    if value >= 10 or value == int(value):
        return str(round(value))
    return f"{value:.1f}".replace(".", ",")


def exact(value: float) -> str:
    """A threshold exactly as written: 200 not 200.0, 0,5 with a Danish comma."""
    text = str(int(value)) if value == int(value) else repr(value)
    return text.replace(".", ",")


def span(value: Range) -> str:
    lo, hi = number(value.lo), number(value.hi)
    return lo if lo == hi else f"{lo}–{hi}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def days(n: int, *, short: bool = False) -> str:
    word = "dag" if short else "kalenderdag"
    return f"{n} {word}" if n == 1 else f"{n} {word}e"


def time_frame(t: Tidsfrist, *, short: bool = False) -> str:
    """In the source's terms: an aim as "det tilstræbes inden for 8 kalenderdage", a limit as "højst 30
    kalenderdage". The two are never written alike, so an aim is not read as a limit."""
    parts = []
    if t.maal_dage is not None:
        parts.append(f"det tilstræbes inden for {days(t.maal_dage, short=short)}")
    if t.maks_dage is not None:
        parts.append(f"højst {days(t.maks_dage, short=short)}")
    return ", ".join(parts)


def upper_first(text: str) -> str:
    """'højst 8 kalenderdage' -> 'Højst 8 kalenderdage'; unlike str.capitalize the rest is kept."""
    return text[:1].upper() + text[1:]
