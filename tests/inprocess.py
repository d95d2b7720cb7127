"""A command-line script's `main(argv)` run in the test's own process, as its console would see it.

The scripts are thin over forloeb/; run here instead of in a child process, what they call is in reach
of the mutation check (scripts/mutation.sh), and an exception fails the test with its traceback
instead of hiding in a child's stderr. The tests of the scripts as processes (exit codes, no
traceback) are in tests/test_readme_promises.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run_main(main: Callable[[list[str]], int], args: list[str], cwd: Path | None = None) -> Ran:
    """Run `main(args)` in `cwd`, with no terminal on stdin (a script must not wait for answers)."""
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.chdir(cwd or os.getcwd()):
        sys.stdin = io.StringIO("")
        try:
            code = main(args)
        except SystemExit as exc:  # argparse on a wrong request
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdin = stdin
    return Ran(code, out.getvalue(), err.getvalue())
