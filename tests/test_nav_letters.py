"""A specialty with many pathways lists them under their initial letters in the navigation
(macros/pages/nav.py), so a page's navigation does not grow with the catalog; every pathway is
still two clicks from the home page."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from forloeb.load.catalog import load_catalog
from macros.pages import nav
from tests.sitebuild import cold_build_with, links, page


def pathway(n: int, titel: str) -> Any:
    return SimpleNamespace(id=f"forloeb-{n:03d}", speciale="reumatologi", titel=titel)


def titles(entries: list[dict[str, Any]]) -> list[str]:
    return [t for e in entries for t, v in e.items() for t in (titles(v) if isinstance(v, list) else [t])]


def test_a_small_specialty_is_one_list() -> None:
    fs = [pathway(n, f"Forløb {n}") for n in range(nav.LETTERS_ABOVE)]
    entries = nav._pathway_entries(fs)
    assert [next(iter(e)) for e in entries] == [f.titel for f in fs]


def test_a_large_specialty_is_listed_under_initial_letters_in_title_order() -> None:
    names = ["Artrose", "Ankyloserende spondylitis", "behçets sygdom", "Bursitis", "Ødem", "Årsag ukendt"]
    names += ["2. linje-behandling", "(Mistænkt) gigt", "<b>Gigt</b>"]
    names += [f"Reumatoid artritis {n}" for n in range(nav.LETTERS_ABOVE)]
    fs = sorted((pathway(n, t) for n, t in enumerate(names)), key=lambda f: f.titel)
    entries = nav._pathway_entries(fs)
    letters = [next(iter(e)) for e in entries]
    by_letter = {letter: titles(group) for e in entries for letter, group in e.items()}
    assert by_letter["A"] == ["Ankyloserende spondylitis", "Artrose"]
    # a title is text in the navigation too; lower case goes under its capital
    assert by_letter["B"] == ["&lt;b&gt;Gigt&lt;/b&gt;", "Bursitis", "behçets sygdom"]
    assert by_letter["0–9"] == ["2. linje-behandling"]
    assert by_letter["M"] == ["(Mistænkt) gigt"], "the first letter, not the first sign"
    assert by_letter["Ø"] == ["Ødem"] and by_letter["Å"] == ["Årsag ukendt"]
    assert len(by_letter["R"]) == nav.LETTERS_ABOVE
    assert sorted(titles(entries)) == sorted(nav.nav_title(t) for t in names), "each pathway once"
    first_seen = list(dict.fromkeys(nav.initial(f.titel) for f in fs))
    assert letters == first_seen, "the letters in the order of the titles"


BUILD_WITH_LETTERS = """
import sys
from mkdocs.__main__ import cli
from macros.pages import nav
nav.LETTERS_ABOVE = int(sys.argv[1])
cli(["build", "--strict", "--site-dir", sys.argv[2]])
"""


@pytest.mark.subprocess
def test_pathways_under_letters_are_two_clicks_from_home_and_their_page_shows_its_letter(
    repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    cold_build_with(BUILD_WITH_LETTERS, 0, repo, tmp_path / "work", out)  # every specialty in letters
    haemo = page(out, "forloeb/gastroenterologi-hepatologi/haemokromatose")
    primary = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>', haemo, re.S)
    assert primary
    initial = nav.initial(load_catalog(repo).forloeb["haemokromatose"].titel)
    letter = re.search(rf">\s*{re.escape(initial)}\s*</.*?</nav>", primary.group(0), re.S)
    assert letter, "the letter's section"
    assert "md-nav__link--active" in letter.group(0), "with the page itself in it"
    home = page(out, "")
    first = links(out, "", home)
    second = set().union(*(links(out, url, page(out, url)) for url in first))
    for path in (repo / "pathways").glob("[!_]*/*.yaml"):
        assert f"forloeb/{path.parent.name}/{path.stem}" in first | second, path.stem
