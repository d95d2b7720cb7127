"""The mutation check runs the tests not marked `subprocess` in its own process, where a mutant is
switched in memory: a child Python (a build, a script) would not see the mutant, and under mutmut it
does not even start. So those tests must start no Python of ours. With FORLOEB_NO_PYTHON_CHILDREN=1
(scripts/mutation.py sets it, and tests/test_mutation_check.py runs the selection with it) a test that
starts one fails, naming what it started, instead of mutmut failing on it without saying which test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ENV_FLAG = "FORLOEB_NO_PYTHON_CHILDREN"
ROOT = Path(__file__).resolve().parent.parent
OUR_MODULES = {"mkdocs", "pytest", "forloeb", "macros"}  # `python -m X` that loads our code


def _is_interpreter(word: str) -> bool:
    return Path(word).name.startswith("python") or Path(word).resolve() == Path(sys.executable).resolve()


def _ours(word: str) -> bool:
    """The mkdocs command, a script of the repository or a shell script that starts one; not the
    tools installed into it (.venv, node_modules)."""
    if Path(word).name == "mkdocs":
        return True
    path = Path(word).resolve()
    if "/" not in word or not path.is_relative_to(ROOT):
        return False
    return (path.suffix == ".py" and not path.is_relative_to(ROOT / ".venv")) or path.parent.name in {"scripts", ".ci"}


def starts_python(argv: Sequence[str]) -> bool:
    """Whether the command starts Python that loads our code: mkdocs, pytest, a script of the
    repository, or code given with -c. A third-party tool run with -m (yamllint, check_jsonschema)
    loads none of it."""
    words = [os.fsdecode(w) for w in argv]
    if not words:
        return False
    if not _is_interpreter(words[0]):
        return _ours(words[0]) or (Path(words[0]).name in {"bash", "sh"} and any(_ours(w) for w in words[1:2]))
    rest = words[1:]
    if rest[:1] == ["-m"]:
        return len(rest) > 1 and rest[1].split(".")[0] in OUR_MODULES
    return bool(rest) and (rest[0] == "-c" or _ours(rest[0]))


def install() -> None:
    """Make every start of a Python child an error for the rest of this process."""
    original = subprocess.Popen.__init__

    def guarded(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        argv = [args] if isinstance(args, str | bytes | os.PathLike) else list(args)
        if kwargs.get("shell") or starts_python(argv):
            raise RuntimeError(
                f"{ENV_FLAG}: this test starts Python in a child process ({' '.join(map(os.fsdecode, argv))[:200]}); "
                "mark it with @pytest.mark.subprocess"
            )
        original(self, args, *rest, **kwargs)

    subprocess.Popen.__init__ = guarded  # type: ignore[method-assign]


def pytest_configure(config: Any) -> None:
    if os.environ.get(ENV_FLAG) == "1":
        install()
