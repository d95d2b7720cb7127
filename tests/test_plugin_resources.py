"""What the plugin keeps between builds (the theme compiled once per serve) and lets go of within one."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from jinja2 import Environment, FileSystemLoader

from macros.render.compiled_templates import CompiledTemplates


def _env(folder: Path, cache: CompiledTemplates) -> Environment:
    return cache.attach(Environment(loader=FileSystemLoader(folder)))  # a new one per build, as MkDocs makes


def _render_counting_compiles(env: Environment) -> tuple[str, int]:
    with mock.patch.object(env, "compile", wraps=env.compile) as compile_:
        html = env.get_template("main.html").render(title="Forløb")
    return html, compile_.call_count


def test_a_later_build_reuses_the_compiled_template(tmp_path: Path) -> None:
    (tmp_path / "main.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    cache = CompiledTemplates()
    assert _render_counting_compiles(_env(tmp_path, cache)) == ("<h1>Forløb</h1>", 1)
    assert len(cache) == 1
    assert _render_counting_compiles(_env(tmp_path, cache)) == ("<h1>Forløb</h1>", 0)


def test_an_edited_template_is_compiled_again(tmp_path: Path) -> None:
    page = tmp_path / "main.html"
    page.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    cache = CompiledTemplates()
    _render_counting_compiles(_env(tmp_path, cache))
    page.write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    assert _render_counting_compiles(_env(tmp_path, cache)) == ("<h2>Forløb</h2>", 1)
    assert len(cache) == 1  # one entry per template, replaced


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
