"""What a long-lived process (`mkdocs serve`) keeps between loads of the catalog.

A rebuild after one edited file should not parse, validate or check the other 999 pathways again.
The site's plugin owns one LoadCache for as long as it lives; the scripts make one for a single load.
Either may keep the loaded files on disk for the next run as well (kept_loads.py).
"""

from __future__ import annotations

import contextlib
import os
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from forloeb.load.consistency import check_pathway
from forloeb.load.kept_loads import KEPT_FOLDER, KeptLoads
from forloeb.load.loader import Loaded, display_path, load
from forloeb.load.loading_ahead import Files, loading_ahead
from forloeb.load.problems import ModelProblem
from forloeb.memo import IdentityMemo
from forloeb.model.pathway import Forloeb

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event

M = TypeVar("M", bound=BaseModel)


def kept_for(root: Path, after: Event | None = None) -> LoadCache:
    """What a script loads the repository at root with: nothing in memory, the files kept on disk in
    the folder a build of the site keeps them in by default (a forked copy helping to fill it, from
    when `after` is set)."""
    return LoadCache(size=0, kept=root / KEPT_FOLDER, ahead=True, after=after)


class LoadCache:
    def __init__(
        self, size: int = 8192, kept: Path | None = None, *, ahead: bool = False, after: Event | None = None
    ) -> None:
        self._size = size  # 0: remember nothing (one load, as a script does)
        self._files: OrderedDict[tuple[Any, ...], tuple[Loaded[Any], str | None]] = OrderedDict()
        self._checks: IdentityMemo[list[ModelProblem]] = IdentityMemo(check_pathway, max(size, 1))
        self._kept: KeptLoads | None = None
        self._used: set[str] = set()  # the kept entries of the load under way
        self._ahead = ahead
        self._after = after  # what the copy that loads ahead waits for
        if kept is not None:
            self.keep_in(kept, ahead=ahead)

    def keep_in(self, folder: Path, *, ahead: bool = False) -> None:
        """Keep the loaded files in `folder` on disk too, for the next process; with `ahead`, a forked
        copy fills the folder from the last file back while a load goes from the first (loading_ahead.py)."""
        self._ahead = ahead
        if self._kept is None or self._kept.folder != folder:
            self._kept = KeptLoads(folder)
            self._files.clear()  # their entries were not kept there

    def loading(self, files: Files) -> contextlib.AbstractContextManager[None]:
        """Around a load of these files in this order."""
        if self._kept is None or not self._ahead:
            return contextlib.nullcontext()
        return loading_ahead(self._kept, files, self._after)

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
