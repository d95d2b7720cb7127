"""Diagnosis codes as people type them, and how codes cover each other.

SKS codes are hierarchical by prefix: DE83 covers DE831, which covers DE831A. An SKS diagnosis
code is an ICD-10 code with a D in front and no dot, so 'DE831' is 'E83.1' in ICD-10.
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


def icd10(code: str) -> str:
    """The ICD-10 spelling of an SKS code: 'DE831' -> 'E83.1', 'DM05' -> 'M05' (a category has no dot)."""
    bare = code.removeprefix("D")
    return f"{bare[:3]}.{bare[3:]}" if len(bare) > 3 else bare


def spellings(code: str) -> list[str]:
    """Every common way to write an SKS code, the SKS form first: 'DE831' -> DE831, E83.1, E831, DE83.1.

    A search that only knows one of them finds nothing when the reader types another."""
    dotted = icd10(code)
    return list(dict.fromkeys([code, dotted, code.removeprefix("D"), f"D{dotted}"]))


def codes_meet(a: str, b: str) -> bool:
    """Whether two codes cover some of the same diagnoses: one is a prefix of the other."""
    return a.startswith(b) or b.startswith(a)
