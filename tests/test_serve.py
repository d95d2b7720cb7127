"""`mkdocs serve` shows input errors as a page and reloads when a pathway is fixed; `build` still fails."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from mkdocs.structure.files import File, Files

from forloeb.load.layout import Layout
from forloeb.load.problems import Problem
from macros.pages.errors import TITLE, error_markdown, error_sources
from macros.pages.generated import PageContent, WrittenPages, content_page
from macros.render.templating import RenderedPage
from tests.factories import load_mkdocs_yml, minimal_pathway, write_yaml
from tests.sitebuild import PINNED_TODAY, mkdocs_build

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

GASTRO = Path("pathways/gastroenterologi-hepatologi")
PAGE = "forloeb/gastroenterologi-hepatologi/testforloeb/"


def test_error_page_lists_each_problem_escaped_with_file_line_col() -> None:
    problems = [
        Problem("pathways/a/x.yaml", 12, 3, "ukendt nøgle '<script>alert(1)</script>'; mente du 'formaal'?"),
        Problem("pathways/a/x.yaml", 40, 1, "{{ 7*7 }} *ikke fed*", "advarsel"),
    ]
    text = error_markdown(problems, ["Flowchart kunne ikke tegnes: dot & co"])
    assert text.startswith(f"# {TITLE}\n")
    assert (
        "<li><code>pathways/a/x.yaml:12:3</code> ukendt nøgle &#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27;" in text
    )
    assert "<li><code>pathways/a/x.yaml:40:1</code> advarsel: {{ 7*7 }} *ikke fed*</li>" in text
    assert "<li>Flowchart kunne ikke tegnes: dot &amp; co</li>" in text
    assert "<script>" not in text
    assert "3 fejl skal rettes" in text
    block = text.split('<ol class="forloeb-fejlliste">', 1)[1]
    assert "\n\n" not in block.split("</ol>", 1)[0], "one HTML block: Markdown must not touch the escaped text"


def test_error_page_replaces_every_address_of_the_site(repo: Path) -> None:
    write_yaml(repo / GASTRO / "testforloeb.yaml", {"id": "ødelagt"})
    files = Files([File("redigering.md", str(repo / "docs"), "/tmp/site", True)])
    sources = error_sources(Layout(repo), files)
    assert {
        "index.md",
        "redigering.md",
        "forloeb/index.md",
        "forloeb/gastroenterologi-hepatologi/index.md",
        "forloeb/gastroenterologi-hepatologi/testforloeb.md",
        "forloeb/intern-medicin/mas.md",
        "oversigter/d4-oprydning/index.md",
        "oversigter/d4-oprydning/gastroenterologi-hepatologi.md",
    } <= set(sources)


def test_mkdocs_yml_watches_the_pathways_and_the_registries() -> None:
    config = load_mkdocs_yml()
    assert "pathways" in config["watch"], "pathways/ holds the pathways and pathways/_registre/ the registries"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def wait_for(url: str, condition: Callable[[str], bool], timeout: float = 90) -> str:
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        try:
            status, body = fetch(url)
            if status == 200 and condition(body):
                return body
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not show the expected page within {timeout} s:\n{body[:2000]}")


@contextmanager
def serving(repo: Path, *options: str, log: Path | None = None, tmp: Path | None = None) -> Iterator[str]:
    """`mkdocs serve` on a repository copy; its log (stderr) goes to `log`, and its temporary site
    directory into `tmp`, when given."""
    port = free_port()
    env = {**os.environ, "FORLOEB_DATO": PINNED_TODAY, "NO_MKDOCS_2_WARNING": "1"}
    if tmp:
        env["TMPDIR"] = str(tmp)
    stderr = log.open("w", encoding="utf-8") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=repo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            stderr.close()


@pytest.fixture
def served(repo: Path) -> Iterator[str]:
    """`mkdocs serve --strict` on a repository copy, as scripts/serve.sh runs it."""
    with serving(repo, "--strict") as url:
        yield url


def test_serve_shows_errors_then_the_fixed_pathway(repo: Path, served: str, tmp_path: Path) -> None:
    path = repo / GASTRO / "testforloeb.yaml"
    good = yaml.safe_dump(minimal_pathway(), allow_unicode=True, sort_keys=False)
    path.write_text(good.replace("formaal:", "formal:"), encoding="utf-8")

    home = wait_for(served, lambda body: TITLE in body)
    assert "pathways/gastroenterologi-hepatologi/testforloeb.yaml:" in home
    assert "ukendt nøgle &#x27;formal&#x27;; mente du &#x27;formaal&#x27;?" in home
    on_the_pathway = wait_for(served + PAGE, lambda body: TITLE in body)
    assert "livereload" in on_the_pathway, "the open tab reloads by itself when the file is fixed"

    path.write_text(good, encoding="utf-8")
    fixed = wait_for(served + PAGE, lambda body: "Testforløb" in body and TITLE not in body)
    assert "Formål med testforløbet." in fixed

    # The same broken input still stops `mkdocs build`: exit 1 and nothing written.
    path.write_text(good.replace("formaal:", "formal:"), encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(repo, out)
    assert result.returncode == 1
    assert "ukendt nøgle 'formal'" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_serve_shows_a_registry_error(repo: Path, served: str) -> None:
    wait_for(served, lambda body: "Gastroenterologi og hepatologi" in body)
    registry = repo / "pathways/_registre/specialer.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("    sfr:", "    raad:", 1), encoding="utf-8")
    home = wait_for(served, lambda body: TITLE in body)
    assert "pathways/_registre/specialer.yaml:" in home


def test_serve_strict_shows_warnings_that_would_stop_the_build(repo: Path, served: str) -> None:
    data = minimal_pathway(proevepakker=[{"id": "ubrugt", "navn": "Ubrugt pakke"}])
    write_yaml(repo / GASTRO / "testforloeb.yaml", data)
    body = wait_for(served + PAGE, lambda text: TITLE in text)
    assert "advarsel: prøvepakken &#x27;ubrugt&#x27; bruges ikke af noget trin" in body


# --- `mkdocs serve --dirty`: only what an edit changes is built again ------------------------------

HAEMO = GASTRO / "haemokromatose.yaml"
HAEMO_PAGE = "forloeb/gastroenterologi-hepatologi/haemokromatose/"
SPECIALTY_PAGE = "forloeb/gastroenterologi-hepatologi/"
HAEMO_TITLE = "Ambulant forløb for patienter med hæmokromatose"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_dirty_serve_shows_edits_on_the_page_and_in_the_overviews(repo: Path) -> None:
    with serving(repo, "--dirty", "--no-strict") as url:
        wait_for(url + SPECIALTY_PAGE, lambda body: HAEMO_TITLE in body)
        edit(repo / HAEMO, "formaal: >-\n", "formaal: >-\n  Redigeret formål.\n")
        wait_for(url + HAEMO_PAGE, lambda body: "Redigeret formål." in body)
        # A new title changes the specialty page, which is built again.
        edit(repo / HAEMO, f"titel: {HAEMO_TITLE}", "titel: Omdøbt hæmokromatoseforløb")
        wait_for(url + SPECIALTY_PAGE, lambda body: "Omdøbt hæmokromatoseforløb" in body)
        # After the error page, every overview is built again, though its content is as before.
        edit(repo / HAEMO, "formaal: >-", "formal: >-")
        wait_for(url + SPECIALTY_PAGE, lambda body: TITLE in body)
        edit(repo / HAEMO, "formal: >-", "formaal: >-")
        wait_for(url + SPECIALTY_PAGE, lambda body: "Omdøbt hæmokromatoseforløb" in body and TITLE not in body)


MAS = Path("pathways/intern-medicin/mas.yaml")
MAS_PAGE = "forloeb/intern-medicin/mas/"
MAS_TITLE_END = "kræft (MAS)"
D4_PAGE = "oversigter/d4-oprydning/intern-medicin/"


def article(body: str) -> str:
    """The page's own content, without the navigation (which names every pathway)."""
    return body[body.find("<article") : body.find("</article>")]


def test_serve_shows_an_edit_first_and_the_d4_pages_after_the_overlap_analysis(repo: Path, tmp_path: Path) -> None:
    """The edit is built with the previous analysis; the new one, made in a process of its own, asks
    for one more build, which shows it on the D4 page and on the unedited page's D4 section (--dirty
    builds no page whose file is unchanged, so the plugin says which)."""
    log = tmp_path / "serve.log"
    with serving(repo, "--dirty", "--no-strict", log=log) as url:
        wait_for(url + MAS_PAGE, lambda body: "280455" in article(body))
        assert MAS_TITLE_END in article(wait_for(url + D4_PAGE, lambda body: "280455" in body))
        edit(repo / MAS, "kode: DZ031", "kode: DZ038")  # the document's code no longer
        wait_for(url + MAS_PAGE, lambda body: "DZ038" in article(body) and "280455" not in article(body))
        wait_for(url + D4_PAGE, lambda body: "280455" in body and MAS_TITLE_END not in article(body))
    assert "Overlapanalysen laves efter forhåndsvisningen" in log.read_text(encoding="utf-8")


# The forloeb plugin's line at the end of each build (after every page and the search index are
# written). Not MkDocs' "Documentation built in 0.46 seconds": MkDocs logs a message only once per
# process, so a second build of the same duration to the hundredth of a second went unseen.
BUILT = "færdige sider genbrugt"


def builds_logged(log: Path, count: int, timeout: float = 120) -> str:
    """Wait until the serve log says that `count` builds have finished; return the log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8")
        if text.count(BUILT) >= count:
            return text
        time.sleep(0.2)
    raise AssertionError(f"{count} builds were not finished within {timeout} s:\n{log.read_text(encoding='utf-8')}")


def written_pages(site: Path) -> dict[str, int]:
    """Every HTML page of the served site with the time it was last written."""
    return {str(p.relative_to(site).parent): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {page for page, written in after.items() if before.get(page) != written}


def test_dirty_serve_writes_only_the_pages_an_edit_changes(repo: Path, tmp_path: Path) -> None:
    log, tmp = tmp_path / "serve.log", tmp_path / "tmp"
    tmp.mkdir()
    with serving(repo, "--dirty", "--no-strict", log=log, tmp=tmp) as url:
        wait_for(url + HAEMO_PAGE, lambda body: HAEMO_TITLE in body)
        builds_logged(log, 1)
        (site,) = tmp.glob("mkdocs_*")  # where `mkdocs serve` builds the site it serves
        start = written_pages(site)
        pathways = {page for page in start if page.startswith("forloeb/") and page.count("/") == 2}
        assert len(pathways) >= 3 and HAEMO_PAGE.rstrip("/") in pathways

        # A text edit: the edited pathway's page and its one-page view for general practice (made from
        # the same file), and no other page of the site.
        edit(repo / HAEMO, "formaal: >-\n", "formaal: >-\n  Redigeret formål.\n")
        builds_logged(log, 2)
        assert "Redigeret formål." in fetch(url + HAEMO_PAGE)[1]
        after_text = written_pages(site)
        edited = {HAEMO_PAGE.rstrip("/"), HAEMO_PAGE + "almen-praksis"}
        assert rewritten(start, after_text) - {"."} == edited, "only the edited pathway's pages are written"

        # A new title: the page, and the overviews that list the title, but no other pathway's page.
        edit(repo / HAEMO, f"titel: {HAEMO_TITLE}", "titel: Omdøbt hæmokromatoseforløb")
        builds_logged(log, 3)
        changed = rewritten(after_text, written_pages(site))
        assert HAEMO_PAGE.rstrip("/") in changed and SPECIALTY_PAGE.rstrip("/") in changed
        assert changed & pathways == {HAEMO_PAGE.rstrip("/")}, "other pathways' pages are not written again"
        assert not {page for page in changed if page.endswith("/almen-praksis")} - edited


def test_an_overview_page_counts_as_modified_only_when_its_content_changed(tmp_path: Path) -> None:
    # What File.generated reads of the config (a loaded MkDocsConfig needs a running plugin event).
    config: Any = SimpleNamespace(site_dir=str(tmp_path), use_directory_urls=True, plugins=SimpleNamespace())
    config.plugins._current_plugin = "forloeb"
    written = WrittenPages()  # the plugin's, kept across `mkdocs serve` rebuilds
    page = content_page(config, "forloeb/index.md", PageContent("# Alle forløb\n"), written)
    assert page.is_modified(), "nothing written yet"
    Path(page.abs_dest_path).parent.mkdir(parents=True)
    Path(page.abs_dest_path).write_text("<html></html>", encoding="utf-8")
    assert page.is_modified(), "written by a build this process does not know"
    written.track([page])
    assert page.is_modified(), "the build has not succeeded yet"
    written.commit()
    assert not page.is_modified()
    assert not content_page(config, "forloeb/index.md", PageContent("# Alle forløb\n"), written).is_modified()
    assert content_page(config, "forloeb/index.md", PageContent("# Alle forløb\n\nNyt\n"), written).is_modified()
    # A page rendered to HTML: its Markdown is the title alone, so a new body is what makes it modified.
    body = RenderedPage("<p>Et dokument</p>", [])
    html_page = content_page(config, "d4.md", PageContent.html("D4", body), written)
    Path(html_page.abs_dest_path).parent.mkdir(parents=True)
    Path(html_page.abs_dest_path).write_text("<html></html>", encoding="utf-8")
    written.track([html_page])
    written.commit()
    assert not content_page(config, "d4.md", PageContent.html("D4", body), written).is_modified()
    changed = RenderedPage("<p>To dokumenter</p>", [])
    assert content_page(config, "d4.md", PageContent.html("D4", changed), written).is_modified()
    written.forget()
    assert page.is_modified(), "an error page was built over it"


# --- One plugin object across rebuilds: each edit shows, none goes stale ----------------------------


def test_one_serve_process_shows_each_edit_to_a_pathway_a_register_and_a_hand_written_page(repo: Path) -> None:
    d4_page = "oversigter/d4-oprydning/gastroenterologi-hepatologi/"
    with serving(repo, "--strict") as url:
        wait_for(url + HAEMO_PAGE, lambda body: HAEMO_TITLE in body)
        # 1. A pathway: its page changes, and nothing else is needed.
        edit(repo / HAEMO, "formaal: >-\n", "formaal: >-\n  Første redigering.\n")
        wait_for(url + HAEMO_PAGE, lambda body: "Første redigering." in body)
        # 2. A register file: the D4 page changes, and the pathway keeps the first edit.
        register = repo / "pathways/_registre/d4.yaml"
        edit(register, "matrikel: Holbæk Sygehus", "matrikel: Anden redigering Sygehus")
        wait_for(url + d4_page, lambda body: "Anden redigering Sygehus" in body)
        assert "Første redigering." in fetch(url + HAEMO_PAGE)[1]
        # 3. A hand-written page with a macro: its text and the catalog's data are both current.
        edit(repo / "docs/index.md", "## Specialer", "## Specialer (tredje redigering)")
        home = wait_for(url, lambda body: "tredje redigering" in body)
        assert HAEMO_TITLE in home, "the macro on the page still reads the plugin's catalog"
        assert "Anden redigering Sygehus" in fetch(url + d4_page)[1]
        assert "Første redigering." in fetch(url + HAEMO_PAGE)[1]
