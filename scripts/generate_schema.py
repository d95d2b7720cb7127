"""Regenerate docs/schema/*.schema.json from the pydantic models: `python scripts/generate_schema.py`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forloeb.model.schema import write_schemas

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    argparse.ArgumentParser(description="Skriv JSON Schema-filerne i docs/schema/ ud fra modellen.").parse_args()
    for path in write_schemas(ROOT):
        print(f"skrev {path.relative_to(ROOT)}")
    sys.exit(0)
