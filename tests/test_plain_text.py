"""Text is plain text: bidirectional controls and invisible characters are refused in YAML (file:line:col) and
removed from imported D4 documents, so search and the overlap check see whole words."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.load.plaintext import BIDI_CONTROLS, INVISIBLE, first_hidden, without_hidden, without_invisible
from forloeb.load.problems import InputError
from forloeb.load.texts import TextFileError, read_text_file
from forloeb.load.yaml_source import YamlInputError, parse_yaml
from tests.d4documents import PARAPHRASE, guideline_paragraphs
from tests.sitebuild import run_script

HAEMO = Path("pathways/gastroenterologi-hepatologi/haemokromatose.yaml")
VAELG_KLOGT = Path("pathways/_registre/vaelg_klogt.yaml")


def findings(repo: Path) -> list[dict[str, Any]]:
    result = run_script(repo, "check_overlaps.py", "--format", "json")
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


def position(text: str, fragment: str) -> tuple[int, int]:
    """1-based line and column of fragment in text."""
    i = text.index(fragment)
    return text.count("\n", 0, i) + 1, i - (text.rfind("\n", 0, i) + 1) + 1


@pytest.mark.parametrize("char", [*BIDI_CONTROLS, *INVISIBLE])
def test_every_hidden_character_is_refused_where_it_stands(char: str) -> None:
    text = f"titel: Hæmokromatose\nformaal: Ambulant forløb for hæmo{char}kromatose\n"
    with pytest.raises(YamlInputError) as refused:
        parse_yaml(text)
    assert (refused.value.line, refused.value.col) == (2, len("formaal: Ambulant forløb for hæmo") + 1)
    assert f"U+{ord(char):04X}" in refused.value.message
    kind = "vender tekstens retning" if char in BIDI_CONTROLS else "deler ord"
    assert kind in refused.value.message


def test_an_escape_in_a_quoted_text_is_refused_too() -> None:
    with pytest.raises(YamlInputError) as refused:
        parse_yaml('titel: Hæmokromatose\nformaal: "Forløb \\u202eesotamorkomæh"\n')
    assert (refused.value.line, refused.value.col) == (2, 10) and "escape-sekvens" in refused.value.message
    assert parse_yaml('formaal: "Forløb for b\\u00f8rn"\n').data == {"formaal": "Forløb for børn"}


@pytest.mark.parametrize(
    ("where", "fragment", "char"),
    [
        (HAEMO, "Ferritin under 100", "\u202e"),  # in a text: the page would show it reversed
        (HAEMO, "venesectio", "\u00ad"),  # a soft hyphen pasted from Word
        (HAEMO, "# Overført", "\u2066"),  # in a comment: a diff would show the lines in another order
        (VAELG_KLOGT, "anbefalinger:", "\u200b"),  # a register
    ],
)
@pytest.mark.subprocess
def test_validate_names_file_line_and_column(repo: Path, where: Path, fragment: str, char: str) -> None:
    path = repo / where
    text = path.read_text(encoding="utf-8")
    line, col = position(text, fragment)
    path.write_text(text.replace(fragment, fragment[:2] + char + fragment[2:], 1), encoding="utf-8")
    result = run_script(repo, "validate.py")
    assert result.returncode == 1
    assert f"{where}:{line}:{col + 2}: " in result.stdout and f"U+{ord(char):04X}" in result.stdout, result.stdout
    with pytest.raises(InputError):
        load_catalog(repo)


def test_an_imported_document_loses_every_hidden_character() -> None:
    """The import removes both kinds from an exported document: direction controls and invisible characters."""
    text = f"{''.join(BIDI_CONTROLS)}vene{''.join(INVISIBLE)}sectio\nhver {''.join(reversed(BIDI_CONTROLS))}uge"
    assert without_hidden(text) == "venesectio\nhver uge"


def test_only_invisible_characters_are_removed_from_a_register_text() -> None:
    """A register text file has its invisible characters removed when read; its direction controls are not
    removed but refused (next test), so none is hidden from the editor."""
    text = f"vene{''.join(INVISIBLE)}sectio{''.join(BIDI_CONTROLS)}"
    assert without_invisible(text) == f"venesectio{''.join(BIDI_CONTROLS)}"


def test_a_register_text_file_is_read_without_its_invisible_characters(tmp_path: Path) -> None:
    path = tmp_path / "419556.txt"
    path.write_text("Behandlingen er vene\u200bsectio.\nTap\u00adning hver \ufeffuge.\n", encoding="utf-8")
    assert read_text_file(path) == "Behandlingen er venesectio.\nTapning hver uge.\n"


@pytest.mark.parametrize("char", BIDI_CONTROLS)
def test_a_direction_control_in_a_register_text_file_is_refused_at_its_place(tmp_path: Path, char: str) -> None:
    """The first direction control is named by line and column (counted in characters, an invisible one before
    it included), however many invisible characters come before it."""
    path = tmp_path / "419556.txt"
    path.write_text(f"Første\u200b linje.\nTap\u00ad{char}ning hver \u202euge.\n", encoding="utf-8")
    with pytest.raises(TextFileError) as refused:
        read_text_file(path)
    assert refused.value.message == (
        f"tekstfilen 419556.txt, linje 2, kolonne 5: tegnet U+{ord(char):04X} ({BIDI_CONTROLS[char]}) er ikke "
        "tilladt: det vender tekstens retning, så den kan læses anderledes på siden end i filen; slet tegnet"
    )


def test_a_direction_control_in_a_text_file_without_invisible_characters_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "419556.txt"
    path.write_text("Første linje.\nTapning hver \u202euge.\n", encoding="utf-8")
    with pytest.raises(TextFileError, match="linje 2, kolonne 14: tegnet U\\+202E"):
        read_text_file(path)


def test_a_plain_text_file_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "419556.txt"
    text = "Første linje – æøå ÆØÅ µg/L ≥ 2,5.\r\n\fSide 2.\n"
    path.write_bytes(text.encode("utf-8"))
    assert read_text_file(path) == text


def d4_text_export(folder: Path, dokid: str, paragraph: str) -> Path:
    """A D4 guideline exported as text: header, then the body with the paragraph in the middle."""
    header = [f"DokID: {dokid}", "Holbæk Sygehus, Medicinsk Afdeling", "Hæmokromatose (DE831) – sygeplejeinstruks"]
    path = folder / f"{dokid}.txt"
    path.write_text("\n\n".join(header + guideline_paragraphs(paragraph)) + "\n", encoding="utf-8")
    return path


def hidden_inside_words(text: str) -> str:
    """What Word and PDF tools leave: soft hyphens and zero-width spaces inside the words, a byte-order
    mark, and a direction override."""
    words = text.split(" ")
    for i in range(len(words)):
        w = words[i]
        if len(w) > 6:
            words[i] = w[:3] + "\u00ad" + w[3:5] + "\u200b" + w[5:]
    return "\u202e" + " ".join(words).replace(" faser", " \ufefffaser", 1) + "\u202c"


@pytest.mark.subprocess
def test_an_imported_d4_text_loses_its_hidden_characters_and_is_compared_word_by_word(
    repo: Path, tmp_path: Path
) -> None:
    exports = tmp_path / "eksport"
    exports.mkdir()
    paragraph = hidden_inside_words(PARAPHRASE)
    assert first_hidden(paragraph) is not None and "venesectio" not in paragraph
    result = run_script(
        repo,
        "import_d4.py",
        "--speciale",
        "gastroenterologi-hepatologi",
        str(d4_text_export(exports, "419555", paragraph)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (repo / "pathways/_registre/d4/419555.txt").read_text(encoding="utf-8")
    assert first_hidden(text) is None and unicodedata.normalize("NFKC", PARAPHRASE) in text  # µ becomes μ
    (passage,) = [f for f in findings(repo) if f["kind"] == "d4-afsnit" and "419555" in f["message"]]
    assert "Dokumentet: »Den primære behandling består af venesectio" in passage["message"]


@pytest.mark.subprocess
def test_a_register_text_file_edited_by_hand(repo: Path, tmp_path: Path) -> None:
    """An invisible character typed into it is removed when read; a direction control is refused, with its place."""
    exports = tmp_path / "eksport"
    exports.mkdir()
    run_script(
        repo,
        "import_d4.py",
        "--speciale",
        "gastroenterologi-hepatologi",
        str(d4_text_export(exports, "419556", PARAPHRASE)),
    )
    path = repo / "pathways/_registre/d4/419556.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("venesectio", "vene\u200bsectio"), encoding="utf-8")
    assert [f for f in findings(repo) if f["kind"] == "d4-afsnit" and "419556" in f["message"]]

    line, col = position(text, "tapningsfase")
    path.write_text(text.replace("tapningsfase", "\u202etapningsfase", 1), encoding="utf-8")
    refused = [f for f in findings(repo) if f["severity"] == "fejl" and "419556.txt" in f["message"]]
    assert (
        len(refused) == 1
        and f"tekstfilen 419556.txt, linje {line}, kolonne {col}: tegnet U+202E" in refused[0]["message"]
    )
