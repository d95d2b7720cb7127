"""Loaded files kept on disk between runs, named by their content: a build or a check after a change
to one pathway parses and validates that file only.

Parsing and validating a thousand pathways and their registers is most of the catalog's load (about
2.5 s of 3 s on one core at 1,000); unpickling what an earlier run loaded from the same bytes takes
about a fifth of it. The entry's name is a digest of the file's bytes, the name it is shown by, the
model it is loaded as, and our code with the versions of the libraries that parse and validate it, so
a changed file, checkout folder, model or library is loaded afresh. A git checkout gives every file a
new modification time; the content keeps the entry (CI restores the folder from the last run).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel

from forloeb.atomic import write_atomic_bytes
from forloeb.code_digest import FORLOEB_DIR, source_digest
from forloeb.load.files import InputFileError, read_input_file
from forloeb.load.loader import Loaded, load, load_bytes
from forloeb.load.problems import Problem
from forloeb.load.yaml_source import MAX_BYTES, YamlDocument

M = TypeVar("M", bound=BaseModel)

KEPT_FOLDER = Path(".cache/indlaest")  # beside the repository's other caches; the plugin's load_cache
SUFFIX = ".pickle"
# What reading a spoilt or foreign pickle raises: the file is then loaded again.
UNPICKLING_ERRORS = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError)


def load_code() -> str:
    """Our code (the models, the loader and the checks are all under forloeb/) and the libraries that
    parse and validate a file, as a digest."""
    versions = [f"{dist}=={metadata.version(dist)}" for dist in ("pydantic", "pydantic-core", "PyYAML")]
    return source_digest([FORLOEB_DIR], "\0".join([sys.version, f"libyaml={yaml.__with_libyaml__}", *versions]))


class KeptLoads:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._code = load_code()
        self._writable = True  # until a write fails: then not tried for every file

    def load(self, path: Path, model: type[M], display: str) -> tuple[Loaded[M], str | None]:
        """The file loaded, and the name of its entry (None for a file that cannot be read: load()
        says why, and nothing is kept)."""
        named = self._named(path, model, display)
        if named is None:
            return load(path, model, display), None
        raw, name = named
        entry = self.folder / name
        kept = self._read(entry, model)
        if kept is not None:
            return Loaded(path, display, *kept), name
        loaded = load_bytes(raw, path, display, model)
        if self._writable:
            self._writable = self._write(entry, loaded)
        return loaded, name

    def holds(self, path: Path, model: type[BaseModel], display: str) -> bool:
        """Whether the file, as it is now, has an entry (that has not been read, so may be spoilt)."""
        named = self._named(path, model, display)
        return named is not None and (self.folder / named[1]).is_file()

    def fill(self, path: Path, model: type[BaseModel], display: str) -> bool:
        """Load and keep the file unless its entry is there; False when the folder cannot be written."""
        named = self._named(path, model, display)
        if named is None:
            return True  # load() says why, when it comes to the file
        raw, name = named
        entry = self.folder / name
        return entry.is_file() or self._write(entry, load_bytes(raw, path, display, model))

    def _named(self, path: Path, model: type[BaseModel], display: str) -> tuple[bytes, str] | None:
        """The file's bytes and the name of their entry, or None for a file that cannot be read."""
        try:
            raw = read_input_file(path, MAX_BYTES)
        except InputFileError:
            return None
        h = hashlib.sha256(f"{self._code}\0{model.__module__}.{model.__qualname__}\0{display}\0".encode())
        h.update(raw)
        return raw, h.hexdigest() + SUFFIX

    @staticmethod
    def _read(entry: Path, model: type[M]) -> tuple[M | None, YamlDocument | None, list[Problem]] | None:
        try:
            with entry.open("rb") as fh:
                kept = pickle.load(fh)  # written by _write below from our own objects, never from input
        except UNPICKLING_ERRORS:
            return None
        if not (isinstance(kept, tuple) and len(kept) == 3):
            return None
        found, doc, problems = kept
        valid = (found is None or isinstance(found, model)) and (doc is None or isinstance(doc, YamlDocument))
        if valid and isinstance(problems, list) and all(isinstance(p, Problem) for p in problems):
            return found, doc, problems
        return None

    @staticmethod
    def _write(entry: Path, loaded: Loaded[Any]) -> bool:
        # The parsed data is not kept: only the positions are read after a load (to place problems).
        doc = loaded.doc and YamlDocument(None, loaded.doc.positions, loaded.doc.key_positions)
        try:
            write_atomic_bytes(entry, pickle.dumps((loaded.model, doc, loaded.problems), pickle.HIGHEST_PROTOCOL))
        except OSError:
            return False  # a full disk or a read-only checkout: the files are loaded again next time
        return True

    def prune(self, used: set[str]) -> None:
        """Remove the entries a whole load of the catalog did not use: files since changed or gone."""
        try:
            for p in self.folder.iterdir():
                if p.suffix == SUFFIX and p.name not in used:
                    p.unlink(missing_ok=True)
        except OSError:
            pass  # not ours to remove, or the folder is gone: nothing stale is ever read (named by content)
