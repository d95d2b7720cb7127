"""JSON Schemas generated from the models, for editors (yaml-language-server) and the site."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from forloeb.model.pathway import Forloeb
from forloeb.model.registers import D4Register, Specialer, VaelgKlogt

SCHEMA_DIR = Path("docs") / "schema"
SCHEMAS: dict[str, type[BaseModel]] = {
    "forloeb.schema.json": Forloeb,
    "specialer.schema.json": Specialer,
    "vaelg_klogt.schema.json": VaelgKlogt,
    "d4.schema.json": D4Register,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema()}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(root: Path) -> list[Path]:
    """Write every schema under root/docs/schema; return the files that changed."""
    changed = []
    for name, model in SCHEMAS.items():
        path = root / SCHEMA_DIR / name
        text = schema_text(model)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
