"""SVG from Graphviz for the flowcharts: drawn in parallel, cached by source, inlined accessibly.

A missing, failing or hanging `dot` becomes a DiagramError with a message for whoever builds the site.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from forloeb.diagram.dot import clean
from forloeb.diagram.style import FONTSIZE

DOT_COMMAND = "dot"  # looked up on PATH when rendering, so tests can swap it
MANGLER_DOT = "Graphviz (dot) er ikke installeret: installer pakken graphviz (apt-get install graphviz)"


class DiagramError(Exception):
    """A diagram could not be drawn; the message is for whoever builds the site."""


def _dot_executable() -> str:
    path = shutil.which(DOT_COMMAND)
    if path is None:
        raise DiagramError(MANGLER_DOT)
    return path


@lru_cache(maxsize=8)
def _dot_version(executable: str) -> str:
    # Part of the cache key: another Graphviz version may lay out the same source differently.
    try:
        proc = subprocess.run([executable, "-V"], capture_output=True, timeout=30, check=False)
    except FileNotFoundError as exc:
        raise DiagramError(MANGLER_DOT) from exc
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DiagramError(f"'{executable} -V' fejlede: {exc}") from exc
    version = (proc.stderr + proc.stdout).decode("utf-8", "replace").strip()  # dot writes it to stderr
    if proc.returncode != 0 or not version:
        raise DiagramError(f"'{executable} -V' gav ikke et versionsnummer")
    return version


def graphviz_version() -> str:
    """The installed dot's version: another may lay out the same source differently."""
    return _dot_version(_dot_executable())


def render_svg(dot_source: str, cache_dir: Path, *, timeout: float = 30) -> str:
    """SVG for the DOT source, from cache_dir when this source was drawn by this dot before."""
    executable = _dot_executable()
    key = hashlib.sha256(f"{_dot_version(executable)}\0{dot_source}".encode()).hexdigest()
    cached = cache_dir / f"{key}.svg"
    try:
        return cached.read_text(encoding="utf-8")
    except FileNotFoundError:
        pass
    try:
        proc = subprocess.run(
            [executable, "-Tsvg"], input=dot_source.encode(), capture_output=True, timeout=timeout, check=False
        )
    except FileNotFoundError as exc:
        raise DiagramError(MANGLER_DOT) from exc
    except subprocess.TimeoutExpired as exc:
        raise DiagramError(f"dot brugte mere end {timeout:g} s på at tegne diagrammet") from exc
    except OSError as exc:
        raise DiagramError(f"dot kunne ikke startes: {exc}") from exc
    if proc.returncode != 0:
        stderr = proc.stderr.decode("utf-8", "replace").splitlines()
        first = next((line.strip() for line in stderr if line.strip()), "ingen fejlbesked")
        raise DiagramError(f"dot fejlede (exit {proc.returncode}): {first}")
    svg = proc.stdout.decode("utf-8", "replace")
    try:
        write_atomic(cached, svg)
    except OSError as exc:
        raise DiagramError(f"diagram-cachen {cache_dir} kan ikke skrives: {exc}") from exc
    return svg


def write_atomic(path: Path, text: str) -> None:
    # Parallel builds may write the same entry; readers must never see a half-written file.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_many(
    sources: dict[str, str], cache_dir: Path, workers: int | None = os.cpu_count(), *, timeout: float = 30
) -> dict[str, str]:
    """Render {pathway id: DOT} in parallel; dot runs as a subprocess, so threads suffice."""
    if not sources:
        return {}
    with ThreadPoolExecutor(max_workers=workers or 1) as pool:
        futures = {pid: pool.submit(render_svg, src, cache_dir, timeout=timeout) for pid, src in sources.items()}
        result: dict[str, str] = {}
        for pid, future in futures.items():  # in input order, so the reported failure is deterministic
            try:
                result[pid] = future.result()
            except DiagramError as exc:
                for other in futures.values():
                    other.cancel()
                raise DiagramError(f"diagrammet for forløbet '{pid}' kunne ikke tegnes: {exc}") from exc
    return result


_PROLOG = re.compile(r"<\?xml.*?\?>|<!DOCTYPE[^>]*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="([^"]*)"')
_VIEWBOX = re.compile(r'\sviewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) [0-9.]+"')
_GRAPH_TITLE = re.compile(r'(<g\b[^>]*\bclass="graph"[^>]*>\s*)<title>[^<]*</title>\s*')


def natural_width(svg: str) -> float:
    """The drawing's width in its own units, which dot makes points (its width attribute rounds it)."""
    match = _SVG_TAG.search(svg)
    box = _VIEWBOX.search(match.group(0)) if match else None
    if box is None:
        raise DiagramError("dot gav ikke et <svg>-element med viewBox")
    return float(box.group(1))


def inline_svg(svg: str, title: str, title_id: str, desc_id: str | None = None) -> str:
    """dot's SVG as an accessible element that can sit in Markdown as raw HTML.

    Its size is left to the stylesheet, which gets the natural width and the labels' font size
    (both in the drawing's units) as custom properties: from them it can size the diagram so
    that the labels come out at a given size in CSS pixels."""
    width = natural_width(svg)
    svg = _PROLOG.sub("", svg)
    match = _SVG_TAG.search(svg)
    if match is None:
        raise DiagramError("dot gav ikke et <svg>-element")
    tag = _SIZE.sub("", match.group(0))[:-1].rstrip()  # without its size and closing ">"
    style = f"--forloeb-bredde:{width:g};--forloeb-skrift:{FONTSIZE}"
    described = f' aria-describedby="{html.escape(desc_id)}"' if desc_id else ""
    # role=group, not img: the step nodes are links and must stay reachable by keyboard.
    opening = (
        f'{tag} role="group" aria-labelledby="{html.escape(title_id)}"{described} style="{style}">'
        f'\n<title id="{html.escape(title_id)}">{html.escape(clean(title))}</title>'
    )
    rest = _GRAPH_TITLE.sub(r"\1", svg[match.end() :], count=1)  # ours replaces the graph's own title
    body = svg[: match.start()] + opening + rest
    # A blank line would end the raw HTML block in Markdown.
    return "\n".join(line for line in body.splitlines() if line.strip())
