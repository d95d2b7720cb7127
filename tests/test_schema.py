"""The JSON Schemas: what the models generate, valid for any standard validator, every field and value explained."""

from __future__ import annotations

import json
import locale
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from forloeb.load.layout import SPECIALTIES_FILE, VAELG_KLOGT_FILE, Layout
from forloeb.model.schema import SCHEMA_DIR, SCHEMAS, EditorSchema, schema_of, schema_text, write_schemas
from forloeb.model.vocabulary import VOCABULARIES, Vocabulary, _vocabulary
from tests.factories import ROOT


def check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--color", "never", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def shipped_files_by_schema(layout: Layout) -> dict[str, list[Path]]:
    """Every input file of the repository under the schema it must follow."""
    reg = layout.registry_dir
    return {
        "forloeb.schema.json": layout.pathway_files(),
        "specialer.schema.json": [reg / SPECIALTIES_FILE],
        "vaelg_klogt.schema.json": [reg / VAELG_KLOGT_FILE],
        "d4.schema.json": layout.d4_files(),
    }


def properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property schema in a schema, with where it stands."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, value in node.items():
            yield from properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for value in node:
            yield from properties(value, where)


def values_of(node: Any, key: str) -> Iterator[Any]:
    """Every value of a keyword anywhere in a schema."""
    if isinstance(node, dict):
        if key in node:
            yield node[key]
        for value in node.values():
            yield from values_of(value, key)
    elif isinstance(node, list):
        for value in node:
            yield from values_of(value, key)


def test_committed_schemas_match_the_models() -> None:
    for name in SCHEMAS:
        committed = (ROOT / SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == schema_text(name), f"run: python scripts/generate_schema.py ({name} is stale)"


@pytest.fixture
def ascii_locale() -> Iterator[None]:
    """A machine whose locale is not UTF-8 (the C locale here; Windows has cp1252): a text file read or written
    without naming its encoding would fail on 'ø'."""
    saved = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        assert locale.getpreferredencoding(False) == "ANSI_X3.4-1968", "Python in UTF-8 mode (PYTHONUTF8=1)?"
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, saved)


def test_generate_schema_writes_the_stale_schemas_only(tmp_path: Path, ascii_locale: None) -> None:
    """scripts/generate_schema.py writes every schema missing or stale under docs/schema/ (the folder made where
    needed), in UTF-8 whatever the machine's locale, and names those it wrote; an up-to-date file is neither
    written nor named."""
    paths = [tmp_path / SCHEMA_DIR / name for name in SCHEMAS]
    assert write_schemas(tmp_path) == paths
    assert [p.read_text(encoding="utf-8") for p in paths] == [schema_text(name) for name in SCHEMAS]
    assert write_schemas(tmp_path) == []

    stale, missing, kept = paths[1], paths[3], paths[0]
    stale.write_text("{}\n", encoding="utf-8")
    missing.unlink()
    os.utime(kept, ns=(0, 0))  # dated 1970: writing it again would date it now
    assert write_schemas(tmp_path) == [stale, missing]
    assert [p.read_text(encoding="utf-8") for p in paths] == [schema_text(name) for name in SCHEMAS]
    assert kept.stat().st_mtime_ns == 0


Farve = Literal["roed", "groen", "blaa"]


def test_a_vocabulary_explains_exactly_the_values_of_its_field() -> None:
    """Each allowed value is explained, in the order of the model's Literal, with the site's name where it has one;
    an explanation missing or too many stops the program where the vocabulary is written."""
    explained = {"blaa": "Himlen.", "groen": "Græs.", "roed": "Blod."}
    vocabulary = _vocabulary(Farve, explained, {"roed": "Rød"})
    assert vocabulary == Vocabulary(("roed", "groen", "blaa"), explained, {"roed": "Rød"})
    assert [vocabulary.describe(v) for v in vocabulary.values] == ["**Rød**. Blod.", "Græs.", "Himlen."]
    assert _vocabulary(Farve, explained).names == {}
    with pytest.raises(ValueError) as missing:
        _vocabulary(Farve, {"roed": "Blod.", "groen": "Græs."})
    assert str(missing.value) == "explanations ['groen', 'roed'] do not match the values ['blaa', 'groen', 'roed']"
    with pytest.raises(ValueError) as extra:
        _vocabulary(Farve, {**explained, "gul": "Sol."})
    assert str(extra.value) == (
        "explanations ['blaa', 'groen', 'gul', 'roed'] do not match the values ['blaa', 'groen', 'roed']"
    )


def test_check_jsonschema_accepts_every_schema() -> None:
    """Every pattern is an ECMA-262 regular expression (with the u flag), as JSON Schema requires."""
    schemas = sorted(str(p.relative_to(ROOT)) for p in (ROOT / SCHEMA_DIR).glob("*.json"))
    assert len(schemas) == len(SCHEMAS)
    result = check_jsonschema("--check-metaschema", *schemas)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_refuses_a_pattern_that_is_not_ecma_262(tmp_path: Path) -> None:
    """The check above can fail: the URL pattern of before (an escaped quote, invalid under the u flag)."""
    schema = schema_of("vaelg_klogt.schema.json")
    schema["$defs"]["Reference"]["properties"]["url"]["pattern"] = r"^(https?://[^\s<>\"]+|mailto:[^\s<>\"]+)$"
    bad = tmp_path / "gammel.schema.json"
    bad.write_text(json.dumps(schema), encoding="utf-8")
    result = check_jsonschema("--check-metaschema", str(bad))
    assert result.returncode == 1 and "is not a 'regex'" in result.stdout


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_shipped_file_follows_its_schema(name: str) -> None:
    files = shipped_files_by_schema(Layout(ROOT))[name]
    assert files
    result = check_jsonschema("--schemafile", str(SCHEMA_DIR / name), *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_finds_each_mistake_in_a_pathway(tmp_path: Path) -> None:
    source = (ROOT / "pathways/gastroenterologi-hepatologi/haemokromatose.yaml").read_text(encoding="utf-8")
    wrong = source.replace("\nformaal:", "\nformal:", 1).replace("udfoerer: sygeplejerske", "udfoerer: sygeplejeske", 1)
    assert wrong.count("formal:") == 1 and "sygeplejeske" in wrong
    path = tmp_path / "haemokromatose.yaml"
    path.write_text(wrong, encoding="utf-8")
    result = check_jsonschema("--schemafile", str(SCHEMA_DIR / "forloeb.schema.json"), str(path))
    assert result.returncode == 1
    assert "'formaal' is a required property" in result.stdout
    assert "Additional properties are not allowed ('formal' was unexpected)" in result.stdout
    assert "'sygeplejeske' is not one of" in result.stdout


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_property_has_a_danish_title_and_description(name: str) -> None:
    schema = schema_of(name)
    assert schema["description"] and "additionalProperties" in schema
    found = list(properties(schema))
    assert found
    for where, prop in found:
        # pydantic leaves out a title that the referenced model already has; the editor merges the two.
        referenced = schema["$defs"][prop["$ref"].rsplit("/", 1)[1]] if "$ref" in prop else {}
        assert prop.get("title") or referenced.get("title"), f"{name}{where} has no title"
        assert prop.get("description"), f"{name}{where} has no description"
        assert "||" not in prop.get("title", "")
    if name == "forloeb.schema.json":
        assert {"Udføres af", "Formål", "Godkendt dato"} <= {prop.get("title") for _, prop in found}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_every_allowed_value_is_explained(name: str) -> None:
    text = schema_text(name)
    for where, prop in properties(json.loads(text)):
        values = prop.get("enum") or prop.get("items", {}).get("enum")
        if values is None:
            continue
        explained = prop.get("markdownEnumDescriptions") or prop["items"]["markdownEnumDescriptions"]
        assert len(explained) == len(values) and all(e.strip() for e in explained), f"{name}{where}"


def test_optional_fields_offer_no_null_and_the_docstrings_stay_out() -> None:
    for name in SCHEMAS:
        schema = schema_of(name)
        text = json.dumps(schema)
        assert '"null"' not in text and '"default": null' not in text, name
        assert all("description" not in d for d in schema.get("$defs", {}).values()), "a docstring is for developers"


def test_the_schema_describes_the_values_of_the_site() -> None:
    schema = schema_of("forloeb.schema.json")
    udfoerer = schema["$defs"]["Trin"]["properties"]["udfoerer"]
    explained = dict(zip(udfoerer["enum"], udfoerer["markdownEnumDescriptions"], strict=True))
    assert explained["kommune"].startswith("**Kommunen (ikke sygepleje)**.")  # the site's name, from labels.py
    assert "opgaveglidning" in explained["almen-praksis"]
    tools = schema["$defs"]["DigitalUnderstoettelse"]["properties"]["vaerktoej"]
    assert "Smart Phrases" in tools["markdownEnumDescriptions"][tools["enum"].index("smart-phrases-best-orders")]
    assert len(VOCABULARIES) == 13
    # Examples where the format is not obvious.
    assert schema["properties"]["version"]["examples"] == ["1.0"]
    assert schema["properties"]["godkendt_dato"]["examples"]
    assert schema["$defs"]["Diagnosekode"]["properties"]["kode"]["examples"] == ["DE831"]
    assert schema["$defs"]["Trin"]["properties"]["hyppighed"]["examples"][0]["type"] == "interval"


def test_no_shipped_file_needs_a_modeline() -> None:
    """The workspace's settings attach the schemas wherever a file lies (test_language_server.py drives them)."""
    for files in shipped_files_by_schema(Layout(ROOT)).values():
        for path in files:
            assert "yaml-language-server:" not in path.read_text(encoding="utf-8"), path


@pytest.mark.skipif(shutil.which("node") is None, reason="node mangler")
def test_every_pattern_compiles_as_a_javascript_unicode_regexp() -> None:
    """The editor's own engine: each pattern as `new RegExp(pattern, "u")` in Node.js."""
    patterns = sorted({p for name in SCHEMAS for p in values_of(schema_of(name), "pattern")})
    assert len(patterns) >= 5
    script = "for (const p of JSON.parse(process.argv[1])) new RegExp(p, 'u');"
    result = subprocess.run(["node", "-e", script, json.dumps(patterns)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_a_field_without_a_danish_name_or_explained_values_stops_the_generation_naming_it() -> None:
    """A developer who adds a field learns what to add where; nothing is generated half explained."""

    class UdenNavn(BaseModel):
        ukendt_felt: int

    with pytest.raises(KeyError, match=r"labels\.FELT has no Danish name for the field 'ukendt_felt'"):
        UdenNavn.model_json_schema(schema_generator=EditorSchema)

    class UforklaredeVaerdier(BaseModel):
        type: Literal["roed", "groen"]

    with pytest.raises(KeyError, match=r"vocabulary.py does not explain the values \['roed', 'groen'\]"):
        UforklaredeVaerdier.model_json_schema(schema_generator=EditorSchema)


def test_a_field_of_one_fixed_value_needs_no_explanation() -> None:
    class EnVaerdi(BaseModel):
        type: Literal["interval"]

    schema = EnVaerdi.model_json_schema(schema_generator=EditorSchema)
    assert schema["properties"]["type"] == {"const": "interval", "title": "Type", "type": "string"}
