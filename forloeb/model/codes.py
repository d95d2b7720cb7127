"""Diagnosis codes as people type them, and how codes cover each other.

SKS codes are hierarchical by prefix: DE83 covers DE831, which covers DE831A.
"""

from __future__ import annotations

import re

from pydantic import TypeAdapter, ValidationError

from forloeb.model.pathway import SksKode

_SKS: TypeAdapter[str] = TypeAdapter(SksKode)


def normalise_code(code: str) -> str | None:
    """An SKS code from what an editor types: 'E83.1', 'de831' and 'DE831' all give 'DE831'."""
    compact = re.sub(r"[\s.]", "", code).upper()
    for candidate in (compact, f"D{compact}"):
        try:
            _SKS.validate_python(candidate)
        except ValidationError:
            continue
        return candidate
    return None


def codes_meet(a: str, b: str) -> bool:
    """Whether two codes cover some of the same diagnoses: one is a prefix of the other."""
    return a.startswith(b) or b.startswith(a)
