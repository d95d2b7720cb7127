"""Findings as text for people, JSON for tools and GitHub workflow commands for pull requests."""

from __future__ import annotations

import json
from collections.abc import Callable

from forloeb.load.problems import Severity
from forloeb.overlap.findings import Finding, Place, count

Format = Callable[[list[Finding]], str]

GITHUB_COMMAND: dict[Severity, str] = {"fejl": "error", "advarsel": "warning", "info": "notice"}


def summary(findings: list[Finding]) -> str:
    n = count(findings)
    return f"{n['fejl']} fejl, {n['advarsel']} advarsler, {n['info']} info"


def as_text(findings: list[Finding]) -> str:
    """One line per finding, `path:line:col: severity: message`, like scripts/validate.py."""
    lines = []
    for f in findings:
        first = f.places[0]
        prefix = "" if f.severity == "fejl" else f"{f.severity}: "
        lines.append(f"{first.path}:{first.line}:{first.col}: {prefix}{f.title}: {f.message}")
    return "\n".join(lines)


def as_json(findings: list[Finding]) -> str:
    data = {
        "findings": [
            {
                "severity": f.severity,
                "kind": f.kind,
                "title": f.title,
                "message": f.message,
                "places": [{"path": p.path, "line": p.line, "col": p.col} for p in f.places],
            }
            for f in findings
        ],
        "summary": count(findings),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def as_github(findings: list[Finding]) -> str:
    """Workflow commands: one annotation per place, so the changed side of an overlap is marked in
    the pull request whichever of the two files the pull request touched."""
    return "\n".join(_command(f, p) for f in findings for p in dict.fromkeys(f.places))


def _command(f: Finding, p: Place) -> str:
    props = f"file={_property(p.path)},line={p.line},col={p.col},title={_property(f.title)}"
    return f"::{GITHUB_COMMAND[f.severity]} {props}::{_data(f.message)}"


def _data(text: str) -> str:
    # The escaping GitHub's runner applies to workflow command data (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS: dict[str, Format] = {"text": as_text, "json": as_json, "github": as_github}
