"""Placeholder texts that the scaffold writes and an editor must replace.

Every placeholder begins with MARKER, so one left in is visible on the page and can be found
here. In a draft it is a reminder (info); a pathway sent for approval must have none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from forloeb.load.problems import ModelProblem
from forloeb.model.pathway import Forloeb

MARKER = "UDFYLD:"


def placeholder(hint: str) -> str:
    """The placeholder for a text field, e.g. 'UDFYLD: Skriv formålet med forløbet her.'"""
    return f"{MARKER} {hint}"


def is_placeholder(text: str) -> bool:
    return text.lstrip().startswith(MARKER)


def find_placeholders(f: Forloeb) -> Iterator[ModelProblem]:
    if MARKER not in f.model_dump_json():  # the common case, found without walking every field
        return
    draft = f.status in ("udkast", None)  # an example without status is no more final than a draft
    for loc, text in _texts(f.model_dump(), ()):
        if not is_placeholder(text):
            continue
        where = ".".join(str(part) for part in loc)
        if draft:
            yield ModelProblem(loc, f"{where}: skriv teksten i stedet for pladsholderen '{MARKER} …'", "info")
        else:
            yield ModelProblem(
                loc, f"{where}: pladsholderen '{MARKER} …' skal erstattes, før status kan være {f.status}", "fejl"
            )


def _texts(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    # model_dump keys are the YAML keys, so loc points at the line in the file.
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _texts(item, (*loc, i))
    elif isinstance(value, str):
        yield loc, value
