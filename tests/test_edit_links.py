"""The edit action: a pathway page opens its YAML file in the repository's web editor, a D4 page its register
file(s); without repo_url and edit_uri in mkdocs.yml there is no edit action."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from macros.edit import EditLinks
from tests.sitebuild import mkdocs_build, page

EDIT = "https://github.com/region-test/forloeb/edit/main/"


def edit_actions(html: str) -> list[str]:
    """The targets of Material's edit buttons on a page."""
    return re.findall(r'<a href="([^"]+)" title="[^"]*" class="md-content__button md-icon" rel="edit">', html)


@pytest.mark.subprocess
def test_with_repo_url_each_page_opens_its_source(repo: Path, tmp_path: Path) -> None:
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nedit_uri: !ENV [FORLOEB_EDIT_URI, null]\n" in text
    config.write_text(
        text.replace(
            "\nedit_uri: !ENV [FORLOEB_EDIT_URI, null]\n",
            "\nrepo_url: https://github.com/region-test/forloeb\nedit_uri: edit/main/docs/\n",
        ),
        encoding="utf-8",
    )
    # A second register file: a specialty's documents in two files, as after an import.
    register = yaml.safe_load((repo / "pathways/_registre/d4.yaml").read_text(encoding="utf-8"))
    moved = dict(register["dokumenter"][0], dokid="999001")
    (repo / "pathways/_registre/d4").mkdir()
    (repo / "pathways/_registre/d4/999001.yaml").write_text(
        yaml.safe_dump({"dokumenter": [moved]}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    site = tmp_path / "site"
    result = mkdocs_build(repo, site)
    assert result.returncode == 0, result.stderr

    pathway = page(site, "forloeb/gastroenterologi-hepatologi/haemokromatose")
    assert edit_actions(pathway) == [f"{EDIT}pathways/gastroenterologi-hepatologi/haemokromatose.yaml"]
    assert edit_actions(page(site, "forloeb/intern-medicin/mas")) == [f"{EDIT}pathways/intern-medicin/mas.yaml"]

    d4 = page(site, "oversigter/d4-oprydning/gastroenterologi-hepatologi")
    assert edit_actions(d4) == [f"{EDIT}pathways/_registre/d4.yaml"]
    assert f'<a href="{EDIT}pathways/_registre/d4/999001.yaml">Ret pathways/_registre/d4/999001.yaml</a>' in d4
    assert f'<a href="{EDIT}pathways/_registre/d4.yaml">Ret pathways/_registre/d4.yaml</a>' in d4

    assert edit_actions(page(site, "redigering")) == [f"{EDIT}docs/redigering.md"]  # a hand-written page
    for generated in ("forloeb", "forloeb/reumatologi", "oversigter/d4-oprydning"):  # made from many files
        assert edit_actions(page(site, generated)) == [], generated


@pytest.mark.subprocess
def test_without_repo_url_there_is_no_edit_action(shipped_site: Path) -> None:
    for url in ("forloeb/gastroenterologi-hepatologi/haemokromatose", "oversigter/d4-oprydning/reumatologi"):
        html = page(shipped_site, url)
        assert 'rel="edit"' not in html and "Registerfil" not in html


def test_the_edit_url_of_a_source_outside_docs(tmp_path: Path) -> None:
    docs, source = tmp_path / "docs", tmp_path / "pathways/a/b.yaml"
    whole = EditLinks(None, "https://git.region.dk/org/forloeb/-/edit/main/docs/", None, docs, tmp_path)
    assert whole.url(source) == "https://git.region.dk/org/forloeb/-/edit/main/pathways/a/b.yaml"
    template = EditLinks("https://github.com/o/r", None, "blob/main/docs/{path}?plain=1", docs, tmp_path)
    assert template.url(source) == "https://github.com/o/r/blob/main/pathways/a/b.yaml?plain=1"
    assert template.repo_path(source) == "pathways/a/b.yaml"
