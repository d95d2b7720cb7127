"""Summarise what changed in a pathway, in Danish Markdown (a pull-request comment, the case for SFR).

    python scripts/diff_pathways.py GAMMEL.yaml NY.yaml       two files
    python scripts/diff_pathways.py ID REV1 [REV2]            a pathway at two git revisions (no REV2: the work tree)
    python scripts/diff_pathways.py --changed REV1 [REV2]     every pathway changed between two revisions

Exit 0 with the summary on stdout; 1 when a version of a pathway has errors; 2 on a wrong request.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from forloeb.history.git import GitError
from forloeb.history.versions import CompareError, changed_summary, files_summary, revisions_summary
from forloeb.load.problems import InputError

ROOT = Path(__file__).resolve().parent.parent


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Vis hvad der er ændret i et forløb, som Markdown (til pull requests og SFR).",
        usage="%(prog)s GAMMEL.yaml NY.yaml | ID REV1 [REV2] | --changed REV1 [REV2]",
    )
    parser.add_argument("args", nargs="+", metavar="ARG", help="to filer, eller et forløbs-id og git-revisioner")
    parser.add_argument("--changed", action="store_true", help="alle forløb, der er ændret mellem REV1 og REV2")
    parser.add_argument("--root", type=Path, default=ROOT, help="repositoriets rod")
    return parser


def run(args: argparse.Namespace) -> int:
    a = args.args
    if len(a) > 3 or (args.changed and len(a) > 2):
        raise CompareError("for mange argumenter; se --help")
    if args.changed:
        result = changed_summary(args.root, a[0], a[1] if len(a) > 1 else None)
        print(result.markdown, end="")
        for p in result.problems:
            print(p, file=sys.stderr)
        return 1 if result.problems else 0
    if len(a) == 2 and Path(a[0]).suffix in (".yaml", ".yml"):
        print(files_summary(Path(a[0]), Path(a[1])), end="")
        return 0
    if len(a) < 2:
        raise CompareError("angiv to filer eller et forløbs-id og mindst én git-revision; se --help")
    print(revisions_summary(args.root, a[0], a[1], a[2] if len(a) > 2 else None), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except InputError as exc:
        for p in exc.problems:
            print(p, file=sys.stderr)
        print(f"fejl: forløbet kan ikke sammenlignes, fordi filen har {len(exc.problems)} fejl", file=sys.stderr)
        return 1
    except (CompareError, GitError) as exc:
        print(f"fejl: {exc.message}", file=sys.stderr)
        return 2
    except Exception as exc:  # never a traceback to an editor
        print(f"intern fejl: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
