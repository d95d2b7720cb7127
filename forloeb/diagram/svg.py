"""SVG from Graphviz for the flowcharts: drawn in parallel, cached by source, inlined accessibly.

A missing, failing or hanging `dot` becomes a DiagramError with a message for whoever builds the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from forloeb.atomic import write_atomic
from forloeb.diagram.dot import clean
from forloeb.diagram.dot_plugins import dot_run
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
    """The installed dot's version and how it measures labels: either may change a drawing."""
    executable = _dot_executable()
    return f"{_dot_version(executable)}\0{dot_run(executable).text_metrics}"


def cached_svg(dot_source: str, cache_dir: Path, *, timeout: float = 30) -> Path:
    """Where the SVG of this DOT source, drawn by this dot, is kept in cache_dir."""
    executable = _dot_executable()
    run = dot_run(executable, timeout)
    key = hashlib.sha256(f"{_dot_version(executable)}\0{run.text_metrics}\0{dot_source}".encode()).hexdigest()
    return cache_dir / f"{key}.svg"


def render_svg(dot_source: str, cache_dir: Path, *, timeout: float = 30) -> str:
    """SVG for the DOT source, from cache_dir when this source was drawn by this dot before."""
    executable = _dot_executable()
    run = dot_run(executable, timeout)
    cached = cached_svg(dot_source, cache_dir, timeout=timeout)
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:  # not drawn yet, or the cache is unusable (writing to it then says why)
        pass
    try:
        proc = subprocess.run(
            [executable, "-Tsvg"],
            input=dot_source.encode(),
            env=run.env(),
            capture_output=True,
            timeout=timeout,
            check=False,
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


def render_many(
    sources: dict[str, str], cache_dir: Path, workers: int | None = os.cpu_count(), *, timeout: float = 30
) -> dict[str, str]:
    """Render {pathway id: DOT} in parallel; dot runs as a subprocess, so threads suffice."""
    if not sources:
        return {}
    with contextlib.suppress(DiagramError):  # then each drawing reports it, naming its pathway
        dot_run(_dot_executable(), timeout)  # found out here once, not by every thread at the same time
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
_VIEWBOX = re.compile(r'\sviewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"')
_GRAPH_TITLE = re.compile(r'(<g\b[^>]*\bclass="graph"[^>]*>\s*)<title>[^<]*</title>\s*')


def natural_size(svg: str) -> tuple[float, float]:
    """The drawing's width and height in its own units, which dot makes points (its width and
    height attributes round them)."""
    match = _SVG_TAG.search(svg)
    box = _VIEWBOX.search(match.group(0)) if match else None
    if box is None:
        raise DiagramError("dot gav ikke et <svg>-element med viewBox")
    return float(box.group(1)), float(box.group(2))


def natural_width(svg: str) -> float:
    return natural_size(svg)[0]


@dataclass(frozen=True)
class Box:
    """Where a node is drawn, in the drawing's units (dot's y grows upwards: top < bottom here)."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


_NS = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:e-?[0-9]+)?")


def _outline(element: ET.Element) -> list[tuple[float, float]]:
    """The points a node's shape passes through (its label is inside them)."""
    tag = element.tag.removeprefix(_NS)
    if tag == "ellipse":
        cx, cy, rx, ry = (float(element.get(a, "0")) for a in ("cx", "cy", "rx", "ry"))
        return [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    coordinates = (
        element.get("points") if tag in ("polygon", "polyline") else element.get("d") if tag == "path" else None
    )
    numbers = [float(n) for n in _NUMBER.findall(coordinates or "")]
    return list(zip(numbers[::2], numbers[1::2], strict=False))


def node_boxes(svg: str) -> dict[str, Box]:
    """DOT node name -> the box its shape is drawn in, for every node of dot's SVG."""
    boxes: dict[str, Box] = {}
    for group in ET.fromstring(svg).iter(f"{_NS}g"):
        title = group.find(f"{_NS}title")
        if group.get("class") != "node" or title is None or title.text is None:
            continue
        points = [p for element in group.iter() for p in _outline(element)]
        if points:
            xs, ys = [x for x, _ in points], [y for _, y in points]
            boxes[title.text] = Box(min(xs), min(ys), max(xs), max(ys))
    return boxes


def inline_svg(
    svg: str, title: str, title_id: str, desc_id: str | None = None, *, print_width_pt: float | None = None
) -> str:
    """dot's SVG as an accessible element that can sit in Markdown as raw HTML.

    Its size is left to the stylesheet, which gets the natural width and the labels' font size
    (both in the drawing's units) as custom properties: from them it can size the diagram so
    that the labels come out at a given size in CSS pixels. print_width_pt, when given, is its
    width on paper (--forloeb-tryk, decided by paper.printed)."""
    width = natural_width(svg)
    svg = _PROLOG.sub("", svg)
    match = _SVG_TAG.search(svg)
    if match is None:
        raise DiagramError("dot gav ikke et <svg>-element")
    tag = _SIZE.sub("", match.group(0))[:-1].rstrip()  # without its size and closing ">"
    style = f"--forloeb-bredde:{width:g};--forloeb-skrift:{FONTSIZE}"
    if print_width_pt is not None:
        style += f";--forloeb-tryk:{print_width_pt:.1f}pt"
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
