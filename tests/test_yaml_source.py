"""The strict YAML reader: every refusal names the line and column."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from forloeb.load.yaml_source import (
    MAX_BYTES,
    MAX_DEPTH,
    YamlDocument,
    YamlInputError,
    decode_yaml,
    parse_yaml,
    read_yaml,
)


def error_of(text: str) -> YamlInputError:
    with pytest.raises(YamlInputError) as info:
        parse_yaml(text)
    return info.value


def test_positions_of_nested_values() -> None:
    doc = parse_yaml("a: 1\nb:\n  c:\n    - x\n    - y\n")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"]}}
    assert doc.locate(("b", "c", 1)) == (5, 7)
    assert doc.locate(("b", "c", 1, "missing")) == (5, 7)
    assert doc.locate(("a",), key=True) == (1, 1)


def test_duplicate_key_names_both_lines() -> None:
    err = error_of("titel: A\nid: x\ntitel: B\n")
    assert (err.line, err.col) == (3, 1)
    assert "titel" in err.message and "linje 1" in err.message


def test_alias_and_anchor_are_refused() -> None:
    assert "ankre" in error_of("a: &x 1\nb: 2\n").message
    err = error_of("a: [1]\nb: *x\n")
    assert "alias" in err.message.lower() or "syntaksfejl" in err.message


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]" for i in range(8)]
    start = time.perf_counter()
    err = error_of("\n".join(lines))
    assert time.perf_counter() - start < 2
    assert err.line == 1


@pytest.mark.parametrize(
    ("text", "line", "col", "message"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3, 2, "YAML-syntaksfejl: did not find expected ',' or ']'"),
        ("a: b: c\n", 1, 5, "YAML-syntaksfejl: mapping values are not allowed in this context"),
        ("a: 1\n  b: 2\n", 2, 4, "YAML-syntaksfejl: mapping values are not allowed in this context"),
        ("a:\n\tb: 1\n", 2, 1, "YAML-syntaksfejl: found character that cannot start any token"),
        ("a: 1\nb: \x07x\n", 2, 4, "tegnet U+0007 er ikke tilladt i YAML"),
        ("a: 1\n---\nb: 2\n", 2, 1, "filen må kun indeholde ét YAML-dokument"),
        ("", 1, 1, "filen er tom"),
        (
            "a: !!python/object:os.system x\n",
            1,
            4,
            "YAML-mærket tag:yaml.org,2002:python/object:os.system er ikke tilladt",
        ),
        ("? [a]\n: 1\n", 1, 3, "en nøgle skal være en simpel tekst"),
        ("a: 1\nb: *x\n", 2, 4, "YAML-aliasser (*navn) er ikke tilladt; skriv værdien ud"),
        ("a: 1\nb: &x 2\n", 2, 4, "YAML-ankre (&navn) er ikke tilladt; skriv værdien ud"),
        ("a: 1\nb:\n  - &x [1]\n", 3, 5, "YAML-ankre (&navn) er ikke tilladt; skriv værdien ud"),
        ("a: 1\nb: !!set {x: null}\n", 2, 4, "YAML-mærket tag:yaml.org,2002:set er ikke tilladt"),
        ("a: 1\nb: !!omap [x: 1]\n", 2, 4, "YAML-mærket tag:yaml.org,2002:omap er ikke tilladt"),
        ("a: 1\nb: !mit 2\n", 2, 4, "YAML-mærket !mit er ikke tilladt"),
        ("titel: A\nid: x\ntitel: B\n", 3, 1, "nøglen 'titel' står to gange (første gang i linje 1)"),
        ("a:\n  id: x\n  b: 1\n  id: y\n", 4, 3, "nøglen 'id' står to gange (første gang i linje 2)"),
    ],
)
def test_a_syntax_error_or_refused_construct_names_its_exact_line_and_column(
    text: str, line: int, col: int, message: str
) -> None:
    err = error_of(text)
    assert (err.line, err.col, err.message) == (line, col, message)


def test_invalid_utf8_names_the_line_and_column_of_the_first_bad_byte() -> None:
    with pytest.raises(YamlInputError) as info:
        decode_yaml(b"a: 1\nb: caf\xe9\n")
    assert (info.value.line, info.value.col, info.value.message) == (2, 7, "filen er ikke gyldig UTF-8")
    assert decode_yaml("\ufeffa: 1\n".encode()).data == {"a": 1}, "a byte order mark is allowed"


def test_tab_indentation_is_an_error() -> None:
    err = error_of("a:\n\tb: 1\n")
    assert err.line == 2


def test_deep_nesting_is_refused() -> None:
    assert "indlejring" in error_of("a: " + "[" * 60 + "]" * 60).message


def test_python_tags_are_refused() -> None:
    err = error_of("a: !!python/object/apply:os.system ['echo hi']\n")
    assert err.line == 1
    assert "mærket" in err.message or "syntaksfejl" in err.message


def test_empty_file() -> None:
    assert "tom" in error_of("# kun en kommentar\n").message


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("titel: ok\nformaal: K\xf8ge\n".encode("latin-1"))
    with pytest.raises(YamlInputError) as info:
        read_yaml(path)
    assert (info.value.line, info.value.col) == (2, 11)
    assert "UTF-8" in info.value.message


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: '" + "x" * MAX_BYTES + "'\n", encoding="utf-8")
    with pytest.raises(YamlInputError, match="for stor"):
        read_yaml(path)


def test_dates_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffdato: 2025-03-01\n".encode())
    doc = read_yaml(path)
    assert str(doc.data["dato"]) == "2025-03-01"


def test_control_character_names_its_position() -> None:
    err = error_of("titel: ok\nformaal: a\x1fb\n")
    assert (err.line, err.col) == (2, 11)
    assert "U+001F" in err.message


def test_only_one_document_per_file() -> None:
    err = error_of("a: 1\n---\nb: 2\n")
    assert "ét YAML-dokument" in err.message
    assert err.line == 2


def test_custom_tags_on_collections_are_refused() -> None:
    assert "mærket" in error_of("a: !!set {x: null}\n").message


def nested(depth: int, collection: str) -> str:
    """A value nested `depth` levels below the top mapping, in lists or in mappings."""
    if collection == "liste":
        return "a: " + "[" * depth + "1" + "]" * depth + "\n"
    return "a: " + "{b: " * depth + "1" + "}" * depth + "\n"


@pytest.mark.parametrize("collection", ["liste", "mapping"])
def test_nesting_is_allowed_to_exactly_the_limit(collection: str) -> None:
    # the top mapping's value is level 1, so MAX_DEPTH - 1 collections inside it reach the limit
    assert parse_yaml(nested(MAX_DEPTH - 1, collection)).data is not None
    err = error_of(nested(MAX_DEPTH, collection))
    assert err.message == f"for dyb indlejring (over {MAX_DEPTH} niveauer)"
    assert (err.line, err.col) == (1, 4 + MAX_DEPTH * (1 if collection == "liste" else 4))


def test_explicit_default_tags_and_the_non_specific_tag_are_plain_data() -> None:
    # "! 12" is read as PyYAML's own safe loader reads it: the non-specific tag leaves the type to the value
    doc = parse_yaml("a: !!seq [1, 2]\nb: !!map {c: 1}\nc: !!str 12\nd: ! 12\ne: !!int '7'\nf: ! [1]\n")
    assert doc.data == {"a": [1, 2], "b": {"c": 1}, "c": "12", "d": 12, "e": 7, "f": [1]}


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("12", 12),
        ("'12'", "12"),
        ('"true"', "true"),
        ("true", True),
        ("~", None),
        ("", None),
        ("1.5", 1.5),
        ("2025-03-01", datetime.date(2025, 3, 1)),
        ("-3", -3),
        ("Hæmokromatose", "Hæmokromatose"),
        ("12 uger", "12 uger"),
    ],
)
def test_plain_scalars_get_yaml_s_types_and_quoted_ones_stay_text(scalar: str, value: object) -> None:
    assert parse_yaml(f"a: {scalar}\n").data == {"a": value}


def test_every_value_and_key_is_located_and_a_missing_path_falls_back_to_its_nearest_ancestor() -> None:
    doc = parse_yaml("titel: A\ntrin:\n  - id: x\n    tekst: |\n      lang\n")
    assert doc.locate(()) == (1, 1)
    assert doc.locate(("trin",)) == (3, 3)
    assert doc.locate(("trin", 0, "tekst")) == (4, 12)
    assert doc.locate(("trin", 0, "tekst"), key=True) == (4, 5)
    assert doc.locate(("trin", 0, "mangler"), key=True) == (3, 5)
    assert doc.locate(("ukendt", 3)) == (1, 1)
    assert YamlDocument(data={}).locate(("x",)) == (1, 1)


def test_an_error_without_a_position_points_at_the_first_line() -> None:
    err = YamlInputError("filen er tom")
    assert (err.line, err.col) == (1, 1)
