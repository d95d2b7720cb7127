"""Validate pathways: `python scripts/validate.py [FILE...]`; exit 1 on any error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forloeb.history.historik import git_historik_problems
from forloeb.load.validation import validate

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tjek forløbsfiler; uden argumenter alle forløb.")
    parser.add_argument("files", nargs="*", type=Path, help="YAML-filer (standard: alle)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repositoriets rod")
    args = parser.parse_args(argv)
    try:
        problems = validate(args.root, args.files, extra=lambda catalog: git_historik_problems(args.root, catalog))
    except Exception as exc:  # never a traceback to an editor
        print(f"intern fejl under validering: {exc}", file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    errors = sum(p.is_error for p in problems)
    warnings = sum(p.severity == "advarsel" for p in problems)
    infos = len(problems) - errors - warnings  # e.g. placeholders left in a draft
    print(f"{errors} fejl, {warnings} advarsler" + (f", {infos} at udfylde" if infos else ""), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
