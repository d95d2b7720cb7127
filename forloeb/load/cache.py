"""What a long-lived process (`mkdocs serve`) keeps between loads of the catalog.

A rebuild after one edited file should not parse, validate or check the other 999 pathways again.
The site's plugin owns one LoadCache for as long as it lives; the scripts make one for a single load.
Either may keep the loaded files on disk for the next run as well (kept_loads.py).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from forloeb.load.consistency import check_pathway
from forloeb.load.kept_loads import KEPT_FOLDER, KeptLoads
from forloeb.load.loader import Loaded, display_path, load
from forloeb.load.problems import ModelProblem
from forloeb.memo import IdentityMemo
from forloeb.model.pathway import Forloeb

M = TypeVar("M", bound=BaseModel)


def kept_for(root: Path) -> LoadCache:
    """What a script loads the repository at root with: nothing in memory, the files kept on disk in
    the folder a build of the site keeps them in by default."""
    return LoadCache(size=0, kept=root / KEPT_FOLDER)


class LoadCache:
    def __init__(self, size: int = 8192, kept: Path | None = None) -> None:
        self._size = size  # 0: remember nothing (one load, as a script does)
        self._files: OrderedDict[tuple[Any, ...], tuple[Loaded[Any], str | None]] = OrderedDict()
        self._checks: IdentityMemo[list[ModelProblem]] = IdentityMemo(check_pathway, max(size, 1))
        self._kept: KeptLoads | None = None
        self._used: set[str] = set()  # the kept entries of the load under way
        if kept is not None:
            self.keep_in(kept)

    def keep_in(self, folder: Path) -> None:
        """Keep the loaded files in `folder` on disk too, for the next process."""
        if self._kept is None or self._kept.folder != folder:
            self._kept = KeptLoads(folder)
            self._files.clear()  # their entries were not kept there

    def load(self, path: Path, model: type[M]) -> Loaded[M]:
        """The file loaded, reused while it is unchanged (same path, size and modification time)."""
        # Keyed by the path as given and the working directory (what its display name depends on):
        # resolving and naming a thousand paths again would be most of a rebuild's load.
        try:
            stat = os.stat(path)
            key: tuple[Any, ...] | None = (os.fspath(path), os.getcwd(), stat.st_mtime_ns, stat.st_size, model)
        except OSError:
            key = None  # load() reports the missing file
        if key is not None and key in self._files:
            self._files.move_to_end(key)
            loaded, name = self._files[key]
        elif self._kept is not None:
            loaded, name = self._kept.load(path, model, display_path(path))
        else:
            loaded, name = load(path, model, display_path(path)), None
        if name is not None:
            self._used.add(name)
        if key is not None and self._size and key not in self._files:
            self._files[key] = (loaded, name)
            if len(self._files) > self._size:
                self._files.popitem(last=False)
        return loaded

    def loaded_all(self) -> None:
        """The whole catalog has been loaded: the kept entries it did not use are stale."""
        if self._kept is not None:
            self._kept.prune(self._used)
        self._used = set()

    def checked(self, f: Forloeb) -> list[ModelProblem]:
        """The checks inside one pathway (consistency.py), run again only for a new model object:
        the loader hands out the same object while the file is unchanged."""
        return self._checks(f)
