"""A small run of scripts/benchmark.py: it generates, loads and checks, and reports every step."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.factories import ROOT


def test_benchmark_smoke_run_reports_every_step_as_json() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "benchmark.py"),
            "--pathways",
            "20",
            "--documents",
            "60",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["inputs"] == {"pathways": 20, "documents": 60, "seed": 1}
    steps = {s["name"]: s for s in data["steps"]}
    assert list(steps) == ["generate", "load_catalog", "check_overlaps"]
    for s in steps.values():
        assert set(s) == {"name", "seconds", "cpu_seconds", "peak_mib", "details"}
        assert s["seconds"] >= 0 and s["cpu_seconds"] >= 0
    assert steps["load_catalog"]["details"] == {"pathways": 20, "documents": 60}
    check = steps["check_overlaps"]
    assert check["peak_mib"] > 0
    assert set(check["details"]) == {"findings", "fejl", "advarsel", "info"}
    # The synthetic register has other thresholds and copied text on purpose: the check finds them.
    assert check["details"]["fejl"] > 0 and check["details"]["advarsel"] > 0
    assert data["max_rss_mib"] > 0
