"""The D4 texts' stemmed words kept between runs of the overlap check (forloeb/overlap/stemmed.py):
the findings are the same with or without the folder, a text read before is not stemmed again, and
the folder holds the words of the documents last read only; and what a worker process that reads
the documents sends back (forloeb/overlap/scan.py)."""

from __future__ import annotations

import multiprocessing
import pickle
import sys
from pathlib import Path

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.load.texts import read_text_file
from forloeb.overlap import scan as scan_module
from forloeb.overlap import stemmed as stemmed_module
from forloeb.overlap.check import Limits, analyse
from forloeb.overlap.passages import PassageIndex, PassageMatch, make_unit
from forloeb.overlap.scan import Scan, ScanError, Scanned, Source, _child
from forloeb.overlap.stemmed import SUFFIX, StemmedTexts, stemmer_version, unpacked
from forloeb.overlap.words import normalise, stems
from scripts import check_overlaps as check_script
from tests.d4documents import LOOK_ALIKE, PARAPHRASE, guideline_paragraphs
from tests.factories import ROOT
from tests.inprocess import run_main

sys.path.insert(0, str(ROOT / "scripts"))
from benchmark_repo import write_repository

# The hæmokromatose pathway's venesection phase, which PARAPHRASE repeats in other words.
PATHWAY_TEXT = (
    "Behandlingen består af venesectio, der inddeles i en tapningsfase og en vedligeholdelsesfase. "
    "Formålet er at nedsætte jernniveauet i kroppen uden at fremkalde anæmi. Tapningsfasen fortsætter, "
    "indtil ferritin er under 50 µg/L."
)


def index() -> PassageIndex:
    unit = make_unit(0, "beskrivelse", ("faser", 1, "beskrivelse"), PATHWAY_TEXT)
    assert unit is not None
    return PassageIndex([unit])


def documents(folder: Path, *inserted: str) -> list[Source]:
    folder.mkdir(exist_ok=True)
    sources = []
    for n, paragraph in enumerate(inserted):
        path = folder / f"{n}.txt"
        path.write_text("\n\n".join(guideline_paragraphs(paragraph)), encoding="utf-8")
        sources.append(Source(n, path, None))
    return sources


def found(matches: list[PassageMatch]) -> list[tuple[int, str, float]]:
    return sorted((m.document, m.passage.text, round(m.score, 6)) for m in matches)


def read(sources: list[Source], stemmed: StemmedTexts | None) -> list[tuple[int, str, float]]:
    return found(Scan(index(), sources, 0.5, workers=1, stemmed=stemmed).result().matches)


def test_the_findings_are_the_same_with_the_folder_and_without(tmp_path: Path) -> None:
    sources = documents(tmp_path / "d4", PARAPHRASE, LOOK_ALIKE)
    without = read(sources, None)
    assert [d for d, _, _ in without] == [0]  # the paraphrase is found, the look-alike is not
    assert read(sources, StemmedTexts(tmp_path / "ord")) == without  # filling the folder
    assert read(sources, StemmedTexts(tmp_path / "ord")) == without  # read from it


def test_a_text_read_before_is_not_stemmed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = documents(tmp_path / "d4", PARAPHRASE, LOOK_ALIKE)
    expected = read(sources, StemmedTexts(tmp_path / "ord"))
    stemmed_texts: list[str] = []

    def counting(text: str) -> list[str]:
        stemmed_texts.append(text)
        return stems(text)

    monkeypatch.setattr(stemmed_module, "TokenStems", lambda: counting)
    assert read(sources, StemmedTexts(tmp_path / "ord")) == expected
    assert stemmed_texts == []
    sources[1].text_file.write_text("Et helt andet dokument om noget tredje.", encoding="utf-8")  # type: ignore[union-attr]
    assert read(sources, StemmedTexts(tmp_path / "ord")) == expected
    assert stemmed_texts == ["Et helt andet dokument om noget tredje."]  # only the changed text


def test_the_folder_keeps_the_words_of_the_documents_last_read(tmp_path: Path) -> None:
    sources = documents(tmp_path / "d4", PARAPHRASE, LOOK_ALIKE)
    folder = tmp_path / "ord"
    stale = folder / "0000000000000000"
    stale.mkdir(parents=True)
    (stale / ("a" * 64 + SUFFIX)).write_text("gammel", encoding="utf-8")  # another stemmer version's words
    read(sources, StemmedTexts(folder))
    kept = sorted(p.name for p in (folder / stemmer_version()).iterdir())
    assert len(kept) == 2 and all(name.endswith(SUFFIX) for name in kept)
    assert not stale.exists()

    read(sources[:1], StemmedTexts(folder))  # the second document left the register
    texts = StemmedTexts(folder)
    first = normalise(sources[0].text_file.read_text(encoding="utf-8"))  # type: ignore[union-attr]  # as read
    assert [p.name for p in texts.folder.iterdir()] == [texts.key(first) + SUFFIX]
    assert unpacked((texts.folder / (texts.key(first) + SUFFIX)).read_bytes()) == stems(first)


@pytest.mark.parametrize(
    "spoilt",
    [pickle.dumps(["tapning", "ferritin"]), "tapning ferritin før".encode("latin-1"), b"tapning \xff"],
    ids=["pickle", "latin-1", "afbrudt-tegn"],
)
def test_a_kept_file_that_is_not_utf8_is_stemmed_again_and_replaced(tmp_path: Path, spoilt: bytes) -> None:
    """A kept file that is not UTF-8 (another program's file, another encoding) is never taken: the text is
    stemmed again and the file written anew."""
    sources = documents(tmp_path / "d4", PARAPHRASE)
    expected = read(sources, None)
    texts = StemmedTexts(tmp_path / "ord")
    text = normalise(sources[0].text_file.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    kept = texts.folder / (texts.key(text) + SUFFIX)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(spoilt)
    assert texts.stems(text) == stems(text)
    assert unpacked(kept.read_bytes()) == stems(text)
    kept.write_bytes(spoilt)
    assert read(sources, StemmedTexts(tmp_path / "ord")) == expected


def test_a_folder_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    sources = documents(tmp_path / "d4", PARAPHRASE)
    blocked = tmp_path / "fil"
    blocked.write_text("ikke en mappe", encoding="utf-8")  # the folder's place is taken by a file
    assert read(sources, StemmedTexts(blocked)) == read(sources, None)


def test_the_workers_report_the_texts_they_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With forked workers, each sends back the keys of its texts, so the parent prunes none of them."""
    monkeypatch.setattr(scan_module, "MIN_PER_WORKER", 1)
    sources = documents(tmp_path / "d4", PARAPHRASE, LOOK_ALIKE, PARAPHRASE + " Ekstra sætning.")
    folder = tmp_path / "ord"
    matches = Scan(index(), sources, 0.5, workers=2, stemmed=StemmedTexts(folder)).result().matches
    assert found(matches) == read(sources, None)
    assert len(list((folder / stemmer_version()).iterdir())) == 3


def test_a_worker_sends_what_it_found_in_its_documents_and_closes_its_end(tmp_path: Path) -> None:
    """The worker's part, run here (a forked one is out of the mutation check's sight): it sends the matches of
    its chunk, the documents it could not read and the keys of the texts it read, then closes the pipe."""
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Hæmokromatose".encode("latin-1"))
    sources = [*documents(tmp_path / "d4", PARAPHRASE, LOOK_ALIKE), Source(7, latin1, None)]
    texts = StemmedTexts(tmp_path / "ord")
    receive, send = multiprocessing.Pipe(duplex=False)
    _child(index(), sources, 0.5, texts, None, send)
    sent = receive.recv()
    assert isinstance(sent, Scanned)
    assert found(sent.matches) == read(sources[:2], None)
    assert sent.unreadable == [(7, "tekstfilen latin1.txt er ikke gyldig UTF-8 (byte 1)")]
    assert sent.stemmed == texts.used and len(sent.stemmed) == 2
    assert send.closed
    with pytest.raises(EOFError):  # nothing more: the parent's recv() does not wait
        receive.recv()


def test_a_worker_that_fails_sends_the_error_for_the_parent_to_raise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception in the worker does not vanish with its process: it is sent as a ScanError naming its type and
    message, which the parent raises, and the pipe is closed."""

    def failing(*_: object) -> Scanned:
        raise OSError("disken er fuld")

    monkeypatch.setattr(scan_module, "_scan", failing)
    receive, send = multiprocessing.Pipe(duplex=False)
    _child(index(), documents(tmp_path / "d4", PARAPHRASE), 0.5, None, None, send)
    sent = receive.recv()
    assert isinstance(sent, ScanError) and str(sent) == "OSError: disken er fuld"
    assert send.closed
    with pytest.raises(EOFError):
        receive.recv()


def test_the_check_script_reads_the_words_the_sites_build_kept_and_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """scripts/check_overlaps.py and the site share .cache/analyse/ord/; --ordmappe names another. The script's
    reading process takes the texts' words from it and writes none: the site's build keeps them."""
    repo = tmp_path / "repo"
    write_repository(repo, 3, 8, seed=7, words=80)
    args = ["--root", str(repo), "--format", "json", "--dato", "2026-12-03"]
    first = run_main(check_script.main, args)
    kept = repo / ".cache/analyse/ord"
    assert not kept.exists()

    catalog = load_catalog(repo)
    analyse(catalog, Limits(stemmed=kept))  # as the site's build keeps them
    folder = kept / stemmer_version()
    texts = {StemmedTexts(tmp_path).key(normalise(read_text_file(p))) + SUFFIX for p in catalog.d4_text_files.values()}
    assert len(texts) == 8 and {p.name for p in folder.iterdir()} == texts
    log = tmp_path / "fundet.txt"
    real = StemmedTexts.found

    def logged(self: StemmedTexts, text: str) -> list[str] | None:
        words = real(self, text)
        with log.open("a", encoding="utf-8") as fh:  # from the forked reading process
            fh.write(f"{self.key(text)}{SUFFIX} {words is not None}\n")
        return words

    monkeypatch.setattr(StemmedTexts, "found", logged)
    assert run_main(check_script.main, args) == first
    assert sorted(log.read_text(encoding="utf-8").splitlines()) == sorted(f"{k} True" for k in texts)
    assert {p.name for p in folder.iterdir()} == texts  # none pruned

    elsewhere = tmp_path / "andre-ord"
    assert run_main(check_script.main, [*args, "--ordmappe", str(elsewhere)]) == first
    assert not elsewhere.exists()
