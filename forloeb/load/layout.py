"""Where a repository keeps its input: the one module that knows the folder layout.

    <pathways>/<speciale>/<id>.yaml       one file per pathway
    <pathways>/_registre/specialer.yaml   the specialties and their SFR
    <pathways>/_registre/vaelg_klogt.yaml the Vælg Klogt recommendations
    <pathways>/_registre/d4.yaml          the D4 register (bruttoliste), and/or any files under
    <pathways>/_registre/d4/              d4/ when it outgrows one file; together one register

The pathways folder is named by the site's configuration (`pathways_dir`, default "pathways").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

PATHWAYS_DIR = "pathways"
REGISTRY_DIR = "_registre"
SPECIALTIES_FILE = "specialer.yaml"
VAELG_KLOGT_FILE = "vaelg_klogt.yaml"
D4_FILE = "d4.yaml"
D4_DIR = "d4"


@dataclass(frozen=True)
class Layout:
    root: Path
    pathways: str = PATHWAYS_DIR  # relative to root

    @property
    def pathways_dir(self) -> Path:
        return self.root / self.pathways

    @property
    def registry_dir(self) -> Path:
        return self.pathways_dir / REGISTRY_DIR

    def pathway_files(self) -> list[Path]:
        base = self.pathways_dir
        return sorted(p for p in base.rglob("*.yaml") if REGISTRY_DIR not in p.relative_to(base).parts)

    def pathway_file(self, speciale: str, forloeb_id: str) -> Path:
        return self.pathways_dir / speciale / f"{forloeb_id}.yaml"

    def d4_files(self) -> list[Path]:
        """The register's files: d4.yaml first (required unless d4/ holds files), then d4/ by path."""
        reg = self.registry_dir
        split = sorted((reg / D4_DIR).rglob("*.yaml"))
        single = reg / D4_FILE
        return [single, *split] if single.exists() or not split else split

    def registry_files(self) -> list[Path]:
        return sorted(self.registry_dir.rglob("*.yaml"))

    def is_pathway_path(self, path: str) -> bool:
        """A repository path (as git prints it) of a pathway file, not of a registry file."""
        parts = PurePosixPath(path).parts
        top = PurePosixPath(self.pathways).parts
        return (
            len(parts) > len(top) and parts[: len(top)] == top and REGISTRY_DIR not in parts and path.endswith(".yaml")
        )
