"""The overlap check of the whole catalog: one patient group is described in one place only.

Findings, each naming both places:

* two active pathways with overlapping codes and ages -> fejl, unless both declare the delimitation
  in patientgruppe.afgraensninger (then info);
* contradicting thresholds (see forloeb.overlap.criteria) between overlapping pathways, between a pathway
  and a D4 document, or between two D4 documents -> fejl;
* an approved pathway overlapping a D4 document without a decision -> fejl;
* near-duplicate text between different pathways or documents (forloeb.overlap.similarity) -> advarsel;
* a step that gives a task to general practice or municipal nursing (by its performer or in its text)
  without a named agreement it already holds under (opgaveglidning) -> advarsel.

A D4 document decided 'slet' or 'sammenskriv' will not exist on its own after the clean-up, so what
it says differently is settled by that decision: such findings are info, shown but not blocking.
Missing references between pathways and the register (erstatter_d4, erstattes_af) are input errors
found when the catalog is loaded (forloeb.load.catalog), not here.
"""

from __future__ import annotations

from forloeb.gc_pause import collector_paused
from forloeb.load.catalog import Catalog
from forloeb.load.problems import Severity
from forloeb.model.task_shift import RULE, RULE_SOURCE, task_shifts
from forloeb.overlap.codes import CodeOverlap, age_text, ages_meet, overlapping
from forloeb.overlap.criteria import conflicts, describe
from forloeb.overlap.findings import Finding, Kind
from forloeb.overlap.parties import Party, parties
from forloeb.overlap.similarity import near_duplicates

DEFAULT_SIMILARITY = 0.8


def check_overlaps(catalog: Catalog, *, similarity: float = DEFAULT_SIMILARITY) -> list[Finding]:
    with collector_paused():
        ps = parties(catalog)
        findings: list[Finding] = []
        for ov in overlapping(ps):
            findings += _overlap(ov)
        findings += _texts(ps, similarity)
        findings += _task_shifts(ps)
        return sorted(findings, key=Finding.sort_key)


def _finding(severity: Severity, kind: Kind, message: str, *places: tuple[Party, tuple]) -> Finding:
    return Finding(severity, kind, message[:1].upper() + message[1:], tuple(p.at(loc) for p, loc in places))


def _overlap(ov: CodeOverlap) -> list[Finding]:
    a, b = ov.a, ov.b
    if a.kind == "forloeb" and b.kind == "forloeb":
        if not ages_meet(a.age, b.age):
            return []
        delimitation = _delimitation(ov)
        # Pathways delimited on both sides describe different patients: their criteria may differ.
        return [delimitation] if delimitation.severity == "info" else [delimitation, *_criteria(a, b)]
    out = [f for f in (_missing_decision(a, b), _missing_decision(b, a)) if f]
    return out + _criteria(a, b)


def _delimitation(ov: CodeOverlap) -> Finding:
    """Two overlapping pathways: info when both declare the delimitation, else fejl."""
    a, b = ov.a, ov.b
    code_a, code_b = a.codes[ov.code_a][1], b.codes[ov.code_b][1]
    a_names_b = _names(a, b)
    b_names_a = _names(b, a)
    both = f"{a.where(code_a)} og {b.where(code_b)}"
    groups = f"{ov.relation()}, og aldersgrupperne overlapper: {age_text(a.age)} og {age_text(b.age)}"
    if a_names_b is not None and b_names_a is not None:
        return _finding(
            "info",
            "afgraensning",
            f"{both} overlapper ({groups}), men afgrænser sig udtrykkeligt fra hinanden "
            f"i patientgruppe.afgraensninger ({a.at(a_names_b)} og {b.at(b_names_a)}).",
            (a, a_names_b),
            (b, b_names_a),
        )
    if a_names_b is None and b_names_a is None:
        return _finding(
            "fejl",
            "patientgruppe",
            f"{both} beskriver samme patienter: {groups}. En patientgruppe må kun beskrives ét sted: "
            "læg forløbene sammen, afgræns dem med forskellige koder eller aldre, eller skriv afgrænsningen "
            "i patientgruppe.afgraensninger i begge forløb (forloeb og begrundelse).",
            (a, code_a),
            (b, code_b),
        )
    declared, silent, declared_loc, silent_loc = (a, b, a_names_b, code_b) if a_names_b else (b, a, b_names_a, code_a)
    return _finding(
        "fejl",
        "patientgruppe",
        f"{declared.where(declared_loc)} afgrænser sig fra {silent.where(silent_loc)}, men ikke omvendt; "
        f"{groups}. Skriv afgrænsningen i patientgruppe.afgraensninger i {silent.name} også, så begge "
        "forløbs redaktører har godkendt den.",
        (declared, declared_loc),
        (silent, silent_loc),
    )


def _names(p: Party, other: Party) -> tuple | None:
    """Where p's afgraensninger names the other pathway, or None."""
    assert p.forloeb is not None
    for i, af in enumerate(p.forloeb.patientgruppe.afgraensninger):
        if af.forloeb == other.id:
            return ("patientgruppe", "afgraensninger", i, "forloeb")
    return None


def _missing_decision(f: Party, d: Party) -> Finding | None:
    """An approved pathway overlapping a D4 document that has no decision yet."""
    if f.forloeb is None or d.dokument is None or f.forloeb.status != "godkendt":
        return None
    if d.dokument.beslutning != "ikke-vurderet":
        return None
    return _finding(
        "fejl",
        "d4-beslutning",
        f"{f.where(('status',))} er godkendt, men {d.where(('beslutning',))} dækker samme patienter og har "
        "ingen beslutning. Arbejdsgruppen skal beslutte behold, revider, sammenskriv eller slet og skrive det "
        "i beslutning (og forløbet i erstattes_af, når dokumentet erstattes).",
        (d, ("beslutning",)),
        (f, ("status",)),
    )


def _criteria(a: Party, b: Party) -> list[Finding]:
    ga = [g for g, _ in a.thresholds]
    gb = [g for g, _ in b.thresholds]
    out = []
    for c in conflicts(ga, gb):
        (x, loc_a), (y, loc_b) = a.thresholds[c.a], b.thresholds[c.b]
        settled = a.settled or b.settled
        out.append(
            _finding(
                "info" if settled else "fejl",
                "kriterier",
                f"forskellige grænser for {x.parameter}{c.sex_text()}: {a.where(loc_a)} siger {describe(x)}, men "
                f"{b.where(loc_b)} siger {describe(y)}. {_criteria_advice(a, b, settled)}",
                (a, loc_a),
                (b, loc_b),
            )
        )
    return out


def _criteria_advice(a: Party, b: Party, settled: bool) -> str:
    if settled:
        return "Afvigelsen er afgjort af beslutningen om at slette eller sammenskrive D4-dokumentet."
    if a.kind == b.kind == "forloeb":
        return (
            "Ret det ene forløb, så grænserne er ens, eller afgræns patientgrupperne i "
            "patientgruppe.afgraensninger i begge forløb."
        )
    if a.kind == b.kind == "d4":
        return (
            "Arbejdsgruppen skal harmonisere dokumenterne: beslut slet eller sammenskriv for det ene, eller "
            "revider det og ret dets kriterier i bruttolisten."
        )
    return (
        "Er det forløbet, der er forkert, så ret det; ellers skal arbejdsgruppen beslutte slet eller sammenskriv "
        "for D4-dokumentet, eller revidere det og rette dets kriterier i bruttolisten."
    )


def _texts(ps: list[Party], threshold: float) -> list[Finding]:
    sections = [(p, s) for p in ps for s in p.sections]
    owners = [id(p) for p, _ in sections]
    out = []
    for m in near_duplicates([s.text for _, s in sections], owners, threshold):
        (a, sa), (b, sb) = sections[m.i], sections[m.j]
        settled = a.settled or b.settled
        advice = (
            "Dokumentet slettes eller skrives sammen med forløbet, så ligheden er ventet."
            if settled
            else "Skriv teksten ét sted og henvis til den; er en forskel tilsigtet (fx en anden grænseværdi), "
            "så gør den tydelig."
        )
        out.append(
            _finding(
                "info" if settled else "advarsel",
                "tekst",
                f"{sa.label} i {a.where(sa.loc)} og {sb.label} i {b.where(sb.loc)} er {round(m.similarity * 100)} % "
                f"ens (grænse {round(threshold * 100)} %). {advice}",
                (a, sa.loc),
                (b, sb.loc),
            )
        )
    return out


def _task_shifts(ps: list[Party]) -> list[Finding]:
    """A task given to general practice or municipal nursing, by performer or in the text, without a
    named agreement it already holds under: the concept's rule, quoted."""
    out = []
    for p in ps:
        if p.forloeb is None:
            continue
        for i, t in enumerate(p.forloeb.trin):
            for s in task_shifts(t):
                if not s.is_warning:
                    continue
                loc = ("trin", i, *s.loc)
                how = f"giver i teksten en opgave til {s.sektor}: «{s.citat}»" if s.citat else f"udføres af {s.sektor}."
                out.append(
                    _finding(
                        "advarsel",
                        "opgaveglidning",
                        f"trinnet '{t.id}' i {p.where(loc)} {how} {RULE_SOURCE}: «{RULE}» Følger placeringen "
                        "allerede af en national eller regional aftale, så skriv den i trinnets aftale (navn, niveau "
                        "og kilde); ellers lad sygehuset udføre opgaven.",
                        (p, loc),
                    )
                )
    return out
