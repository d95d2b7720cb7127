"""One register file per imported document: <registry>/d4/<DokID>.yaml, its full text beside it.

The import owns these files. Importing a document again replaces what was extracted and keeps what
the working group wrote: its recommendation, SFR's approval, the change in D4, the replacing pathway
and remarks, and, once the group has confirmed the extracted fields (maskinudtrukket: false), those
too. Both files are written to temporary names and moved into place only when the entry is valid, so
a failed import leaves the register as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from forloeb.errors import MessageError
from forloeb.load.layout import D4_DIR, Layout
from forloeb.load.loader import load
from forloeb.model.registers import D4Dokument, D4Register

# Written by the working group, never by the import.
GROUP_FIELDS = ("eksempel", "kilde", "erstattes_af", "anbefaling", "sfr_godkendelse", "gennemfoert", "bemaerkning")
# Extracted by the import, and kept once the group has confirmed them.
CONFIRMED_FIELDS = ("titel", "matrikel", "afdeling", "speciale", "gyldig_fra", "diagnosekoder", "kriterier")

# The schema is attached by the workspace's mapping (.vscode/settings.json), wherever the file lies.
HEADER = """\
# D4-dokument importeret med scripts/import_d4.py fra {source}; teksten står i {text}.
# Titel, matrikel, afdeling, koder og grænseværdier er udtrukket maskinelt: kontrollér dem, og sæt
# maskinudtrukket: false. En ny import opdaterer teksten og de udtrukne felter, men bevarer anbefaling,
# sfr_godkendelse, gennemfoert, erstattes_af og bemaerkning (og de kontrollerede felter).
"""


class RegisterFileError(MessageError):
    """A register entry that cannot be written, or an earlier one that is broken."""


def entry_path(layout: Layout, dokid: str) -> Path:
    return layout.registry_dir / D4_DIR / f"{dokid}.yaml"


def existing_entry(path: Path) -> dict[str, Any] | None:
    """The entry an earlier import wrote, as data; RegisterFileError when that file has errors."""
    if not path.exists():
        return None
    loaded = load(path, D4Register)
    if loaded.model is None or len(loaded.model.dokumenter) != 1:
        problem = loaded.problems[0] if loaded.problems else f"{path}: skal indeholde præcis ét dokument"
        raise RegisterFileError(f"den eksisterende registerfil har fejl; ret den først: {problem}")
    return loaded.model.dokumenter[0].model_dump(exclude_none=True, exclude_defaults=True)


def merge(existing: dict[str, Any] | None, extracted: dict[str, Any]) -> dict[str, Any]:
    if existing is None:
        return extracted
    entry = dict(extracted)
    confirmed = existing.get("maskinudtrukket") is None  # a default (false) is left out of the dump
    keep = GROUP_FIELDS + (CONFIRMED_FIELDS if confirmed else ())
    for name in keep:
        if name in existing:
            entry[name] = existing[name]
    if confirmed:
        entry.pop("maskinudtrukket", None)
    # In the schema's order: the extracted fields first, then the group's. A confirmed field the new
    # document does not give (a department, a date) is kept too.
    return {k: entry[k] for k in D4Dokument.model_fields if k in entry}


def write_entry(path: Path, entry: dict[str, Any], text: str, source: str) -> None:
    """Validate the entry, then write its text and register file atomically."""
    data = {"dokumenter": [entry]}
    try:
        D4Register.model_validate(data)
    except Exception as exc:  # pydantic's ValidationError, said in one line
        raise RegisterFileError(f"registerposten ville være ugyldig: {exc}") from None
    text_path = path.with_name(entry["tekstfil"])
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        _staged(text_path, text.rstrip("\n") + "\n") as staged_text,
        _staged(path, HEADER.format(source=source, text=text_path.name) + body) as staged_yaml,
    ):
        os.replace(staged_text, text_path)
        os.replace(staged_yaml, path)


class _staged:
    """A temporary file beside the target with the content written; removed if not moved."""

    def __init__(self, target: Path, content: str) -> None:
        self.target = target
        self.content = content
        self.tmp: Path | None = None

    def __enter__(self) -> Path:
        fd, name = tempfile.mkstemp(dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp")
        self.tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(self.content)
        return self.tmp

    def __exit__(self, *exc: object) -> None:
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
