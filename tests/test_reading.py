"""The D4 texts read and stemmed while the catalog loads (forloeb/overlap/reading.py): the check takes
their words only while each file is as it was read, reads a text only to quote it, and finds what it
finds without them."""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.load.layout import Layout
from forloeb.load.problems import InputError
from forloeb.load.texts import read_text_file
from forloeb.overlap import check as check_module
from forloeb.overlap import reading as reading_module
from forloeb.overlap import scan as scan_module
from forloeb.overlap.check import Limits, analyse, check_repository
from forloeb.overlap.reading import Reading, read_texts
from forloeb.overlap.stemmed import SUFFIX, StemmedTexts, unpacked
from forloeb.overlap.words import TokenStems, normalise
from tests.factories import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark_repo import write_repository

pytestmark = pytest.mark.subprocess  # forks the reading process and the check's readers


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six synthetic pathways and 120 D4 texts, three of which repeat a pathway's paragraph."""
    root = tmp_path_factory.mktemp("forloeb") / "repo"
    write_repository(root, 6, 120, seed=4, words=200)
    return root


def texts_of(root: Path) -> list[Path]:
    return sorted((Layout(root).registry_dir / "d4").glob("*.txt"))


def test_every_text_beside_the_register_is_read_and_stemmed(repo: Path) -> None:
    found = read_texts(Layout(repo), None)
    assert sorted(found.by_path) == [str(p) for p in texts_of(repo)] and len(found.by_path) == 120
    first = texts_of(repo)[0]
    assert found.get(first) == TokenStems()(normalise(read_text_file(first)))


def test_a_text_changed_since_it_was_read_is_not_taken(tmp_path: Path, repo: Path) -> None:
    found = read_texts(Layout(repo), None)
    path = texts_of(repo)[1]
    status = os.stat(path)
    assert found.get(path) is not None
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    try:
        assert found.get(path) is None
    finally:
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


def test_a_link_among_the_texts_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write_repository(root, 2, 3, seed=5, words=50)
    secret = tmp_path / "hemmelig.txt"
    secret.write_text("Hemmelig tekst uden for repositoriet.", encoding="utf-8")
    (Layout(root).registry_dir / "d4" / "link.txt").symlink_to(secret)
    assert str(Layout(root).registry_dir / "d4" / "link.txt") not in read_texts(Layout(root), None).by_path


def test_the_check_finds_the_same_with_the_words_read_ahead_and_reads_only_the_texts_it_quotes(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = load_catalog(repo)
    without = analyse(catalog, Limits(workers=1))
    read: list[Path] = []

    def counted(path: Path) -> str:
        read.append(path)
        return read_text_file(path)

    monkeypatch.setattr(scan_module, "read_text_file", counted)
    with_words = analyse(catalog, Limits(workers=1), Reading(Layout(repo), None))
    assert with_words.findings == without.findings and with_words.coverage == without.coverage
    quoted = {dokid for _, dokid in with_words.coverage.passages}
    assert len(quoted) == 3
    assert sorted(read) == sorted(catalog.d4_text_files[d] for d in quoted)  # each once, to quote it
    # The folder of kept words: the reading takes what it holds and writes nothing; the check keeps it.
    assert read_texts(Layout(repo), tmp_path / "tom").kept == set() and not (tmp_path / "tom").exists()
    kept = tmp_path / "ord"
    analyse(catalog, Limits(workers=1, stemmed=kept))  # as the site's build does: stemmed and kept
    found = read_texts(Layout(repo), kept)
    assert len(found.kept) == 120 and found.by_path == read_texts(Layout(repo), None).by_path
    assert analyse(catalog, Limits(workers=1, stemmed=kept), Reading(Layout(repo), kept)).findings == without.findings
    assert len(list(next(kept.iterdir()).iterdir())) == 120


def test_a_reading_that_fails_leaves_the_texts_to_the_check(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(layout: Layout, stemmed: Path | None) -> None:
        raise RuntimeError("læsningen fejlede")

    monkeypatch.setattr(reading_module, "read_texts", fails)
    catalog = load_catalog(repo)
    reading = Reading(Layout(repo), None)
    assert analyse(catalog, Limits(), reading).findings == analyse(catalog, Limits()).findings
    assert reading.done is not None and reading.done.is_set()  # the load ahead is not kept waiting


def test_the_reading_says_when_it_is_done_and_the_check_loads_ahead_after_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = Reading(Layout(repo), None)
    assert reading.done is not None
    reading.result()
    assert reading.done.is_set()
    made: list[Reading] = []
    waited_for: list[object] = []
    real = check_module.kept_for
    monkeypatch.setattr(check_module, "Reading", lambda *args: made.append(Reading(*args)) or made[-1])
    monkeypatch.setattr(check_module, "kept_for", lambda root, after: waited_for.append(after) or real(root, after))
    check_repository(repo, Limits())
    assert len(made) == 1 and waited_for == [made[0].done]


def test_check_repository_is_load_and_analyse_and_stops_the_reading_when_the_catalog_is_invalid(
    repo: Path, tmp_path: Path
) -> None:
    catalog, analysis = check_repository(repo, Limits())
    assert analysis.findings == analyse(catalog, Limits()).findings == analyse(load_catalog(repo)).findings
    broken = tmp_path / "broken"
    write_repository(broken, 2, 30, seed=6, words=50)
    pathway = next(p for p in Layout(broken).pathway_files())
    pathway.write_text("id: [ikke gyldig\n", encoding="utf-8")
    with pytest.raises(InputError):
        check_repository(broken, Limits())
    assert multiprocessing.active_children() == []


def test_a_spoilt_kept_file_leaves_that_text_to_the_check(repo: Path, tmp_path: Path) -> None:
    """The reading passes kept words on unread; the worker that would use them finds them spoilt, and
    the check reads and stems that text itself."""
    catalog = load_catalog(repo)
    kept = tmp_path / "ord"
    expected = analyse(catalog, Limits(workers=1, stemmed=kept)).findings  # fills the folder
    texts = StemmedTexts(kept)
    spoilt = texts.folder / (texts.key(normalise(read_text_file(texts_of(repo)[0]))) + SUFFIX)
    spoilt.write_bytes("ikke UTF-8: æøå".encode("latin-1"))
    found = read_texts(Layout(repo), kept)
    assert found.get(texts_of(repo)[0]) is None and found.get(texts_of(repo)[1]) is not None
    assert analyse(catalog, Limits(workers=1, stemmed=kept), Reading(Layout(repo), kept)).findings == expected
    assert unpacked(spoilt.read_bytes()) is not None  # stemmed again and kept anew


def test_kept_words_of_a_text_without_any_are_taken_as_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text of function words only is kept as an empty line; the reading takes that as no words
    instead of stemming the text again."""
    root = tmp_path / "repo"
    write_repository(root, 2, 3, seed=5, words=50)
    empty = Layout(root).registry_dir / "d4" / "kun-smaaord.txt"
    empty.write_text("og i på at det", encoding="utf-8")
    kept = tmp_path / "ord"
    texts = StemmedTexts(kept)
    assert texts.stems(normalise(read_text_file(empty))) == []
    stemmed: list[str] = []

    class Counting(TokenStems):
        def joined(self, text: str) -> str:
            stemmed.append(text)
            return super().joined(text)

    monkeypatch.setattr(reading_module, "TokenStems", Counting)
    found = read_texts(Layout(root), kept)
    assert found.get(empty) == [] and normalise(read_text_file(empty)) not in stemmed
