"""In CI (CI=true) no test turns into a skip: a missing tool fails the run (tests/required.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import ROOT

TESTS = """
import pytest

from tests.required import require


@pytest.mark.skipif(True, reason="værktøjet mangler")
def test_marked_to_skip():
    pass


def test_requires_a_missing_tool():
    require(False, "værktøjet mangler")


def test_skips_itself():
    pytest.skip("værktøjet mangler")


@pytest.mark.xfail(reason="en kendt fejl", strict=True)
def test_expected_to_fail():
    assert False
"""


def run_pytest(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    test = tmp_path / "test_needs_a_tool.py"
    test.write_text(TESTS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": str(ROOT)}
    if ci is not None:
        env["CI"] = ci
    command = [sys.executable, "-m", "pytest", "-p", "tests.required", "-p", "no:cacheprovider", "-rfEs", str(test)]
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.subprocess
@pytest.mark.parametrize("ci", [None, "", "false"])
def test_a_developer_sees_the_skips_with_their_reason(tmp_path: Path, ci: str | None) -> None:
    result = run_pytest(tmp_path, ci)
    assert result.returncode == 0, result.stdout
    assert "3 skipped, 1 xfailed" in result.stdout
    assert result.stdout.count("værktøjet mangler") == 3


@pytest.mark.subprocess
@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_in_ci_every_skip_fails_and_an_expected_failure_stays_expected(tmp_path: Path, ci: str) -> None:
    result = run_pytest(tmp_path, ci)
    assert result.returncode == 1, result.stdout
    assert "2 failed, 1 xfailed, 1 error" in result.stdout, "a skip marker acts in the set-up: an error"
    skipped = "sprunget over i CI (CI=true), hvor intet må springes over: Skipped: værktøjet mangler"
    summary = result.stdout.split("short test summary info")[1].splitlines()[1:4]
    assert summary == [
        "FAILED test_needs_a_tool.py::test_requires_a_missing_tool - Failed: værktøjet mangler (CI=true: testen skal "
        "køre)",
        f"FAILED test_needs_a_tool.py::test_skips_itself - {skipped}",
        f"ERROR test_needs_a_tool.py::test_marked_to_skip - {skipped}",
    ]


def test_the_ci_entry_point_runs_the_tests_with_ci_true() -> None:
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()]
    assert lines.index("export CI=true") < lines.index("bash scripts/test.sh")
