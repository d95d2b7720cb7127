"""scripts/mutation.py: the score it prints, the survivors it accepts, and mutmut's configuration."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scripts import mutation
from tests.factories import ROOT
from tests.inprocess import run_main
from tests.python_children import ENV_FLAG, starts_python

NAME = "forloeb.overlap.criteria.x_conflicts__mutmut_{}"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "survivors.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_accepted_survivors_are_read_with_their_kind_and_reason(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "# a comment\n\n"
        f"{NAME.format(1)}  equivalent: the same value either way\n"
        f"{NAME.format(2)}  harmless: only the wording of a message  # and a comment\n",
    )
    assert mutation.accepted_survivors(path) == {
        NAME.format(1): mutation.Accepted("equivalent", "the same value either way"),
        NAME.format(2): mutation.Accepted("harmless", "only the wording of a message"),
    }


@pytest.mark.parametrize("line", [f"{NAME.format(1)}", f"{NAME.format(1)}  maybe: why", f"{NAME.format(1)}  harmless:"])
def test_an_entry_without_a_kind_or_a_reason_is_refused(tmp_path: Path, line: str) -> None:
    with pytest.raises(SystemExit, match=r"survivors.txt:1: skriv"):
        mutation.accepted_survivors(write(tmp_path, line + "\n"))


def test_the_score_leaves_out_equivalent_mutants_and_counts_harmless_ones_as_alive(
    capsys: pytest.CaptureFixture[str],
) -> None:
    codes: dict[str, int | None] = {NAME.format(i): 1 for i in range(1, 9)}  # eight killed
    codes |= {NAME.format(9): 0, NAME.format(10): 0, NAME.format(11): 33, NAME.format(12): 36}
    listed = {
        NAME.format(9): mutation.Accepted("equivalent", "e"),
        NAME.format(10): mutation.Accepted("harmless", "h"),
    }
    score, unexplained = mutation.report(codes, listed, [])
    # 8 killed + 1 timeout of 12 - 1 equivalent; the mutant no test calls is unexplained.
    assert (score, unexplained) == (9 / 11, 1)
    out = capsys.readouterr().out
    assert f"  {NAME.format(11)}: ingen test kalder funktionen" in out
    assert "forloeb.overlap.criteria" in out and "81.8%" in out


def test_an_entry_for_a_killed_or_vanished_mutant_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    codes: dict[str, int | None] = {NAME.format(1): 1}
    listed = {NAME.format(1): mutation.Accepted("harmless", "h"), NAME.format(2): mutation.Accepted("harmless", "h")}
    assert mutation.report(codes, listed, []) == (1.0, 0)
    out = capsys.readouterr().out
    assert f"men er nu dræbt (slet linjen): {NAME.format(1)}" in out
    assert f"men findes ikke længere (funktionen er ændret?): {NAME.format(2)}" in out


def test_a_wrong_request_exits_2() -> None:
    result = run_main(mutation.main, ["overlap.criteria"])
    assert result.returncode == 2
    assert "et modul skrives som forloeb.pakke.modul, ikke overlap.criteria" in result.stderr


def test_mutmut_mutates_forloeb_and_runs_the_tests_in_this_process_only() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    assert config["source_paths"] == ["forloeb"]
    selection = config["pytest_add_cli_args_test_selection"]
    assert selection[selection.index("-m") + 1] == "not subprocess" and "--ignore=tests/browser" in selection
    assert all((ROOT / path).exists() for path in config["also_copy"]), "the tests read these from the copy"
    listed = mutation.accepted_survivors()
    assert all(name.startswith("forloeb.") for name in listed)


def test_a_pattern_explains_the_survivors_of_a_function(capsys: pytest.CaptureFixture[str]) -> None:
    codes: dict[str, int | None] = {NAME.format(1): 0, NAME.format(2): 0, NAME.format(3): 1, NAME.format(14): 0}
    listed = {
        NAME.format("[12]"): mutation.Accepted("harmless", "h"),
        NAME.format("1?"): mutation.Accepted("equivalent", "e"),
        "forloeb.x.x_gone__mutmut_*": mutation.Accepted("harmless", "h"),
    }
    assert mutation.report(codes, listed, []) == (1 / 3, 0)  # 14 is equivalent: out of the count
    assert "men findes ikke længere (funktionen er ændret?): forloeb.x.x_gone__mutmut_*" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "ours"),
    [
        ([sys.executable, "-m", "mkdocs", "build"], True),
        ([sys.executable, str(ROOT / "scripts" / "validate.py")], True),
        ([sys.executable, "-c", "print(1)"], True),
        ([sys.executable, "-m", "pytest", "x.py"], True),
        (["bash", str(ROOT / "scripts" / "test.sh")], True),
        ([sys.executable, "-m", "yamllint", "x.yaml"], False),
        ([sys.executable, "-m", "check_jsonschema", "--check-metaschema", "x.json"], False),
        (["git", "commit", "-qm", "x"], False),
        ([str(ROOT / ".venv" / "lib" / "node"), "cli.js"], False),
    ],
)
def test_a_python_child_of_ours_is_told_from_other_tools(argv: list[str], ours: bool) -> None:
    assert starts_python(argv) is ours


@pytest.mark.subprocess
def test_the_tests_the_mutation_check_runs_start_no_python_of_ours() -> None:
    # What mutmut runs, in one process, with the guard on: any test (or fixture) of the selection
    # that starts Python of ours fails, naming itself, as it would under mutmut.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-x"]
    command += config["pytest_add_cli_args_test_selection"]
    env = {**os.environ, ENV_FLAG: "1"}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
