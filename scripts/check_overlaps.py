"""Check overlaps between pathways and the D4 register: `python scripts/check_overlaps.py`; exit 1 on errors.

--format github writes GitHub workflow commands, so a pull request shows each finding on the lines
it concerns. Run it from the repository root, so paths are relative to it. --dato pins "today" for
the D4 deadlines, so a run can be repeated.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from forloeb.gc_pause import collector_paused, no_collection_at_exit
from forloeb.load.problems import InputError
from forloeb.overlap.bruttoliste import DEFAULT_DEADLINE_DAYS
from forloeb.overlap.check import DEFAULT_SIMILARITY, Limits, check_repository
from forloeb.overlap.findings import from_problem
from forloeb.overlap.passages import DEFAULT_CONTAINMENT
from forloeb.overlap.report import FORMATS, summary
from forloeb.overlap.stemmed import FOLDER

ROOT = Path(__file__).resolve().parent.parent
STEMMED_FOLDER = Path(".cache/analyse", FOLDER)  # beside the site's stored analysis (analysis_cache), shared with it


def similarity(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' er ikke et tal") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("skal være større end 0 og højst 1, fx 0.8")
    return value


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' er ikke en dato på formen ÅÅÅÅ-MM-DD") from None


def days(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' er ikke et antal dage")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Tjek alle forløb og D4-registret (bruttolisten) for overlappende patientgrupper, "
        "modstridende kriterier, afsnit gentaget i D4-dokumenter, D4-oprydningens fremdrift, næsten ens tekst "
        "og opgaveglidning."
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="repositoriets rod")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="uddata (standard: text)")
    parser.add_argument(
        "--similarity",
        type=similarity,
        default=DEFAULT_SIMILARITY,
        help=f"grænse for næsten ens afsnit i to forløb, mellem 0 og 1 (standard: {DEFAULT_SIMILARITY})",
    )
    parser.add_argument(
        "--containment",
        type=similarity,
        default=DEFAULT_CONTAINMENT,
        help="hvor stor en del af et forløbsafsnits ord et D4-dokument skal gentage i et afsnit, mellem 0 og 1 "
        f"(standard: {DEFAULT_CONTAINMENT})",
    )
    parser.add_argument("--dato", type=day, default=None, help="dagens dato for fristerne (standard: i dag)")
    parser.add_argument(
        "--frist",
        type=days,
        default=DEFAULT_DEADLINE_DAYS,
        help=f"dage fra SFR's godkendelse, til ændringen skal være gennemført i D4 (standard: {DEFAULT_DEADLINE_DAYS})",
    )
    parser.add_argument(
        "--ordmappe",
        type=Path,
        default=None,
        help="hvor D4-teksternes stammede ord læses fra (standard: .cache/analyse/ord under roden, hvor sitets "
        "bygning gemmer dem)",
    )
    args = parser.parse_args(argv)
    stemmed = args.ordmappe or args.root / STEMMED_FOLDER
    try:
        # What the check makes lives until it has been reported, so the cycle collector would only
        # scan it again (a full collection when the check ends: about 0.3 s at 1,000 pathways).
        with collector_paused():
            try:
                limits = Limits(
                    args.similarity, args.containment, today=args.dato, deadline_days=args.frist, stemmed=stemmed
                )
                findings = check_repository(args.root, limits)[1].findings
            except InputError as exc:  # the check needs a valid catalog; the input errors are the findings
                findings = [from_problem(p) for p in exc.problems]
            output = FORMATS[args.format](findings)
    except Exception as exc:  # never a traceback to an editor
        print(f"intern fejl under overlaptjekket: {exc}", file=sys.stderr)
        return 2
    if output:
        print(output)
    print(summary(findings), file=sys.stderr)
    return 1 if any(f.is_error for f in findings) else 0


if __name__ == "__main__":
    no_collection_at_exit()  # the process ends after one check: no pass over its objects at exit
    sys.exit(main())
