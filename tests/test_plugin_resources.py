"""What the plugin keeps between builds (templates compiled once, in memory and on disk) and lets go of within one."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from unittest import mock

import pytest
from jinja2 import Environment, FileSystemLoader
from jinja2.bccache import bc_magic

from forloeb.gc_pause import let_be_collected
from macros.render.compiled_templates import CompiledTemplates
from tests.factories import copy_repo
from tests.sitebuild import mkdocs_build


def _env(folder: Path, cache: CompiledTemplates) -> Environment:
    return cache.attach(Environment(loader=FileSystemLoader(folder)))  # a new one per build, as MkDocs makes


def _render_counting_compiles(env: Environment) -> tuple[str, int]:
    with mock.patch.object(env, "compile", wraps=env.compile) as compile_:
        html = env.get_template("main.html").render(title="Forløb")
    return html, compile_.call_count


def test_a_later_build_reuses_the_compiled_template(tmp_path: Path) -> None:
    (tmp_path / "main.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    cache = CompiledTemplates("tema")
    assert _render_counting_compiles(_env(tmp_path, cache)) == ("<h1>Forløb</h1>", 1)
    assert len(cache) == 1
    assert _render_counting_compiles(_env(tmp_path, cache)) == ("<h1>Forløb</h1>", 0)


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    page = tmp_path / "main.html"
    page.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    cache = CompiledTemplates("tema")
    _render_counting_compiles(_env(tmp_path, cache))
    page.write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    assert _render_counting_compiles(_env(tmp_path, cache)) == ("<h2>Forløb</h2>", 1)
    assert len(cache) == 1  # one entry per template, replaced


def _templates(tmp_path: Path) -> Path:
    templates = tmp_path / "skabeloner"
    templates.mkdir()
    (templates / "main.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    return templates


def _kept(label: str, kept: Path, options: str) -> CompiledTemplates:
    """A build's cache in a new process: nothing in memory, the folder on disk."""
    cache = CompiledTemplates(label)
    cache.keep_in(kept, options)
    return cache


def test_a_build_in_a_new_process_reuses_the_bytecode_kept_on_disk(tmp_path: Path) -> None:
    templates, kept = _templates(tmp_path), tmp_path / "cache"
    assert _render_counting_compiles(_env(templates, _kept("tema", kept, "mkdocs==1"))) == ("<h1>Forløb</h1>", 1)
    assert _render_counting_compiles(_env(templates, _kept("tema", kept, "mkdocs==1"))) == ("<h1>Forløb</h1>", 0)
    (templates / "main.html").write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    assert _render_counting_compiles(_env(templates, _kept("tema", kept, "mkdocs==1"))) == ("<h2>Forløb</h2>", 1)


def test_other_options_compile_again_and_leave_no_older_bytecode(tmp_path: Path) -> None:
    templates, kept = _templates(tmp_path), tmp_path / "cache"
    _render_counting_compiles(_env(templates, _kept("egne", kept, "kode-1")))
    _render_counting_compiles(_env(templates, _kept("tema", kept, "mkdocs==1")))
    assert _render_counting_compiles(_env(templates, _kept("egne", kept, "kode-2")))[1] == 1
    assert sorted(p.name.split("-")[0] for p in kept.iterdir()) == ["egne", "tema"]  # the theme's is kept


@pytest.mark.parametrize("keep", [-20, len(bc_magic) + 3], ids=["code-cut-short", "checksum-cut-short"])
def test_spoilt_bytecode_on_disk_is_compiled_again(tmp_path: Path, keep: int) -> None:
    templates, kept = _templates(tmp_path), tmp_path / "cache"
    _render_counting_compiles(_env(templates, _kept("tema", kept, "mkdocs==1")))
    [written] = [p for p in kept.rglob("*") if p.is_file()]
    written.write_bytes(written.read_bytes()[:keep])
    assert _render_counting_compiles(_env(templates, _kept("tema", kept, "mkdocs==1"))) == ("<h1>Forløb</h1>", 1)


@pytest.mark.subprocess  # two real builds
def test_a_build_in_a_new_process_compiles_no_template_the_last_build_compiled(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    assert mkdocs_build(repo, tmp_path / "site").returncode == 0

    def kept() -> dict[Path, int]:
        return {p: p.stat().st_mtime_ns for p in (repo / ".cache" / "skabeloner").rglob("*") if p.is_file()}

    first = kept()
    assert {p.parent.name.split("-")[0] for p in first} == {"egne", "tema"}  # ours and the theme's
    assert mkdocs_build(repo, tmp_path / "site-2").returncode == 0
    second = kept()
    assert {p: second[p] for p in first} == first  # nothing compiled again, so nothing written again
    # Only what the first build did not use is new: the theme's empty template of a page kept finished.
    assert all(p.parent.name.startswith("tema-") for p in set(second) - set(first))


def test_the_plugin_gives_each_new_environment_its_cache() -> None:
    from macros.plugin import ForloebPlugin

    plugin = ForloebPlugin()
    first, second = Environment(), Environment()
    assert plugin.on_env(first, mock.Mock(), mock.Mock()) is first
    plugin.on_env(second, mock.Mock(), mock.Mock())
    assert first.bytecode_cache is second.bytecode_cache is plugin.templates


def test_a_written_page_lets_go_of_its_html() -> None:
    # MkDocs would keep every page's HTML until the build ends; the plugin drops it once the page is
    # finished (a build's peak memory at 1,000 pathways).
    from macros.plugin import ForloebPlugin

    page = mock.Mock(content="<p>Forløb</p>")
    page.file.src_uri = "index.md"
    assert ForloebPlugin().on_post_page("<h1>Forløb</h1>", page=page, config=mock.Mock()) == "<h1>Forløb</h1>"
    assert page.content is None


@pytest.mark.usefixtures("dot_program")
def test_the_build_step_that_makes_the_sites_data_runs_without_the_collector_and_sets_it_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.config import load_config

    from macros.plugin import ForloebPlugin

    repo = copy_repo(tmp_path / "repo")
    monkeypatch.chdir(repo)
    config = load_config(str(repo / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["forloeb"]
    assert isinstance(plugin, ForloebPlugin)
    making, collecting, left = ForloebPlugin._site, [], []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

    def recorded(self: ForloebPlugin, *args: object) -> object:
        collecting.append(gc.isenabled())
        garbage = Cycle()  # a reference cycle the step leaves behind: freed before the data is set aside
        left.append(weakref.ref(garbage))
        del garbage
        return making(self, *args)

    monkeypatch.setattr(ForloebPlugin, "_site", recorded)
    let_be_collected()  # whatever an earlier test's build set aside
    try:
        plugin.on_config(config)
        assert collecting == [False] and gc.isenabled()
        assert plugin.site is not None and gc.get_freeze_count() > 0
        assert left[0]() is None, "not frozen with the build's data (under serve, for the next build too)"
    finally:
        let_be_collected()
