"""Tools a test needs: on a developer's machine a missing one skips the test with the reason; in CI
(CI=true), where the set-up must have installed it, the test fails. No test turns into a skip there.

`require` says so for one tool; the hook below (registered by tests/conftest.py, or with
`pytest -p tests.required`) turns any other skip in CI into a failure too, so a `skipif` added
later cannot hide a missing tool either.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(available: bool, reason: str) -> None:
    """Fail in CI, where the set-up must have installed it; skip on a developer's machine."""
    if available:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: testen skal køre)", pytrace=False)
    pytest.skip(reason)


def require_program(name: str, what: str) -> None:
    """A program on PATH, e.g. require_program("dot", "Graphviz")."""
    require(shutil.which(name) is not None, f"{what} ({name}) er ikke installeret")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"sprunget over i CI (CI=true), hvor intet må springes over: {reason}"
