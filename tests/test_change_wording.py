"""The wording of a change summary (forloeb/history/wording.py) and its Markdown (diff_markdown.py), whole:
what a pull-request comment says of a new, deleted, unchanged and changed pathway, line by line."""

from __future__ import annotations

from typing import Any

from forloeb.history import wording
from forloeb.history.diff_markdown import code_block, render
from forloeb.history.semantic_diff import Change, FigureRow, compare
from forloeb.history.wording import Intro, Segment, change_line, figure_rows, intro, word_diff
from forloeb.model.derived import PhaseFigures, Range
from forloeb.model.pathway import Forloeb
from tests.factories import minimal_pathway

TABLE = (
    "| Fase | Kontakter pr. år | Virtuel andel | Engangskontakter | Efter behov uden antal |\n"
    "| --- | --- | --- | --- | --- |\n"
)
NOTE = wording.FIGURE_NOTE


def pathway(**changes: Any) -> Forloeb:
    """The minimal pathway as a real one (no example marker): udkast 0.1, three steps in one phase."""
    data = minimal_pathway(**changes)
    data.pop("eksempel")
    return Forloeb.model_validate(data)


def with_phase() -> Forloeb:
    """The minimal pathway with a yearly phone call in a new phase after the video controls."""
    base = minimal_pathway()
    call = {
        "id": "efterkontrol",
        "titel": "Telefonkontrol",
        "type": "konsultation",
        "fase": "efter",
        "udfoerer": "sygeplejerske",
        "form": "telefon",
        "hyppighed": {"type": "interval", "fra": 12, "enhed": "maaned", "tekst": "Årligt"},
        "overgange": [{"til": "slut"}],
    }
    trin = [base["trin"][0], {**base["trin"][1], "overgange": [{"til": "efterkontrol", "betingelse": "Rask"}]}]
    return pathway(
        faser=[*base["faser"], {"id": "efter", "titel": "Efterkontrol"}], trin=[*trin, call, base["trin"][2]]
    )


# --- The whole summary ------------------------------------------------------------------------------


def test_a_new_pathway_is_introduced_with_its_size_state_and_figures() -> None:
    """A pathway with no old version: its steps, phases, status and version, then its contacts per year."""
    assert render(compare(None, pathway())) == (
        "## Testforløb (`testforloeb`)\n\n"
        "**Nyt forløb** med 3 trin og 1 fase: Udkast, version 0.1.\n\n"
        "### Planlagte kontakter pr. år\n\n"
        f"{TABLE}"
        "| Kontrolfase | 2–4 | 100 % | 1 | 0 |\n\n"
        f"{NOTE}\n"
    )


def test_a_deleted_pathway_says_what_it_was_and_each_figure_is_removed() -> None:
    """No new version: the state it had, and every figure 'before → (fjernet)'; level and source as asked."""
    assert render(compare(pathway(), None), level=3, source="main:a.yaml med arbejdskopien") == (
        "### Testforløb (`testforloeb`)\n\n"
        "Sammenligner main:a.yaml med arbejdskopien.\n\n"
        "**Forløbet er slettet.** Det var: Udkast, version 0.1.\n\n"
        "#### Planlagte kontakter pr. år\n\n"
        f"{TABLE}"
        "| Kontrolfase | 2–4 → (fjernet) | 100 % → (fjernet) | 1 → (fjernet) | 0 → (fjernet) |\n\n"
        f"{NOTE}\n"
    )


def test_an_unchanged_pathway_says_there_is_no_change_in_content() -> None:
    assert render(compare(pathway(), pathway())) == (
        "## Testforløb (`testforloeb`)\n\n"
        f"{wording.NO_CHANGES}\n\n"
        "### Planlagte kontakter pr. år\n\n"
        f"{TABLE}"
        "| Kontrolfase | 2–4 | 100 % | 1 | 0 |\n\n"
        f"{NOTE}\n"
    )


def test_a_change_without_a_new_version_says_the_state_and_asks_to_raise_it() -> None:
    """Status and version as they stand, a note that the version was not raised, the changes by section."""
    assert render(compare(pathway(), pathway(formaal="Et nyt formål."))) == (
        "## Testforløb (`testforloeb`)\n\n"
        "Status og version er uændret: Udkast, version 0.1.\n\n"
        f"> **Bemærk:** {wording.VERSION_NOT_RAISED}\n\n"
        "### Formål og anvendelsesområde\n\n"
        "- **Formål**: Formål med testforløbet. → Et nyt formål.\n\n"
        "### Planlagte kontakter pr. år\n\n"
        f"{TABLE}"
        "| Kontrolfase | 2–4 | 100 % | 1 | 0 |\n\n"
        f"{NOTE}\n"
    )


def test_a_new_phase_of_a_changed_pathway_is_marked_new_in_its_first_figure() -> None:
    """Only a pathway that existed before marks a row as new, and only in the row's first cell."""
    changed = render(compare(pathway(version="0.2"), with_phase()))
    assert "| Kontrolfase | 2–4 | 100 % | 1 | 0 |\n| Efterkontrol | 1 (ny fase) | 100 % | 0 | 0 |\n" in changed
    assert "Status og version er uændret" not in changed, "the version changed, so the changes say it"
    assert "- **Version**: 0.2 → 0.1" in changed
    new = render(compare(None, with_phase()))
    assert "**Nyt forløb** med 4 trin og 2 faser: Udkast, version 0.1." in new
    assert "| Efterkontrol | 1 | 100 % | 0 | 0 |\n" in new


def test_a_pathway_without_planned_contacts_says_so_instead_of_a_table() -> None:
    ending = [{"id": "slut", "titel": "Afslutning", "type": "afslutning"}]
    text = render(compare(pathway(faser=[], trin=ending), pathway(faser=[], trin=ending, version="0.2")))
    assert text.endswith(f"### Planlagte kontakter pr. år\n\n{wording.NO_FIGURES}\n")
    assert "|" not in text


# --- The parts --------------------------------------------------------------------------------------


def test_the_intro_names_the_state_only_when_status_and_version_are_unchanged() -> None:
    """A raised version is itself a change under 'Status og version': no line on the state, no note."""
    assert intro(compare(pathway(), pathway(version="0.2", formaal="Nyt."))) == Intro()
    assert intro(compare(pathway(), pathway(formaal="Nyt."))) == Intro(
        uaendret_status="Udkast, version 0.1", version_ikke_haevet=True
    )
    assert intro(compare(None, pathway())) == Intro(nyt=pathway())
    assert intro(compare(pathway(), None)) == Intro(slettet=pathway())


def test_an_added_or_removed_item_names_what_it_is_and_its_content() -> None:
    """'Tilføjet trin X: content', 'Fjernet trin X: its old content'; without content, no colon."""
    added = Change("Trin", "tilfoejet", "Telefon", new="konsultation", noun="trin")
    removed = Change("Trin", "fjernet", "Brev", old="brev i e-Boks", noun="trin")
    bare = Change("Faser", "fjernet", "Efterkontrol", noun="fase")
    assert change_line(added) == [
        ("ord", "Tilføjet trin "),
        ("fed", "Telefon"),
        ("ord", ": "),
        ("vaerdi", "konsultation"),
    ]
    assert change_line(removed) == [
        ("ord", "Fjernet trin "),
        ("fed", "Brev"),
        ("ord", ": "),
        ("vaerdi", "brev i e-Boks"),
    ]
    assert change_line(bare) == [("ord", "Fjernet fase "), ("fed", "Efterkontrol")]


def test_an_added_or_removed_value_of_a_field_is_quoted() -> None:
    """A field that gained or lost its value: «value» after the subject and the field; an empty one is «»."""
    assert change_line(Change("S", "tilfoejet", "Trin A", "hvornår", new="Før")) == [
        ("fed", "Trin A"),
        ("ord", ", "),
        ("vaerdi", "hvornår"),
        ("ord", ": tilføjet «"),
        ("vaerdi", "Før"),
        ("ord", "»"),
    ]
    assert change_line(Change("S", "fjernet", "Version", old="0.1")) == [
        ("fed", "Version"),
        ("ord", ": fjernet «"),
        ("vaerdi", "0.1"),
        ("ord", "»"),
    ]
    assert change_line(Change("S", "tilfoejet", "Note", new=None))[1:] == [
        ("ord", ": tilføjet «"),
        ("vaerdi", ""),
        ("ord", "»"),
    ]
    assert change_line(Change("S", "fjernet", "Note", old=None))[1:] == [
        ("ord", ": fjernet «"),
        ("vaerdi", ""),
        ("ord", "»"),
    ]


def test_a_changed_value_up_to_80_characters_is_shown_whole_a_longer_one_as_a_word_diff() -> None:
    """Both values at most SHORT (80) characters: 'old → new'; either longer: only the changed words."""
    short_old, short_new = "a " * 39 + "bb", "a " * 39 + "cc"  # 80 characters each
    assert (len(short_old), len(short_new)) == (80, 80)
    assert change_line(Change("S", "aendret", "Tekst", None, short_old, short_new)) == [
        ("fed", "Tekst"),
        ("ord", ": "),
        ("vaerdi", short_old),
        ("ord", " → "),
        ("vaerdi", short_new),
    ]
    for old, new in ((short_old + "d", short_new), (short_old, short_new + "d")):
        line = change_line(Change("S", "aendret", "Tekst", None, old, new))
        assert line[:2] == [("fed", "Tekst"), ("ord", ": ")]
        assert line[2:] == word_diff(old, new), "81 characters on either side: a word diff"
    assert change_line(Change("S", "aendret", "Tekst", None, None, "ny")) == [
        ("fed", "Tekst"),
        ("ord", ": "),
        ("vaerdi", ""),
        ("ord", " → "),
        ("vaerdi", "ny"),
    ]
    assert change_line(Change("S", "aendret", "Tekst", None, "gammel", None))[2:] == [
        ("vaerdi", "gammel"),
        ("ord", " → "),
        ("vaerdi", ""),
    ]


def test_a_word_diff_shortens_a_long_unchanged_stretch_between_two_changes() -> None:
    """Between two changes, more than 12 unchanged words keep six on each side around '…'; 12 stay whole."""
    middle = [f"m{i}" for i in range(13)]
    old, new = " ".join(["a", *middle, "b"]), " ".join(["A", *middle, "B"])
    assert word_diff(old, new) == [
        ("slettet", "a"),
        ("ord", " "),
        ("tilfoejet", "A"),
        ("ord", " "),
        ("vaerdi", "m0 m1 m2 m3 m4 m5 … m7 m8 m9 m10 m11 m12"),
        ("ord", " "),
        ("slettet", "b"),
        ("ord", " "),
        ("tilfoejet", "B"),
    ]
    twelve = " ".join(middle[:12])
    assert word_diff(f"a {twelve} b", f"A {twelve} B")[4] == ("vaerdi", twelve)


def test_a_word_diff_of_a_long_text_with_recurring_words_marks_only_the_changed_word() -> None:
    """Hundreds of words in which 'og' and 'svar' recur, changed near the end: still one word struck and one
    added (difflib's 'autojunk' would treat the recurring words as noise and mark 'og svar' too)."""
    sentence = "Patienten og lægen aftaler at patienten og sygeplejersken følger op at tage blodprøver og svar"
    old = " ".join(f"{sentence} {n}." for n in range(19)) + f" {sentence}"
    new = old[: old.rindex("blodprøver")] + "urinprøver og svar"
    assert len(new.split()) > 200
    changed = [s for s in word_diff(old, new) if s[0] in ("slettet", "tilfoejet")]
    assert changed == [("slettet", "blodprøver"), ("tilfoejet", "urinprøver")]


def test_figure_rows_mark_a_new_phase_or_branch_in_the_first_cell_only() -> None:
    """A row with no figures before: '(ny fase)' or '(ny gren)' after its first cell, when asked to mark."""
    figures = PhaseFigures("p", "Kontrol", None, Range(2, 4), Range(1, 1), Range(0, 0), Range(1, 1), [])
    as_needed = pathway().trin[:1]
    branch = PhaseFigures("p", "Kontrol", "Stabil", Range(1, 1), Range(0, 0), Range(0, 0), Range(0, 0), as_needed)
    rows = [FigureRow("Kontrol", None, figures), FigureRow("Kontrol", None, branch, "Stabil")]
    assert figure_rows(rows, mark_new=True) == [
        ("Kontrol", ["2–4 (ny fase)", "33 %", "1", "0"]),
        ("Kontrol, gren: Stabil", ["1 (ny gren)", "0 %", "0", "1"]),
    ]
    assert figure_rows(rows, mark_new=False)[1] == ("Kontrol, gren: Stabil", ["1", "0 %", "0", "1"])


def test_a_code_block_fence_is_longer_than_any_run_of_backticks_in_it() -> None:
    """At least three backticks, and one more than the longest run, so the text cannot close it."""
    assert code_block("fejl") == "```\nfejl\n```"
    assert code_block("a `` b") == "```\na `` b\n```"
    assert code_block("a ```` b ` c") == "`````\na ```` b ` c\n`````"


def segments_text(parts: list[Segment]) -> str:
    return "".join(text for _, text in parts)


def test_a_new_pathways_sentence_counts_steps_and_phases_in_danish() -> None:
    """'med 4 trin og 2 faser', and one phase is '1 fase' (a step is 'trin' in both numbers)."""
    assert wording.new_pathway(with_phase()) == [
        ("ord", "med 4 trin og 2 faser: "),
        ("vaerdi", "Udkast, version 0.1"),
        ("ord", "."),
    ]
    example = minimal_pathway()
    del example["status"], example["version"]
    text = segments_text(wording.new_pathway(Forloeb.model_validate(example)))
    assert text == "med 3 trin og 1 fase: Eksempel, uden version."
    assert segments_text(wording.new_pathway(pathway(faser=[]))) == "med 3 trin og 0 faser: Udkast, version 0.1."
