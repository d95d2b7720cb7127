"""Headless Chromium for the PDF build and the browser tests: Debian's `chromium`, never a download.

Playwright's own browser download cannot run here (no internet but the package registries), so
Playwright drives the system browser through `executable_path`. The built site is served from a
directory on 127.0.0.1, and every request elsewhere (e.g. a web font) is refused in the browser,
so a page never waits on a network it cannot reach.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Playwright is imported only where a browser is actually started
    from playwright.sync_api import Browser, BrowserContext, Playwright, Route

DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
ENV_CHROMIUM = "FORLOEB_CHROMIUM"  # the tests' way to name another binary; the site uses its `chromium` option
LAUNCH_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_from_environment() -> Path:
    return Path(os.environ.get(ENV_CHROMIUM) or DEFAULT_CHROMIUM)


def missing_chromium(chromium: Path) -> str:
    return (
        f"Chromium findes ikke på {chromium}: installer Debian-pakken (apt-get install chromium fonts-dejavu) "
        f"eller peg {ENV_CHROMIUM} på en Chromium-binær"
    )


def chromium_available(chromium: Path) -> bool:
    return chromium.is_file() and os.access(chromium, os.X_OK)


def launch(playwright: Playwright, chromium: Path) -> Browser:
    if not chromium_available(chromium):
        raise FileNotFoundError(missing_chromium(chromium))
    return playwright.chromium.launch(executable_path=str(chromium), args=LAUNCH_ARGS, timeout=60_000)


def local_only(context: BrowserContext, base_url: str) -> None:
    """Refuse every request that does not go to base_url, at once instead of after a time-out."""

    def handle(route: Route) -> None:
        if route.request.url.startswith(base_url) or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", handle)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # one line per request drowns the build log
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser drops connections it no longer needs (closed page, aborted prefetch): not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve_directory(root: Path, max_seconds: float = 900) -> Iterator[str]:
    """Serve root on 127.0.0.1 on a free port and yield its base URL ('http://127.0.0.1:N/').

    The server runs in a daemon thread and shuts itself down after max_seconds at the latest,
    so a hung caller cannot leave it running.
    """
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    deadline = threading.Timer(max_seconds, server.shutdown)
    deadline.daemon = True
    thread.start()
    deadline.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        deadline.cancel()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
