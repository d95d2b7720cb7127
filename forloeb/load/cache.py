"""What a long-lived process (`mkdocs serve`) keeps between loads of the catalog.

A rebuild after one edited file should not parse, validate or check the other 999 pathways again.
The site's plugin owns one LoadCache for as long as it lives; scripts load without one.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from forloeb.load.consistency import check_pathway
from forloeb.load.loader import Loaded, display_path, load
from forloeb.load.problems import ModelProblem
from forloeb.memo import IdentityMemo
from forloeb.model.pathway import Forloeb

M = TypeVar("M", bound=BaseModel)


class LoadCache:
    def __init__(self, size: int = 8192) -> None:
        self._size = size  # 0: remember nothing (one load, as a script does)
        self._files: OrderedDict[tuple[Any, ...], Loaded[Any]] = OrderedDict()
        self._checks: IdentityMemo[list[ModelProblem]] = IdentityMemo(check_pathway, max(size, 1))

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
            return self._files[key]
        loaded = load(path, model, display_path(path))
        if key is not None and self._size:
            self._files[key] = loaded
            if len(self._files) > self._size:
                self._files.popitem(last=False)
        return loaded

    def checked(self, f: Forloeb) -> list[ModelProblem]:
        """The checks inside one pathway (consistency.py), run again only for a new model object:
        the loader hands out the same object while the file is unchanged."""
        return self._checks(f)
