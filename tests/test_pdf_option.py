"""The PDF option without a browser: off by default, its footer escapes YAML text, and a missing
Chromium stops the build before anything is written. The PDFs themselves: tests/browser/test_pdf.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from forloeb.model.pathway import Forloeb
from macros.pdf.printer import approval, footer_template
from tests.factories import ROOT, minimal_pathway
from tests.sitebuild import mkdocs_build, page

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process


def pathway(**changes: object) -> Forloeb:
    return Forloeb.model_validate(minimal_pathway(**changes))


def test_footer_shows_title_version_and_approval_escaped() -> None:
    f = pathway(eksempel=None, titel='<img src=x onerror="alert(1)"> & co', version="2.1")
    footer = footer_template(f)
    assert "<img" not in footer and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co" in footer
    assert "Version 2.1" in footer and "Ikke godkendt (status: Udkast)" in footer
    assert '<span class="pageNumber"></span>' in footer and '<span class="totalPages"></span>' in footer


def test_footer_of_an_example_claims_no_version_or_status() -> None:
    footer = footer_template(pathway(status=None, version=None))
    assert "Uden version · Ikke godkendt (status: Eksempel)" in footer


def test_approval_names_the_date_when_approved() -> None:
    f = pathway(eksempel=None, status="godkendt", godkendt_dato=date(2025, 3, 1), naeste_revision=date(2027, 3, 1))
    assert approval(f) == "Godkendt 1. marts 2025"


def test_without_the_option_there_is_no_pdf_and_no_link(tmp_path: Path) -> None:
    result = mkdocs_build(ROOT, tmp_path, FORLOEB_PDF="")
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.rglob("*.pdf")) == []
    assert "Hent forløbet som PDF" not in page(tmp_path, "forloeb/gastroenterologi-hepatologi/haemokromatose")


def test_option_without_chromium_stops_the_build_with_a_clear_message(tmp_path: Path) -> None:
    result = mkdocs_build(ROOT, tmp_path, FORLOEB_PDF="1", FORLOEB_CHROMIUM=str(tmp_path / "ingen-chromium"))
    assert result.returncode == 1
    assert "FORLOEB_PDF=1: Chromium findes ikke" in result.stderr and "apt-get install chromium" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "index.html").exists()
