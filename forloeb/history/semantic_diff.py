"""What changed between two versions of a pathway, as a list of changes a health council can judge.

Steps, phases and the other lists are matched by their id (or another key), so moving a step in
the file is no change and renaming its id shows as one step removed and one added. The YAML text
is never compared: comments and layout are not changes. Every field of the model is compared, so
no change is left out of the summary; diff_markdown.py turns the result into Markdown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Literal

from pydantic import BaseModel

from forloeb.model import labels
from forloeb.model.derived import Figures, PhaseFigures, phase_figures
from forloeb.model.formatting import danish_date, exact, time_frame
from forloeb.model.pathway import (
    Afgraensning,
    Afsnit,
    Aldersinterval,
    Definition,
    Diagnosekode,
    DigitalUnderstoettelse,
    Fase,
    Forloeb,
    Graensevaerdi,
    Henvisning,
    Historikpost,
    Hyppighed,
    Indikator,
    Kriterium,
    Overgang,
    Pro,
    Proevepakke,
    Reference,
    Relateret,
    Tidsfrist,
    Trin,
)

Kind = Literal["tilfoejet", "fjernet", "aendret"]

# Each top-level field of a pathway is listed under one heading, in this order.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Status og version": ("status", "version", "godkendt_dato", "naeste_revision", "eksempel", "historik"),
    "Titel og metadata": ("id", "titel", "soegeord", "speciale", "kilde", "tilfoejelser", "forloebstid"),
    "Formål og anvendelsesområde": ("formaal", "anvendelsesomraade"),
    "Patientgruppe": ("patientgruppe",),
    "Henvisning, visitation og kriterier": ("henvisning",),
    "Faser": ("faser",),
    "Trin": ("trin",),
    "Prøvepakker": ("proevepakker",),
    "Digital understøttelse": ("digital_understoettelse",),
    "PRO": ("pro",),
    "Vælg Klogt": ("vaelg_klogt",),
    "Opfølgning og afslutning": ("opfoelgning", "afslutning"),
    "Øvrige afsnit": ("oevrige_forhold", "ansvar", "indikatorer", "definitioner"),
    "D4, relaterede forløb og referencer": ("erstatter_d4", "relaterede", "referencer"),
}
SECTION_OF = {name: section for section, names in SECTIONS.items() for name in names}
STATUS_SECTION = "Status og version"
TRIN_SECTION = "Trin"

# The part of a step that says who sees the patient, how and how often: reported as one line.
CONTACT_FIELDS = ("udfoerer", "form", "hyppighed")


@dataclass(frozen=True)
class Change:
    """One change: to `field` of `subject` (or to the subject itself), listed under `section`."""

    section: str
    kind: Kind
    subject: str
    field: str | None = None
    old: str | None = None
    new: str | None = None
    noun: str | None = None  # for an added or removed list item: what it is, e.g. "trin"


@dataclass(frozen=True)
class FigureRow:
    """Planned contacts in one phase (or one branch of it) before and after; None where it does not exist."""

    titel: str
    before: PhaseFigures | None
    after: PhaseFigures | None
    gren: str | None = None


@dataclass(frozen=True)
class PathwayDiff:
    forloeb_id: str
    old: Forloeb | None
    new: Forloeb | None
    changes: list[Change]
    figures: list[FigureRow]

    @property
    def titel(self) -> str:
        current = self.new or self.old
        assert current is not None
        return current.titel

    def in_section(self, section: str) -> list[Change]:
        return [c for c in self.changes if c.section == section]


def compare(old: Forloeb | None, new: Forloeb | None, figures: Figures = phase_figures) -> PathwayDiff:
    """The changes from old to new; None stands for a pathway that is added or deleted. `figures`:
    phase_figures, or a memo of it where one version is compared and shown more than once."""
    current = new or old
    if current is None:
        raise ValueError("compare needs at least one version of the pathway")
    changes = list(_Differ(old, new).pathway()) if old and new else []
    return PathwayDiff(current.id, old, new, changes, _figures(old, new, figures))


def _figures(old: Forloeb | None, new: Forloeb | None, figures: Figures) -> list[FigureRow]:
    """Rows matched by phase and branch: a branch is never compared with (or added to) another."""
    before = {p.key: p for p in figures(old)} if old else {}
    after = {p.key: p for p in figures(new)} if new else {}
    order = list(after) + [k for k in before if k not in after]
    return [FigureRow((after.get(k) or before[k]).titel, before.get(k), after.get(k), k[1]) for k in order]


# --- Lists matched by a key -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Keyed:
    key: Callable[[Any], object]
    title: Callable[[Any], str]
    noun: str
    shown_in_title: tuple[str, ...] = ()  # fields the title already shows, left out of the summary


_KEYED: dict[type, _Keyed] = {
    Trin: _Keyed(lambda t: t.id, lambda t: t.titel, "trin"),
    Fase: _Keyed(lambda f: f.id, lambda f: f.titel, "fase", ("titel",)),
    Proevepakke: _Keyed(lambda p: p.id, lambda p: p.navn, "prøvepakke", ("navn",)),
    DigitalUnderstoettelse: _Keyed(
        lambda d: d.vaerktoej, lambda d: labels.DIGITALT_VAERKTOEJ[d.vaerktoej], "digitalt værktøj", ("vaerktoej",)
    ),
    Pro: _Keyed(lambda p: p.skema, lambda p: p.skema, "PRO-skema", ("skema",)),
    Afsnit: _Keyed(lambda a: a.titel, lambda a: a.titel, "afsnit", ("titel",)),
    Definition: _Keyed(lambda d: d.term, lambda d: d.term, "definition", ("term",)),
    Indikator: _Keyed(lambda i: i.navn, lambda i: i.navn, "indikator", ("navn",)),
    Relateret: _Keyed(lambda r: r.forloeb, lambda r: r.titel or r.forloeb, "relateret forløb", ("titel",)),
    Reference: _Keyed(lambda r: r.titel, lambda r: r.titel, "reference", ("titel",)),
    Diagnosekode: _Keyed(lambda d: d.kode, lambda d: d.kode, "diagnosekode", ("kode",)),
    Afgraensning: _Keyed(lambda a: a.forloeb, lambda a: a.forloeb, "afgrænsning mod forløbet", ("forloeb",)),
    Historikpost: _Keyed(
        lambda h: (h.version, h.dato),
        lambda h: f"{h.version} ({danish_date(h.dato)})",
        "historikpost",
        ("version", "dato"),
    ),
}


def _by_key(items: list[Any], spec: _Keyed) -> dict[object, tuple[str, Any]]:
    """Items by key; a repeated key gets a running number so nothing is lost."""
    seen: Counter[object] = Counter()
    out: dict[object, tuple[str, Any]] = {}
    for item in items:
        k = spec.key(item)
        n = seen[k]
        seen[k] += 1
        out[(k, n)] = (spec.title(item) + (f" ({n + 1})" if n else ""), item)
    return out


# --- Values as text -------------------------------------------------------------------------------

_LABELLED: dict[str, dict[str, str]] = {
    "status": labels.STATUS,
    "udfoerer": labels.UDFOERER,
    "form": labels.FORM,
    "vaerktoej": labels.DIGITALT_VAERKTOEJ,
    "koen": labels.KOEN,
}


def lower_first(text: str) -> str:
    """'Hver 3. måned' -> 'hver 3. måned', but 'MinSP' and 'AOP' stay as written."""
    first_word = text.split(" ", 1)[0]
    if len(text) > 1 and text[0].isupper() and not any(c.isupper() for c in first_word[1:]):
        return text[0].lower() + text[1:]
    return text


_EVERY_UNIT = {"dag": "dag", "uge": "uge", "maaned": "måned", "aar": "år"}  # "hver 3. måned", "hvert 2. år"


def frequency(h: Hyppighed | None, *, structured: bool = False, steps: Mapping[str, str] | None = None) -> str:
    """The frequency in the editor's words, or built from its figures (structured); a step it
    counts from is named by its title in steps, or by its id."""
    if h is None:
        return "uden hyppighed"
    if not structured:
        return lower_first(h.tekst)
    if h.type == "engang":
        return "én gang"
    if h.type == "efter-behov":
        return "efter behov" + (f", ca. {exact(h.antal_pr_aar)} pr. år" if h.antal_pr_aar is not None else "")
    assert h.fra is not None and h.enhed is not None
    every = f"{exact(h.fra)}." + (f"–{exact(h.til)}." if h.til is not None else "")
    if h.relativ_til:
        return f"hver {every} gang «{(steps or {}).get(h.relativ_til, h.relativ_til)}» udføres"
    return f"{'hvert' if h.enhed == 'aar' else 'hver'} {every} {_EVERY_UNIT[h.enhed]}"


def threshold(g: Graensevaerdi) -> str:
    return f"{g.operator} {exact(g.vaerdi)} {g.enhed}"


def threshold_subject(g: Graensevaerdi) -> str:
    return g.parameter + (f" hos {labels.KOEN[g.koen]}" if g.koen else "")


class _Differ:
    def __init__(self, old: Forloeb, new: Forloeb) -> None:
        self.old, self.new = old, new
        self.trin = {t.id: t.titel for f in (old, new) for t in f.trin}
        self.faser = {fa.id: fa.titel for f in (old, new) for fa in f.faser}
        self.pakker = {p.id: p.navn for f in (old, new) for p in f.proevepakker}

    # Formatting -----------------------------------------------------------------------------------

    def scalar(self, name: str, value: object) -> str:
        if value is None:
            return "–"
        if isinstance(value, bool):
            return "ja" if value else "nej"
        if isinstance(value, date):
            return danish_date(value)
        if isinstance(value, int | float):
            return exact(value)
        text = str(value)
        if name in _LABELLED:
            return _LABELLED[name].get(text, text)
        if name == "type":
            return labels.TRIN_TYPE.get(text, text)
        if name == "fase":
            return self.faser.get(text, text)
        if name == "proevepakke":
            return self.pakker.get(text, text)
        if name in ("trin", "alternativ_til"):  # step ids, shown as the steps' titles
            return self.trin.get(text, text)
        return text

    def summary(self, value: object, name: str = "", skip: tuple[str, ...] = ()) -> str:
        """A list item or nested value in one line."""
        if isinstance(value, Tidsfrist):
            return time_frame(value) + (f" ({value.tekst})" if value.tekst else "")
        if isinstance(value, Aldersinterval):
            lo, hi = value.min, value.max
            if lo is not None and hi is not None:
                return f"{lo}–{hi} år"
            return f"fra {lo} år" if lo is not None else f"til {hi} år"
        if isinstance(value, Graensevaerdi):
            return f"{threshold_subject(value)} {threshold(value)}"
        if isinstance(value, Overgang):
            text = f"til «{self.trin.get(value.til, value.til)}»"
            text += f" når: {value.betingelse}" if value.betingelse else ""
            limits = ", ".join(self.summary(g) for g in value.graensevaerdier)
            handover = f" (overlevering: {self.summary(value.overlevering)})" if value.overlevering else ""
            return text + (f" [{limits}]" if limits else "") + handover
        if isinstance(value, Trin):
            return self.step(value)
        if isinstance(value, BaseModel):
            shown = [(k, v) for k, v in value if k not in skip and v not in (None, [], False)]
            if len(shown) == 1:
                return self.summary(shown[0][1], shown[0][0])
            return "; ".join(f"{labels.FELT[k]}: {self.summary(v, k)}" for k, v in shown)
        if isinstance(value, list):
            return ", ".join(self.summary(v, name) for v in value)
        return self.scalar(name, value)

    def step(self, t: Trin) -> str:
        parts = [labels.TRIN_TYPE[t.type].lower()]
        if t.fase:
            parts.append(f"fase «{self.scalar('fase', t.fase)}»")
        parts += [lower_first(self.scalar(k, getattr(t, k))) for k in ("udfoerer", "form") if getattr(t, k)]
        if t.hyppighed:
            parts.append(frequency(t.hyppighed))
        return ", ".join(parts)

    # Comparing ------------------------------------------------------------------------------------

    def pathway(self) -> Iterator[Change]:
        for name in Forloeb.model_fields:
            yield from self.field(SECTION_OF[name], None, name, getattr(self.old, name), getattr(self.new, name))

    def field(self, section: str, subject: str | None, name: str, a: Any, b: Any) -> Iterator[Change]:
        if a == b:
            return
        label = labels.FELT[name]
        here, field = (subject, label) if subject else (label[0].upper() + label[1:], None)
        if isinstance(a, list) or isinstance(b, list):
            yield from self.items(section, here, field, name, a or [], b or [])
        elif a is None:
            yield Change(section, "tilfoejet", here, field, new=self.summary(b, name))
        elif b is None:
            yield Change(section, "fjernet", here, field, old=self.summary(a, name))
        elif isinstance(a, Henvisning):
            yield from self.fields(section, here, a, b, skip=("kriterier",))
            yield from self.criteria(section, here, a.kriterier, b.kriterier)
        elif isinstance(a, BaseModel) and not isinstance(a, Hyppighed | Tidsfrist | Aldersinterval):
            yield from self.fields(section, here, a, b)
        else:
            yield Change(section, "aendret", here, field, self.summary(a, name), self.summary(b, name))

    def fields(
        self, section: str, subject: str, a: BaseModel, b: BaseModel, skip: tuple[str, ...] = ()
    ) -> Iterator[Change]:
        for name in type(a).model_fields:
            if name not in skip:
                yield from self.field(section, subject, name, getattr(a, name), getattr(b, name))

    def items(self, section: str, subject: str, field: str | None, name: str, a: list, b: list) -> Iterator[Change]:
        kind = type((a or b)[0])
        if kind not in _KEYED:
            yield from self.sequence(
                section, subject, field, [self.summary(x, name) for x in a], [self.summary(x, name) for x in b]
            )
            return
        spec = _KEYED[kind]
        before, after = _by_key(a, spec), _by_key(b, spec)
        for key, (title, item) in before.items():
            if key not in after:
                yield Change(
                    section, "fjernet", title, old=self.summary(item, skip=spec.shown_in_title), noun=spec.noun
                )
        for key, (title, item) in after.items():
            if key not in before:
                yield Change(
                    section, "tilfoejet", title, new=self.summary(item, skip=spec.shown_in_title), noun=spec.noun
                )
            elif before[key][1] != item:
                yield from self.item(section, title, before[key][1], item)

    def item(self, section: str, title: str, a: BaseModel, b: BaseModel) -> Iterator[Change]:
        if not isinstance(a, Trin) or not isinstance(b, Trin):
            yield from self.fields(section, title, a, b)
            return
        if any(getattr(a, k) != getattr(b, k) for k in CONTACT_FIELDS):
            yield Change(section, "aendret", title, None, *self.contact(a, b))
        yield from self.fields(section, title, a, b, skip=CONTACT_FIELDS)

    def contact(self, a: Trin, b: Trin) -> tuple[str, str]:
        """'fysisk fremmøde hver 3. måned' -> 'video hver 6. måned'; who only when it changed."""
        # Same words but other numbers: show the numbers, or the line would read "x → x".
        structured = (
            a.hyppighed is not None
            and b.hyppighed is not None
            and a.hyppighed != b.hyppighed
            and a.hyppighed.tekst == b.hyppighed.tekst
        )

        def line(t: Trin) -> str:
            who = f"{lower_first(self.scalar('udfoerer', t.udfoerer))}, " if a.udfoerer != b.udfoerer else ""
            how = f"{lower_first(self.scalar('form', t.form))} " if t.form else "uden kontaktform, "
            return who + how + frequency(t.hyppighed, structured=structured, steps=self.trin)

        return line(a), line(b)

    def criteria(self, section: str, subject: str, a: list[Kriterium], b: list[Kriterium]) -> Iterator[Change]:
        """Criteria as texts, and their thresholds matched by what they measure (ferritin in women, …)."""
        yield from self.sequence(section, subject, labels.FELT["kriterier"], [k.tekst for k in a], [k.tekst for k in b])

        def by_measure(criteria: list[Kriterium]) -> dict[object, Graensevaerdi]:
            spec = _Keyed(lambda g: (g.parameter, g.koen, g.operator.strip("=") or "="), threshold_subject, "")
            return {k: g for k, (_, g) in _by_key([g for c in criteria for g in c.graensevaerdier], spec).items()}

        before, after = by_measure(a), by_measure(b)
        noun = "grænseværdi"
        for key, g in before.items():
            if key not in after:
                yield Change(section, "fjernet", threshold_subject(g), old=threshold(g), noun=noun)
        for key, g in after.items():
            if key not in before:
                yield Change(section, "tilfoejet", threshold_subject(g), new=threshold(g), noun=noun)
            elif before[key] != g:
                yield Change(
                    section,
                    "aendret",
                    f"Grænseværdi for {threshold_subject(g)}",
                    None,
                    threshold(before[key]),
                    threshold(g),
                )

    def sequence(self, section: str, subject: str, field: str | None, a: list[str], b: list[str]) -> Iterator[Change]:
        """Lists of texts: an edited item is one change, not a removal and an addition."""
        for tag, i1, i2, j1, j2 in SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            removed, added = a[i1:i2], b[j1:j2]
            paired = min(len(removed), len(added)) if tag == "replace" else 0
            for x, y in zip(removed[:paired], added[:paired], strict=True):
                yield Change(section, "aendret", subject, field, x, y)
            for x in removed[paired:]:
                yield Change(section, "fjernet", subject, field, old=x)
            for y in added[paired:]:
                yield Change(section, "tilfoejet", subject, field, new=y)
