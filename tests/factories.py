"""Small valid inputs for tests, built in code so each test states only what it changes."""

from __future__ import annotations

import json
import shutil
from copy import deepcopy
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

_MINIMAL: dict[str, Any] = {
    "id": "testforloeb",
    "titel": "Testforløb",
    "speciale": "gastroenterologi-hepatologi",
    "status": "udkast",
    "version": "0.1",
    "eksempel": {"kilde": "testdata"},
    "formaal": "Formål med testforløbet.",
    "anvendelsesomraade": "Testafdelinger.",
    "patientgruppe": {
        "beskrivelse": "Testpatienter.",
        "diagnosekoder": [{"kode": "DX991", "tekst": "Testdiagnose"}],
    },
    "henvisning": {
        "henvisere": ["Egen læge"],
        "visitation": "Visitation i testenheden.",
        "indkaldelse": "Brev i e-Boks.",
    },
    "faser": [{"id": "kontrol", "titel": "Kontrolfase"}],
    "trin": [
        {
            "id": "start",
            "titel": "Første besøg",
            "type": "konsultation",
            "fase": "kontrol",
            "udfoerer": "laege",
            "form": "fysisk",
            "hyppighed": {"type": "engang", "tekst": "Én gang"},
            "overgange": [{"til": "kontrol", "betingelse": "Stabil"}],
        },
        {
            "id": "kontrol",
            "titel": "Videokontrol",
            "type": "konsultation",
            "fase": "kontrol",
            "udfoerer": "sygeplejerske",
            "form": "video",
            "hyppighed": {"type": "interval", "fra": 3, "til": 6, "enhed": "maaned", "tekst": "Hver 3.-6. måned"},
            "overgange": [{"til": "slut", "betingelse": "Rask"}],
        },
        {"id": "slut", "titel": "Afslutning til egen læge", "type": "afslutning"},
    ],
    "afslutning": {"beskrivelse": "Forløbet slutter, når patienten er rask."},
    "ansvar": "Testrådet.",
}


def minimal_pathway(**changes: Any) -> dict[str, Any]:
    data = deepcopy(_MINIMAL)
    data.update(changes)
    return data


def large_pathway(stages: int, endings: int = 2, phases: int = 0) -> dict[str, Any]:
    """A made-up pathway too large for a page: `stages` rounds of a control, a decision, two tests
    and `endings` ways out, the first test leading back to the control; spread over `phases` phases
    (none: a pathway without phases)."""
    steps: list[dict[str, Any]] = []
    for k in range(stages):
        fase = {"fase": f"p{k * phases // stages}"} if phases else {}
        onwards = [{"til": f"kontrol-{k + 1}", "betingelse": "Stabilt forløb"}] if k + 1 < stages else []
        ways_out = [{"til": f"ende-{k}-{e}", "betingelse": f"Udfald {e} ved vurderingen"} for e in range(endings)]
        steps += [
            {
                "id": f"kontrol-{k}",
                "titel": f"Kontrol nummer {k + 1} i ambulatoriet",
                "type": "konsultation",
                **fase,
                "udfoerer": "sygeplejerske",
                "form": "video",
                "overgange": [{"til": f"vurdering-{k}"}],
            },
            {
                "id": f"vurdering-{k}",
                "titel": f"Vurdering af svar efter kontrol {k + 1}",
                "type": "beslutning",
                **fase,
                "udfoerer": "laege",
                "overgange": [
                    {"til": f"proeve-{k}-a", "betingelse": "Mistanke om forværring"},
                    {"til": f"proeve-{k}-b", "betingelse": "Uafklaret"},
                    *ways_out,
                ],
            },
            {
                "id": f"proeve-{k}-a",
                "titel": f"Blodprøvepakke efter kontrol {k + 1}",
                "type": "undersoegelse",
                **fase,
                "overgange": [{"til": f"kontrol-{k}", "betingelse": "Ny kontrol"}, *onwards],
            },
            {
                "id": f"proeve-{k}-b",
                "titel": f"Billeddiagnostik efter kontrol {k + 1}",
                "type": "undersoegelse",
                **fase,
                "overgange": onwards or [{"til": f"ende-{k}-0"}],
            },
            *(
                {"id": f"ende-{k}-{e}", "titel": f"Afsluttet til egen læge, udfald {e}", "type": "afslutning", **fase}
                for e in range(endings)
            ),
        ]
    # No object twice: YAML would write it as an anchor, which the loader refuses.
    faser = [{"id": f"p{i}", "titel": f"Fase {i + 1} med en lang titel"} for i in range(phases)]
    return minimal_pathway(
        id="stort-forloeb", titel="Stort testforløb", faser=faser, trin=json.loads(json.dumps(steps))
    )


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def copy_repo(dest: Path) -> Path:
    """A copy of the repository's inputs (not its venv, git or build output) to build in."""
    ignore = shutil.ignore_patterns(".venv", ".git", "site", "cache", "__pycache__", "*.egg-info", ".pytest_cache")
    for name in ("pathways", "docs", "macros", "forloeb", "overrides", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    return dest


def load_mkdocs_yml() -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (with its !ENV tags resolved)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as fh:
        return yaml_load(fh)


SPECIALTY = {
    "id": "gastroenterologi-hepatologi",
    "navn": "Gastroenterologi og hepatologi",
    "sfr": "Sundhedsfagligt Råd for gastroenterologi og hepatologi",
}


def write_repo(
    root: Path,
    *pathways: dict[str, Any],
    dokumenter: tuple[dict[str, Any], ...] = (),
    specialer: tuple[dict[str, Any], ...] = (SPECIALTY,),
) -> Path:
    """A repository with only these pathways (each in pathways/<speciale>/<id>.yaml), specialties and register
    documents (pathways/_registre/d4.yaml), and no Vælg Klogt recommendations: a catalog of a few lines."""
    registers = root / "pathways" / "_registre"
    write_yaml(registers / "specialer.yaml", {"specialer": list(specialer)})
    write_yaml(registers / "vaelg_klogt.yaml", {"anbefalinger": []})
    write_yaml(registers / "d4.yaml", {"dokumenter": list(dokumenter)})
    for p in pathways:
        write_yaml(root / "pathways" / p["speciale"] / f"{p['id']}.yaml", p)
    return root
