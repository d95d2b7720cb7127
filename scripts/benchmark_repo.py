"""The benchmark's synthetic repositories: a catalog shaped like the shipped one, and its baseline.

`write_repository` writes N pathways shaped like the hæmokromatose pathway (unique ids, codes and
texts, some near-copies) and a D4 register of M documents (most agreeing with their pathway, some
with other thresholds, a few with broader codes or copied text), split over register files that
each stay under the loader's size cap, plus the site's inputs (mkdocs.yml, docs/, overrides/,
macros/), so it builds like the real repository. Its git history gives every pathway three
approved versions (1.0, 1.1 and 1.2, each with another purpose, the first two with another first
step, so their flowcharts differ), then the files as they are: the odd ones still approved as 1.2
with a correction, the even ones a draft of 2.0 sent for approval (a change of status).

`write_baseline` writes the same texts as plain Markdown pages with the same theme, language and
search: what MkDocs Material costs without anything of ours.
"""

from __future__ import annotations

import copy
import os
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import benchmark_documents
import yaml

from forloeb.load.layout import D4_DIR, PATHWAYS_DIR, REGISTRY_DIR, Layout

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "pathways" / "gastroenterologi-hepatologi" / "haemokromatose.yaml"
SITE_INPUTS = ("mkdocs.yml", "docs", "overrides", "macros", "forloeb")  # as mkdocs.yml names them
SPECIALTIES = ("gastroenterologi-hepatologi", "intern-medicin", "reumatologi")
HANDLINGER = ("bevares", "revideres", "sammenskrives", "slettes", None)  # None: not assessed yet
DOCUMENTS_PER_FILE = 250  # about 300 KiB: under the loader's 512 KiB cap per file
# Keys whose values are ids, controlled values or formatted strings, not free text to vary.
NOT_TEXT = {"id", "speciale", "status", "version", "type", "fase", "udfoerer", "form", "enhed", "relativ_til"}
NOT_TEXT |= {"proevepakke", "til_forloeb", "til", "vaerktoej", "trin", "vaelg_klogt", "forloeb", "koen", "url"}
NOT_TEXT |= {"operator", "parameter", "kode", "dato", "godkendt_dato", "naeste_revision", "erstatter_d4"}
NOT_TEXT |= {"niveau", "forgrening", "alternativ_til"}


def vocabulary() -> list[str]:
    """Words of the shipped pathways, so synthetic text has realistic Danish words and lengths."""
    text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / PATHWAYS_DIR).rglob("*.yaml"))
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


# The approved versions every pathway goes through (day, version), and the day of the files as they are.
VERSIONS = (("2025-01-01", "1.0"), ("2025-06-01", "1.1"), ("2026-01-01", "1.2"))
NOW = "2026-06-01"


def approved(day: str, version: str) -> dict[str, Any]:
    review = f"{int(day[:4]) + 2}{day[4:]}"
    return {"status": "godkendt", "version": version, "godkendt_dato": day, "naeste_revision": review}


def historik(day: str, version: str, status: str, rng: random.Random, vocab: list[str]) -> dict[str, Any]:
    return {"version": version, "dato": day, "status": status, "beskrivelse": sentence(rng, vocab, 8)}


def pathway(i: int, template: dict[str, Any], rng: random.Random, vocab: list[str]) -> dict[str, Any]:
    """The pathway as it is now: the last of its states (states())."""
    data = vary(copy.deepcopy(template), rng, vocab)
    # Synthetic pathways stand for real ones (approved, with a history), so they are not examples.
    data.pop("eksempel", None)
    data.update(id=f"syntetisk-{i:04d}", speciale=SPECIALTIES[i % len(SPECIALTIES)])
    entries = [historik(day, v, "godkendt", rng, vocab) for day, v in VERSIONS]
    if i % 2:
        data.update(approved(*VERSIONS[-1]))
    else:
        data.update(status="til-godkendelse", version="2.0")
        entries.append(historik(NOW, "2.0", "til-godkendelse", rng, vocab))
    data["historik"] = entries
    data["patientgruppe"]["diagnosekoder"] = [{"kode": code(i), "tekst": f"Syntetisk diagnose {i}"}]
    return data


def states(now: dict[str, Any], rng: random.Random, vocab: list[str]) -> list[dict[str, Any]]:
    """The pathway at each commit of the history (VERSIONS, then NOW): its three approved versions."""
    out = []
    first_step = sentence(rng, vocab, len(now["trin"][0]["titel"].split()))
    for n, (day, version) in enumerate(VERSIONS):
        data = copy.deepcopy(now)
        data.update(approved(day, version), historik=now["historik"][: n + 1])
        data["formaal"] = sentence(rng, vocab, len(now["formaal"].split()))
        if version != VERSIONS[-1][1]:
            data["trin"][0]["titel"] = first_step
        out.append(data)
    return [*out, now]


SITES = ("Holbæk Sygehus", "Slagelse Sygehus", "Næstved Sygehus", "Nykøbing F. Sygehus")
COPIED_EVERY = 50  # every 50th document repeats a paragraph of its pathway in other words


def document(
    j: int, pathways: list[dict[str, Any]], rng: random.Random, vocab: list[str], lex: Any, words: int
) -> tuple[dict[str, Any], list[str]]:
    """A register entry and the document's text (paragraphs)."""
    target = pathways[j % len(pathways)]
    kode = target["patientgruppe"]["diagnosekoder"][0]["kode"]
    kriterier = copy.deepcopy(target["henvisning"]["kriterier"])
    for k in kriterier:
        for g in k.get("graensevaerdier", []):
            g["formaal"] = "henvisning"
            if j % 10 == 3:  # another site, other thresholds
                g["vaerdi"] += 100
    handling = HANDLINGER[rng.randrange(len(HANDLINGER))]
    paragraphs = benchmark_documents.text(rng, lex, vocab, words)
    if j % COPIED_EVERY == 7:  # a paragraph of the pathway, in other words, inside the long text
        paragraphs.insert(len(paragraphs) // 2, benchmark_documents.paraphrase(rng, target["faser"][1]["beskrivelse"]))
        handling = "revideres" if handling in ("sammenskrives", "slettes") else handling  # not settled: a warning
    dokid = str(100000 + j)
    doc: dict[str, Any] = {
        "dokid": dokid,
        "titel": sentence(rng, vocab, 6),
        "matrikel": rng.choice(SITES),
        "speciale": target["speciale"],
        "diagnosekoder": [{"kode": kode[:5] if j % 25 == 11 else kode, "tekst": "Syntetisk diagnose"}],
        "kriterier": kriterier,
        "tekstfil": f"{dokid}.txt",
        "eksempel": True,
        "kilde": "Syntetisk benchmarkdokument.",
    }
    if handling is not None:
        doc["anbefaling"] = {"handling": handling, "begrundelse": sentence(rng, vocab, 8)}
        if handling in ("sammenskrives", "slettes"):
            doc["erstattes_af"] = target["id"]
    return doc, paragraphs


def dump(data: Any) -> str:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: generating is not what is measured
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)


def write_repository(root: Path, n_pathways: int, n_documents: int, seed: int, words: int = 2000) -> dict[str, Any]:
    """The synthetic repository in root (which must not exist yet); a few figures about it."""
    rng = random.Random(seed)
    lex = benchmark_documents.lexicon(rng)
    vocab = vocabulary()
    template = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    registry = root / PATHWAYS_DIR / REGISTRY_DIR
    (registry / D4_DIR).mkdir(parents=True)
    for name in ("specialer.yaml", "vaelg_klogt.yaml"):
        shutil.copy(ROOT / PATHWAYS_DIR / REGISTRY_DIR / name, registry / name)
    pathways = [pathway(i, template, rng, vocab) for i in range(n_pathways)]
    history = [states(p, rng, vocab) for p in pathways]
    made = [document(j, pathways, rng, vocab, lex, words) for j in range(n_documents)]
    docs = [d for d, _ in made]
    text_bytes = 0
    for d, paragraphs in made:
        text = "\n\n".join(paragraphs) + "\n"
        (registry / D4_DIR / d["tekstfil"]).write_text(text, encoding="utf-8")
        text_bytes += len(text.encode())
    register_bytes = 0
    for k in range(0, max(n_documents, 1), DOCUMENTS_PER_FILE):
        text = dump({"dokumenter": docs[k : k + DOCUMENTS_PER_FILE]})
        (registry / D4_DIR / f"bruttoliste-{k // DOCUMENTS_PER_FILE + 1:03d}.yaml").write_text(text, encoding="utf-8")
        register_bytes += len(text.encode())
    for name in SITE_INPUTS:
        copy_input(ROOT / name, root / name)
    committed = True
    for n, day in enumerate([*(day for day, _ in VERSIONS), NOW]):
        for p, versions in zip(pathways, history, strict=True):
            path = root / PATHWAYS_DIR / p["speciale"] / f"{p['id']}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump(versions[n]), encoding="utf-8")
        committed = committed and commit(root, f"Syntetisk katalog, {day}", day, first=n == 0)
    return {
        "register_bytes": register_bytes,
        "text_bytes": text_bytes,
        "git": committed,
        "versions": len(VERSIONS) * n_pathways,
    }


def copy_input(src: Path, dest: Path) -> None:
    if src.is_dir():
        shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copy2(src, dest)


def commit(root: Path, message: str, day: str, *, first: bool) -> bool:
    """A commit of everything on that day, so the build reads a history as in a real repository
    (False without git: the site is then built without its versions)."""
    config = ["-c", "user.name=Benchmark", "-c", "user.email=benchmark@example.invalid", "-c", "commit.gpgsign=false"]
    config += ["-c", "gc.auto=0"]  # no background gc writing into .git while the benchmark removes it
    when = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    steps = [["init", "-q"]] if first else []
    try:
        for args in [*steps, ["add", "-A"], [*config, "commit", "-q", "-m", message]]:
            subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


# --- The plain-Markdown baseline -----------------------------------------------------------------

BASELINE_CONFIG = """\
site_name: Patientforløbsbeskrivelser (grundlinje)
docs_dir: docs
strict: true
theme:
  name: material
  language: da
  font: false
  features: [navigation.sections, navigation.indexes, navigation.top, search.highlight, search.suggest, toc.follow]
  palette:
    - {scheme: default, primary: indigo, toggle: {icon: material/weather-night, name: Mørkt tema}}
    - {scheme: slate, primary: indigo, toggle: {icon: material/weather-sunny, name: Lyst tema}}
plugins:
  - search:
      lang: da
markdown_extensions: [attr_list, admonition, tables, {toc: {permalink: true}}]
"""


def markdown(data: Any, level: int = 2) -> list[str]:
    """Every value of a pathway as Markdown: mappings as headings and fields, lists as bullets."""
    if isinstance(data, dict):
        out: list[str] = []
        for key, value in data.items():
            if isinstance(value, dict | list):
                out += [f"{'#' * min(level, 6)} {key}", "", *markdown(value, level + 1)]
            else:
                out += [f"**{key}**: {value}", ""]
        return out
    if isinstance(data, list):
        return [line for item in data for line in markdown(item, level)]
    return [f"- {data}", ""]


def write_baseline(repo: Path, dest: Path) -> dict[str, Any]:
    """The repository's pathways as plain Markdown pages in dest, grouped by specialty like ours."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    (docs / "index.md").write_text("# Patientforløbsbeskrivelser\n", encoding="utf-8")
    pages = 0
    for path in Layout(repo).pathway_files():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        page = docs / data["speciale"] / f"{data['id']}.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text("\n".join([f"# {data['titel']}", "", *markdown(data)]), encoding="utf-8")
        pages += 1
    return {"pages": pages}
