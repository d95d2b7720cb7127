"""The plugin's declared options and the macros hand-written pages call, tried in real builds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from mkdocs.config.base import ValidationError

from macros.config import Day, Flag, Seconds
from tests.sitebuild import mkdocs_build, page

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

HAEMO_TITLE = "Ambulant forløb for patienter med hæmokromatose"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), ("", False), (False, False), (0, False), ("nej", False), (True, True), (1, True), ("ja", True)],
)
def test_flag_reads_what_an_environment_variable_holds(value: object, expected: bool) -> None:
    assert Flag(default=False).validate(value) is expected


def test_options_refuse_values_they_cannot_mean() -> None:
    with pytest.raises(ValidationError, match="true eller false"):
        Flag(default=False).validate("måske")
    with pytest.raises(ValidationError, match="ÅÅÅÅ-MM-DD"):
        Day(default=None).validate("15.01.2026")
    with pytest.raises(ValidationError, match="større end 0"):
        Seconds(default=30).validate(0)
    assert Day(default=None).validate(date(2026, 1, 15)) == date(2026, 1, 15)
    assert Day(default=None).validate("2026-01-15") == date(2026, 1, 15)


def set_option(repo: Path, old: str, new: str) -> None:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_pathways_folder_and_the_nav_titles_are_options(repo: Path, tmp_path: Path) -> None:
    (repo / "pathways").rename(repo / "forloebsfiler")
    set_option(repo, "pathways_dir: pathways", "pathways_dir: forloebsfiler")
    set_option(repo, "  - pathways\n", "  - forloebsfiler\n")  # what `mkdocs serve` watches
    set_option(repo, "  - Forløb: forloeb/index.md", "  - Regionens forløb: forloeb/index.md")
    set_option(repo, "nav_forloeb: Forløb", "nav_forloeb: Regionens forløb")
    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert HAEMO_TITLE in page(tmp_path / "site", "forloeb/gastroenterologi-hepatologi/haemokromatose")
    assert "Regionens forløb" in page(tmp_path / "site", ""), "the nav section has the new title"


def test_an_invalid_option_stops_the_build_naming_it(repo: Path, tmp_path: Path) -> None:
    set_option(repo, "dot_timeout: !ENV [FORLOEB_DOT_TIMEOUT, 30]", "dot_timeout: -1")
    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode == 1
    assert "dot_timeout" in result.stderr and "større end 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_hand_written_page_shows_a_pathways_criteria_and_the_pathways_for_a_code(repo: Path, tmp_path: Path) -> None:
    (repo / "docs/henvisning.md").write_text(
        "---\nrender_macros: true\n---\n\n# Henvisning\n\n"
        "{{ henvisningskriterier('haemokromatose') }}\n\n{{ forloeb_for_kode('E83.1') }}\n\n"
        "{{ forloeb_for_kode('DZ999') }}\n",
        encoding="utf-8",
    )
    set_option(
        repo,
        "  - Sådan redigerer du et forløb: redigering.md",
        "  - Henvisning: henvisning.md\n  - Sådan redigerer du et forløb: redigering.md",
    )
    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = page(tmp_path / "site", "henvisning")
    assert "Ferritin &gt; 200 µg/L hos kvinder eller &gt; 300 µg/L hos mænd" in html
    assert '<a href="../forloeb/gastroenterologi-hepatologi/haemokromatose/">' in html
    assert "<code>DE831</code>" in html, "E83.1 is found as DE831"
    assert "Intet forløb omfatter diagnosekoden <code>DZ999</code>." in html


def test_a_macro_naming_an_unknown_pathway_stops_the_build(repo: Path, tmp_path: Path) -> None:
    index = repo / "docs/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n{{ henvisningskriterier('findes-ikke') }}\n")
    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode == 1
    assert "docs/index.md: henvisningskriterier: forløbet 'findes-ikke' findes ikke" in result.stderr
    assert "Traceback" not in result.stderr
