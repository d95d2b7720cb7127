"""Measure the catalog and the site at scale: `python scripts/benchmark.py [--pathways N]`.

Writes a synthetic repository to a temporary directory (scripts/benchmark_repo.py: N pathways
shaped like the hæmokromatose pathway, a D4 register of M documents, the site's inputs, one git
commit), then measures, as a table or as JSON:

  load_catalog    parsing and validating every file (what scripts/validate.py does)
  check_overlaps  the overlap check (scripts/check_overlaps.py), passage by passage against every
                  document's full text (--words words each; every 50th repeats a pathway paragraph
                  in other words), as a fresh clone runs it
  check_overlaps_igen  the check again, with the D4 texts' stemmed words kept by the first run
                  (forloeb/overlap/stemmed.py): an editor's next run, or a build after an edit
  check_script    scripts/check_overlaps.py in a process of its own, as a fresh clone runs it (no
                  stemmed words and no loaded files kept yet): validation and the check, the D4
                  texts read and stemmed while the catalog loads (forloeb/overlap/reading.py)
  check_script_igen  the script again, with the files the first run loaded kept (forloeb/load/
                  kept_loads.py) and a folder of kept words the site's build filled (the script
                  reads them and writes none): an editor's next run, or CI with its caches
  import_d4       scripts/import_d4.py on --import-sample Word files made from the register's texts
  check_2n        with --scaling: load and check a repository twice the size, for the growth ratio
  build_kold_uden_arkiv  the cold build with the archive of approved versions switched off
                  (FORLOEB_VERSIONER=false): no version page or drawing; no target, beside build_cold
                  it shows what the archive adds to a first build
  build_cold      `mkdocs build --strict` with empty caches (.cache/ and diagrams/cache/ removed)
  build_warm      the same build again, with the caches filled
  build_warm_uden_arkiv  the warm build with the archive of approved versions switched off
                  (FORLOEB_VERSIONER=false; built once unmeasured, so its own pages are cached
                  too): what the versions, their pages and the feeds cost
  build_2n        with --scaling: the warm build of the repository twice the size (after one
                  unmeasured cold build), for the growth ratio
  serve_edit      under `mkdocs serve --dirty`: from saving a pathway to its page showing the change
                  (the figure: the slowest of --edits edits of its purpose; a title edit, which
                  changes the overview pages too, is reported beside it)
  baseline        `mkdocs build --strict` of the same texts as plain Markdown pages, same theme

and checks the figures against the targets (issue 16's for the site, issue 13's for the check).
`--no-site` measures the checks only.
`--profile DIR` writes a cProfile statistics file per step to DIR (`<step>.pstats`; read them with
`python -m pstats DIR/build_warm.pstats`, then `sort cumtime` and `stats 30`); the profiler slows
Python down, so a profiled run's figures are for seeing where time goes, not for the targets.

A step is a function from the Context to a StepOutcome; add one to STEPS to measure more.
In-process steps: CPU time is this process's, and memory is measured in a second run of the step
under tracemalloc (it slows Python down, so the timing run goes without it), only for steps that
can run twice. Child-process steps: CPU time and maximum RSS from the kernel (scripts/benchmark_site.py).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmark_documents import write_docx
from benchmark_repo import COPIED_EVERY, write_baseline, write_repository
from benchmark_site import check_script, mkdocs_build, python, run_script, serve_edits, start_launcher

from forloeb.d4import.importer import Imported, Options, import_documents
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.kept_loads import KEPT_FOLDER
from forloeb.load.layout import Layout
from forloeb.overlap.check import DEFAULT_SIMILARITY, Limits, analyse
from forloeb.overlap.findings import count

# Issue 16's targets, at N = 200 and N = 1,000 on the 2-core machine: structured pathways cost no
# more than hand-written Markdown pages of the same text.
MAX_COLD_RATIO = 1.5
MAX_WARM_RATIO = 1.0
MAX_EDIT_SECONDS = 1.0  # any edit, a title change included
MAX_CHECK_SECONDS = 5.0
MAX_SITE_GROWTH = 2.1  # the warm build of twice the catalog
MAX_D4_CHECK_SECONDS = 10.0  # issue 13: the check with 3,000 documents of 2,000 words
MAX_GROWTH = 2.2  # issue 13: twice the catalog, close to twice the time
MAX_MEMORY_MIB = 1024.0
# Issue 18's: the archive (3 approved versions of each pathway) adds at most 10 % to a warm build.
MAX_ARCHIVE_RATIO = 1.10


@dataclass
class Context:
    args: argparse.Namespace
    tmp: Path
    catalog: Catalog | None = None
    repo_2n: Path | None = None  # the repository twice the size, once written (--scaling)

    @property
    def repo(self) -> Path:
        return self.tmp / "repo"

    def profile(self, step: str) -> Path | None:
        """Where a step's profile goes, with --profile."""
        return None if self.args.profile is None else self.args.profile / f"{step}.pstats"


@dataclass
class StepOutcome:
    details: dict[str, Any]
    # Set by steps that run a child process: its own figures replace the in-process measurement.
    seconds: float | None = None
    cpu_seconds: float | None = None
    rss_mib: float | None = None


@dataclass
class StepResult:
    name: str
    seconds: float  # wall clock
    cpu_seconds: float | None  # CPU time: steadier than the wall clock on a busy machine
    peak_mib: float | None
    memory: str | None  # what peak_mib is: "python" (tracemalloc peak) or "rss" (a child's maximum RSS)
    details: dict[str, Any] = field(default_factory=dict)


# --- Steps ---------------------------------------------------------------------------------------


def step_generate(ctx: Context) -> StepOutcome:
    return StepOutcome(write_repository(ctx.repo, ctx.args.pathways, ctx.args.documents, ctx.args.seed, ctx.args.words))


def step_load(ctx: Context) -> StepOutcome:
    ctx.catalog = load_catalog(ctx.repo)
    return StepOutcome({"pathways": len(ctx.catalog.forloeb), "documents": len(ctx.catalog.d4)})


def step_check(ctx: Context) -> StepOutcome:
    """The check as a fresh clone runs it: no stemmed words kept yet (they are written)."""
    shutil.rmtree(ctx.tmp / "ord", ignore_errors=True)  # the memory run repeats the step
    return _check(ctx)


def step_check_kept(ctx: Context) -> StepOutcome:
    """The check again with the D4 texts' stemmed words kept by the last (an editor's next run)."""
    return _check(ctx)


def _check(ctx: Context) -> StepOutcome:
    assert ctx.catalog is not None, "the load step runs first"
    found = analyse(ctx.catalog, Limits(similarity=ctx.args.similarity, stemmed=ctx.tmp / "ord"))
    copies = sum(1 for d in ctx.catalog.d4 if int(d) % COPIED_EVERY == 7)  # DokID 100000 + j
    return StepOutcome(
        {
            "findings": len(found.findings),
            **count(found.findings),
            "passages_found": len(found.coverage.passages),
            "passages_planted": copies,
        }
    )


def step_check_script(ctx: Context) -> StepOutcome:
    shutil.rmtree(ctx.tmp / "ord-script", ignore_errors=True)
    shutil.rmtree(ctx.repo / KEPT_FOLDER, ignore_errors=True)
    return _check_script(ctx, "check_script")


def step_check_script_kept(ctx: Context) -> StepOutcome:
    """The script again, with the words of a folder the site's build filled (the script keeps none)."""
    assert ctx.catalog is not None, "the load step runs first"
    analyse(ctx.catalog, Limits(similarity=ctx.args.similarity, stemmed=ctx.tmp / "ord-script"))
    return _check_script(ctx, "check_script_igen")


def _check_script(ctx: Context, name: str) -> StepOutcome:
    run = check_script(ctx.repo, ctx.tmp / "ord-script", profile=ctx.profile(name))
    # Its last line on stderr counts the findings: the same as the in-process check's.
    said = re.search(r"(\d+) fejl, (\d+) advarsler, (\d+) info", run.output)
    counts = dict(zip(("fejl", "advarsel", "info"), map(int, said.groups()), strict=True)) if said else {}
    return StepOutcome(counts, run.seconds, run.cpu_seconds, run.max_rss_mib)


def step_import(ctx: Context) -> StepOutcome:
    """Word files made from the register's first texts, imported into a scratch register."""
    assert ctx.catalog is not None, "the load step runs first"
    folder, scratch = ctx.tmp / "d4-eksport", ctx.tmp / "import-repo"
    folder.mkdir()
    sample = list(ctx.catalog.d4.values())[: ctx.args.import_sample]
    for i, d in enumerate(sample):
        text = ctx.catalog.d4_text_files[d.dokid].read_text(encoding="utf-8").split("\n\n")
        write_docx(folder / f"dokument-{i:04d}.docx", d.titel, str(900000 + i), d.matrikel, text)
    start, cpu = time.perf_counter(), time.process_time()
    options = Options(speciale="gastroenterologi-hepatologi")  # the synthetic texts name no codes
    results = import_documents(sorted(folder.iterdir()), Layout(scratch), ctx.catalog, options)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    imported = sum(isinstance(r, Imported) for r in results)
    if imported != len(sample):
        raise RuntimeError(f"import_d4: {len(sample) - imported} af {len(sample)} dokumenter blev afvist")
    per_document = round(seconds / max(imported, 1) * 1000, 1)
    details = {"documents": imported, "ms_per_document": per_document}
    return StepOutcome(details, round(seconds, 3), round(cpu_seconds, 3))


def step_check_2n(ctx: Context) -> StepOutcome:
    """Load and check a repository of twice the size (no site) in a process of its own."""
    repo = _repo_2n(ctx)
    script = Path(__file__).resolve().parent / "benchmark_check.py"
    start = time.perf_counter()
    done = run_script([*python(ctx.profile("check_2n")), str(script), str(repo), str(ctx.args.similarity)])
    if done.returncode != 0:
        raise RuntimeError(f"check_2n: {done.stderr.strip().splitlines()[-1:]}")
    figures = json.loads(done.stdout)
    rss = figures.pop("max_rss_mib")
    return StepOutcome(figures, round(time.perf_counter() - start, 3), None, rss)


def _build(ctx: Context, step: str, name: str, env: dict[str, str] | None = None) -> StepOutcome:
    run = mkdocs_build(ctx.repo, ctx.tmp / name, env=env, profile=ctx.profile(step))
    diagrams = len(list((ctx.repo / "diagrams" / "cache").glob("*.svg")))
    pages = len(list((ctx.tmp / name / "forloeb").glob("*/*/v*/index.html")))
    details = {"diagrams_cached": diagrams, "version_pages": pages}
    return StepOutcome(details, run.seconds, run.cpu_seconds, run.max_rss_mib)


def step_build_cold(ctx: Context) -> StepOutcome:
    _empty_caches(ctx)
    return _build(ctx, "build_cold", "site-cold")


def step_build_cold_without_archive(ctx: Context) -> StepOutcome:
    _empty_caches(ctx)
    return _build(ctx, "build_kold_uden_arkiv", "site-kold-uden-arkiv", {"FORLOEB_VERSIONER": "false"})


def _empty_caches(ctx: Context) -> None:
    for cache in (ctx.repo / ".cache", ctx.repo / "diagrams" / "cache"):  # the scripts' steps fill .cache too
        shutil.rmtree(cache, ignore_errors=True)


def step_build_warm(ctx: Context) -> StepOutcome:
    return _build(ctx, "build_warm", "site-warm")


def step_build_warm_without_archive(ctx: Context) -> StepOutcome:
    env = {"FORLOEB_VERSIONER": "false"}
    mkdocs_build(ctx.repo, ctx.tmp / "site-uden-arkiv-foerste", env=env)  # its pages differ: cache them first
    return _build(ctx, "build_warm_uden_arkiv", "site-warm-uden-arkiv", env)


def step_build_2n(ctx: Context) -> StepOutcome:
    """The warm build of the repository twice the size, after a cold build that fills its caches."""
    repo = _repo_2n(ctx)
    cold = mkdocs_build(repo, ctx.tmp / "site-2n-cold")
    run = mkdocs_build(repo, ctx.tmp / "site-2n-warm", profile=ctx.profile("build_2n"))
    return StepOutcome(
        {"pathways": 2 * ctx.args.pathways, "cold_s": cold.seconds}, run.seconds, run.cpu_seconds, run.max_rss_mib
    )


def _repo_2n(ctx: Context) -> Path:
    if ctx.repo_2n is None:
        ctx.repo_2n = ctx.tmp / "repo-2n"
        write_repository(ctx.repo_2n, 2 * ctx.args.pathways, 2 * ctx.args.documents, ctx.args.seed, ctx.args.words)
    return ctx.repo_2n


def step_serve_edit(ctx: Context) -> StepOutcome:
    assert ctx.catalog is not None, "the load step runs first"
    first = next(iter(ctx.catalog.forloeb))
    source = ctx.catalog.sources[first].path
    page = next((ctx.tmp / "site-warm").rglob(f"{first}/index.html")).parent.relative_to(ctx.tmp / "site-warm")
    run = serve_edits(ctx.repo, source, f"{page.as_posix()}/", ctx.args.edits, profile=ctx.profile("serve_edit"))
    details = {
        "startup_s": run.startup_seconds,
        "edits_s": run.text_edit_seconds,
        "median_s": round(statistics.median(run.text_edit_seconds), 3),
        "title_edit_s": run.title_edit_seconds,
    }
    return StepOutcome(details, max(run.text_edit_seconds), None, run.max_rss_mib)


def step_baseline(ctx: Context) -> StepOutcome:
    details = write_baseline(ctx.repo, ctx.tmp / "baseline")
    run = mkdocs_build(ctx.tmp / "baseline", ctx.tmp / "site-baseline", profile=ctx.profile("baseline"))
    return StepOutcome(details, run.seconds, run.cpu_seconds, run.max_rss_mib)


Step = Callable[[Context], StepOutcome]
# name, function, whether it may run twice (for the memory measurement), whether it needs the site
STEPS: list[tuple[str, Step, bool, bool]] = [
    ("generate", step_generate, False, False),
    ("load_catalog", step_load, False, False),
    ("check_overlaps", step_check, True, False),
    ("check_overlaps_igen", step_check_kept, False, False),
    ("check_script", step_check_script, False, False),
    ("check_script_igen", step_check_script_kept, False, False),
    ("import_d4", step_import, False, False),
    ("build_kold_uden_arkiv", step_build_cold_without_archive, False, True),
    ("build_cold", step_build_cold, False, True),
    ("build_warm", step_build_warm, False, True),
    ("build_warm_uden_arkiv", step_build_warm_without_archive, False, True),
    ("serve_edit", step_serve_edit, False, True),
    ("baseline", step_baseline, False, True),
]


def measure(name: str, step: Step, ctx: Context, repeatable: bool) -> StepResult:
    profile_to = ctx.profile(name)
    profiler = cProfile.Profile() if profile_to else None  # a child process profiles itself
    start, cpu_start = time.perf_counter(), time.process_time()
    outcome = step(ctx) if profiler is None else profiler.runcall(step, ctx)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if profiler is not None and profile_to is not None and not profile_to.exists():
        profiler.dump_stats(profile_to)
    if outcome.seconds is not None:  # a child process's own figures
        return StepResult(name, outcome.seconds, outcome.cpu_seconds, outcome.rss_mib, "rss", outcome.details)
    peak = None
    if repeatable:
        tracemalloc.start()
        try:
            step(ctx)
            peak = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        finally:
            tracemalloc.stop()
    return StepResult(name, round(seconds, 3), round(cpu, 3), peak, None if peak is None else "python", outcome.details)


def max_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


# --- Targets ----------------------------------------------------------------------------------------


def ratios(results: dict[str, StepResult]) -> dict[str, float]:
    """Each build against the plain-Markdown baseline, by wall clock and by CPU time."""
    base = results.get("baseline")
    out: dict[str, float] = {}
    if base is None:
        return out
    for name in ("build_cold", "build_kold_uden_arkiv", "build_warm", "build_2n"):
        if name not in results:
            continue
        r = results[name]
        out[f"{name}/baseline"] = round(r.seconds / base.seconds, 2)
        if r.cpu_seconds and base.cpu_seconds:
            out[f"{name}/baseline (CPU)"] = round(r.cpu_seconds / base.cpu_seconds, 2)
    warm, plain = results["build_warm"], results["build_warm_uden_arkiv"]
    out["build_warm/build_warm_uden_arkiv"] = round(warm.seconds / plain.seconds, 2)
    if warm.cpu_seconds and plain.cpu_seconds:
        out["build_warm/build_warm_uden_arkiv (CPU)"] = round(warm.cpu_seconds / plain.cpu_seconds, 2)
    return out


def targets(results: dict[str, StepResult], rss: float) -> list[dict[str, Any]]:
    """Each target of issue 6 with the measured figure and whether it is met."""
    rows: list[tuple[str, float, float]] = [
        ("validering + overlaptjek, check_overlaps.py (s)", results["check_script"].seconds, MAX_CHECK_SECONDS),
        ("den igen, indlæste filer og D4-ord gemt (s)", results["check_script_igen"].seconds, MAX_CHECK_SECONDS),
        ("overlaptjek med D4-tekster (s)", results["check_overlaps"].seconds, MAX_D4_CHECK_SECONDS),
    ]
    if "check_2n" in results:
        growth = results["check_2n"].details["check_s"] / max(results["check_overlaps"].seconds, 1e-9)
        rows.append(("overlaptjek, dobbelt katalog / enkelt", growth, MAX_GROWTH))
    if "baseline" in results:
        r = ratios(results)
        rows += [
            ("kold bygning / grundlinje", r["build_cold/baseline"], MAX_COLD_RATIO),
            ("varm bygning / grundlinje", r["build_warm/baseline"], MAX_WARM_RATIO),
            ("varm bygning med arkiv / uden arkiv", r["build_warm/build_warm_uden_arkiv"], MAX_ARCHIVE_RATIO),
            ("redigering til visning, tekst eller titel (s, største)", _slowest_edit(results), MAX_EDIT_SECONDS),
        ]
        if "build_2n" in results:
            growth = results["build_2n"].seconds / results["build_warm"].seconds
            rows.append(("varm bygning, dobbelt katalog / enkelt", growth, MAX_SITE_GROWTH))
    # The memory target is for the catalog measured; the doubled one (check_2n, build_2n) reports its own.
    doubled = ("check_2n", "build_2n")
    peak = max([rss, *(r.peak_mib or 0 for r in results.values() if r.memory == "rss" and r.name not in doubled)])
    rows.append(("maks. hukommelse (MiB, RSS)", peak, MAX_MEMORY_MIB))
    return [{"target": t, "measured": round(v, 2), "limit": limit, "met": v <= limit} for t, v, limit in rows]


def _slowest_edit(results: dict[str, StepResult]) -> float:
    edit = results["serve_edit"]
    return max(edit.seconds, edit.details["title_edit_s"])


# --- Output ---------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "system": platform.platform()}


def table(results: list[StepResult], report: dict[str, Any]) -> str:
    rows = [("trin", "tid (s)", "CPU (s)", "maks. hukommelse (MiB)", "detaljer")]
    for r in results:
        cpu = "–" if r.cpu_seconds is None else f"{r.cpu_seconds:.2f}"
        memory = "–" if r.peak_mib is None else f"{r.peak_mib:.1f} ({r.memory})"
        detail = ", ".join(f"{k}={v}" for k, v in r.details.items())
        rows.append((r.name, f"{r.seconds:.2f}", cpu, memory, detail))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)), row[4]]) for row in rows]
    lines.append(f"processens maks. RSS: {report['max_rss_mib']} MiB")
    lines += [f"{name}: {value}" for name, value in report["ratios"].items()]
    lines.append("mål:")
    for t in report["targets"]:
        verdict = "nået" if t["met"] else "IKKE NÅET"
        lines.append(f"  {t['target']}: {t['measured']} (grænse {t['limit']}) – {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Mål katalogets tjek og sitets bygning på et stort, syntetisk katalog."
    )
    parser.add_argument("--pathways", type=int, default=1000, help="antal forløb (standard: 1000)")
    parser.add_argument("--documents", type=int, help="antal D4-dokumenter (standard: 3 pr. forløb)")
    parser.add_argument("--edits", type=int, default=3, help="antal redigeringer under mkdocs serve (standard: 3)")
    parser.add_argument("--no-site", action="store_true", help="mål kun indlæsning og overlaptjek")
    parser.add_argument("--words", type=int, default=2000, help="ord pr. D4-dokument (standard: 2000)")
    parser.add_argument(
        "--import-sample", type=int, default=100, help="Word-filer, som import_d4 måles på (standard: 100)"
    )
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="mål også overlaptjekket og den varme bygning på et dobbelt så stort katalog",
    )
    parser.add_argument("--seed", type=int, default=1, help="frø til de tilfældige tekster")
    parser.add_argument("--similarity", type=float, default=DEFAULT_SIMILARITY, help="grænse for næsten ens tekst")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="MAPPE",
        help="skriv en cProfile-fil pr. trin i MAPPE (tallene bliver langsommere)",
    )
    args = parser.parse_args(argv)
    if args.documents is None:
        args.documents = 3 * args.pathways
    if args.pathways < 1 or args.documents < 0 or args.edits < 1:
        parser.error("der skal være mindst ét forløb og én redigering og ikke et negativt antal dokumenter")
    start_launcher()  # before this process loads a catalog (benchmark_site.py says why)
    if args.profile is not None:
        args.profile = args.profile.resolve()  # the builds run in the synthetic repository
        args.profile.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="forloeb-benchmark-") as tmp:
        ctx = Context(args, Path(tmp))
        steps = [(n, s, rep) for n, s, rep, site in STEPS if not (site and args.no_site)]
        if args.scaling:
            steps.append(("check_2n", step_check_2n, False))
            if not args.no_site:
                steps.append(("build_2n", step_build_2n, False))
        try:
            results = [measure(name, step, ctx, repeatable) for name, step, repeatable in steps]
        except RuntimeError as exc:  # a failed build or a page that never showed: no traceback
            print(f"Benchmark fejlede: {exc}", file=sys.stderr)
            return 1
    by_name = {r.name: r for r in results}
    report = {
        "inputs": {"pathways": args.pathways, "documents": args.documents, "seed": args.seed, "site": not args.no_site},
        "machine": machine(),
        "steps": [asdict(r) for r in results],
        "max_rss_mib": max_rss_mib(),
        "ratios": ratios(by_name),
        "targets": targets(by_name, max_rss_mib()),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.format == "json" else table(results, report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
