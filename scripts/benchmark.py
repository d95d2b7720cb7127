"""Measure the checks at scale: `python scripts/benchmark.py [--pathways N] [--documents M]`.

Writes a synthetic repository to a temporary directory: N pathways shaped like the hæmokromatose
pathway (unique ids, codes and texts, some near-copies) and a D4 register of M documents (most
agreeing with their pathway, some with other thresholds, a few with broader codes or copied text).
Then it runs each step and reports its time and peak memory, as a table or as JSON.

A step is a function from the Context to a dict of details; add one to STEPS to measure more.
Memory is measured in a second run of the step under tracemalloc (it slows Python down, so the
timing run goes without it), and only for steps that can run twice; the process's maximum RSS is
reported for the whole run.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from forloeb import yaml_source
from forloeb.catalog import Catalog, load_catalog
from forloeb.findings import count
from forloeb.overlap_check import DEFAULT_SIMILARITY, check_overlaps

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "pathways" / "gastroenterologi-hepatologi" / "haemokromatose.yaml"
SPECIALTIES = ("gastroenterologi-hepatologi", "intern-medicin", "reumatologi")
DECISIONS = ("behold", "revider", "sammenskriv", "slet", "ikke-vurderet")
# Keys whose values are ids, controlled values or formatted strings, not free text to vary.
NOT_TEXT = {"id", "speciale", "status", "version", "type", "fase", "udfoerer", "form", "enhed", "relativ_til"}
NOT_TEXT |= {"proevepakke", "til_forloeb", "til", "vaerktoej", "trin", "vaelg_klogt", "forloeb", "koen", "url"}
NOT_TEXT |= {"operator", "parameter", "kode", "dato", "godkendt_dato", "naeste_revision", "erstatter_d4"}


@dataclass
class Context:
    args: argparse.Namespace
    root: Path
    catalog: Catalog | None = None


@dataclass
class StepResult:
    name: str
    seconds: float  # wall clock
    cpu_seconds: float  # this process's CPU time: steadier than the wall clock on a busy machine
    peak_mib: float | None
    details: dict[str, Any] = field(default_factory=dict)


# --- The synthetic repository ---------------------------------------------------------------------


def vocabulary() -> list[str]:
    """Words of the shipped pathways, so synthetic text has realistic Danish words and lengths."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "pathways").rglob("*.yaml"))
    return sorted({w for w in re.findall(r"[^\W\d_]{3,}", text.lower())})


def sentence(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(rng.choice(vocab) for _ in range(max(n, 1))).capitalize() + "."


def vary(data: Any, rng: random.Random, vocab: list[str], key: str = "") -> Any:
    """The same structure with every free text replaced by random words of the same length."""
    if isinstance(data, dict):
        return {k: vary(v, rng, vocab, k) for k, v in data.items()}
    if isinstance(data, list):
        return [vary(v, rng, vocab, key) for v in data]
    if isinstance(data, str) and key not in NOT_TEXT:  # 'trin' holds both steps (varied) and step ids (kept)
        return sentence(rng, vocab, len(data.split()))
    return data


def code(i: int) -> str:
    return f"DR{i:04d}"  # equal length, so no pathway's code is a prefix of another's


def pathway(i: int, template: dict[str, Any], rng: random.Random, vocab: list[str]) -> dict[str, Any]:
    data = vary(copy.deepcopy(template), rng, vocab)
    data.update(id=f"syntetisk-{i:04d}", speciale=SPECIALTIES[i % len(SPECIALTIES)], eksempel=True)
    if i % 2:
        data.update(status="godkendt", godkendt_dato="2025-01-01", naeste_revision="2027-01-01")
    data["patientgruppe"]["diagnosekoder"] = [{"kode": code(i), "tekst": f"Syntetisk diagnose {i}"}]
    return data


def document(j: int, pathways: list[dict[str, Any]], rng: random.Random, vocab: list[str]) -> dict[str, Any]:
    target = pathways[j % len(pathways)]
    kode = target["patientgruppe"]["diagnosekoder"][0]["kode"]
    kriterier = copy.deepcopy(target["henvisning"]["kriterier"])
    if j % 10 == 3:  # another site, other thresholds
        for k in kriterier:
            for g in k.get("graensevaerdier", []):
                g["vaerdi"] += 100
    beslutning = DECISIONS[rng.randrange(len(DECISIONS))]
    uddrag = sentence(rng, vocab, 40)
    if j % 50 == 7:  # a near-copy of the pathway's text
        uddrag = target["faser"][1]["beskrivelse"].replace(".", " og mere.", 1)
    doc = {
        "dokid": str(100000 + j),
        "titel": sentence(rng, vocab, 6),
        "matrikel": rng.choice(["Holbæk Sygehus", "Slagelse Sygehus", "Næstved Sygehus", "Nykøbing F. Sygehus"]),
        "speciale": target["speciale"],
        "diagnosekoder": [{"kode": kode[:5] if j % 25 == 11 else kode, "tekst": "Syntetisk diagnose"}],
        "kriterier": kriterier,
        "uddrag": uddrag,
        "beslutning": beslutning,
    }
    if beslutning in ("sammenskriv", "slet"):
        doc["erstattes_af"] = target["id"]
    return doc


def dump(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: generating is not what is measured
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)


def write_repository(root: Path, n_pathways: int, n_documents: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    vocab = vocabulary()
    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    registry = root / "pathways" / "_registre"
    registry.mkdir(parents=True)
    for name in ("specialer.yaml", "vaelg_klogt.yaml"):
        (registry / name).write_text((ROOT / "pathways" / "_registre" / name).read_text(encoding="utf-8"))
    pathways = [pathway(i, template, rng, vocab) for i in range(n_pathways)]
    for p in pathways:
        path = root / "pathways" / p["speciale"] / f"{p['id']}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(p), encoding="utf-8")
    docs = [document(j, pathways, rng, vocab) for j in range(n_documents)]
    register = dump({"dokumenter": docs})
    (registry / "d4.yaml").write_text(register, encoding="utf-8")
    return {"register_bytes": len(register.encode())}


# --- Steps ---------------------------------------------------------------------------------------


def step_generate(ctx: Context) -> dict[str, Any]:
    return write_repository(ctx.root, ctx.args.pathways, ctx.args.documents, ctx.args.seed)


def step_load(ctx: Context) -> dict[str, Any]:
    # The per-file limit guards hand-edited files against abuse; a register of thousands of synthetic
    # documents exceeds it, so it is lifted for the measurement only.
    size = (ctx.root / "pathways" / "_registre" / "d4.yaml").stat().st_size
    saved, yaml_source.MAX_BYTES = yaml_source.MAX_BYTES, max(yaml_source.MAX_BYTES, size)
    try:
        ctx.catalog = load_catalog(ctx.root)
    finally:
        yaml_source.MAX_BYTES = saved
    return {"pathways": len(ctx.catalog.forloeb), "documents": len(ctx.catalog.d4)}


def step_check(ctx: Context) -> dict[str, Any]:
    assert ctx.catalog is not None, "the load step runs first"
    findings = check_overlaps(ctx.catalog, similarity=ctx.args.similarity)
    return {"findings": len(findings), **count(findings)}


Step = Callable[[Context], dict[str, Any]]
# name, function, whether it may run twice (for the memory measurement)
STEPS: list[tuple[str, Step, bool]] = [
    ("generate", step_generate, False),
    ("load_catalog", step_load, False),
    ("check_overlaps", step_check, True),
]


def measure(name: str, step: Step, ctx: Context, repeatable: bool) -> StepResult:
    start, cpu_start = time.perf_counter(), time.process_time()
    details = step(ctx)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = None
    if repeatable:
        tracemalloc.start()
        try:
            step(ctx)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
        finally:
            tracemalloc.stop()
    return StepResult(name, round(seconds, 3), round(cpu, 3), None if peak is None else round(peak, 1), details)


def max_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def table(results: list[StepResult]) -> str:
    rows = [("trin", "tid (s)", "CPU (s)", "maks. hukommelse (MiB)", "detaljer")]
    for r in results:
        memory = "–" if r.peak_mib is None else f"{r.peak_mib:.1f}"
        detail = ", ".join(f"{k}={v}" for k, v in r.details.items())
        rows.append((r.name, f"{r.seconds:.2f}", f"{r.cpu_seconds:.2f}", memory, detail))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join([*(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)), row[4]]) for row in rows]
    return "\n".join(lines) + f"\nprocessens maks. RSS: {max_rss_mib()} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål tjekkene på et stort, syntetisk katalog.")
    parser.add_argument("--pathways", type=int, default=1000, help="antal forløb (standard: 1000)")
    parser.add_argument("--documents", type=int, default=3000, help="antal D4-dokumenter (standard: 3000)")
    parser.add_argument("--seed", type=int, default=1, help="frø til de tilfældige tekster")
    parser.add_argument("--similarity", type=float, default=DEFAULT_SIMILARITY, help="grænse for næsten ens tekst")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    args = parser.parse_args(argv)
    if args.pathways < 1 or args.documents < 0:
        parser.error("der skal være mindst ét forløb og ikke et negativt antal dokumenter")
    with tempfile.TemporaryDirectory(prefix="forloeb-benchmark-") as tmp:
        ctx = Context(args, Path(tmp))
        results = [measure(name, step, ctx, repeatable) for name, step, repeatable in STEPS]
    if args.format == "json":
        data = {
            "inputs": {"pathways": args.pathways, "documents": args.documents, "seed": args.seed},
            "steps": [asdict(r) for r in results],
            "max_rss_mib": max_rss_mib(),
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
