"""What the import reads out of a D4 document's text, one rule at a time: the text itself, the DokID,
title, site, department and date, the codes in every spelling, and the proposed thresholds."""

from __future__ import annotations

from datetime import date

import pytest

from forloeb.d4import.extract import clean_text
from forloeb.d4import.metadata import Metadata, codes, parse_date, read_metadata
from forloeb.d4import.thresholds import proposals


def test_text_is_normalised_and_words_broken_at_a_line_end_are_joined() -> None:
    raw = "Behandlingen af ﬂere patien-\nter med tap\u00adning og\u200b venesectio.\r\nNy linje.  "
    assert clean_text(raw) == "Behandlingen af flere patienter med tapning og venesectio.\nNy linje."
    assert clean_text("Holbæk-\nSygehus") == "Holbæk-\nSygehus", "a hyphen before a capital stays"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diagnose: DE831 Hæmokromatose", [("DE831", "Hæmokromatose")]),
        ("ICD-10: E83.1 (hæmokromatose)", [("DE831", None)]),
        ("Gælder E 83.1 og DE831A.", [("DE831", None), ("DE831A", None)]),
        ("Diagnosekoder: E831, E830 og DE832", [("DE831", None), ("DE830", None), ("DE832", None)]),
        ("Vitamin B12 og papir i A4; side 12.", []),  # no label, no dot: not codes
    ],
)
def test_codes_in_every_common_spelling_become_sks_codes(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert codes(text) == expected


def test_metadata_from_the_header_and_labelled_lines() -> None:
    text = (
        "Hæmokromatose – udredning og behandling\n"
        "Gælder for: Medicinsk Afdeling, Nykøbing F. Sygehus\n"
        "Ikrafttrædelse 1. marts 2022\n\n"
        "Jf. politikken for dokumentstyring (https://d4.regsj.intern/?DokID=248103)."
    )
    m = read_metadata(text, "Region Sjælland · Dok.nr. 318877 · Side 1 af 4", None)
    assert (m.dokid, m.titel, m.matrikel, m.afdeling, m.gyldig_fra) == (
        "318877",
        "Hæmokromatose – udredning og behandling",
        "Nykøbing F. Sygehus",
        "Medicinsk Afdeling",
        date(2022, 3, 1),
    )


def test_a_link_to_another_document_is_not_the_documents_dokid() -> None:
    m = read_metadata("Titel: Instruks\nSe https://d4.regsj.intern/?DokID=248103", "", None)
    assert m.dokid is None and m.titel == "Instruks"
    assert read_metadata("DokID: 123456\nTekst", "", None).dokid == "123456"


def test_sites_with_a_comma_and_the_file_title_first() -> None:
    m = read_metadata("Enhed: Reumatologisk Afdeling, Sjællands Universitetshospital, Køge", "", "Fra egenskaberne")
    assert m.matrikel == "Sjællands Universitetshospital, Køge" and m.afdeling == "Reumatologisk Afdeling"
    assert m.titel == "Fra egenskaberne"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("01.03.2022", date(2022, 3, 1)), ("2022-03-01", date(2022, 3, 1)), ("1. marts 2022", date(2022, 3, 1))],
)
def test_dates_as_danish_documents_write_them(text: str, expected: date) -> None:
    assert parse_date(f"Gyldig fra {text}") == expected
    assert parse_date("31.02.2022") is None and parse_date("1. foobar 2022") is None


def proposal_tuples(text: str) -> list[tuple[object, ...]]:
    return [
        (p.parameter, p.operator, p.vaerdi, p.enhed, p.koen, p.formaal)
        for p in proposals(text, frozenset({"ferritin"}))
    ]


def test_thresholds_with_danish_numbers_sexes_and_an_inherited_parameter() -> None:
    text = "Der henvises ved ferritin > 200 µg/l hos kvinder eller > 300 µg/l hos mænd."
    assert proposal_tuples(text) == [
        ("ferritin", ">", 200, "µg/L", "kvinde", "henvisning"),
        ("ferritin", ">", 300, "µg/L", "mand", "henvisning"),
    ]
    assert proposal_tuples("Hæmoglobin under 7,5 mmol/l kræver akut kontakt.") == [
        ("haemoglobin", "<", 7.5, "mmol/L", None, "akut")
    ]
    assert proposal_tuples("Venesectio påbegyndes, når ferritin er på eller over 1.000 µg/L.") == [
        ("ferritin", ">=", 1000, "µg/L", None, "behandlingsstart")
    ]


@pytest.mark.parametrize(
    ("sentence", "purpose"),
    [
        ("Tapningsfasen fortsætter, indtil ferritin er under 50 µg/L.", "behandlingsmaal"),
        ("Ved mistanke om hæmokromatose og transferrinmætning over 45 % udredes patienten.", "henvisning"),
        ("Ferritin måles hver 3. måned, og ferritin over 100 µg/L medfører kontrol hos lægen.", "kontrol"),
        ("Transferrinmætning over 45 %.", None),  # the sentence does not say what for
    ],
)
def test_the_purpose_comes_from_the_sentence(sentence: str, purpose: str | None) -> None:
    assert [p.formaal for p in proposals(sentence)] == [purpose]


def test_a_known_parameter_is_preferred_to_a_nearer_word() -> None:
    (p,) = proposals("Ferritin skal være kommet under 100 µg/L.", frozenset({"ferritin"}))
    assert p.parameter == "ferritin"
    assert proposals("Over 45 % af patienterne.") == [], "a comparison without a parameter word is no threshold"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The name is the words after the code on its own line, whatever lines stand before or after.
        ("Indledning\nDiagnose: DE831 Hæmokromatose\nNæste linje", [("DE831", "Hæmokromatose")]),
        ("DE831\nHæmokromatose", [("DE831", None)]),
        ("DE831 – Hæmokromatose", [("DE831", "Hæmokromatose")]),
        ("DE831: Hæmokromatose; se også afsnit 3", [("DE831", "Hæmokromatose")]),
        # ... up to the next code, in either spelling.
        ("DE831 Hæmokromatose DE830 Anden sygdom", [("DE831", "Hæmokromatose"), ("DE830", "Anden sygdom")]),
        ("DE831 Hæmokromatose E83.0 Anden sygdom", [("DE831", "Hæmokromatose"), ("DE830", "Anden sygdom")]),
        # Words that join codes or refer on are no name, nor is a short word or a number.
        ("DE831 og anden jernophobning", [("DE831", None)]),
        ("DE831 og\tanden jernophobning", [("DE831", None)]),  # a tab, as Word writes one, is a space
        ("DE831 eller anden jernophobning", [("DE831", None)]),
        ("DE831 samt anden jernophobning", [("DE831", None)]),
        ("DE831 kode for hæmokromatose", [("DE831", None)]),
        ("DE831 jf anden vejledning", [("DE831", None)]),
        ("DE831 Jer.", [("DE831", None)]),
        ("DE831 Jern", [("DE831", "Jern")]),
        ("DE831 Xanthomatose type X", [("DE831", "Xanthomatose type X")]),  # only spaces and dashes trimmed
        ("DE831 12345 678", [("DE831", None)]),
    ],
)
def test_a_codes_name_is_the_rest_of_its_line(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A comparison with no word of substance before it takes the previous comparison's parameter.
        ("ALAT over 70 U/L og over 10 mg/l.", [("alat", ">", 70, "U/L"), ("alat", ">", 10, "mg/L")]),
        # A comparison without any parameter yields nothing, and the next one in the sentence is read.
        ("Over 45 % og ferritin over 300 µg/L.", [("ferritin", ">", 300, "µg/L")]),
        # A three-letter parameter counts; units are written as the register writes them.
        ("CRP over 10 mg/l.", [("crp", ">", 10, "mg/L")]),
        ("Ferritin OVER 300 ug/l.", [("ferritin", ">", 300, "ug/L")]),
        ("Transferrinmætning over 45 procent.", [("transferrinmaetning", ">", 45, "%")]),
        ("Transferrinmætning over 45 %.", [("transferrinmaetning", ">", 45, "%")]),
        ("Ferritin over 12,5 ng/ml.", [("ferritin", ">", 12.5, "ng/ml")]),
        # A parameter is a slug: a-z, digits and hyphens.
        ("P_ferritin over 300 µg/L.", [("p-ferritin", ">", 300, "µg/L")]),
    ],
)
def test_each_comparison_gives_a_threshold_with_its_parameter_value_and_unit(
    text: str, expected: list[tuple[str, str, float, str]]
) -> None:
    found = proposals(text)
    assert [(p.parameter, p.operator, p.vaerdi, p.enhed) for p in found] == expected
    assert all(p.sentence == text for p in found)
    assert [type(p.vaerdi) for p in found] == [type(e[2]) for e in expected], "whole numbers stay whole: 300"


def test_every_field_of_the_metadata_from_the_text_and_its_margins() -> None:
    # The title is the first line of substance (not a DokID line, a label or a line of three letters);
    # the codes come from the text and from the margins; a label's value may follow on its own line.
    text = (
        "DokID: 555001\n"
        "AB\n"
        "Venesectio ved hæmokromatose\n"
        "Diagnose: DE831 Hæmokromatose\n"
        "Gyldig fra : 01.09.2023\n"
        "Enhed Medicinsk Afdeling, Holbæk Sygehus\n"
    )
    m = read_metadata(text, "Sidefod: E83.0 Anden jernophobning", None)
    assert m == Metadata(
        dokid="555001",
        titel="Venesectio ved hæmokromatose",
        matrikel="Holbæk Sygehus",
        afdeling="Medicinsk Afdeling",
        gyldig_fra=date(2023, 9, 1),
        koder=[("DE831", "Hæmokromatose"), ("DE830", "Anden jernophobning")],
    )


def test_a_label_without_a_value_is_no_value_and_a_title_label_wins() -> None:
    m = read_metadata("Ikrafttrædelse\nOverskrift: Instruks om tapning\nGyldig fra 1. marts 2022\n", "", "Filnavn")
    assert (m.titel, m.gyldig_fra) == ("Instruks om tapning", date(2022, 3, 1))
    assert read_metadata("Ikrafttrædelse\n", "", None).gyldig_fra is None


def test_the_metadata_stands_in_the_first_60_lines() -> None:
    """Line 60 is read for the DokID, site and department; line 61 is the body, where other documents
    and hospitals are named."""
    filler = [f"Linje {n} om tapning." for n in range(1, 60)]
    head = read_metadata("\n".join([*filler, "DokID: 123456 · Holbæk Sygehus · Medicinsk Afdeling"]), "", None)
    assert (head.dokid, head.matrikel, head.afdeling) == ("123456", "Holbæk Sygehus", "Medicinsk Afdeling")
    body = read_metadata(
        "\n".join([*filler, "Linje 60.", "DokID: 123456 · Holbæk Sygehus · Medicinsk Afdeling"]), "", None
    )
    assert (body.dokid, body.matrikel, body.afdeling) == (None, None, None)


def test_a_labelled_department_wins_over_one_named_earlier() -> None:
    """The department after 'Afdeling:' counts, not one named before it in the margins; without a label,
    the first department named anywhere in the head counts, without a label word caught in front."""
    m = read_metadata("Afdeling: Kirurgisk Afdeling\n", "Kopi til Medicinsk Afdeling", None)
    assert m.afdeling == "Kirurgisk Afdeling"
    unlabelled = read_metadata("Tekst.\n", "Region Sjælland · Enhed Medicinsk Afdeling · Side 1", None)
    assert unlabelled.afdeling == "Medicinsk Afdeling"


def test_the_codes_of_the_text_and_of_the_margins_are_read_apart() -> None:
    """A code's name ends with the text; the margins' first code is a code of its own."""
    m = read_metadata("Diagnose: DE831 Hæmokromatose", "DE830 Anden jernophobning", None)
    assert m.koder == [("DE831", "Hæmokromatose"), ("DE830", "Anden jernophobning")]


def test_a_code_named_twice_keeps_its_first_name() -> None:
    assert codes("Diagnose: DE831 Hæmokromatose\nSe også DE831 i afsnit 3") == [("DE831", "Hæmokromatose")]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Titel Xanthomatose – udredning\nAndet", "Xanthomatose – udredning"),  # a label without a colon
        ("Titel :\nInstruks om tapning", "Instruks om tapning"),  # the value on the next line
        ("Instruks om tapning\nTitel :", "Instruks om tapning"),  # a label without a value: none
        ("ABC\nJern\nTapning", "Jern"),  # the first line of four characters or more
    ],
)
def test_the_title_from_a_label_or_the_first_line_of_substance(text: str, title: str) -> None:
    assert read_metadata(text, "", None).titel == title
