"""Create a new pathway file with a Danish comment on every field: `python scripts/new_pathway.py`.

Asks for what it needs, or takes it as flags (--titel, --speciale, --diagnosekode, --id). The file
is a valid draft as it stands; the texts marked UDFYLD are for the working group to write.
Exit 0 when the file is written, 2 when a value is wrong or the id exists.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from forloeb.load.placeholders import MARKER
from forloeb.scaffold import ScaffoldError, new_pathway, slug_from_title, specialties

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Opret en ny forløbsfil med kommentarer til hvert felt.")
    parser.add_argument("--titel", help="forløbets titel, fx 'Ambulant forløb for patienter med hæmokromatose'")
    parser.add_argument("--speciale", help="specialets id fra pathways/_registre/specialer.yaml")
    parser.add_argument("--diagnosekode", help="SKS-diagnosekode, fx DE831 (E83.1 kan også bruges)")
    parser.add_argument("--diagnosetekst", help="diagnosens navn (kan udfyldes senere)")
    parser.add_argument("--id", dest="forloeb_id", help="forløbets id og filnavn (standard: ud fra titlen)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repositoriets rod")
    return parser


def _ask(question: str, default: str | None = None) -> str:
    suffix = f" [{default}]" if default else ""
    answer = input(f"{question}{suffix}: ").strip()
    return answer or (default or "")


def _complete(args: argparse.Namespace) -> None:
    """Ask for what the flags did not give; without a terminal, name the missing flags instead."""
    missing = [f"--{n}" for n in ("titel", "speciale", "diagnosekode") if not getattr(args, n)]
    if not missing:
        args.forloeb_id = args.forloeb_id or slug_from_title(args.titel)
        return
    if not sys.stdin.isatty():
        raise ScaffoldError(f"mangler {', '.join(missing)} (eller kør kommandoen i en terminal, så spørger den)")
    known = specialties(args.root)
    args.titel = args.titel or _ask("Forløbets titel")
    args.forloeb_id = args.forloeb_id or _ask(
        "Id og filnavn (små bogstaver, tal, bindestreg)", slug_from_title(args.titel)
    )
    if not args.speciale:
        print("Specialer:\n" + "\n".join(f"  {sid}  ({s.navn})" for sid, s in known.items()))
        args.speciale = _ask("Speciale (id fra listen)")
    args.diagnosekode = args.diagnosekode or _ask("SKS-diagnosekode, fx DE831")
    args.diagnosetekst = args.diagnosetekst or _ask("Diagnosens navn (Enter: udfyld senere)") or None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _complete(args)
        path, text = new_pathway(
            args.root,
            forloeb_id=args.forloeb_id,
            titel=args.titel,
            speciale=args.speciale,
            kode=args.diagnosekode,
            diagnosetekst=args.diagnosetekst,
            today=date.today(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:  # "x": never overwrite a file that appeared meanwhile
            out.write(text)
    except ScaffoldError as exc:
        print(f"fejl: {exc.message}", file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print("\nafbrudt; ingen fil er oprettet", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"fejl: kan ikke skrive filen: {exc.strerror}", file=sys.stderr)
        return 2
    shown = path.relative_to(args.root) if path.is_relative_to(args.root) else path
    print(f"Oprettet {shown}")
    print(f"Udfyld teksterne, der begynder med '{MARKER}', og tjek filen med:")
    print(f"  python scripts/validate.py {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
