"""Proposed structured thresholds from a document's sentences: "ferritin over 300 µg/l hos mænd".

A proposal, not a fact: the working group confirms or corrects it (the entry is marked
maskinudtrukket). Each comparison in a sentence gives one threshold: the parameter is the last word
of substance before the comparison (or the previous comparison's, as in "> 200 µg/L hos kvinder
eller > 300 µg/L hos mænd"); the value is read as Danish writes numbers (1.000 and 7,5); the sex
follows the unit; the purpose comes from the sentence's words (referral, start of treatment,
treatment target, control, acute), or is left out when they do not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forloeb.danish import ascii_fold
from forloeb.model.pathway import Formaal, Koen, Operator
from forloeb.overlap.words import number, sentences

_OPERATORS: list[tuple[str, Operator]] = [
    (r"(?:på eller over|ikke under|mindst|≥|>=)", ">="),
    (r"(?:på eller under|ikke over|højst|maksimalt|≤|<=)", "<="),
    (r"(?:større end|højere end|mere end|over|>)", ">"),
    (r"(?:mindre end|lavere end|under|<)", "<"),
]
_UNITS = r"(?:µg/l|μg/l|ug/l|mcg/l|ng/ml|mmol/l|µmol/l|μmol/l|umol/l|mg/l|mg/dl|g/l|g/dl|u/l|e/l|mio/l|%|procent)"
_COMPARISON = re.compile(
    rf"(?P<op>{'|'.join(p for p, _ in _OPERATORS)})\s*(?P<num>\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d+(?:[.,]\d+)?)"
    rf"\s*(?P<unit>{_UNITS})(?![\w/])",
    re.IGNORECASE,
)
_SEX = re.compile(r"^\W{0,3}(?:hos|for|blandt)?\s*\(?(kvinder|mænd)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w\-]*")
# Words between a parameter and its comparison: "ferritin er vedvarende over", "ferritinværdi på".
_FILLERS = """er på ved og eller hos når hvis end har være været bliver blev ligger stiger steget falder faldet
    kommet kommer nået bragt målt måles måling målinger værdi værdien værdier niveau niveauet vedvarende
    fortsat stadig kun mindst højst kvinder mænd patienter patienten til at der som med samt"""
_NOT_A_PARAMETER = frozenset(_FILLERS.split())
# The first purpose whose words the sentence has, in this order.
_PURPOSES: list[tuple[Formaal, re.Pattern[str]]] = [
    ("akut", re.compile(r"\bakut|\bstraks\b|omgående|samme dag|indlæggelse", re.I)),
    ("behandlingsmaal", re.compile(r"\bindtil\b|behandlingsmål|\bmålet\b|tilstræbes|fortsætter\b.*\btil\b", re.I)),
    ("henvisning", re.compile(r"henvis|visitation|\budred|mistanke", re.I)),
    ("behandlingsstart", re.compile(r"påbegynd|opstart|startes|indledes|iværksættes|indiceret|indikation", re.I)),
    ("kontrol", re.compile(r"kontrol|monitor|følges|måles hver", re.I)),
]


@dataclass(frozen=True)
class Proposal:
    sentence: str
    parameter: str
    operator: Operator
    vaerdi: float
    enhed: str
    koen: Koen | None
    formaal: Formaal | None


def proposals(text: str, known: frozenset[str] = frozenset()) -> list[Proposal]:
    """The thresholds the text states; `known` are parameters the catalog already uses (e.g. ferritin),
    preferred over other words before a comparison."""
    out = []
    for sentence in sentences(text):
        purpose = next((p for p, pattern in _PURPOSES if pattern.search(sentence)), None)
        parameter: str | None = None
        previous_end = 0
        for m in _COMPARISON.finditer(sentence):
            parameter = _parameter(sentence[previous_end : m.start()], known) or parameter
            previous_end = m.end()
            if parameter is None:
                continue
            sex = _SEX.match(sentence[m.end() :])
            out.append(
                Proposal(
                    sentence=sentence,
                    parameter=parameter,
                    operator=_operator(m["op"]),
                    vaerdi=_value(number(m["num"])),
                    enhed=_unit(m["unit"]),
                    koen=None if sex is None else ("kvinde" if sex[1].lower() == "kvinder" else "mand"),
                    formaal=purpose,
                )
            )
    return out


def _parameter(before: str, known: frozenset[str]) -> str | None:
    words = [_slug(w) for w in reversed(_WORD.findall(before))]
    if found := next((w for w in words if w in known), None):
        return found
    for word, slug in zip(reversed(_WORD.findall(before)), words, strict=True):
        if word.lower() not in _NOT_A_PARAMETER and len(word) >= 3 and slug:
            return slug
    return None


def _slug(word: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(word.lower())).strip("-")


def _value(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _operator(text: str) -> Operator:
    return next(op for pattern, op in _OPERATORS if re.fullmatch(pattern, text, re.IGNORECASE))


def _unit(text: str) -> str:
    lower = text.lower()
    if lower == "procent":
        return "%"
    return text[:-1] + "L" if lower.endswith("/l") else text
