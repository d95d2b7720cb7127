"""The mutation check of forloeb/: `bash scripts/mutation.sh [--fresh] [MODUL...]` (README, Tests).

mutmut (pinned in requirements.txt, configured under [tool.mutmut] in pyproject.toml) plants one small
mistake at a time in a copy of forloeb/ (mutants/, ignored by git) and runs the unit tests that call
the function it is in; a mutant that no test notices has survived. The run is incremental: mutmut
keeps each mutant's result until its function changes, and this script tests again every mutant
still alive, since a new test may kill it. Then it prints the score per module and in all:

    score = killed / (all mutants - equivalent ones)

Equivalent mutants (the program behaves the same; no test can tell) and harmless ones (a test could
tell, but no reader or editor would be worse off) are listed with the reason in
tests/mutation_survivors.txt (by name, or by a pattern for the survivors of one function that share
a reason); the harmless ones count as alive. A survivor not in that file is printed
with its diff, and so is an entry whose mutant is now killed or gone. Exit 1 when the score is below
the target or a survivor is unexplained, 2 on a wrong request.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
SURVIVORS_FILE = ROOT / "tests" / "mutation_survivors.txt"
TARGET = 0.85

# mutmut's exit codes per mutant (mutmut/stats.py): pytest's 1 and 3 and the timeouts kill a mutant.
KILLED = {1, 3, 36, 24, -24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}
KINDS = ("equivalent", "harmless")


@dataclass(frozen=True)
class Accepted:
    kind: str  # "equivalent" or "harmless"
    reason: str


MUTMUT = str(Path(sys.executable).parent / "mutmut")  # the console script: `python -m mutmut` runs it twice


def mutmut(*args: str) -> int:
    # A test of the selection that starts Python of ours in a child fails naming itself
    # (tests/python_children.py) instead of mutmut failing without saying which test.
    env = {**os.environ, "FORLOEB_NO_PYTHON_CHILDREN": "1"}
    return subprocess.run([MUTMUT, *args], cwd=ROOT, env=env).returncode


def results() -> dict[str, int | None]:
    """Each mutant's exit code, from mutmut's files under mutants/ (None: not tested yet)."""
    out: dict[str, int | None] = {}
    for meta in sorted((MUTANTS / "forloeb").rglob("*.py.meta")):
        out.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return out


def accepted_survivors(path: Path = SURVIVORS_FILE) -> dict[str, Accepted]:
    """`name  equivalent|harmless: reason` per line; '#' starts a comment."""
    out: dict[str, Accepted] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split(" #", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not line:
            continue
        name, _, rest = line.partition(" ")
        kind, _, reason = rest.strip().partition(":")
        if kind not in KINDS or not reason.strip():
            raise SystemExit(f"{path}:{n}: skriv 'navn  equivalent: grund' eller 'navn  harmless: grund'")
        out[name] = Accepted(kind, reason.strip())
    return out


def accepted(name: str, listed: dict[str, Accepted]) -> Accepted | None:
    """The entry for a mutant: its own name, or a glob pattern such as `forloeb.x.x_legend__mutmut_*` or
    `forloeb.x.x_legend__mutmut_1[0-5]` that gives one reason for several survivors of a function."""
    if name in listed:
        return listed[name]
    patterns = (a for pattern, a in listed.items() if _is_pattern(pattern) and fnmatch.fnmatchcase(name, pattern))
    return next(patterns, None)


def _is_pattern(entry: str) -> bool:
    return any(c in entry for c in "*?[")


def module_of(name: str) -> str:
    return name.rsplit(".", 1)[0]


def alive(code: int | None) -> bool:
    return code in SURVIVED or code in NO_TESTS


def report(codes: dict[str, int | None], listed: dict[str, Accepted], prefixes: list[str]) -> tuple[float, int]:
    """Print the score per module and in all; return the score and the number of unexplained survivors."""
    chosen = {k: v for k, v in codes.items() if not prefixes or any(k.startswith(p) for p in prefixes)}
    per_module: dict[str, Counter[str]] = defaultdict(Counter)
    unexplained: list[str] = []
    for name, code in chosen.items():
        c = per_module[module_of(name)]
        c["all"] += 1
        if code in KILLED:
            c["killed"] += 1
        elif alive(code) and (entry := accepted(name, listed)) is not None:
            c[entry.kind] += 1
        elif alive(code):
            c["no tests" if code in NO_TESTS else "survived"] += 1
            unexplained.append(name)
        else:
            c["other"] += 1  # not tested (an interrupted run), suspicious, segfault
    total: Counter[str] = Counter()
    print(f"\n{'modul':45} {'mutanter':>8} {'dræbt':>6} {'ækviv.':>6} {'harml.':>6} {'levende':>7} {'score':>7}")
    for module in sorted(per_module):
        c = per_module[module]
        total.update(c)
        print(_row(module, c))
    print(_row("forloeb/ i alt" if not prefixes else "valgt i alt", total))

    def matches(entry: str, names: dict[str, int | None]) -> list[str]:
        return [n for n in names if n == entry or (_is_pattern(entry) and fnmatch.fnmatchcase(n, entry))]

    in_scope = [e for e in listed if not prefixes or any(e.startswith(p) for p in prefixes)]
    gone = sorted(e for e in in_scope if not matches(e, codes))
    stale = sorted(e for e in in_scope if e not in gone and not any(alive(codes[n]) for n in matches(e, codes)))
    if unexplained:
        print(f"\nLever og er ikke forklaret i {SURVIVORS_FILE.relative_to(ROOT)} (se hver med: mutmut show NAVN):")
    for name in sorted(unexplained):
        print(f"  {name}: {'ingen test kalder funktionen' if codes[name] in NO_TESTS else 'overlevede'}")
    for name in stale:
        print(f"står i {SURVIVORS_FILE.relative_to(ROOT)}, men er nu dræbt (slet linjen): {name}")
    for name in gone:
        print(f"står i {SURVIVORS_FILE.relative_to(ROOT)}, men findes ikke længere (funktionen er ændret?): {name}")
    return _score(total), len(unexplained)


def _score(c: Counter[str]) -> float:
    counted = c["all"] - c["equivalent"]
    return c["killed"] / counted if counted else 1.0


def _row(name: str, c: Counter[str]) -> str:
    living = c["survived"] + c["no tests"] + c["harmless"] + c["other"]
    return (
        f"{name:45} {c['all']:8d} {c['killed']:6d} {c['equivalent']:6d} {c['harmless']:6d} {living:7d} {_score(c):7.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mutationstest af forloeb/ med mutmut; udskriver scoren.")
    parser.add_argument("modules", nargs="*", metavar="MODUL", help="kun disse moduler, fx forloeb.overlap.criteria")
    parser.add_argument("--fresh", action="store_true", help="slet mutants/ og begynd forfra (ellers inkrementelt)")
    parser.add_argument("--report", action="store_true", help="udskriv kun scoren for de gemte resultater")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="samtidige mutanter (standard: kerner)")
    args = parser.parse_args(argv)
    bad = [m for m in args.modules if not m.startswith("forloeb")]
    if bad:
        parser.error(f"et modul skrives som forloeb.pakke.modul, ikke {bad[0]}")
    if args.fresh:
        shutil.rmtree(MUTANTS, ignore_errors=True)
    start = time.monotonic()
    if not args.report:
        patterns = [f"{m}.*" for m in args.modules]
        # New and changed functions; with module names, every mutant of those modules again.
        if mutmut("run", "--max-children", str(args.jobs), *patterns) != 0:
            return 1
        living = [n for n, code in results().items() if alive(code) and (not patterns or _in(n, args.modules))]
        if living and not args.modules:  # a test added since may kill them: ask mutmut to test them again
            print(f"\nTester {len(living)} levende mutanter igen ...")
            if mutmut("run", "--max-children", str(args.jobs), *living) != 0:
                return 1
    codes = results()
    if not codes:
        print("ingen resultater endnu: kør scripts/mutation.sh", file=sys.stderr)
        return 1
    score, unexplained = report(codes, accepted_survivors(), args.modules)
    minutes = (time.monotonic() - start) / 60
    verdict = "nået" if score >= TARGET else "IKKE nået"
    print(
        f"\nMutationsscore: {score:.1%} af de ikke-ækvivalente mutanter er dræbt (mål {TARGET:.0%}: {verdict}); "
        f"{unexplained} uforklarede overlevende; {minutes:.1f} min."
    )
    return 0 if score >= TARGET and not unexplained else 1


def _in(name: str, modules: list[str]) -> bool:
    return any(name.startswith(f"{m}.") for m in modules)


if __name__ == "__main__":
    sys.exit(main())
