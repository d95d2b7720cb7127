"""Small runs of scripts/benchmark.py: every step runs and reports; no timing is asserted (speed
targets are for N = 1,000 on demand, see the README)."""

from __future__ import annotations

import json
import pstats
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.factories import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark_repo import DOCUMENTS_PER_FILE, write_baseline, write_repository

from forloeb.history.historik import historik_problems
from forloeb.history.repository import read_history
from forloeb.load import yaml_source
from forloeb.load.catalog import load_catalog
from forloeb.load.layout import Layout

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

CHECK_STEPS = [
    "generate",
    "load_catalog",
    "check_overlaps",
    "check_overlaps_igen",
    "check_script",
    "check_script_igen",
    "import_d4",
]
SITE_STEPS = ["build_kold_uden_arkiv", "build_cold", "build_warm", "build_warm_uden_arkiv", "serve_edit", "baseline"]


def benchmark(*args: str) -> dict[str, Any]:
    command = [sys.executable, str(ROOT / "scripts" / "benchmark.py"), "--format", "json", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_small_run_measures_every_step_and_every_target(tmp_path: Path) -> None:
    profiles = tmp_path / "profil"
    data = benchmark(
        "--pathways",
        "4",
        "--edits",
        "2",
        "--words",
        "300",
        "--import-sample",
        "3",
        "--scaling",
        "--profile",
        str(profiles),
    )
    assert data["inputs"] == {"pathways": 4, "documents": 12, "seed": 1, "site": True}
    steps = {s["name"]: s for s in data["steps"]}
    assert list(steps) == [
        *CHECK_STEPS,
        *SITE_STEPS,
        "check_2n",
        "build_2n",
    ]
    for s in steps.values():
        assert set(s) == {"name", "seconds", "cpu_seconds", "peak_mib", "memory", "details"}
        assert s["seconds"] >= 0
    assert steps["load_catalog"]["details"] == {"pathways": 4, "documents": 12}
    assert steps["generate"]["details"]["versions"] == 12, "three approved versions of each pathway in git"
    for name in ("build_kold_uden_arkiv", "build_cold", "build_warm", "build_warm_uden_arkiv", "baseline", "build_2n"):
        assert steps[name]["memory"] == "rss" and steps[name]["peak_mib"] > 0 and steps[name]["cpu_seconds"] > 0
    # The cold build drew every diagram: at least one per pathway (a pathway drawn phase by phase has an
    # overview and one per phase), one per pathway for its versions 1.0 and 1.1 (another first step),
    # and the legend; 1.2's is the pathway's own. The warm builds found them.
    builds = ("build_cold", "build_warm", "build_warm_uden_arkiv")
    cached = [steps[b]["details"]["diagrams_cached"] for b in builds]
    assert cached == [cached[0]] * 3 and cached[0] >= 4 + 4 + 1
    assert [steps[b]["details"]["version_pages"] for b in builds] == [12, 12, 0]
    # Without the archive, a cold build draws the pathways' diagrams and the legend, not the versions' one each.
    assert steps["build_kold_uden_arkiv"]["details"] == {"diagrams_cached": cached[0] - 4, "version_pages": 0}
    serve = steps["serve_edit"]["details"]
    assert len(serve["edits_s"]) == 2 and steps["serve_edit"]["seconds"] == max(serve["edits_s"])
    assert serve["title_edit_s"] > 0
    assert steps["baseline"]["details"] == {"pages": 4}
    assert steps["build_2n"]["details"]["pathways"] == 8 and steps["build_2n"]["details"]["cold_s"] > 0
    builds_against_baseline = ("build_cold", "build_kold_uden_arkiv", "build_warm", "build_2n")
    ratios = {f"{b}/baseline{c}" for b in builds_against_baseline for c in ("", " (CPU)")}
    assert set(data["ratios"]) == ratios | {f"build_warm/build_warm_uden_arkiv{c}" for c in ("", " (CPU)")}
    assert steps["import_d4"]["details"]["documents"] == 3
    # Issue 16's targets, each printed with its figure; the edit target is the slower of text and title.
    targets = {t["target"]: t for t in data["targets"]}
    assert targets["varm bygning / grundlinje"]["limit"] == 1.0
    assert targets["kold bygning / grundlinje"]["limit"] == 1.5
    edit = targets["redigering til visning, tekst eller titel (s, største)"]
    assert edit["limit"] == 1.0 and edit["measured"] == round(max(max(serve["edits_s"]), serve["title_edit_s"]), 2)
    growth = targets["varm bygning, dobbelt katalog / enkelt"]
    assert growth["limit"] == 2.1
    assert growth["measured"] == round(steps["build_2n"]["seconds"] / steps["build_warm"]["seconds"], 2)
    # --profile: a statistics file per step, the builds' and the serve's written by their own process.
    assert sorted(p.stem for p in profiles.glob("*.pstats")) == sorted(steps)
    wanted = {
        "build_warm": "mkdocs/commands/build.py:build",
        "serve_edit": "mkdocs/commands/serve.py:serve",
        "load_catalog": "forloeb/load/catalog.py:load_catalog",
    }
    for name, function in wanted.items():
        stats = pstats.Stats(str(profiles / f"{name}.pstats"))
        functions = {f"{file}:{func}" for file, _, func in stats.stats}  # type: ignore[attr-defined]
        assert any(f.endswith(function) for f in functions), name


def test_the_checks_only_run_reports_findings_and_memory() -> None:
    data = benchmark(
        "--pathways", "20", "--documents", "150", "--no-site", "--words", "400", "--import-sample", "2", "--scaling"
    )
    steps = {s["name"]: s for s in data["steps"]}
    assert list(steps) == [*CHECK_STEPS, "check_2n"]
    check = steps["check_overlaps"]
    # The second check reads the stemmed words the first kept, and finds the same; so does the script,
    # run as an editor runs it, in a process of its own, with and without kept words.
    assert steps["check_overlaps_igen"]["details"] == check["details"]
    counts = {k: check["details"][k] for k in ("fejl", "advarsel", "info")}
    assert steps["check_script"]["details"] == steps["check_script_igen"]["details"] == counts
    assert steps["check_script"]["memory"] == "rss" and steps["check_script"]["cpu_seconds"] > 0
    assert check["peak_mib"] > 0 and check["memory"] == "python"
    assert set(check["details"]) == {"findings", "fejl", "advarsel", "info", "passages_found", "passages_planted"}
    # The synthetic register has other thresholds and paraphrased paragraphs on purpose: the check
    # finds them, every planted paragraph (three in 150 documents) and nothing else.
    assert check["details"]["fejl"] > 0 and check["details"]["advarsel"] > 0
    assert check["details"]["passages_found"] == check["details"]["passages_planted"] == 3
    assert steps["check_2n"]["details"]["pathways"] == 40 and steps["check_2n"]["details"]["documents"] == 300
    assert [t["target"] for t in data["targets"]] == [
        "validering + overlaptjek, check_overlaps.py (s)",
        "den igen, indlæste filer og D4-ord gemt (s)",
        "overlaptjek med D4-tekster (s)",
        "overlaptjek, dobbelt katalog / enkelt",
        "maks. hukommelse (MiB, RSS)",
    ]


def test_a_large_register_is_split_into_files_under_the_size_cap(tmp_path: Path) -> None:
    n_documents = 2 * DOCUMENTS_PER_FILE + 1
    write_repository(tmp_path / "repo", 10, n_documents, seed=1, words=50)
    files = sorted((tmp_path / "repo" / "pathways" / "_registre" / "d4").glob("*.yaml"))
    assert len(files) == 3
    assert all(f.stat().st_size < yaml_source.MAX_BYTES for f in files)
    catalog = load_catalog(tmp_path / "repo")  # the register loads within the cap, as one register
    assert len(catalog.d4) == n_documents


def test_the_baseline_holds_the_same_texts_as_the_pathways(tmp_path: Path) -> None:
    write_repository(tmp_path / "repo", 3, 0, seed=2)
    write_baseline(tmp_path / "repo", tmp_path / "baseline")
    source = next((tmp_path / "repo" / "pathways").rglob("syntetisk-0001.yaml"))
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    page = next((tmp_path / "baseline" / "docs").rglob("syntetisk-0001.md")).read_text(encoding="utf-8")

    def texts(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [t for v in value.values() for t in texts(v)]
        if isinstance(value, list):
            return [t for v in value for t in texts(v)]
        return [str(value)]

    missing = [t for t in texts(data) if t not in page]
    assert not missing


def test_the_synthetic_history_has_three_approved_versions_of_each_pathway(tmp_path: Path) -> None:
    write_repository(tmp_path / "repo", 4, 0, seed=3)
    history = read_history(Layout(tmp_path / "repo"), {})
    assert history is not None
    assert {fid: [v.version for v in t.versions] for fid, t in history.timelines.items()} == {
        f"syntetisk-{i:04d}": ["1.0", "1.1", "1.2"] for i in range(4)
    }
    # The even ones end as a draft of 2.0 sent for approval: a change of status; 1.2 still applies.
    drafts = {fid for fid, t in history.timelines.items() if t.events[-1].kind == "status"}
    assert drafts == {"syntetisk-0000", "syntetisk-0002"}
    assert all(t.in_force() is t.versions[-1] for t in history.timelines.values())
    catalog = load_catalog(tmp_path / "repo")
    assert historik_problems(catalog, history.timelines) == [], "its historik lists agree with git"
