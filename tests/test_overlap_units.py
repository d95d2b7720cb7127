"""The parts of the overlap check on their own: units and thresholds, code prefixes and ages, two
pathways for one patient group and their delimitation, Danish text normalisation and near-duplicate
search, and the output formats (input problems among them)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.load.problems import Problem
from forloeb.model.pathway import Aldersinterval, Graensevaerdi
from forloeb.overlap.check import Limits, check_overlaps
from forloeb.overlap.codes import age_text, ages_meet, overlapping
from forloeb.overlap.criteria import conflicts, unit
from forloeb.overlap.findings import Finding, Place, from_problem
from forloeb.overlap.parties import Party
from forloeb.overlap.report import as_github, as_json, as_text, summary
from forloeb.overlap.similarity import bands_for, near_duplicates, words
from tests.factories import minimal_pathway, write_repo


def g(
    parameter: str,
    operator: str,
    vaerdi: float,
    enhed: str = "µg/L",
    koen: str | None = None,
    formaal: str | None = "henvisning",
) -> tuple[Graensevaerdi, str | None]:
    """A threshold with its purpose, as the check compares them."""
    return Graensevaerdi(parameter=parameter, operator=operator, vaerdi=vaerdi, enhed=enhed, koen=koen), formaal


# --- Units and thresholds -------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["µg/L", "μg/L", "ug/L", "UG/L", "µg / l", "ng/mL", "mcg/L"])
def test_microgram_spellings_are_one_unit(spelling: str) -> None:
    assert unit(spelling) == ("µg/L", 1)


def test_convertible_and_unknown_units() -> None:
    assert unit("mg/dL") == ("mg/L", 10)
    assert unit("procent") == unit("%") == ("%", 1)
    assert unit("Score") == ("score", 1.0)


def test_different_value_same_parameter_sex_and_direction_conflicts() -> None:
    (c,) = conflicts([g("ferritin", ">", 200, koen="kvinde")], [g("ferritin", ">", 400, "μg/L", "kvinde")])
    assert (c.a, c.b, c.sexes) == (0, 0, frozenset({"kvinde"}))
    assert c.sex_text() == " for kvinder"


def test_a_threshold_without_sex_is_compared_with_each_sex() -> None:
    pathway = [g("ferritin", ">", 200, koen="kvinde"), g("ferritin", ">", 300, koen="mand")]
    (c,) = conflicts(pathway, [g("ferritin", ">", 300)])
    assert (c.a, c.b, c.sexes) == (0, 0, frozenset({"kvinde"})), "agrees for men, differs for women"
    (both,) = conflicts([g("ferritin", "<", 100)], [g("ferritin", "<", 50)])
    assert both.sexes == frozenset({"kvinde", "mand"}) and both.sex_text() == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (g("ferritin", ">", 200), g("ferritin", ">=", 200)),  # the same limit, strict or not
        (g("ferritin", ">", 200), g("ferritin", "<", 100)),  # a lower and an upper limit
        (g("ferritin", ">", 200), g("transferrinmaetning", ">", 45, "%")),  # other parameter
        (g("ferritin", ">", 200, koen="kvinde"), g("ferritin", ">", 300, koen="mand")),  # other sex
        (g("crp", ">", 10, "mg/L"), g("crp", ">", 1, "mg/dL")),  # 1 mg/dL is 10 mg/L
        (g("crp", ">", 10, "mg/L"), g("crp", ">", 20, "mmol/L")),  # units that cannot be compared
    ],
)
def test_not_contradictions(a: tuple[Graensevaerdi, str], b: tuple[Graensevaerdi, str]) -> None:
    assert conflicts([a], [b]) == []


def test_only_thresholds_with_the_same_purpose_are_compared() -> None:
    referral, start = g("ferritin", ">", 300), g("ferritin", ">=", 800, formaal="behandlingsstart")
    assert conflicts([referral], [start]) == [], "start of treatment is not a referral limit"
    assert conflicts([g("ferritin", ">", 300, formaal=None)], [g("ferritin", ">", 400, formaal=None)]) == []
    (c,) = conflicts(
        [g("ferritin", "<", 100, formaal="behandlingsmaal")], [g("ferritin", "<", 50, formaal="behandlingsmaal")]
    )
    assert c.formaal == "behandlingsmaal"


def test_an_extra_value_on_one_side_is_not_a_contradiction() -> None:
    # Referral at > 300 and start of treatment at > 500 do not contradict a referral limit of > 300.
    assert conflicts([g("ferritin", ">", 300), g("ferritin", ">", 500)], [g("ferritin", ">", 300)]) == []


# --- Codes and ages -------------------------------------------------------------------------------


def party(pid: str, *codes: str) -> Party:
    return Party("d4", pid, pid, None, (), tuple((c, ()) for c in codes), (), ())  # type: ignore[arg-type]


def test_codes_overlap_by_prefix_only() -> None:
    ps = [party("a", "DE83"), party("b", "DE831A"), party("c", "DE830"), party("d", "DE831", "DX99")]
    ps.append(party("e", "DD509"))
    pairs = {(o.a.id, o.b.id): o.relation() for o in overlapping(ps)}
    assert pairs == {
        ("a", "b"): "DE83 omfatter DE831A",
        ("a", "c"): "DE83 omfatter DE830",
        ("a", "d"): "DE83 omfatter DE831",
        ("b", "d"): "DE831 omfatter DE831A",
    }


def test_each_overlapping_pair_is_reported_once() -> None:
    ps = [party("a", "DM05", "DM06"), party("b", "DM05", "DM06", "DM051")]
    (o,) = overlapping(ps)
    assert o.relation() == "begge dækker DM05"


def test_the_overlap_names_the_two_codes_that_overlap_whichever_party_comes_first() -> None:
    """The codes named are the first pair that overlaps, at their place in each party's list of codes,
    whether the broader code belongs to the first party or to the second."""
    narrow_first = overlapping([party("a", "DX99", "DE831"), party("b", "DE83")])
    broad_first = overlapping([party("a", "DE83"), party("b", "DX99", "DE831")])
    assert [(o.code_a, o.code_b, o.relation()) for o in narrow_first] == [(1, 0, "DE83 omfatter DE831")]
    assert [(o.code_a, o.code_b, o.relation()) for o in broad_first] == [(0, 1, "DE83 omfatter DE831")]
    # The first code of a that overlaps one of b's, though a's second code is b's code itself.
    (o,) = overlapping([party("a", "DE831", "DE83"), party("b", "DE83")])
    assert (o.code_a, o.code_b, o.relation()) == (0, 0, "DE83 omfatter DE831")


@pytest.mark.parametrize(
    ("alder", "text"),
    [
        (None, "alle aldre"),
        (Aldersinterval(min=18), "fra 18 år"),
        (Aldersinterval(max=17), "til og med 17 år"),
        (Aldersinterval(min=18, max=70), "18–70 år"),
        (Aldersinterval(min=0, max=0), "0–0 år"),
    ],
)
def test_an_age_range_in_words(alder: Aldersinterval | None, text: str) -> None:
    """How a finding names a patient group's ages: both bounds are inclusive, a missing one is open."""
    assert age_text(alder) == text


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        (None, None, True),
        ((18, None), None, True),
        ((18, 64), (65, None), False),
        ((18, 65), (65, None), True),
        ((None, 17), (18, None), False),
        ((None, 0), None, True),  # newborns, "til og med 0 år", are of all ages
    ],
)
def test_age_ranges(a: tuple | None, b: tuple | None, meet: bool) -> None:
    def age(r: tuple | None) -> Aldersinterval | None:
        return None if r is None else Aldersinterval(min=r[0], max=r[1])

    assert ages_meet(age(a), age(b)) is meet
    assert ages_meet(age(b), age(a)) is meet


# --- Two pathways for one patient group -----------------------------------------------------------

FOLDER = Path("pathways/gastroenterologi-hepatologi")
A, B = FOLDER / "a-forloeb.yaml", FOLDER / "b-forloeb.yaml"
OVERLAP = "DX99 omfatter DX991, og aldersgrupperne overlapper: fra 18 år og til og med 70 år"


def delimits(*others: str) -> list[dict[str, str]]:
    return [{"forloeb": o, "begrundelse": f"Kun patienter, der ikke hører til {o}."} for o in others]


def group_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, a: list[str], b: list[str]) -> list[Finding]:
    """The check's findings on the patient groups of a repository of three pathways: a-forloeb (DX99, adults),
    b-forloeb (DX991, up to 70) and c-forloeb (DY001, overlapping neither), where a and b name the pathways
    given in their patientgruppe.afgraensninger."""
    monkeypatch.chdir(tmp_path)  # paths in messages relative, as CI prints them

    def pathway(pid: str, code: str, others: list[str], **group: Any) -> dict[str, Any]:
        codes = [{"kode": code, "tekst": "Testdiagnose"}]
        patients = {
            "beskrivelse": "Testpatienter.",
            "diagnosekoder": codes,
            **group,
            "afgraensninger": delimits(*others),
        }
        return minimal_pathway(id=pid, patientgruppe=patients)

    write_repo(
        Path("."),
        pathway("a-forloeb", "DX99", a, alder={"min": 18}),
        pathway("b-forloeb", "DX991", b, alder={"max": 70}),
        pathway("c-forloeb", "DY001", []),
    )
    found = check_overlaps(load_catalog(Path(".")), Limits(today=date(2026, 1, 1), workers=1))
    return [f for f in found if f.kind in ("patientgruppe", "afgraensning")]


def place(path: Path, line: str, value: str) -> Place:
    """Where `value` stands in the first line of the file that reads `line` (list dashes and indent aside)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, text in enumerate(lines) if text.strip().removeprefix("- ") == line)
    return Place(str(path), n + 1, lines[n].index(value, lines[n].index(line)) + 1)


def code(path: Path, kode: str) -> Place:
    return place(path, f"kode: {kode}", kode)


def named(path: Path, other: str) -> Place:
    return place(path, f"forloeb: {other}", other)


def test_pathways_for_the_same_patients_fail_naming_both_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Overlapping codes and meeting ages, and neither pathway delimits itself from the other: fejl at both codes.
    A delimitation from a third pathway does not count."""
    (finding,) = group_findings(tmp_path, monkeypatch, a=["c-forloeb"], b=[])
    assert finding == Finding(
        "fejl",
        "patientgruppe",
        f"Forløbet 'a-forloeb' ({code(A, 'DX99')}) og forløbet 'b-forloeb' ({code(B, 'DX991')}) beskriver samme "
        f"patienter: {OVERLAP}. En patientgruppe må kun beskrives ét sted: læg forløbene sammen, afgræns dem med "
        "forskellige koder eller aldre, eller skriv afgrænsningen i patientgruppe.afgraensninger i begge forløb "
        "(forloeb og begrundelse).",
        (code(A, "DX99"), code(B, "DX991")),
    )


def test_a_delimitation_on_both_sides_is_info_at_both_delimitations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pathways name each other in patientgruppe.afgraensninger: info, pointing at the two entries (the one
    naming the other pathway, wherever it stands in the list), not at the codes."""
    (finding,) = group_findings(tmp_path, monkeypatch, a=["c-forloeb", "b-forloeb"], b=["a-forloeb"])
    assert finding == Finding(
        "info",
        "afgraensning",
        f"Forløbet 'a-forloeb' ({code(A, 'DX99')}) og forløbet 'b-forloeb' ({code(B, 'DX991')}) overlapper "
        f"({OVERLAP}), men afgrænser sig udtrykkeligt fra hinanden i patientgruppe.afgraensninger "
        f"({named(A, 'b-forloeb')} og {named(B, 'a-forloeb')}).",
        (named(A, "b-forloeb"), named(B, "a-forloeb")),
    )
    assert named(A, "b-forloeb").line > named(A, "c-forloeb").line  # the second entry


@pytest.mark.parametrize("declared", ["a", "b"])
def test_a_delimitation_on_one_side_only_fails_asking_the_other_to_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared: str
) -> None:
    """Only one pathway delimits itself: fejl, naming the declaring pathway first (at its entry) and the silent one
    (at its code), whose editors must write the delimitation too, so both have approved it."""
    if declared == "a":
        found = group_findings(tmp_path, monkeypatch, a=["b-forloeb"], b=[])
        first, second, silent = named(A, "b-forloeb"), code(B, "DX991"), "b-forloeb"
        names = "Forløbet 'a-forloeb'", "forløbet 'b-forloeb'"
    else:
        found = group_findings(tmp_path, monkeypatch, a=[], b=["c-forloeb", "a-forloeb"])
        first, second, silent = named(B, "a-forloeb"), code(A, "DX99"), "a-forloeb"
        names = "Forløbet 'b-forloeb'", "forløbet 'a-forloeb'"
    assert found == [
        Finding(
            "fejl",
            "patientgruppe",
            f"{names[0]} ({first}) afgrænser sig fra {names[1]} ({second}), men ikke omvendt; {OVERLAP}. Skriv "
            f"afgrænsningen i patientgruppe.afgraensninger i forløbet '{silent}' også, så begge forløbs redaktører "
            "har godkendt den.",
            (first, second),
        )
    ]


# --- What else the check finds in a catalog -------------------------------------------------------

REGISTER = Path("pathways/_registre/d4.yaml")
FOLLOW_UP = (
    "Efter endt behandling følges patienten med blodprøver hver sjette måned i to år. Stiger ferritin igen, "
    "genoptages tapningen, og patienten henvises på ny til ambulatoriet."
)


def catalog_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, *pathways: dict[str, Any], **register: Any
) -> list[Finding]:
    """The check's findings of one kind on a repository of these pathways and register documents."""
    monkeypatch.chdir(tmp_path)  # paths in messages relative, as CI prints them
    write_repo(Path("."), *pathways, **register)
    found = check_overlaps(load_catalog(Path(".")), Limits(today=date(2026, 1, 1), workers=1))
    return [f for f in found if f.kind == kind]


def starts(path: Path, key: str, value: str = "") -> Place:
    """Where the value of the first `key: value...` in the file starts (a long text goes on over the next
    lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, text in enumerate(lines) if text.strip().removeprefix("- ").startswith(f"{key}: {value}"))
    return Place(str(path), n + 1, lines[n].index(f"{key}: ") + len(key) + 3)


def test_near_duplicate_sections_of_two_pathways_are_a_warning_at_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two pathways for different patients with the same follow-up text: advarsel at both sections, saying
    how alike they are against the limit, and asking for the text to be written in one place."""
    other = {"beskrivelse": "Andre patienter.", "diagnosekoder": [{"kode": "DY001", "tekst": "Anden diagnose"}]}
    found = catalog_findings(
        tmp_path,
        monkeypatch,
        "tekst",
        minimal_pathway(id="a-forloeb", opfoelgning=FOLLOW_UP),
        minimal_pathway(id="b-forloeb", formaal="Et andet formål.", patientgruppe=other, opfoelgning=FOLLOW_UP),
    )
    a, b = starts(A, "opfoelgning"), starts(B, "opfoelgning")
    assert found == [
        Finding(
            "advarsel",
            "tekst",
            f"Opfølgningen i forløbet 'a-forloeb' ({a}) og opfølgningen i forløbet 'b-forloeb' ({b}) er 100 % ens "
            "(grænse 80 %). Skriv teksten ét sted og henvis til den; er en forskel tilsigtet (fx en anden "
            "grænseværdi), så gør den tydelig.",
            (a, b),
        )
    ]


def test_a_step_performed_by_general_practice_without_an_agreement_is_a_warning_quoting_the_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pathway = minimal_pathway()
    pathway["trin"][1]["udfoerer"] = "almen-praksis"
    pathway["trin"][2]["titel"] = "Afslutning"  # no task given in a text
    (found,) = catalog_findings(tmp_path, monkeypatch, "opgaveglidning", pathway)
    at = starts(FOLDER / "testforloeb.yaml", "udfoerer", "almen-praksis")
    assert found == Finding(
        "advarsel",
        "opgaveglidning",
        f"Trinnet 'kontrol' i forløbet 'testforloeb' ({at}) udføres af almen praksis. Konceptbeskrivelsen for "
        "Behovsbestemt ambulatorie, afsnit 5.0: «Patientforløbsbeskrivelsen må ikke medføre opgaveglidning mod "
        "almen praksis eller den kommunale sygepleje.» Følger placeringen allerede af en national eller regional "
        "aftale, så skriv den i trinnets aftale (navn, niveau og kilde); ellers lad sygehuset udføre opgaven.",
        (at,),
    )


def test_a_d4_text_file_that_is_not_utf8_is_an_input_error_at_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check names the document and where its text file is given, and why the file cannot be read."""
    document = {
        "dokid": "100001",
        "titel": "Retningslinje",
        "matrikel": "Holbæk Sygehus",
        "speciale": "gastroenterologi-hepatologi",
        "tekstfil": "100001.txt",
    }
    register = tmp_path / REGISTER
    register.parent.mkdir(parents=True)
    (register.parent / "100001.txt").write_bytes("Ferritin under 50 µg/L.".encode("latin-1"))
    found = catalog_findings(tmp_path, monkeypatch, "input", minimal_pathway(), dokumenter=(document,))
    at = starts(REGISTER, "tekstfil")
    assert found == [
        Finding(
            "fejl",
            "input",
            f"D4-dokument 100001 (Holbæk Sygehus) ({at}): tekstfilen 100001.txt er ikke gyldig UTF-8 (byte 18)",
            (at,),
        )
    ]


PHASE = (
    "Primær behandling er venesectio inddelt i to faser: tapningsfase og vedligeholdelsesfase. I tapningsfasen "
    "tappes patienten hver uge, indtil ferritin er under 50 µg/L. I vedligeholdelsesfasen tappes patienten tre "
    "til fire gange om året."
)


def test_each_document_repeating_a_pathways_passages_is_compared_on_its_thresholds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two documents that share no code with the pathway but repeat its phase: each covers the pathway's
    patients, so each threshold that contradicts the pathway's is an error."""

    def ferritin(vaerdi: int) -> dict[str, Any]:
        return {"parameter": "ferritin", "operator": ">", "vaerdi": vaerdi, "enhed": "µg/L", "formaal": "henvisning"}

    referral = minimal_pathway()["henvisning"] | {
        "kriterier": [{"tekst": "Ferritin over 200 µg/L.", "graensevaerdier": [ferritin(200)]}]
    }
    pathway = minimal_pathway(
        faser=[{"id": "kontrol", "titel": "Kontrolfase", "beskrivelse": PHASE}], henvisning=referral
    )
    documents = tuple(
        {
            "dokid": dokid,
            "titel": "Retningslinje",
            "matrikel": "Holbæk Sygehus",
            "speciale": "gastroenterologi-hepatologi",
            "uddrag": PHASE,
            "kriterier": [{"tekst": "Henvis ved forhøjet ferritin.", "graensevaerdier": [ferritin(vaerdi)]}],
        }
        for dokid, vaerdi in (("100001", 300), ("100002", 400))
    )
    found = catalog_findings(tmp_path, monkeypatch, "kriterier", pathway, dokumenter=documents)
    assert len(found) == 2
    for f, (dokid, vaerdi) in zip(found, (("100001", 300), ("100002", 400)), strict=True):
        assert f.severity == "fejl"
        assert f.message.startswith("Henvisning for ferritin: > 200 µg/L i forløbet 'testforloeb' (")
        assert f"), > {vaerdi} µg/L i D4-dokument {dokid} (Holbæk Sygehus) (" in f.message


# --- Danish text and near-duplicates ------------------------------------------------------------


def test_danish_normalisation() -> None:
    assert words("Ærøskøbing: Blodprøven, og Å-ferritin på 50 µg/L – ikke over!") == [
        "aeroeskoebing",
        "blodproeven",
        "aa",
        "ferritin",
        "50",
        "g",
        "l",
        "ikke",
        "over",
    ]
    assert words("Blodprøve i Aabenraa") == words("blodprøve i Åbenrå")
    assert words("café") == ["cafe"]


BASE = (
    "Venesectio foretages for at reducere jernniveauet i kroppen uden at der opstår anæmi. Fasen "
    "fortsætter indtil Ferritin er under 100 µg/L. Dernæst overgås til vedligeholdelsesfasen."
)
OTHER = "Patienten indkaldes til årsstatus ved video, hvor lægen gennemgår PRO-besvarelser og blodprøvesvar."


def test_near_duplicates_across_owners_only() -> None:
    near = BASE.replace("100", "50")
    texts = [BASE, OTHER, near, BASE, "Efter behov."]
    matches = near_duplicates(texts, ["a", "b", "c", "a", "d"], 0.8)
    assert [(m.i, m.j) for m in matches] == [(0, 2), (2, 3)], "not (0, 3): the same owner; not the short text"
    assert all(0.8 <= m.similarity < 1 for m in matches)
    assert near_duplicates(texts, ["a", "b", "c", "a", "d"], 0.95) == []


def test_a_cluster_of_copies_is_reported_linearly() -> None:
    # 60 copies of one section in 60 pathways: each against a representative, not all 1770 pairs.
    matches = near_duplicates([BASE] * 60, list(range(60)), 0.8)
    assert [(m.i, m.j) for m in matches] == [(0, j) for j in range(1, 60)]
    assert {m.similarity for m in matches} == {1.0}


def test_bands_favour_recall_at_the_threshold() -> None:
    b, r = bands_for(0.8)
    assert b * r == 64 and 1 - (1 - 0.8**r) ** b >= 0.995


# --- Output formats -----------------------------------------------------------------------------

FINDINGS = [
    Finding(
        "fejl",
        "kriterier",
        "Forskellige grænser: a.yaml:3 siger 50 %, men b,c.yaml:7 siger 45 %.\nRet det.",
        (Place("a.yaml", 3, 5), Place("b,c.yaml", 7, 1)),
    ),
    Finding("advarsel", "opgaveglidning", "Trinnet x (a.yaml:9) udføres af kommunen.", (Place("a.yaml", 9, 15),)),
    Finding(
        "info", "afgraensning", "Afgrænset (a.yaml:4 og d.yaml:4).", (Place("a.yaml", 4, 5), Place("d.yaml", 4, 5))
    ),
]


def test_text_format_is_one_line_per_finding() -> None:
    lines = as_text(FINDINGS).splitlines()
    assert lines[0].startswith("a.yaml:3:5: Modstridende kriterier: Forskellige grænser")
    assert lines[-2] == "a.yaml:9:15: advarsel: Opgaveglidning: Trinnet x (a.yaml:9) udføres af kommunen."
    assert lines[-1] == "a.yaml:4:5: info: Afgrænsede patientgrupper: Afgrænset (a.yaml:4 og d.yaml:4)."


ESCAPED = "Forskellige grænser: a.yaml:3 siger 50 %25, men b,c.yaml:7 siger 45 %25.%0ARet det."


def test_github_format_annotates_every_place_and_escapes() -> None:
    lines = as_github(FINDINGS).splitlines()
    assert lines == [
        f"::error file=a.yaml,line=3,col=5,title=Modstridende kriterier::{ESCAPED}",
        f"::error file=b%2Cc.yaml,line=7,col=1,title=Modstridende kriterier::{ESCAPED}",
        "::warning file=a.yaml,line=9,col=15,title=Opgaveglidning::Trinnet x (a.yaml:9) udføres af kommunen.",
        "::notice file=a.yaml,line=4,col=5,title=Afgrænsede patientgrupper::Afgrænset (a.yaml:4 og d.yaml:4).",
        "::notice file=d.yaml,line=4,col=5,title=Afgrænsede patientgrupper::Afgrænset (a.yaml:4 og d.yaml:4).",
    ]


def test_json_format() -> None:
    data = json.loads(as_json(FINDINGS))
    assert data["summary"] == {"fejl": 1, "advarsel": 1, "info": 1}
    first = data["findings"][0]
    assert first["severity"] == "fejl" and first["kind"] == "kriterier" and first["title"] == "Modstridende kriterier"
    assert first["places"] == [{"path": "a.yaml", "line": 3, "col": 5}, {"path": "b,c.yaml", "line": 7, "col": 1}]


def test_json_is_readable_as_written_with_the_message_and_a_summary() -> None:
    assert as_json(FINDINGS[2:]) == (
        "{\n"
        '  "findings": [\n'
        "    {\n"
        '      "severity": "info",\n'
        '      "kind": "afgraensning",\n'
        '      "title": "Afgrænsede patientgrupper",\n'
        '      "message": "Afgrænset (a.yaml:4 og d.yaml:4).",\n'
        '      "places": [\n'
        '        {\n          "path": "a.yaml",\n          "line": 4,\n          "col": 5\n        },\n'
        '        {\n          "path": "d.yaml",\n          "line": 4,\n          "col": 5\n        }\n'
        "      ]\n"
        "    }\n"
        "  ],\n"
        '  "summary": {\n    "fejl": 0,\n    "advarsel": 0,\n    "info": 1\n  }\n'
        "}"
    )


def test_the_summary_counts_each_severity() -> None:
    assert summary(FINDINGS) == "1 fejl, 1 advarsler, 1 info"
    assert summary([*FINDINGS[:1], *FINDINGS[:1], *FINDINGS[1:2]]) == "2 fejl, 1 advarsler, 0 info"
    assert summary([]) == "0 fejl, 0 advarsler, 0 info"


def test_an_input_problem_is_reported_as_a_finding_at_its_one_place() -> None:
    """When the catalog cannot be loaded, the check reports each input problem in its own formats: kind input,
    the problem's severity and message, and its file, line and column as the one place."""
    problems = [
        Problem("pathways/x/a.yaml", 12, 7, "forløbet 'b' findes ikke"),
        Problem("pathways/_registre/d4.yaml", 3, 5, "grænseværdien har intet formaal", "advarsel"),
    ]
    assert [from_problem(p) for p in problems] == [
        Finding("fejl", "input", "forløbet 'b' findes ikke", (Place("pathways/x/a.yaml", 12, 7),)),
        Finding("advarsel", "input", "grænseværdien har intet formaal", (Place("pathways/_registre/d4.yaml", 3, 5),)),
    ]


def test_github_escapes_carriage_returns_and_colons_in_properties() -> None:
    finding = Finding("fejl", "tekst", "Linje 1\r\nLinje 2: 100 %", (Place("mappe:a,b.yaml", 2, 3),))
    assert as_github([finding]) == (
        "::error file=mappe%3Aa%2Cb.yaml,line=2,col=3,title=Næsten ens tekst::Linje 1%0D%0ALinje 2: 100 %25"
    )


@pytest.mark.parametrize(
    ("a", "b", "contradict"),
    [
        # ">" and ">=" are lower limits ("over"), "<" and "<=" upper limits ("under"), "=" an exact value.
        (g("ferritin", ">=", 200), g("ferritin", ">", 400), True),
        (g("ferritin", ">=", 200), g("ferritin", ">=", 400), True),
        (g("ferritin", ">=", 200), g("ferritin", "<", 100), False),
        (g("ferritin", ">=", 200), g("ferritin", "<=", 100), False),
        (g("ferritin", "<=", 100), g("ferritin", "<", 50), True),
        (g("ferritin", "<=", 100), g("ferritin", ">", 50), False),
        (g("ferritin", "=", 100), g("ferritin", "=", 50), True),
        (g("ferritin", "=", 100), g("ferritin", ">", 50), False),
        (g("ferritin", "=", 100), g("ferritin", "<", 50), False),
    ],
)
def test_each_operator_is_a_lower_limit_an_upper_limit_or_a_value(
    a: tuple[Graensevaerdi, str], b: tuple[Graensevaerdi, str], contradict: bool
) -> None:
    assert bool(conflicts([a], [b])) is contradict
    assert bool(conflicts([b], [a])) is contradict


def recommendation_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pathway: dict[str, Any], **document: Any
) -> list[Finding]:
    base = {"dokid": "100001", "titel": "Retningslinje", "matrikel": "Holbæk Sygehus"}
    found = catalog_findings(
        tmp_path,
        monkeypatch,
        "d4-bruttoliste",
        pathway,
        dokumenter=({**base, "speciale": pathway["speciale"], **document},),
    )
    return [f for f in found if "ingen anbefaling" in f.message]


ASK = (
    "Arbejdsgruppen anbefaler bevares, revideres, sammenskrives eller slettes med en begrundelse "
    "(anbefaling.handling og anbefaling.begrundelse), og SFR godkender anbefalingen."
)


@pytest.mark.parametrize(
    ("changes", "severity", "key", "state"),
    [
        (
            {
                "eksempel": None,
                "status": "godkendt",
                "version": "1.0",
                "godkendt_dato": "2026-01-01",
                "naeste_revision": "2027-01-01",
            },
            "fejl",
            "status",
            "er godkendt",
        ),
        ({"eksempel": None, "status": "udkast", "version": "0.1"}, "advarsel", "status", "er under udarbejdelse"),
        ({"status": None}, "advarsel", "id", "er et eksempel"),
    ],
)
def test_a_document_sharing_a_pathways_code_without_a_recommendation_asks_for_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any], severity: str, key: str, state: str
) -> None:
    """A D4 document for the pathway's patients needs the working group's recommendation; once the pathway
    is approved, the missing recommendation blocks (fejl), before that it is a warning, at the pathway's
    status (or its id, for an example)."""
    pathway = minimal_pathway(**changes)
    code = pathway["patientgruppe"]["diagnosekoder"][0]["kode"]
    found = recommendation_findings(tmp_path, monkeypatch, pathway, diagnosekoder=[{"kode": code, "tekst": "t"}])
    doc, at = starts(REGISTER, "dokid"), starts(FOLDER / "testforloeb.yaml", key)
    assert found == [
        Finding(
            severity,
            "d4-bruttoliste",
            f"D4-dokument 100001 (Holbæk Sygehus) ({doc}) deler diagnosekode med forløbet, men har ingen anbefaling; "
            f"forløbet 'testforloeb' ({at}) {state}. {ASK}",
            (doc, at),
        )
    ]


def test_a_document_to_be_replaced_without_a_recommendation_says_so_and_one_with_a_recommendation_is_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (finding,) = recommendation_findings(tmp_path, monkeypatch, minimal_pathway(), erstattes_af="testforloeb")
    assert "(" in finding.message and ") skal erstattes af forløbet, men har ingen anbefaling; " in finding.message
    quiet = recommendation_findings(
        tmp_path,
        monkeypatch,
        minimal_pathway(),
        erstattes_af="testforloeb",
        anbefaling={"handling": "slettes", "begrundelse": "Dækket af forløbet."},
    )
    assert quiet == []
