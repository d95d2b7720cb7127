"""Under `mkdocs serve`: the edited pathway's page first, the rest of the site after a pause
(macros/edit_preview.py), tried with a real `mkdocs serve` and real edits."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from macros.edit_preview import modified, stamps
from macros.pages.errors import TITLE
from tests.factories import minimal_pathway, write_yaml
from tests.test_serve import (
    BUILT,
    HAEMO,
    HAEMO_PAGE,
    HAEMO_TITLE,
    SPECIALTY_PAGE,
    builds_logged,
    edit,
    fetch,
    serving,
    wait_for,
)

PREVIEWED = "Forhåndsvist: haemokromatose"


def test_only_files_changed_in_place_are_previewed(tmp_path: Path) -> None:
    folder = tmp_path / "pathways"
    (folder / "a").mkdir(parents=True)
    first, second = folder / "a/x.yaml", folder / "a/y.yaml"
    first.write_text("titel: X\n", encoding="utf-8")
    second.write_text("titel: Y\n", encoding="utf-8")
    before = stamps(folder)
    assert set(before) == {str(first), str(second)}
    assert modified(before, stamps(folder)) is None, "nothing changed"
    assert modified(None, stamps(folder)) is None, "no build to compare with"

    first.write_text("titel: X, rettet\n", encoding="utf-8")
    assert modified(before, stamps(folder)) == [first]
    os.utime(second, ns=(0, 0))  # the same size, another time: a save that wrote the same length
    assert modified(before, stamps(folder)) == [first, second]

    (folder / "a/z.yaml").write_text("titel: Z\n", encoding="utf-8")
    assert modified(before, stamps(folder)) is None, "a new page: the full build"
    (folder / "a/z.yaml").unlink()
    second.unlink()
    assert modified(before, stamps(folder)) is None, "a page less: the full build"


def served_page(body: str) -> str:
    """The page as built: the serve puts a live-reload script with its own numbers into each."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", body)


@pytest.fixture
def long_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    # Long enough that the pages are read before the full build, even on a slow machine.
    monkeypatch.setenv("FORLOEB_FORHAANDSVISNING_PAUSE", "6")


@pytest.mark.subprocess  # serves the site in a child process
@pytest.mark.usefixtures("long_pause")
def test_serve_shows_the_edited_page_first_and_the_rest_of_the_site_after_the_pause(repo: Path, tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with serving(repo, "--dirty", "--no-strict", log=log) as url:
        wait_for(url + SPECIALTY_PAGE, lambda body: HAEMO_TITLE in body)
        builds_logged(log, 1)

        # A text edit: the page shows it before any build has run, and is what the build then writes.
        edit(repo / HAEMO, "formaal: >-\n", "formaal: >-\n  Redigeret formål.\n")
        previewed = wait_for(url + HAEMO_PAGE, lambda body: "Redigeret formål." in body)
        assert log.read_text(encoding="utf-8").count(BUILT) == 1, "shown before the full build"
        assert PREVIEWED in log.read_text(encoding="utf-8")
        builds_logged(log, 2)
        assert served_page(fetch(url + HAEMO_PAGE)[1]) == served_page(previewed)

        # A new title: on the page at once; the specialty page, which lists it, after the pause.
        edit(repo / HAEMO, f"titel: {HAEMO_TITLE}", "titel: Omdøbt hæmokromatoseforløb")
        renamed = wait_for(url + HAEMO_PAGE, lambda body: "<h1" in body and "Omdøbt hæmokromatoseforløb" in body)
        assert "Omdøbt hæmokromatoseforløb" in renamed[renamed.find("<h1") :]
        specialty = fetch(url + SPECIALTY_PAGE)[1]
        assert HAEMO_TITLE in specialty and "Omdøbt hæmokromatoseforløb" not in specialty
        wait_for(url + SPECIALTY_PAGE, lambda body: "Omdøbt hæmokromatoseforløb" in body and HAEMO_TITLE not in body)
        assert log.read_text(encoding="utf-8").count(BUILT) == 3


@pytest.mark.subprocess  # serves the site in a child process
@pytest.mark.usefixtures("long_pause")
def test_an_edit_the_full_build_must_show_is_not_previewed(repo: Path, tmp_path: Path) -> None:
    """An input error, a warning under --strict and a new pathway go to the full build at once."""
    log = tmp_path / "serve.log"
    with serving(repo, "--strict", log=log) as url:
        wait_for(url + HAEMO_PAGE, lambda body: HAEMO_TITLE in body)
        builds_logged(log, 1)
        edit(repo / HAEMO, "formaal: >-", "formal: >-")
        assert "formaal" in wait_for(url + HAEMO_PAGE, lambda body: TITLE in body)
        edit(repo / HAEMO, "formal: >-", "formaal: >-")
        wait_for(url + HAEMO_PAGE, lambda body: HAEMO_TITLE in body and TITLE not in body)
        # An unused test package: a warning, which --strict shows as the error page.
        unused = "proevepakker:\n  - id: ubrugt\n    navn: Ubrugt pakke\n"
        edit(repo / HAEMO, "proevepakker:\n", unused)
        assert "ubrugt" in wait_for(url + HAEMO_PAGE, lambda body: TITLE in body)
        edit(repo / HAEMO, unused, "proevepakker:\n")
        wait_for(url + HAEMO_PAGE, lambda body: TITLE not in body)
        write_yaml(repo / HAEMO.parent / "testforloeb.yaml", minimal_pathway())
        wait_for(url + "forloeb/gastroenterologi-hepatologi/testforloeb/", lambda body: "Testforløb" in body)
    assert "Forhåndsvist" not in log.read_text(encoding="utf-8")


@pytest.mark.subprocess
def test_without_the_preview_every_save_waits_for_the_full_build(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORLOEB_FORHAANDSVISNING", "false")
    log = tmp_path / "serve.log"
    with serving(repo, "--dirty", "--no-strict", log=log) as url:
        wait_for(url + HAEMO_PAGE, lambda body: HAEMO_TITLE in body)
        builds_logged(log, 1)
        edit(repo / HAEMO, "formaal: >-\n", "formaal: >-\n  Redigeret formål.\n")
        wait_for(url + HAEMO_PAGE, lambda body: "Redigeret formål." in body)
        assert log.read_text(encoding="utf-8").count(BUILT) == 2
    assert "Forhåndsvist" not in log.read_text(encoding="utf-8")
