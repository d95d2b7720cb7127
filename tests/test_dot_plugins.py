"""dot runs with its core and dot-layout plugins only: no Pango, so no dependence on the machine's fonts."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from forloeb.diagram import svg as diagram
from forloeb.diagram.dot import build_dot
from forloeb.diagram.dot_plugins import INSTALLED, PLUGINS, dot_run
from forloeb.model.pathway import Forloeb
from tests.test_diagram import fake_dot, pathway

needs_dot = pytest.mark.usefixtures("dot_program")


@needs_dot
def test_dot_is_given_a_plugin_folder_without_pango() -> None:
    run = dot_run(str(shutil.which("dot")))
    assert run.plugin_folder is not None
    libraries = {p.name.split(".")[0] for p in run.plugin_folder.iterdir() if p.name.startswith("libgvplugin")}
    assert libraries == set(PLUGINS)
    verbose = subprocess.run(
        ["dot", "-v", "-Tsvg"], input=b"digraph { a }", env=run.env(), capture_output=True, check=True
    ).stderr.decode()
    assert "Activated plugin library: libgvplugin_dot_layout" in verbose
    assert "pango" not in verbose.lower()


@needs_dot
def test_a_drawing_is_the_same_whatever_fonts_the_machine_has(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = build_dot(Forloeb.model_validate(pathway()))
    with_fonts = diagram.render_svg(source, tmp_path / "a")
    # A fontconfig that finds no font at all: Pango would measure the labels in a fallback.
    (tmp_path / "fonts.conf").write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "ingen"}</dir>'
        f"<cachedir>{tmp_path / 'fc'}</cachedir></fontconfig>"
    )
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "fonts.conf"))
    assert diagram.render_svg(source, tmp_path / "b") == with_fonts


def test_a_dot_that_names_no_plugin_folder_runs_as_installed_and_keys_its_drawings_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(tmp_path, "cat > /dev/null; printf '<svg>%s</svg>' \"${GVBINDIR:-uden}\"")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    assert dot_run(str(tmp_path / "dot")) is INSTALLED
    assert diagram.render_svg("digraph {}", tmp_path / "cache") == "<svg>uden</svg>"  # no GVBINDIR given
    assert diagram.graphviz_version().endswith(INSTALLED.text_metrics)  # the pages' cache key too
