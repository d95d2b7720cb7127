"""Every consistency rule of a pathway, each with a case it refuses and the nearest case it accepts.

The checks inside one pathway (forloeb.load.consistency) are compared as (path in the file, message,
severity), exactly; the rules of the model itself (pydantic validators) through the loader, as the
editor sees them: `file:line:col: message`. Each passing case differs from its failing one only in
what the rule is about, so a rule that stops firing, or fires too often, fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from forloeb.load.consistency import check_pathway
from forloeb.load.loader import load_bytes
from forloeb.model.pathway import Forloeb
from forloeb.model.registers import D4Register, VaelgKlogt
from tests.factories import minimal_pathway

Data = dict[str, Any]
Change = Callable[[Data], None]
Found = tuple[tuple[str | int, ...], str, str]
KNOWN_STEPS = "kendte: kontrol, slut, start"


def found(data: Data) -> list[Found]:
    return [(p.loc, p.message, p.severity) for p in check_pathway(Forloeb.model_validate(data))]


def changed(change: Change) -> Data:
    data = minimal_pathway()
    change(data)
    return data


def step(data: Data, step_id: str) -> Data:
    return next(t for t in data["trin"] if t["id"] == step_id)


def extra_end(data: Data, step_id: str, *, reached_from: str | None = "kontrol") -> None:
    """Another end step, reached from `reached_from` (None: from nowhere)."""
    data["trin"].append({"id": step_id, "titel": "Anden afslutning", "type": "afslutning"})
    if reached_from:
        step(data, reached_from)["overgange"].append({"til": step_id})


def packages(*ids: str) -> Change:
    def change(data: Data) -> None:
        data["proevepakker"] = [{"id": i, "navn": f"Pakke {i}"} for i in ids]
        for t, i in zip(data["trin"], ids, strict=False):
            t["proevepakke"] = i

    return change


def related(*ids: str) -> Change:
    def change(data: Data) -> None:
        data["relaterede"] = [{"forloeb": i, "relation": "r", "titel": "T", "ekstern": True} for i in ids]

    return change


def transfer_to(target: str, related_ids: tuple[str, ...]) -> Change:
    def change(data: Data) -> None:
        related(*related_ids)(data)
        step(data, "slut").update(type="overgang", til_forloeb=target)

    return change


def relative_to(ref: str) -> Change:
    def change(data: Data) -> None:
        step(data, "kontrol")["hyppighed"] = {
            "type": "interval",
            "fra": 3,
            "enhed": "gang",
            "relativ_til": ref,
            "tekst": "Hver 3. gang",
        }

    return change


def tool_for(section: str, ref: str) -> Change:
    entry: Data = {"skema": "EQ-5D", "hvornaar": "Årligt"}
    if section == "digital_understoettelse":
        entry = {"vaerktoej": "minsp", "hvornaar": "Altid", "beskrivelse": "b"}

    def change(data: Data) -> None:
        data[section] = [{**entry, "trin": ["start", ref]}]

    return change


def threshold_on_transition(**extra: str) -> Change:
    def change(data: Data) -> None:
        g = {"parameter": "ferritin", "operator": "<", "vaerdi": 100, "enhed": "µg/L", **extra}
        step(data, "kontrol")["overgange"][0]["graensevaerdier"] = [g]

    return change


def gp_step(*, agreement: bool, handover: bool) -> Change:
    def change(data: Data) -> None:
        step(data, "kontrol")["udfoerer"] = "almen-praksis"
        if agreement:
            step(data, "kontrol")["aftale"] = {"navn": "A", "niveau": "national", "kilde": "K"}
        if handover:
            step(data, "start")["overgange"][0]["overlevering"] = {"ansvar_foer": "Sygehuset", "ansvar_efter": "Læge"}

    return change


def search_words(*words: str) -> Change:
    return lambda d: d.update(soegeord=[{"ord": w, "tilfoejet": True} for w in words])


def history(status: str) -> Data:
    return {"version": "0.1", "dato": "2026-01-01", "status": status, "beskrivelse": "b"}


WHY_EXAMPLE = "et eksempel er hverken sendt til eller godkendt af SFR"

# rule: (change that breaks it, exactly what is found, nearest change that keeps it)
RULES: dict[str, tuple[Change, list[Found], Change]] = {
    "a phase id is unique": (
        lambda d: d["faser"].append({"id": "kontrol", "titel": "Igen"}),
        [(("faser", 1, "id"), "id 'kontrol' findes allerede i faser", "fejl")],
        lambda d: d["faser"].append({"id": "kontrol-2", "titel": "Igen"}),
    ),
    "a step id is unique": (
        lambda d: extra_end(d, "slut"),
        [(("trin", 3, "id"), "id 'slut' findes allerede i trin", "fejl")],
        lambda d: extra_end(d, "slut-2"),
    ),
    "a test package id is unique": (
        packages("pk", "pk"),
        [(("proevepakker", 1, "id"), "id 'pk' findes allerede i proevepakker", "fejl")],
        packages("pk", "pk-2"),
    ),
    "a pathway is not related to itself": (
        related("testforloeb"),
        [(("relaterede", 0, "forloeb"), "et forløb kan ikke være relateret til sig selv", "fejl")],
        related("andet-forloeb"),
    ),
    "a related pathway is named once": (
        related("andet-forloeb", "andet-forloeb"),
        [(("relaterede", 1, "forloeb"), "'andet-forloeb' står to gange i relaterede", "fejl")],
        related("andet-forloeb", "tredje-forloeb"),
    ),
    "a search word is named once, whatever its case and spacing": (
        search_words("jernophobning i leveren", "Jernophobning  i leveren"),
        [(("soegeord", 1, "ord"), "'Jernophobning  i leveren' står to gange i soegeord", "fejl")],
        search_words("jernophobning i leveren", "jernophobning i hjertet"),
    ),
    "a step's phase exists": (
        lambda d: step(d, "start").update(fase="ukendt"),
        [(("trin", 0, "fase"), "fasen 'ukendt' findes ikke (kendte: kontrol)", "fejl")],
        lambda d: step(d, "start").update(fase="kontrol"),
    ),
    "a step's test package exists": (
        lambda d: step(d, "start").update(proevepakke="ukendt"),
        [(("trin", 0, "proevepakke"), "prøvepakken 'ukendt' findes ikke (kendte: ingen)", "fejl")],
        packages("pk"),
    ),
    "a transfer names a related pathway": (
        transfer_to("andet-forloeb", ("tredje-forloeb",)),
        [
            (
                ("trin", 2, "til_forloeb"),
                "forløbet 'andet-forloeb' skal stå under relaterede for at kunne bruges i til_forloeb",
                "fejl",
            )
        ],
        transfer_to("andet-forloeb", ("andet-forloeb",)),
    ),
    "a frequency counts after a step that exists": (
        relative_to("ukendt"),
        [(("trin", 1, "hyppighed", "relativ_til"), "trinnet 'ukendt' findes ikke (kendte: slut, start)", "fejl")],
        relative_to("start"),
    ),
    "a frequency does not count after its own step": (
        relative_to("kontrol"),
        [(("trin", 1, "hyppighed", "relativ_til"), "trinnet 'kontrol' findes ikke (kendte: slut, start)", "fejl")],
        relative_to("slut"),
    ),
    "a transition leads to a step that exists": (
        lambda d: step(d, "kontrol")["overgange"].append({"til": "ukendt"}),
        [(("trin", 1, "overgange", 1, "til"), f"trinnet 'ukendt' findes ikke ({KNOWN_STEPS})", "fejl")],
        lambda d: step(d, "kontrol")["overgange"].append({"til": "start"}),
    ),
    "an alternative is another step that exists": (
        lambda d: step(d, "kontrol").update(alternativ_til=["start", "ukendt", "kontrol"]),
        [
            (("trin", 1, "alternativ_til", 1), "trinnet 'ukendt' findes ikke (kendte: slut, start)", "fejl"),
            (("trin", 1, "alternativ_til", 2), "trinnet 'kontrol' findes ikke (kendte: slut, start)", "fejl"),
        ],
        lambda d: step(d, "kontrol").update(alternativ_til=["start", "slut"]),
    ),
    "a digital tool supports steps that exist": (
        tool_for("digital_understoettelse", "ukendt"),
        [(("digital_understoettelse", 0, "trin", 1), f"trinnet 'ukendt' findes ikke ({KNOWN_STEPS})", "fejl")],
        tool_for("digital_understoettelse", "kontrol"),
    ),
    "a PRO questionnaire is used at steps that exist": (
        tool_for("pro", "ukendt"),
        [(("pro", 0, "trin", 1), f"trinnet 'ukendt' findes ikke ({KNOWN_STEPS})", "fejl")],
        tool_for("pro", "kontrol"),
    ),
    "a test package is used by a step": (
        lambda d: d.update(proevepakker=[{"id": "pk", "navn": "Pakke"}]),
        [(("proevepakker", 0, "id"), "prøvepakken 'pk' bruges ikke af noget trin", "advarsel")],
        packages("pk"),
    ),
    "every step is reached from the first": (
        lambda d: extra_end(d, "ensom", reached_from=None),
        [
            (
                ("trin", 3, "id"),
                "trinnet 'ensom' kan ikke nås fra det første trin; tilføj en overgang til det",
                "fejl",
            )
        ],
        lambda d: extra_end(d, "ensom", reached_from="start"),
    ),
    "only an end or a transfer has no way on": (
        lambda d: step(d, "slut").update(type="konsultation"),
        [
            (
                ("trin", 2, "id"),
                "trinnet 'slut' har ingen overgange; tilføj overgange eller brug type afslutning/overgang",
                "fejl",
            )
        ],
        lambda d: step(d, "slut").update(type="overgang"),
    ),
    "an example is not submitted": (
        lambda d: d.update(status="til-godkendelse"),
        [(("status",), f"{WHY_EXAMPLE}: brug status udkast eller udgaaet, eller udelad status", "fejl")],
        lambda d: d.update(status="udgaaet"),
    ),
    "an example is not approved": (
        lambda d: d.update(status="godkendt", godkendt_dato="2026-01-01", naeste_revision="2027-01-01"),
        [
            (("status",), f"{WHY_EXAMPLE}: brug status udkast eller udgaaet, eller udelad status", "fejl"),
            (("godkendt_dato",), f"{WHY_EXAMPLE}: fjern godkendt_dato", "fejl"),
        ],
        lambda d: d.update(eksempel=None, status="godkendt", godkendt_dato="2026-01-01", naeste_revision="2027-01-01"),
    ),
    "an example's history claims no submission": (
        lambda d: d.update(historik=[history("til-godkendelse")]),
        [(("historik", 0, "status"), f"{WHY_EXAMPLE}: historikken kan ikke have status til-godkendelse", "fejl")],
        lambda d: d.update(historik=[history("udkast")]),
    ),
    "an agreement only where a task is given": (
        lambda d: step(d, "kontrol").update(aftale={"navn": "A", "niveau": "regional", "kilde": "K"}),
        [
            (
                ("trin", 1, "aftale"),
                "trinnet 'kontrol' giver ingen opgave til almen praksis eller den kommunale sygepleje, så aftale "
                "bruges ikke her; fjern den",
                "fejl",
            )
        ],
        gp_step(agreement=True, handover=True),
    ),
    "a change of sector says who holds the responsibility": (
        gp_step(agreement=True, handover=False),
        [
            (
                ("trin", 0, "overgange", 0, "til"),
                "overgangen fra 'start' (sygehuset) til 'kontrol' (almen praksis) skifter sektor, men siger ikke, "
                "hvem der har behandlingsansvaret før og efter: skriv overlevering med ansvar_foer, ansvar_efter "
                "og indhold",
                "info",
            )
        ],
        gp_step(agreement=True, handover=True),
    ),
    "a threshold has a purpose, given or derived": (
        threshold_on_transition(),
        [
            (
                ("trin", 1, "overgange", 0, "graensevaerdier", 0),
                "grænseværdien for ferritin har intet formaal, og det kan ikke udledes af, hvor den står; angiv "
                "formaal (henvisning, behandlingsstart, behandlingsmaal, kontrol eller akut), ellers sammenlignes "
                "den ikke med andre forløb og D4-dokumenter",
                "advarsel",
            )
        ],
        threshold_on_transition(formaal="kontrol"),
    ),
    "a draft's placeholder is a reminder": (
        lambda d: d.update(formaal="UDFYLD: Skriv formålet."),
        [(("formaal",), "formaal: skriv teksten i stedet for pladsholderen 'UDFYLD: …'", "info")],
        lambda d: d.update(formaal="Skriv formålet."),
    ),
    "a placeholder stops a pathway sent for approval": (
        lambda d: d.update(eksempel=None, status="til-godkendelse", formaal="UDFYLD: Skriv formålet."),
        [
            (
                ("formaal",),
                "formaal: pladsholderen 'UDFYLD: …' skal erstattes, før status kan være til-godkendelse",
                "fejl",
            )
        ],
        lambda d: d.update(eksempel=None, status="til-godkendelse", formaal="Skriv UDFYLD: formålet."),
    ),
}


def test_the_minimal_pathway_breaks_no_rule() -> None:
    assert found(minimal_pathway()) == []


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_refuses_what_breaks_it(rule: str) -> None:
    breaks, expected, _ = RULES[rule]
    assert found(changed(breaks)) == expected


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_accepts_the_nearest_case_that_keeps_it(rule: str) -> None:
    _, _, keeps = RULES[rule]
    assert found(changed(keeps)) == []


# --- The model's own rules, as the editor reads them ------------------------------------------------


def model_problems(data: Data, model: type = Forloeb) -> list[str]:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = load_bytes(text.encode("utf-8"), Path("x.yaml"), "x.yaml", model)
    return [str(p) for p in loaded.problems]


def line_of(data: Data, after: str, text: str) -> int:
    """The line of the first line starting with `text` (after the line holding `after`) in the file."""
    lines = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if line.strip().startswith(text))


def frequency(**h: object) -> Change:
    return lambda d: step(d, "kontrol").update(hyppighed={"tekst": "t", **h})


def deadline(**t: object) -> Change:
    return lambda d: step(d, "kontrol").update(tidsfrist=t)


KONTROL = "- id: kontrol"
TOP = ("", "id: testforloeb")

MODEL_RULES: dict[str, tuple[Change, tuple[str, str], str, Change]] = {
    # rule: (change that breaks it, the line the message points at (after, text), message, change that keeps it)
    "an interval has a start and a unit": (
        frequency(type="interval", fra=3),
        (KONTROL, "tekst: t"),
        "trin.1.hyppighed: type interval kræver fra og enhed",
        frequency(type="interval", fra=3, enhed="uge"),
    ),
    "an interval's end is not before its start": (
        frequency(type="interval", fra=6, til=3, enhed="uge"),
        (KONTROL, "tekst: t"),
        "trin.1.hyppighed: til er mindre end fra",
        frequency(type="interval", fra=3, til=3, enhed="uge"),
    ),
    "times counted after another step name that step": (
        frequency(type="interval", fra=3, enhed="gang"),
        (KONTROL, "tekst: t"),
        "trin.1.hyppighed: enhed 'gang' og relativ_til hører sammen",
        frequency(type="interval", fra=3, enhed="gang", relativ_til="start"),
    ),
    "a step named for counting needs the unit gang": (
        frequency(type="interval", fra=3, enhed="uge", relativ_til="start"),
        (KONTROL, "tekst: t"),
        "trin.1.hyppighed: enhed 'gang' og relativ_til hører sammen",
        frequency(type="interval", fra=3, enhed="uge"),
    ),
    "only an interval has interval fields": (
        frequency(type="engang", fra=3),
        (KONTROL, "tekst: t"),
        "trin.1.hyppighed: fra, til, enhed og relativ_til bruges kun med type interval, ikke engang",
        frequency(type="engang"),
    ),
    "only a need has a number per year": (
        frequency(type="interval", fra=3, enhed="uge", antal_pr_aar=4),
        (KONTROL, "tekst: t"),
        "trin.1.hyppighed: antal_pr_aar bruges kun med type efter-behov",
        frequency(type="efter-behov", antal_pr_aar=4),
    ),
    "a time frame gives a limit or an aim": (
        deadline(tekst="Snart"),
        (KONTROL, "tekst: Snart"),
        "trin.1.tidsfrist: angiv maks_dage (en grænse: højst) eller maal_dage (et mål: det tilstræbes)",
        deadline(maal_dage=8),
    ),
    "an aim lies within the limit": (
        deadline(maks_dage=8, maal_dage=9),
        (KONTROL, "maks_dage: 8"),
        "trin.1.tidsfrist: maal_dage er større end maks_dage",
        deadline(maks_dage=8, maal_dage=8),
    ),
    "a transfer target only on a transfer": (
        lambda d: step(d, "slut").update(til_forloeb="andet-forloeb"),
        ("", "- id: slut"),
        "trin.2: til_forloeb bruges kun med type overgang",
        lambda d: step(d, "slut").update(type="overgang", til_forloeb="andet-forloeb"),
    ),
    "an external related pathway has a title": (
        lambda d: d.update(relaterede=[{"forloeb": "andet-forloeb", "relation": "r", "ekstern": True}]),
        ("relaterede:", "- forloeb: andet-forloeb"),
        "relaterede.0: et eksternt relateret forløb skal have en titel",
        related("andet-forloeb"),
    ),
    "an age range is in order": (
        lambda d: d["patientgruppe"].update(alder={"min": 65, "max": 18}),
        ("alder:", "min: 65"),
        "patientgruppe.alder: alder.min er større end alder.max",
        lambda d: d["patientgruppe"].update(alder={"min": 18, "max": 18}),
    ),
    "an age range has a limit": (
        lambda d: d["patientgruppe"].update(alder={}),
        ("beskrivelse:", "alder: {}"),
        "patientgruppe.alder: alder skal have min, max eller begge; udelad alder, når alle aldre er med",
        lambda d: d["patientgruppe"].update(alder={"max": 17}),
    ),
    "a real pathway has status and version": (
        lambda d: d.update(eksempel=None, version=None),
        TOP,
        "filen: status og version skal angives (de kan kun udelades for et eksempel)",
        lambda d: d.update(status=None, version=None),
    ),
    "an approved pathway has its dates": (
        lambda d: d.update(eksempel=None, status="godkendt", godkendt_dato="2026-01-01"),
        TOP,
        "filen: et godkendt forløb skal have godkendt_dato og naeste_revision",
        lambda d: d.update(eksempel=None, status="godkendt", godkendt_dato="2026-01-01", naeste_revision="2026-01-02"),
    ),
    "the next review comes after the approval": (
        lambda d: d.update(godkendt_dato="2026-01-01", naeste_revision="2026-01-01"),
        TOP,
        "filen: naeste_revision skal ligge efter godkendt_dato",
        lambda d: d.update(godkendt_dato="2026-01-01", naeste_revision="2026-01-02"),
    ),
}


def without_none(data: Any) -> Any:
    """The data as an editor would write it: a key set to None in a change is left out."""
    if isinstance(data, dict):
        return {k: without_none(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [without_none(v) for v in data]
    return data


@pytest.mark.parametrize("rule", MODEL_RULES)
def test_each_rule_of_the_model_refuses_what_breaks_it_at_its_line(rule: str) -> None:
    breaks, (after, text), message, _ = MODEL_RULES[rule]
    data = without_none(changed(breaks))
    (problem,) = model_problems(data)
    assert problem.startswith(f"x.yaml:{line_of(data, after, text)}:") and problem.endswith(f": {message}")


@pytest.mark.parametrize("rule", MODEL_RULES)
def test_each_rule_of_the_model_accepts_the_nearest_case_that_keeps_it(rule: str) -> None:
    *_, keeps = MODEL_RULES[rule]
    assert model_problems(without_none(changed(keeps))) == []


def d4_document(**changes: object) -> Data:
    return {"dokid": "100001", "titel": "Retningslinje", "matrikel": "Holbæk Sygehus", "speciale": "gastro", **changes}


REGISTER_RULES: dict[str, tuple[Data, str, Data]] = {
    "SFR approves a recommendation": (
        d4_document(sfr_godkendelse={"dato": "2026-01-01"}),
        "sfr_godkendelse kræver en anbefaling, som SFR har godkendt",
        d4_document(
            anbefaling={"handling": "slettes", "begrundelse": "b", "dato": "2026-01-01"},
            sfr_godkendelse={"dato": "2026-01-01"},
        ),
    ),
    "D4 is changed after SFR's approval": (
        d4_document(
            anbefaling={"handling": "slettes", "begrundelse": "b", "dato": "2026-01-01"},
            gennemfoert={"dato": "2026-02-01", "udgaaet": True},
        ),
        "gennemfoert kræver, at SFR har godkendt anbefalingen (sfr_godkendelse)",
        d4_document(
            anbefaling={"handling": "slettes", "begrundelse": "b", "dato": "2026-01-01"},
            sfr_godkendelse={"dato": "2026-01-15"},
            gennemfoert={"dato": "2026-02-01", "udgaaet": True},
        ),
    ),
    "a merge names what it is merged into": (
        d4_document(anbefaling={"handling": "sammenskrives", "begrundelse": "b", "dato": "2026-01-01"}),
        "anbefalingen sammenskrives kræver erstattes_af (et forløb) eller sammenskrives_med",
        d4_document(
            anbefaling={"handling": "sammenskrives", "begrundelse": "b", "dato": "2026-01-01"},
            erstattes_af="haemokromatose",
        ),
    ),
    "an example document says where it comes from": (
        d4_document(eksempel=True),
        "et eksempeldokument skal have en kilde, der siger, hvor det stammer fra",
        d4_document(eksempel=True, kilde="Konstrueret til test"),
    ),
}


@pytest.mark.parametrize("rule", REGISTER_RULES)
def test_each_rule_of_the_d4_register_refuses_and_accepts(rule: str) -> None:
    breaks, message, keeps = REGISTER_RULES[rule]
    (problem,) = model_problems({"dokumenter": [breaks]}, D4Register)
    assert problem == f"x.yaml:2:3: dokumenter.0: {message}"
    assert model_problems({"dokumenter": [keeps]}, D4Register) == []


def test_a_choosing_wisely_recommendation_cites_its_source() -> None:
    entry: Data = {"id": "vk-1", "titel": "Kontrol", "anbefaling": "Undlad rutinekontrol.", "afsender": "DSAM"}
    entry["kilde"] = {"titel": "Vælg Klogt"}
    (problem,) = model_problems({"anbefalinger": [entry]}, VaelgKlogt)
    assert problem.endswith(": anbefalinger.0: en Vælg Klogt-anbefaling skal have en kilde med url")
    entry["kilde"]["url"] = "https://www.vaelgklogt.dk/"
    assert model_problems({"anbefalinger": [entry]}, VaelgKlogt) == []
