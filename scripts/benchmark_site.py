"""The benchmark's site measurements: `mkdocs build` and `mkdocs serve` as child processes.

A child's CPU time and peak memory come from the kernel (wait4), so they cover the whole build,
including the `dot` processes it waits for, and are not mixed up with the benchmark's own. The
children are started from a small process (multiprocessing's fork server, started by
start_launcher() before the benchmark loads a catalog): at exec, Linux carries the parent's peak
memory over into the child's, so a build started from the benchmark itself, once that holds 1,000
pathways and their check, would report at least the benchmark's 840 MiB.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASE_ENV = {"NO_MKDOCS_2_WARNING": "1"}
_LAUNCHER = multiprocessing.get_context("forkserver")


def start_launcher() -> None:
    """Start the small process the children are started from; before anything large is loaded."""
    multiprocessing.forkserver.ensure_running()


def _launched(function: Any, *args: Any) -> Any:
    with _LAUNCHER.Pool(1) as pool:
        return pool.apply(function, args)


def run_script(command: list[str]) -> subprocess.CompletedProcess[str]:
    """A Python script of the benchmark's own, started like the builds; its output as text."""
    done: subprocess.CompletedProcess[str] = _launched(_run, command)
    return done


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


DROPPED_ENV = ("FORLOEB_PDF",)  # PDFs are a separate, optional step of the published build


@dataclass(frozen=True)
class ChildRun:
    seconds: float
    cpu_seconds: float
    max_rss_mib: float
    returncode: int
    output: str


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    return {**env, **BASE_ENV}


def reap(proc: subprocess.Popen[bytes], timeout: float) -> Any:
    """Wait for the child (killed after timeout); its resource usage, from the kernel."""
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    return usage


def run_child(command: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> ChildRun:
    """Run command to completion (env: variables to set besides ours); its wall time, CPU time
    (user + system) and maximum RSS."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, env={**child_env(), **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
        usage = reap(proc, timeout)
        seconds = time.perf_counter() - start
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    return ChildRun(
        seconds=round(seconds, 3),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 3),
        max_rss_mib=round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        returncode=proc.returncode,
        output=output,
    )


def python(profile: Path | None) -> list[str]:
    """The interpreter, under cProfile writing its statistics to profile when one is given."""
    return [sys.executable, *(["-m", "cProfile", "-o", str(profile)] if profile else [])]


def mkdocs_build(
    repo: Path,
    site_dir: Path,
    timeout: float = 3600,
    env: dict[str, str] | None = None,
    profile: Path | None = None,
) -> ChildRun:
    command = [*python(profile), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    run: ChildRun = _launched(run_child, command, repo, timeout, env)
    if run.returncode != 0:
        raise RuntimeError(f"mkdocs build i {repo} fejlede ({run.returncode}):\n{run.output[-4000:]}")
    return run


def check_script(repo: Path, words: Path, timeout: float = 600, profile: Path | None = None) -> ChildRun:
    """scripts/check_overlaps.py on repo, as an editor or CI runs it (exit 1: it found errors)."""
    script = Path(__file__).resolve().parent / "check_overlaps.py"
    command = [*python(profile), str(script), "--root", str(repo), "--ordmappe", str(words)]
    run: ChildRun = _launched(run_child, command, repo, timeout)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"check_overlaps.py i {repo} fejlede ({run.returncode}):\n{run.output[-4000:]}")
    return run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float, poll: float) -> float:
    """Seconds until the page at url holds text; RuntimeError after timeout."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter() - start
        time.sleep(poll)
    raise RuntimeError(f"{url} viste ikke '{text}' inden for {timeout:.0f} s")


_LIVE_RELOAD = re.compile(r"livereload\((\d+), (\d+)\)")  # the call the serve puts into each page


def wait_for_reload(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at url holds text, waited for as the editor's open tab waits: on the
    serve's live-reload request, which answers once a newer build (or preview) is shown, and then the
    page read again. Polling the page instead would measure the serve slowed by the polling."""
    start = time.perf_counter()
    origin = "/".join(url.split("/")[:3])
    body = fetch(url) or ""
    while text not in body:
        if time.perf_counter() - start > timeout:
            raise RuntimeError(f"{url} viste ikke '{text}' inden for {timeout:.0f} s")
        reload = _LIVE_RELOAD.search(body)
        if reload is None:  # a page without the script (an error response): read it again shortly
            time.sleep(0.02)
        else:
            fetch(f"{origin}/livereload/{reload[1]}/{reload[2]}")  # returns when a newer site is shown
        body = fetch(url) or ""
    return time.perf_counter() - start


@dataclass(frozen=True)
class ServeRun:
    startup_seconds: float
    text_edit_seconds: list[float]  # an edit of the pathway's purpose: only its page changes
    title_edit_seconds: float  # a new title: the overview pages that list it change too
    max_rss_mib: float


def serve_edits(
    repo: Path, pathway: Path, page: str, edits: int, timeout: float = 3600, profile: Path | None = None
) -> ServeRun:
    run: ServeRun = _launched(_serve_edits, repo, pathway, page, edits, timeout, profile)
    return run


def _serve_edits(repo: Path, pathway: Path, page: str, edits: int, timeout: float, profile: Path | None) -> ServeRun:
    """Start `mkdocs serve --dirty`, then edit the pathway's purpose `edits` times and its title
    once, and time how long each change takes to show on its page (page: the URL path).

    --no-strict: MkDocs warns that a dirty build may leave stale links, and --strict would turn that
    warning into a failed rebuild. The README documents this mode for large catalogs."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/{page}"
    command = [*python(profile), "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--dev-addr", f"127.0.0.1:{port}"]
    original = pathway.read_text(encoding="utf-8")
    proc = subprocess.Popen(command, cwd=repo, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        startup = wait_for(url, "</html>", timeout, poll=0.5)

        def edit(key: str, marker: str) -> float:
            text = pathway.read_text(encoding="utf-8")
            changed = re.sub(rf"^{key}: ", f"{key}: {marker} ", text, count=1, flags=re.M)
            if changed == text:
                raise RuntimeError(f"{pathway} har ingen linje '{key}: …'")
            pathway.write_text(changed, encoding="utf-8")
            return round(wait_for_reload(url, marker, timeout=120), 3)

        texts = [edit("formaal", f"Redigeret{k}x{port}") for k in range(1, edits + 1)]
        title = edit("titel", f"Omdoebt{port}")
    finally:
        pathway.write_text(original, encoding="utf-8")
        proc.send_signal(signal.SIGINT)  # mkdocs serve stops cleanly on Ctrl-C
        # Generous: under cProfile on a busy machine the serve needs long to stop and write its statistics.
        usage = reap(proc, 120)
    return ServeRun(round(startup, 3), texts, title, round(usage.ru_maxrss / 1024, 1))
