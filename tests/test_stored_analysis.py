"""The overlap check's analysis kept on disk for the next build (macros/pages/analysis_store.py: StoredAnalyses):
found again only when no file of the pathways folder, no limit and none of our code changed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.overlap.check import Analysis, Limits, analyse
from macros.pages.analysis_store import StoredAnalyses

LIMITS = Limits(today=date(2026, 1, 15), workers=1)


def stored(repo: Path, code: str = "kode") -> StoredAnalyses:
    return StoredAnalyses(repo / ".cache" / "analyse", repo / "pathways", code)


def made(repo: Path) -> Analysis:
    found = analyse(load_catalog(repo), LIMITS)
    assert found.findings, "the shipped repository has findings to keep"
    return found


def test_an_analysis_is_found_again_with_the_same_findings(repo: Path) -> None:
    found = made(repo)
    assert stored(repo).get(LIMITS) is None, "nothing kept yet"
    stored(repo).put(LIMITS, found)
    again = stored(repo).get(LIMITS)
    assert again is not None
    assert again.findings == found.findings
    assert again.bruttoliste == found.bruttoliste


def test_any_changed_file_limit_or_code_makes_it_stale(repo: Path) -> None:
    stored(repo).put(LIMITS, made(repo))
    assert stored(repo, code="ny kode").get(LIMITS) is None
    assert stored(repo).get(Limits(today=date(2026, 1, 16), workers=1)) is None, "the D4 deadlines depend on the day"
    register = repo / "pathways" / "_registre" / "d4.yaml"
    register.write_text(register.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert stored(repo).get(LIMITS) is None, "a register file changed (a blank line is enough)"


@pytest.mark.parametrize(
    "damaged", [b"\x80\x05 halvt skrevet", b"\x80\x09 en senere pickle-protokol"], ids=["afbrudt", "ukendt-protokol"]
)
def test_one_analysis_is_kept_and_a_damaged_one_is_made_again(repo: Path, damaged: bytes) -> None:
    found = made(repo)
    stored(repo).put(LIMITS, found)
    stored(repo).put(Limits(today=date(2026, 2, 1), workers=1), found)
    kept = list((repo / ".cache" / "analyse").glob("*.pickle"))
    assert len(kept) == 1, "only the current one is kept"
    kept[0].write_bytes(damaged)
    assert stored(repo).get(Limits(today=date(2026, 2, 1), workers=1)) is None


def test_an_analysis_that_cannot_be_stored_is_a_warning(repo: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = repo / "fil"
    blocked.write_text("ikke en mappe", encoding="utf-8")
    StoredAnalyses(blocked, repo / "pathways", "kode").put(LIMITS, made(repo))
    assert any("Overlapanalysen kan ikke gemmes" in r.getMessage() for r in caplog.records)
