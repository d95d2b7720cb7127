"""Danish formatting of dates and numbers, shared by the site's templates and the change summaries."""

from __future__ import annotations

from datetime import date

from forloeb.model import labels
from forloeb.model.derived import Range


def danish_date(value: date) -> str:
    return f"{value.day}. {labels.MAANED[value.month - 1]} {value.year}"


def number(value: float) -> str:
    """Danish number: whole above 10, one decimal with a comma below."""
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
