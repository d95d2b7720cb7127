"""Only regular files inside the repository are read: a symbolic link under pathways/ is refused by every
command and by the build, by name, and nothing of what it points to is read or published."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from forloeb.load.catalog import load_catalog
from forloeb.load.files import LINK_REFUSED, InputFileError, read_input_file
from forloeb.load.problems import InputError
from forloeb.load.texts import MAX_TEXT_BYTES, TextFileError, check_text_file, read_text_file
from forloeb.scaffold import ScaffoldError, new_pathway
from tests.factories import ROOT
from tests.sitebuild import mkdocs_build, run_script

SECRET = "HEMMELIGT-INDHOLD-UDEN-FOR-REPOSITORIET"
HAEMO = Path("pathways/gastroenterologi-hepatologi/haemokromatose.yaml")
REFUSED = f"1:1: {LINK_REFUSED}"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the repository with a valid pathway in it, which must never be read."""
    folder = tmp_path / "udenfor"
    folder.mkdir()
    text = (ROOT / HAEMO).read_text(encoding="utf-8").replace("id: haemokromatose", "id: x", 1)
    (folder / "x.yaml").write_text(text.replace("titel: ", f"titel: {SECRET} ", 1), encoding="utf-8")
    return folder


def link(repo: Path, kind: str, outside: Path) -> Path:
    """A link of one kind under pathways/: to a file outside, to a folder outside, to a file inside."""
    if kind == "fil-udenfor":
        at, target = repo / "pathways/reumatologi/x.yaml", outside / "x.yaml"
    elif kind == "mappe":
        at, target = repo / "pathways/intern-medicin/mere", outside
    else:
        at, target = repo / "pathways/reumatologi/kopi.yaml", Path("../gastroenterologi-hepatologi/haemokromatose.yaml")
    at.symlink_to(target)
    return at.relative_to(repo)


KINDS = ["fil-udenfor", "mappe", "fil-inde"]


@pytest.mark.subprocess
@pytest.mark.parametrize("kind", KINDS)
def test_validate_and_the_overlap_check_refuse_a_link(repo: Path, outside: Path, kind: str) -> None:
    at = link(repo, kind, outside)
    for script in ("validate.py", "check_overlaps.py"):
        result = run_script(repo, script)
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"{at}:1:1: " in result.stdout and LINK_REFUSED in result.stdout, result.stdout
        assert SECRET not in result.stdout + result.stderr and "Traceback" not in result.stderr
    with pytest.raises(InputError) as refused:
        load_catalog(repo)
    (problem,) = refused.value.problems
    assert problem.path.endswith(str(at)) and (problem.line, problem.col, problem.message) == (1, 1, LINK_REFUSED)


@pytest.mark.subprocess
def test_the_build_fails_naming_every_link_and_publishes_nothing(repo: Path, outside: Path, tmp_path: Path) -> None:
    links = [link(repo, kind, outside) for kind in KINDS]
    site = tmp_path / "site"
    result = mkdocs_build(repo, site)
    assert result.returncode != 0
    for at in links:
        assert f"{at}:{REFUSED}" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stderr
    assert not site.exists() or SECRET not in "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html")
    )


@pytest.mark.subprocess
def test_a_link_for_a_register_or_the_pathways_folder_is_refused(repo: Path, outside: Path, tmp_path: Path) -> None:
    specialer = repo / "pathways/_registre/specialer.yaml"
    (outside / "specialer.yaml").write_text(specialer.read_text(encoding="utf-8"), encoding="utf-8")
    specialer.unlink()
    specialer.symlink_to(outside / "specialer.yaml")
    result = run_script(repo, "validate.py")
    assert result.returncode == 1 and f"pathways/_registre/specialer.yaml:{REFUSED}" in result.stdout

    specialer.unlink()
    specialer.write_text("specialer: [ikke: afsluttet\n", encoding="utf-8")  # a syntax error, if it were read
    (repo / "pathways/_registre").rename(tmp_path / "registre")
    (repo / "pathways/_registre").symlink_to(tmp_path / "registre")
    result = run_script(repo, "validate.py")
    assert result.returncode == 1 and f"pathways/_registre:{REFUSED}" in result.stdout
    assert "YAML-syntaksfejl" not in result.stdout, "nothing is read through the linked folder"
    (repo / "pathways/_registre").unlink()
    (tmp_path / "registre").rename(repo / "pathways/_registre")

    moved = tmp_path / "andre-forloeb"
    (repo / "pathways").rename(moved)
    (repo / "pathways").symlink_to(moved)
    result = run_script(repo, "validate.py")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"pathways:{REFUSED}"], "nothing under a linked folder is read"


@pytest.mark.subprocess
def test_a_fifo_is_refused_without_waiting(repo: Path) -> None:
    os.mkfifo(repo / "pathways/reumatologi/roer.yaml")
    result = run_script(repo, "validate.py")  # opening a FIFO for reading would wait for a writer forever
    assert result.returncode == 1
    assert "pathways/reumatologi/roer.yaml:1:1: filen er ikke en almindelig fil" in result.stdout, result.stdout


def test_read_input_file_never_follows_a_link(tmp_path: Path) -> None:
    (tmp_path / "rigtig.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(tmp_path / "rigtig.yaml")
    assert read_input_file(tmp_path / "rigtig.yaml", 100) == b"a: 1\n"
    with pytest.raises(InputFileError, match="symbolsk link er ikke tilladt"):
        read_input_file(tmp_path / "link.yaml", 100)
    with pytest.raises(InputFileError, match=r"for stor \(5 byte; højst 4\)"):
        read_input_file(tmp_path / "rigtig.yaml", 4)


@pytest.mark.subprocess
def test_diff_pathways_refuses_a_link_in_the_work_tree_and_in_git(repo: Path, outside: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "før"], cwd=repo, check=True)
    at = link(repo, "fil-udenfor", outside)
    work_tree = run_script(repo, "diff_pathways.py", "x", "HEAD")
    assert work_tree.returncode == 1 and f"{at}:{REFUSED}" in work_tree.stderr
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "link"], cwd=repo, check=True)
    changed = run_script(repo, "diff_pathways.py", "--changed", "HEAD~1", "HEAD")
    assert changed.returncode == 1 and f"HEAD:{at}:{REFUSED}" in changed.stderr
    assert SECRET not in changed.stdout + changed.stderr
    files = run_script(repo, "diff_pathways.py", str(HAEMO), str(at))
    assert files.returncode == 1 and f"{at}:{REFUSED}" in files.stderr


@pytest.mark.subprocess
def test_new_pathway_does_not_write_through_a_linked_folder(repo: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "et-andet-sted"
    elsewhere.mkdir()
    (repo / "pathways/reumatologi").rename(tmp_path / "gemt")
    (repo / "pathways/reumatologi").symlink_to(elsewhere)
    with pytest.raises(ScaffoldError, match="symbolsk link er ikke tilladt"):
        new_pathway(
            repo,
            forloeb_id="nyt",
            titel="Nyt",
            speciale="reumatologi",
            kode="DM05",
            diagnosetekst=None,
            today=date(2026, 1, 15),
        )
    result = run_script(repo, "new_pathway.py", "--titel", "Nyt", "--speciale", "reumatologi", "--diagnosekode", "DM05")
    assert result.returncode == 2 and "symbolsk link er ikke tilladt" in result.stderr
    assert list(elsewhere.iterdir()) == []


@pytest.mark.subprocess
def test_import_d4_refuses_linked_sources_and_a_linked_register_folder(repo: Path, tmp_path: Path) -> None:
    exports = tmp_path / "eksport"
    (exports / "under").mkdir(parents=True)
    document = "Holbæk Sygehus\nDokID: 419555\nHæmokromatose (DE831): udredning og behandling i ambulatoriet.\n"
    (tmp_path / "udenfor.txt").write_text(document, encoding="utf-8")
    (exports / "link.txt").symlink_to(tmp_path / "udenfor.txt")
    (exports / "mappe").symlink_to(exports / "under")
    result = run_script(repo, "import_d4.py", "--speciale", "gastroenterologi-hepatologi", str(exports))
    assert result.returncode == 1
    assert f"{exports / 'link.txt'}: fejl: {LINK_REFUSED}" in result.stdout
    assert f"{exports / 'mappe'}: fejl: {LINK_REFUSED}" in result.stdout

    register = repo / "pathways/_registre/d4"
    register.symlink_to(tmp_path / "andet-register", target_is_directory=True)
    (tmp_path / "andet-register").mkdir()
    (exports / "link.txt").unlink()
    (exports / "mappe").unlink()
    (exports / "dokument.txt").write_text(document, encoding="utf-8")
    result = run_script(
        repo, "import_d4.py", "--speciale", "gastroenterologi-hepatologi", str(exports / "dokument.txt")
    )
    assert result.returncode == 1 and f"{register}: {LINK_REFUSED}" in result.stdout
    assert list((tmp_path / "andet-register").iterdir()) == []


def test_read_input_file_names_what_it_could_not_read(tmp_path: Path) -> None:
    (tmp_path / "mappe.yaml").mkdir()
    with pytest.raises(InputFileError) as not_a_file:
        read_input_file(tmp_path / "mappe.yaml", 100)
    assert not_a_file.value.message == "filen er ikke en almindelig fil"
    with pytest.raises(InputFileError) as missing:
        read_input_file(tmp_path / "findes-ikke.yaml", 100, "registerfilen")
    assert missing.value.message == "kan ikke læse registerfilen: No such file or directory"


def test_read_input_file_reads_a_file_of_exactly_the_limit(tmp_path: Path) -> None:
    (tmp_path / "rigtig.yaml").write_text("a: 1\n", encoding="utf-8")
    assert read_input_file(tmp_path / "rigtig.yaml", 5) == b"a: 1\n"


# --- The D4 documents' text files beside the register --------------------------------------------------


def text_file_error(check: Callable[[Path], object], path: Path) -> str:
    with pytest.raises(TextFileError) as refused:
        check(path)
    return refused.value.message


@pytest.mark.parametrize("check", [check_text_file, read_text_file])
def test_a_register_text_file_that_is_a_link_is_refused_by_name(
    tmp_path: Path, check: Callable[[Path], object]
) -> None:
    (tmp_path / "rigtig.txt").write_text("Tekst.\n", encoding="utf-8")
    (tmp_path / "419556.txt").symlink_to(tmp_path / "rigtig.txt")
    assert text_file_error(check, tmp_path / "419556.txt") == f"tekstfilen 419556.txt: {LINK_REFUSED}"


def test_a_missing_register_text_file_is_named(tmp_path: Path) -> None:
    assert text_file_error(check_text_file, tmp_path / "419556.txt") == (
        "tekstfilen 419556.txt findes ikke ved siden af registerfilen"
    )


def test_a_register_text_file_may_be_as_large_as_the_limit_and_no_larger(tmp_path: Path) -> None:
    path = tmp_path / "419556.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_TEXT_BYTES)
    check_text_file(path)
    with path.open("ab") as fh:
        fh.write(b"x")
    assert text_file_error(check_text_file, path) == (
        f"tekstfilen 419556.txt er for stor ({MAX_TEXT_BYTES + 1} byte; højst {MAX_TEXT_BYTES})"
    )
    assert text_file_error(read_text_file, path) == (
        f"tekstfilen 419556.txt er for stor ({MAX_TEXT_BYTES + 1} byte; højst {MAX_TEXT_BYTES})"
    )


def test_a_register_text_file_that_is_no_file_or_no_utf8_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "419556.txt").mkdir()
    assert text_file_error(read_text_file, tmp_path / "419556.txt") == "tekstfilen 419556.txt er ikke en almindelig fil"
    (tmp_path / "419557.txt").write_bytes(b"Tap" + "æ".encode("latin-1"))
    assert text_file_error(read_text_file, tmp_path / "419557.txt") == (
        "tekstfilen 419557.txt er ikke gyldig UTF-8 (byte 3)"
    )
