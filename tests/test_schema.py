"""The committed JSON Schemas are exactly what the models generate."""

from __future__ import annotations

import json

from forloeb.model.schema import SCHEMA_DIR, SCHEMAS, schema_text
from tests.factories import ROOT


def test_committed_schemas_match_the_models() -> None:
    for name, model in SCHEMAS.items():
        committed = (ROOT / SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == schema_text(model), f"run: python scripts/generate_schema.py ({name} is stale)"


def test_schema_forbids_unknown_keys_and_describes_fields_in_danish() -> None:
    schema = json.loads(schema_text(SCHEMAS["forloeb.schema.json"]))
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values() if d.get("type") == "object")
    assert "Forløbets trin" in schema["properties"]["trin"]["description"]
    status = schema["properties"]["status"]["anyOf"]  # status may be left out for an example
    assert status == [
        {"enum": ["udkast", "til-godkendelse", "godkendt", "udgaaet"], "type": "string"},
        {"type": "null"},
    ]


def test_every_shipped_file_names_its_schema_on_line_one() -> None:
    for path in sorted((ROOT / "pathways").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.exists(), f"{path}: {target}"
