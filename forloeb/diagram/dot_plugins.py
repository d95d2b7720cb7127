"""`dot` without its Pango plugin: labels measured by Graphviz's own Helvetica metrics.

With Pango, each `dot` run spends about 13 ms of its 17–20 ms loading Pango, cairo and fontconfig
(a cold build at a thousand pathways starts dot six thousand times), and a label's width depends
on the fonts of the machine that builds: fontconfig picks whatever stands in for Helvetica there.
Graphviz's built-in metrics for Helvetica are Arial's widths, the font a browser draws the labels
in, so without Pango dot starts in about 4 ms and lays out a source the same on every machine.

dot finds its plugins through GVBINDIR, so a folder of this process holds links to the installed
core (SVG) and dot-layout plugins only, and the configuration `dot -c` writes for them. Where the
folder cannot be made (a dot that names no plugin folder, plugins under other names), dot runs as
installed; the cache keys say which, so the two kinds of drawing are never mixed.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PLUGINS = ("libgvplugin_core", "libgvplugin_dot_layout")
_LIBDIR = re.compile(r'^libdir = "(.*)"\s*$', re.MULTILINE)
_PROBE = b"digraph { a [label=probe] }"


@dataclass(frozen=True)
class DotRun:
    """How `dot` is run: the plugin folder it is given, if any, and what that means for a drawing."""

    plugin_folder: Path | None
    text_metrics: str  # part of the cache keys

    def env(self) -> dict[str, str] | None:
        if self.plugin_folder is None:
            return None
        return {**os.environ, "GVBINDIR": str(self.plugin_folder)}


INSTALLED = DotRun(None, "dot som installeret")


@lru_cache(maxsize=8)
def dot_run(executable: str, timeout: float = 30) -> DotRun:
    """How to run this dot; found out once per process and executable (each step within timeout)."""
    try:
        folder = _plugin_folder(executable, timeout)
    except (OSError, subprocess.SubprocessError):
        folder = None
    return INSTALLED if folder is None else DotRun(folder, "Graphviz' egne Helvetica-mål")


def _plugin_folder(executable: str, timeout: float) -> Path | None:
    verbose = subprocess.run(
        [executable, "-v", "-Tsvg"], input=_PROBE, capture_output=True, timeout=timeout, check=False
    )
    found = _LIBDIR.search(verbose.stderr.decode("utf-8", "replace"))
    if verbose.returncode != 0 or found is None or not Path(found.group(1)).is_dir():
        return None
    libraries = [p for p in Path(found.group(1)).iterdir() if p.name.split(".")[0] in PLUGINS]
    if {p.name.split(".")[0] for p in libraries} != set(PLUGINS):
        return None
    folder = Path(tempfile.mkdtemp(prefix="forloeb-graphviz-"))
    owner = os.getpid()  # a forked child that exits normally must not remove its parent's folder
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(folder, ignore_errors=True))
    for library in libraries:
        (folder / library.name).symlink_to(library)
    env = {**os.environ, "GVBINDIR": str(folder)}
    subprocess.run([executable, "-c"], env=env, capture_output=True, timeout=timeout, check=True)
    probe = subprocess.run(
        [executable, "-Tsvg"], input=_PROBE, env=env, capture_output=True, timeout=timeout, check=False
    )
    return folder if probe.returncode == 0 and b"probe" in probe.stdout else None
