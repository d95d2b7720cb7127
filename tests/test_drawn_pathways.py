"""A pathway's drawings kept between builds (macros/render/drawn_pathways.py): taken from its record only
while the model, the titles it links to and the code are the same, and never on a record's word alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forloeb.load.catalog import Catalog
from macros.render import diagrams as diagrams_module
from macros.render.diagrams import Diagrams, Drawings
from macros.render.drawn_pathways import FOLDER
from tests.test_diagram import nasty_pathway, needs_dot
from tests.test_diagram_phases import SHIPPED, catalog_of, large_pathway

pytestmark = needs_dot
CODE = "kode-1"


def count_dot_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pathways whose DOT is built: what a record spares."""
    built: list[str] = []
    real = diagrams_module._pathway_dot

    def counted(f, related):  # type: ignore[no-untyped-def]
        built.append(f.id)
        return real(f, related)

    monkeypatch.setattr(diagrams_module, "_pathway_dot", counted)
    return built


def draw(catalog: Catalog, cache: Path, code: str = CODE) -> Drawings:
    return Diagrams().draw(catalog, cache, 30, code=code)  # a new process's Diagrams: nothing in memory


def records(cache: Path) -> list[Path]:
    return sorted((cache / FOLDER).glob("*.json"))


def test_a_later_build_takes_every_pathway_from_its_record_and_shows_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = draw(SHIPPED, tmp_path)
    assert len(records(tmp_path)) == len(SHIPPED.forloeb)
    built = count_dot_builds(monkeypatch)
    again = draw(SHIPPED, tmp_path)
    assert built == []
    assert again == first
    assert list(again.svgs) == list(first.svgs) and list(again.figures) == list(first.figures)
    assert Diagrams().draw(SHIPPED, tmp_path / "uden", 30) == first  # and as drawn without any record


def test_another_model_title_or_code_is_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draw(SHIPPED, tmp_path)
    built = count_dot_builds(monkeypatch)
    f = SHIPPED.forloeb["haemokromatose"]
    edited = f.model_copy(update={"titel": f"{f.titel} (ny titel)"})
    catalog = Catalog(SHIPPED.specialer, {**SHIPPED.forloeb, f.id: edited}, SHIPPED.sources, {}, SHIPPED.d4)
    drawn = draw(catalog, tmp_path)
    assert f.id in built
    assert f"{f.titel} (ny titel)" in drawn.svgs[f.id]
    # Each pathway linking to it shows its new title: drawn again too; the others come from records.
    linking = {g.id for g in SHIPPED.forloeb.values() if any(r.forloeb == f.id and not r.titel for r in g.relaterede)}
    assert set(built) == {f.id, *linking}
    built.clear()
    draw(SHIPPED, tmp_path, code="kode-2")
    assert sorted(built) == sorted(SHIPPED.forloeb)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda record: "{ikke json",
        lambda record: json.dumps({**json.loads(record), "figures": {"main": [{"key": "x"}]}}),
        lambda record: record.replace('"svg": "', '"svg": "../../'),
    ],
    ids=["not-json", "not-a-figure", "a-path-outside-the-cache"],
)
def test_a_spoilt_record_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil) -> None:  # type: ignore[no-untyped-def]
    f = large_pathway(8, 2, 2)  # in parts, each its own SVG
    first = draw(catalog_of(f), tmp_path)
    [record] = records(tmp_path)
    record.write_text(spoil(record.read_text(encoding="utf-8")), encoding="utf-8")
    for svg in tmp_path.glob("*.svg"):  # what a path outside the cache would find
        (tmp_path.parent.parent / svg.name).write_bytes(svg.read_bytes())
    built = count_dot_builds(monkeypatch)
    assert draw(catalog_of(f), tmp_path) == first
    assert built == [f.id]


def test_a_record_whose_svg_the_cache_lost_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = large_pathway(8, 2, 2)
    first = draw(catalog_of(f), tmp_path)
    [record] = records(tmp_path)
    named = sorted(s["svg"] for s in json.loads(record.read_text(encoding="utf-8"))["shown"].values())
    assert len(named) > 2
    (tmp_path / named[1]).unlink()
    built = count_dot_builds(monkeypatch)
    assert draw(catalog_of(f), tmp_path) == first
    assert built == [f.id]


def test_a_whole_build_keeps_the_records_it_used_and_an_edit_keeps_them_all(tmp_path: Path) -> None:
    draw(SHIPPED, tmp_path)
    one = {"mas": SHIPPED.forloeb["mas"]}
    Diagrams().draw(Catalog(SHIPPED.specialer, one, {}, {}, {}), tmp_path, 30, only=["mas"], code=CODE)
    assert len(records(tmp_path)) == len(SHIPPED.forloeb)  # the preview of an edit prunes nothing
    draw(Catalog(SHIPPED.specialer, one, {}, {}, {}), tmp_path)
    [kept] = records(tmp_path)
    # Under serve, a build after a build takes its pathways from memory and keeps their records.
    diagrams = Diagrams()
    diagrams.draw(SHIPPED, tmp_path, 30, code=CODE)
    diagrams.draw(SHIPPED, tmp_path, 30, code=CODE)
    assert len(records(tmp_path)) == len(SHIPPED.forloeb) and kept in records(tmp_path)


def test_a_pathway_of_untrusted_text_comes_from_its_record_escaped_as_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record holds titles as data (JSON) and they are inlined again the way a drawing is: escaped."""
    f = nasty_pathway().model_copy(update={"titel": '<script>alert(1)</script> "{{ x }}"', "relaterede": []})
    first = draw(catalog_of(f), tmp_path)
    built = count_dot_builds(monkeypatch)
    again = draw(catalog_of(f), tmp_path)
    assert built == [] and again == first
    assert all("<script>" not in svg for svg in again.svgs.values())
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in svg for svg in again.svgs.values())
