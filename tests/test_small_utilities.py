"""The small shared utilities: the Danish ASCII folding, the identity memo, the load cache, the atomic write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forloeb.atomic import write_atomic
from forloeb.danish import ascii_fold
from forloeb.load.cache import LoadCache
from forloeb.memo import IdentityMemo
from forloeb.model.pathway import Forloeb
from tests.factories import ROOT, minimal_pathway, write_yaml


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Hæmokromatose", "Haemokromatose"),
        ("Køge Sygehus", "Koege Sygehus"),
        ("Århus på Ærø", "Aarhus paa Aeroe"),
        ("ØRE", "OeRE"),
        ("Crème brûlée", "Creme brulee"),
        ("≥ 200 µg/L – ½", " 200 g/L  12"),
    ],
)
def test_danish_letters_are_spelled_out_other_accents_stripped_and_other_signs_dropped(text: str, folded: str) -> None:
    assert ascii_fold(text) == folded


def test_the_identity_memo_computes_once_per_object_and_arguments() -> None:
    calls: list[tuple[object, ...]] = []

    def fn(obj: list[int], n: int = 0) -> int:
        calls.append((id(obj), n))
        return sum(obj) + n

    memo: IdentityMemo[int] = IdentityMemo(fn)
    a, equal_to_a = [1, 2], [1, 2]
    assert (memo(a), memo(a), memo(a, 1), memo(equal_to_a)) == (3, 3, 4, 3)
    assert calls == [(id(a), 0), (id(a), 1), (id(equal_to_a), 0)], "an equal object is another object"


def test_the_identity_memo_forgets_its_least_recently_used_entry_beyond_its_size() -> None:
    calls: list[int] = []
    memo: IdentityMemo[int] = IdentityMemo(lambda obj: calls.append(obj[0]) or obj[0], maxsize=2)
    one, two, three = [1], [2], [3]
    memo(one), memo(two), memo(one), memo(three)  # two is the least recently used when three comes
    memo(one), memo(three)
    assert calls == [1, 2, 3]
    memo(two)
    assert calls == [1, 2, 3, 2]


def test_the_load_cache_reuses_a_file_until_it_changes(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "forloeb.yaml", minimal_pathway())
    cache = LoadCache()
    first = cache.load(path, Forloeb)
    assert first.problems == [] and cache.load(path, Forloeb) is first
    write_yaml(path, minimal_pathway(titel="Et andet forløb"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    second = cache.load(path, Forloeb)
    assert second is not first and second.model is not None and second.model.titel == "Et andet forløb"
    assert cache.checked(second.model) is cache.checked(second.model)


def test_a_load_cache_of_size_zero_remembers_nothing_and_a_missing_file_is_reported(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "forloeb.yaml", minimal_pathway())
    cache = LoadCache(size=0)
    assert cache.load(path, Forloeb) is not cache.load(path, Forloeb)
    missing = LoadCache().load(tmp_path / "mangler.yaml", Forloeb)
    assert missing.model is None and "kan ikke læse filen" in missing.problems[0].message


def test_the_load_cache_forgets_the_least_recently_used_file_beyond_its_size(tmp_path: Path) -> None:
    paths = [write_yaml(tmp_path / f"{n}.yaml", minimal_pathway(id=f"f{n}")) for n in range(3)]
    cache = LoadCache(size=2)
    a, b = cache.load(paths[0], Forloeb), cache.load(paths[1], Forloeb)
    cache.load(paths[0], Forloeb)
    cache.load(paths[2], Forloeb)  # the second file is the least recently used
    assert cache.load(paths[0], Forloeb) is a and cache.load(paths[1], Forloeb) is not b


def test_an_atomic_write_creates_the_folder_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "ny" / "mappe" / "side.html"
    write_atomic(target, "æ\r\nø\n")
    assert target.read_bytes() == "æ\r\nø\n".encode()
    assert sorted(p.name for p in target.parent.iterdir()) == ["side.html"]


def test_a_failed_atomic_write_keeps_the_old_file_and_removes_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "side.html"
    target.write_text("gammel", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "ny \udc80")
    assert target.read_text(encoding="utf-8") == "gammel"
    assert [p.name for p in tmp_path.iterdir()] == ["side.html"]


def test_the_load_cache_tells_apart_two_files_of_the_same_size_and_time(tmp_path: Path) -> None:
    a = write_yaml(tmp_path / "a.yaml", minimal_pathway(id="aa", titel="Forløb A"))
    b = write_yaml(tmp_path / "b.yaml", minimal_pathway(id="bb", titel="Forløb B"))
    os.utime(b, ns=(a.stat().st_atime_ns, a.stat().st_mtime_ns))
    assert a.stat().st_size == b.stat().st_size
    cache = LoadCache()
    loaded_a, loaded_b = cache.load(a, Forloeb), cache.load(b, Forloeb)
    assert loaded_a.model is not None and loaded_b.model is not None
    assert (loaded_a.model.titel, loaded_b.model.titel) == ("Forløb A", "Forløb B")


def test_each_missing_file_is_reported_under_its_own_name(tmp_path: Path) -> None:
    cache = LoadCache()
    first, second = cache.load(tmp_path / "a.yaml", Forloeb), cache.load(tmp_path / "b.yaml", Forloeb)
    assert first.problems[0].path.endswith("a.yaml") and second.problems[0].path.endswith("b.yaml")


@pytest.mark.subprocess  # the exit is another process's
def test_a_process_that_loaded_the_plugin_skips_the_collection_at_exit() -> None:
    probe = (
        "import atexit, gc\n"
        "atexit.register(lambda: print('frosne objekter:', gc.get_freeze_count()))\n"  # runs after the plugin's
        "import macros.plugin\n"
        "print('under kørslen:', gc.get_freeze_count())\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    during, at_exit = (int(line.split(":")[1]) for line in done.stdout.splitlines())
    assert during == 0, "nothing is frozen while the process works"
    assert at_exit > 10_000, "at exit, what the process holds is left out of the last collection"
