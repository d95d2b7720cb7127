"""The loaded files kept on disk between runs (forloeb/load/kept_loads.py): a kept load is the load."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

import forloeb.load.kept_loads as kept_loads
from forloeb.code_digest import source_digest
from forloeb.load.cache import LoadCache, kept_for
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.load.kept_loads import KEPT_FOLDER, SUFFIX, KeptLoads
from forloeb.load.validation import validate
from forloeb.model.pathway import Forloeb
from tests.factories import minimal_pathway, write_yaml


def _load(root: Path) -> Catalog:
    return load_catalog(root, strict=False, cache=kept_for(root))


def _same(a: Catalog, b: Catalog) -> None:
    assert a.forloeb == b.forloeb and a.d4 == b.d4 and a.specialer == b.specialer
    assert a.vaelg_klogt == b.vaelg_klogt and a.problems == b.problems
    for fid, src in a.sources.items():
        other = b.sources[fid]
        assert src.doc is not None and other.doc is not None
        assert (src.display, src.problems) == (other.display, other.problems)
        assert (src.doc.positions, src.doc.key_positions) == (other.doc.positions, other.doc.key_positions)


def _entries(root: Path) -> list[Path]:
    return sorted((root / KEPT_FOLDER).glob(f"*{SUFFIX}"))


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("parsed although kept")

    monkeypatch.setattr(kept_loads, "load_bytes", refuse)


def test_a_second_load_takes_every_file_from_the_folder_and_is_the_same(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _load(repo)
    files = [*first.sources.values(), *first.d4_sources]
    assert len(_entries(repo)) == len(files) + 2  # and the registers of specialties and recommendations
    _no_parsing(monkeypatch)
    second = _load(repo)
    _same(first, second)
    fid = next(iter(first.forloeb))
    assert second.forloeb[fid] is not first.forloeb[fid]  # read from disk, not from this process


def test_an_edited_file_is_loaded_afresh_and_its_old_entry_removed(repo: Path) -> None:
    first = _load(repo)
    fid, src = next(iter(first.sources.items()))
    before = _entries(repo)
    text = src.path.read_text(encoding="utf-8")
    src.path.write_text(text.replace(f"titel: {first.forloeb[fid].titel}", "titel: Ny titel"), encoding="utf-8")
    second = _load(repo)
    assert second.forloeb[fid].titel == "Ny titel"
    after = _entries(repo)
    assert len(after) == len(before) and len(set(after) - set(before)) == 1
    _same(second, load_catalog(repo, strict=False))  # as a load without the folder


def test_problems_are_kept_and_named_by_the_path_they_are_shown_by(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = next((repo / "pathways").rglob("*.yaml"))
    path.write_text(path.read_text(encoding="utf-8") + "ukendt_noegle: 1\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    first = _load(repo)
    wrong = [p for p in first.problems if "ukendt nøgle 'ukendt_noegle'" in p.message]
    assert [p.path for p in wrong] == [str(path.relative_to(repo))]
    with monkeypatch.context() as m:
        _no_parsing(m)
        assert _load(repo).problems == first.problems
    monkeypatch.chdir(repo / "pathways")  # the same bytes shown by another name: not the same entry
    shown = [p.path for p in _load(repo).problems if p.message == wrong[0].message]
    assert shown == [str(path.relative_to(repo / "pathways"))]


@pytest.mark.parametrize(
    "spoilt",
    [b"", b"not a pickle", pickle.dumps(("a", "tuple", "of strings")), pickle.dumps(["a list"]), pickle.dumps(None)],
)
def test_a_spoilt_entry_is_loaded_again(repo: Path, spoilt: bytes) -> None:
    first = _load(repo)
    for entry in _entries(repo):
        entry.write_bytes(spoilt)
    _same(first, _load(repo))
    assert all(e.read_bytes() != spoilt for e in _entries(repo))  # written anew


def test_a_folder_that_cannot_be_written_only_means_loading_again(repo: Path) -> None:
    (repo / ".cache").mkdir()
    (repo / KEPT_FOLDER).write_text("en fil, ikke en mappe", encoding="utf-8")
    _same(load_catalog(repo, strict=False), _load(repo))
    assert (repo / KEPT_FOLDER).read_text(encoding="utf-8") == "en fil, ikke en mappe"


def test_a_file_that_may_not_be_read_is_reported_as_without_the_folder_and_not_kept(tmp_path: Path) -> None:
    target = write_yaml(tmp_path / "andet" / "forloeb.yaml", minimal_pathway())
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    kept = KeptLoads(tmp_path / "kept")
    loaded, name = kept.load(link, Forloeb, "link.yaml")
    assert name is None and loaded.model is None and "symbolsk link" in loaded.problems[0].message
    assert not (tmp_path / "kept").exists()


def test_an_entry_holding_other_objects_is_not_used(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "forloeb.yaml", minimal_pathway())
    kept = KeptLoads(tmp_path / "kept")
    loaded, name = kept.load(path, Forloeb, "forloeb.yaml")
    assert name is not None and loaded.model is not None and loaded.doc is not None
    others = [
        ("ikke en model", loaded.doc, []),
        (loaded.model, "ikke et dokument", []),
        (loaded.model, loaded.doc, "ikke en liste"),
        (loaded.model, loaded.doc, ["ikke et problem"]),
    ]
    for other in others:
        (tmp_path / "kept" / name).write_bytes(pickle.dumps(other))
        again, _ = kept.load(path, Forloeb, "forloeb.yaml")
        assert again.model == loaded.model and again.doc == loaded.doc and again.problems == []


def test_the_serves_cache_keeps_using_its_entries_so_a_later_load_prunes_none(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "forloeb.yaml", minimal_pathway())
    cache = LoadCache(kept=tmp_path / "kept")
    cache.load(path, Forloeb)
    cache.loaded_all()
    cache.load(path, Forloeb)  # from memory this time
    cache.loaded_all()
    assert len(list((tmp_path / "kept").iterdir())) == 1


def test_new_code_or_libraries_make_new_entries(tmp_path: Path) -> None:
    (tmp_path / "pakke").mkdir()
    module = tmp_path / "pakke" / "model.py"
    module.write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "pakke" / "noter.txt").write_text("ikke kode", encoding="utf-8")
    first = source_digest([tmp_path], "pydantic==2")
    (tmp_path / "pakke" / "noter.txt").write_text("andet", encoding="utf-8")
    assert source_digest([tmp_path], "pydantic==2") == first
    assert source_digest([tmp_path], "pydantic==3") != first
    module.write_text("A = 2\n", encoding="utf-8")
    assert source_digest([tmp_path], "pydantic==2") != first
    os.rename(module, tmp_path / "pakke" / "andet.py")
    assert source_digest([tmp_path], "pydantic==2") != first


def test_validation_and_the_check_keep_the_files_in_the_folder_a_build_uses(repo: Path) -> None:
    problems = validate(repo)
    entries = _entries(repo)
    assert entries and validate(repo) == problems and _entries(repo) == entries
