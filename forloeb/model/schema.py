"""JSON Schemas generated from the models, for editors (yaml-language-server) and the site.

The schema is written for the editor of a YAML file, not for a program reading JSON:

- every property has a Danish title (the field's name as labels.FELT writes it) and its Field's
  description; every allowed value is explained (vocabulary.py) in `markdownEnumDescriptions`,
  which the YAML language server shows on completion and hover;
- an optional field is one to leave out, so the schema offers no `null` (an `anyOf` with null
  would make the editor's hover show each title twice) and no default of null to insert;
- patterns are valid ECMA-262 regular expressions (JSON Schema's dialect), each with a Danish
  `patternErrorMessage`, and dates say their format;
- the classes' docstrings (English, for developers) stay out of it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from forloeb.model.labels import FELT
from forloeb.model.pathway import Forloeb
from forloeb.model.registers import D4Register, Specialer, VaelgKlogt
from forloeb.model.vocabulary import vocabulary_of

SCHEMA_DIR = Path("docs") / "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "forloeb.schema.json": Forloeb,
    "specialer.schema.json": Specialer,
    "vaelg_klogt.schema.json": VaelgKlogt,
    "d4.schema.json": D4Register,
}
# What each file is, shown by an editor for the file as a whole.
DESCRIPTIONS = {
    "forloeb.schema.json": "En patientforløbsbeskrivelse: én fil pr. diagnose, pathways/<speciale>/<id>.yaml.",
    "specialer.schema.json": "Specialerne og deres SFR: pathways/_registre/specialer.yaml.",
    "vaelg_klogt.schema.json": "Vælg Klogt-anbefalingerne, som forløbene henviser til: "
    "pathways/_registre/vaelg_klogt.yaml.",
    "d4.schema.json": "Bruttolisten over D4-dokumenter: pathways/_registre/d4.yaml og pathways/_registre/d4/*.yaml.",
}
DATE_FORMAT = {
    "examples": ["2026-06-01"],
    "patternErrorMessage": "Skal være en dato på formen ÅÅÅÅ-MM-DD, fx 2026-06-01.",
}


class EditorSchema(GenerateJsonSchema):
    def nullable_schema(self, schema: core_schema.NullableSchema) -> JsonSchemaValue:
        return self.generate_inner(schema["schema"])  # optional: leave the key out

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        json_schema = super().default_schema(schema)
        if json_schema.get("default", ...) is None:
            del json_schema["default"]
        return json_schema

    def field_title_should_be_set(self, schema: Any) -> bool:
        return True  # also on fields of a model or enum type: the title names the field, not its type

    def get_title_from_name(self, name: str) -> str:
        label = FELT.get(name)
        if label is None:
            raise KeyError(f"labels.FELT has no Danish name for the field '{name}'")
        return label[:1].upper() + label[1:]

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        json_schema.pop("description", None)  # the docstring is for developers
        return json_schema

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        json_schema = super().literal_schema(schema)
        values = json_schema.get("enum")
        vocabulary = vocabulary_of(tuple(values)) if values else None
        if values and vocabulary is None:
            raise KeyError(f"vocabulary.py does not explain the values {values}")
        if vocabulary is not None:
            json_schema["markdownEnumDescriptions"] = [vocabulary.describe(v) for v in values]
        return json_schema

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return {**super().date_schema(schema), **DATE_FORMAT}

    def _sort_recursive(self, value: Any, parent_key: str | None = None) -> Any:
        # An example keeps its keys in the order an editor would write them (type before fra and til).
        return value if parent_key == "examples" else super()._sort_recursive(value, parent_key)


def schema_of(name: str) -> dict[str, Any]:
    model = SCHEMAS[name]
    generated = model.model_json_schema(schema_generator=EditorSchema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated, "description": DESCRIPTIONS[name]}


def schema_text(name: str) -> str:
    return json.dumps(schema_of(name), ensure_ascii=False, indent=2) + "\n"


def write_schemas(root: Path) -> list[Path]:
    """Write every schema under root/docs/schema; return the files that changed."""
    changed = []
    for name in SCHEMAS:
        path = root / SCHEMA_DIR / name
        text = schema_text(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
