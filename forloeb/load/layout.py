"""Where a repository keeps its input: the one module that knows the folder layout.

    <pathways>/<speciale>/<id>.yaml       one file per pathway
    <pathways>/_registre/specialer.yaml   the specialties and their SFR
    <pathways>/_registre/vaelg_klogt.yaml the Vælg Klogt recommendations
    <pathways>/_registre/d4.yaml          the D4 register (bruttoliste), and/or any files under
    <pathways>/_registre/d4/              d4/ when it outgrows one file; together one register

The pathways folder is named by the site's configuration (`pathways_dir`, default "pathways").

Only regular files and folders inside the repository are input. The listings below never follow a
symbolic link, and links() names every link under the pathways folder (or the folder itself, when
it is a link or lies outside the repository), so that the catalog refuses each one by name.
"""

from __future__ import annotations

import os
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
        return [p for p in self._yaml_files(base) if REGISTRY_DIR not in p.relative_to(base).parts]

    def pathway_file(self, speciale: str, forloeb_id: str) -> Path:
        return self.pathways_dir / speciale / f"{forloeb_id}.yaml"

    def d4_files(self) -> list[Path]:
        """The register's files: d4.yaml first (required unless d4/ holds files), then d4/ by path."""
        reg = self.registry_dir
        split = self._yaml_files(reg / D4_DIR)
        single = reg / D4_FILE
        return [single, *split] if single.exists() or single.is_symlink() or not split else split

    def registry_files(self) -> list[Path]:
        return self._yaml_files(self.registry_dir)

    def links(self) -> list[Path]:
        """Every symbolic link under the pathways folder (to a file or a folder, inside the repository or
        not), or the folder itself when it is a link or lies outside the repository: input refused."""
        outside = self.outside_or_linked(self.pathways_dir)
        if outside is not None:
            return [outside]
        return sorted(path for path, _ in self._walk(self.pathways_dir) if path.is_symlink())

    def outside_or_linked(self, path: Path) -> Path | None:
        """The first symbolic link on the way from the repository's root to path (path included, where it
        exists), or path itself when it lies outside the root; None for a plain path inside."""
        root = Path(os.path.abspath(self.root))
        target = Path(os.path.abspath(path))
        if not target.is_relative_to(root):
            return path
        here = root
        for part in target.relative_to(root).parts:
            here = here / part
            if here.is_symlink():
                return here
        return None

    def _yaml_files(self, top: Path) -> list[Path]:
        """The regular .yaml files under top, in path order; links are neither listed nor followed."""
        if self.outside_or_linked(top) is not None:
            return []
        return sorted(p for p, is_file in self._walk(top) if is_file and p.suffix == ".yaml")

    @staticmethod
    def _walk(top: Path) -> list[tuple[Path, bool]]:
        """Every entry under top, with whether it is a regular file; os.walk lists a link to a folder among
        the folders and does not enter it."""
        found: list[tuple[Path, bool]] = []
        for folder, dirs, files in os.walk(top, followlinks=False):
            base = Path(folder)
            found += [(base / d, False) for d in dirs]
            found += [(base / f, not (base / f).is_symlink()) for f in files]
        return found

    def is_pathway_path(self, path: str) -> bool:
        """A repository path (as git prints it) of a pathway file, not of a registry file."""
        parts = PurePosixPath(path).parts
        top = PurePosixPath(self.pathways).parts
        return (
            len(parts) > len(top) and parts[: len(top)] == top and REGISTRY_DIR not in parts and path.endswith(".yaml")
        )
