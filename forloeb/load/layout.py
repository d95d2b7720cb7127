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
        return sorted(Path(path) for path, _, link in self._walk(self.pathways_dir) if link)

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
        yaml = (Path(p) for p, is_file, _ in self._walk(top) if is_file and p.endswith(".yaml"))
        return sorted(p for p in yaml if p.suffix == ".yaml")  # not a file named ".yaml" alone

    @staticmethod
    def _walk(top: Path) -> list[tuple[str, bool, bool]]:
        """Every entry under top, with whether it is a file (not a folder, not a link) and whether it is
        a link; a link to a folder is listed, not entered. From the folders' listings alone (no stat
        per file): at a thousand pathways and their D4 texts, this is thousands of files per build."""
        found: list[tuple[str, bool, bool]] = []
        folders = [os.fspath(top)]
        while folders:
            try:
                with os.scandir(folders.pop()) as listing:
                    entries = list(listing)
            except OSError:  # as os.walk: a folder that cannot be listed has nothing listed
                continue
            for entry in entries:
                link = entry.is_symlink()
                if entry.is_dir():  # a link to a folder too, as os.walk counts it
                    found.append((entry.path, False, link))
                    if not link:
                        folders.append(entry.path)
                else:
                    found.append((entry.path, not link, link))
        return found

    def is_pathway_path(self, path: str) -> bool:
        """A repository path (as git prints it) of a pathway file, not of a registry file."""
        parts = PurePosixPath(path).parts
        top = PurePosixPath(self.pathways).parts
        return (
            len(parts) > len(top) and parts[: len(top)] == top and REGISTRY_DIR not in parts and path.endswith(".yaml")
        )
