"""Task shifting (opgaveglidning): steps that put a task in general practice or municipal nursing.

The concept states the rule in section 5.0 without exceptions, so it is quoted, never paraphrased.
A step is flagged when its performer is general practice or municipal nursing, or when its text
gives a task to them ("screening ... via egen læge", "hjemmesygeplejen"). A step whose placement
already holds under a named national or regional agreement (its `aftale`) is shown as information
instead of as a warning: such a step is not shifted by this pathway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from forloeb.model.pathway import Aftale, Trin

RULE = "Patientforløbsbeskrivelsen må ikke medføre opgaveglidning mod almen praksis eller den kommunale sygepleje."
RULE_SOURCE = "Konceptbeskrivelsen for Behovsbestemt ambulatorie, afsnit 5.0"

# The two sectors the rule names, by the performer value that stands for each.
SECTORS = {"almen-praksis": "almen praksis", "kommunal-sygepleje": "den kommunale sygepleje"}
AGREEMENT_LEVEL = {"national": "national aftale", "regional": "regional aftale"}

# Words in prose that name one of the sectors, longest first so one mention is one match.
_MENTION = re.compile(
    r"\b(?:(?P<gp>alment praktiserende læger?|praktiserende læger?|praksislæger?|egen læges?|egne læger|almen praksis)"
    r"|(?P<nursing>hjemmesygeplej\w*|kommunale? sygeplej\w*|kommunens sygeplej\w*))\b",
    re.IGNORECASE,
)
# Every mention above contains one of these; a text without them needs no regular expression.
_WORDS = ("læge", "praksis", "sygeplej")
# "henvises fra egen læge" says where a patient comes from, not which task the sector gets.
_ORIGIN = re.compile(r"\bfra\s+(?:den\s+|sin\s+|typisk\s+)?$", re.IGNORECASE)
# A sentence ends at . ! or ? followed by a capital letter, so "1. grads slægtninge" stays whole.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÆØÅ])")


@dataclass(frozen=True)
class TaskShift:
    """One sector a step gives a task to, where the step says so, and the agreement if any."""

    udfoerer: str  # the sector as a performer value: 'almen-praksis' or 'kommunal-sygepleje'
    loc: tuple[str | int, ...]  # where in the step: ("udfoerer",), ("beskrivelse",), ("punkter", 2) ...
    citat: str | None  # the sentence that gives the task, when it is found in the step's text
    aftale: Aftale | None

    @property
    def sektor(self) -> str:
        return SECTORS[self.udfoerer]

    @property
    def is_warning(self) -> bool:
        return self.aftale is None


def _sentence(text: str, start: int, end: int) -> str:
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, end) if m.end() <= start), default=0)
    stop = next((m.end() for m in _SENTENCE_END.finditer(text, end)), len(text))
    return " ".join(text[begin:stop].split())


# The check and the pages ask for every step's mentions again after each edit under `mkdocs serve`.
@lru_cache(maxsize=1 << 16)
def _mentions(text: str) -> tuple[tuple[str, str], ...]:
    """(sector, sentence) for each sector the text gives a task to, in the order they appear."""
    lowered = text.lower()
    if not any(word in lowered for word in _WORDS):  # most texts: one cheap scan, no regex
        return ()
    found: dict[str, str] = {}
    for m in _MENTION.finditer(text):
        sector = "almen-praksis" if m.group("gp") else "kommunal-sygepleje"
        if sector not in found and not _ORIGIN.search(text[: m.start()]):
            found[sector] = _sentence(text, m.start(), m.end())
    return tuple(found.items())


def names_general_practice(text: str) -> bool:
    """Whether a text names general practice anywhere, e.g. as who holds the responsibility after a handover."""
    return any(m.group("gp") for m in _MENTION.finditer(text))


def _texts(step: Trin) -> list[tuple[tuple[str | int, ...], str]]:
    out: list[tuple[tuple[str | int, ...], str]] = [(("titel",), step.titel)]
    if step.beskrivelse:
        out.append((("beskrivelse",), step.beskrivelse))
    out += [(("punkter", i), p) for i, p in enumerate(step.punkter)]
    return out


def task_shifts(step: Trin) -> list[TaskShift]:
    """The sectors of the rule that a step gives a task to: by its performer, then by its text."""
    out: list[TaskShift] = []
    if step.udfoerer in SECTORS:
        out.append(TaskShift(step.udfoerer, ("udfoerer",), None, step.aftale))
    for loc, text in _texts(step):
        for sector, sentence in _mentions(text):
            if all(s.udfoerer != sector for s in out):
                out.append(TaskShift(sector, loc, sentence, step.aftale))
    return out
