"""Jinja templates compiled once: per `mkdocs serve` session in memory, and between builds on disk.

MkDocs makes a new Jinja environment for every build, so Material's templates were compiled again
after every edit (about 0.4 s of a 1 s rebuild at 200 pathways), and every build in a new process
compiled them and ours again (about 0.4 s of a warm build at 200 pathways). The plugin gives each
environment one of these caches. Jinja checks a template's source checksum before using its
bytecode, so an edited template or override is compiled again; the code compiled also depends on
the environment's options and Jinja's and Python's versions, which name the folder on disk.

The bytecode is Python code, like __pycache__: the folder is written and read by the build alone
(never point `template_cache` at a folder others can write to).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from importlib import metadata
from pathlib import Path

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache

from forloeb.atomic import write_atomic_bytes


class CompiledTemplates(BytecodeCache):
    """Jinja bytecode in memory for the lifetime of its owner, and in a folder when given one."""

    def __init__(self, label: str) -> None:
        self._label = label  # which environment: each keeps its own folder
        self._code: dict[str, bytes] = {}
        self._folder: Path | None = None

    def keep_in(self, base: Path, options: str) -> None:
        """Keep the bytecode in base/<label>-<digest of what it depends on>, and nothing older."""
        versions = f"jinja2=={metadata.version('jinja2')}\0python=={sys.version_info[:2]}\0{options}"
        folder = base / f"{self._label}-{hashlib.sha256(versions.encode()).hexdigest()[:16]}"
        if folder != self._folder:
            self._code.clear()  # compiled under other options
            self._folder = folder
            for other in base.glob(f"{self._label}-*") if base.is_dir() else ():
                if other != folder:
                    shutil.rmtree(other, ignore_errors=True)

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self._folder is not None:
            try:
                code = (self._folder / bucket.key).read_bytes()
            except OSError:
                return
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # discards it itself when the checksum differs
        except Exception:  # unreadable (Jinja reads the checksum with pickle, uncaught): compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        if self._folder is not None:
            try:
                write_atomic_bytes(self._folder / bucket.key, code)
            except OSError:
                return  # compiled again next time

    def __len__(self) -> int:
        return len(self._code)

    def attach(self, env: Environment) -> Environment:
        env.bytecode_cache = self
        return env
