"""The loader's messages to an editor: each kind of invalid value is named in Danish, at its line."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, field_validator

from forloeb.load.loader import display_path, load, load_bytes, nested_models
from forloeb.model.pathway import Forloeb
from tests.factories import minimal_pathway, write_yaml


class Dosis(BaseModel):
    model_config = ConfigDict(extra="forbid")
    maengde: int = Field(default=1, gt=0)


class Skema(BaseModel):
    """A model with one field of each kind an editor can get wrong."""

    model_config = ConfigDict(extra="forbid")
    titel: str = "x"
    kode: str = Field(default="DE831", pattern=r"^D[A-Z]\d+$")
    status: Literal["udkast", "godkendt"] = "udkast"
    trin: list[str] = Field(default_factory=lambda: ["a"], min_length=1)
    dosis: Dosis = Field(default_factory=Dosis)
    koder: dict[str, str] = Field(default_factory=dict)
    eksempel: bool = False
    version: int = 1
    andel: float = Field(default=0.5, ge=0, le=1)
    dato: datetime.date | None = None
    kort: str = Field(default="", max_length=5)
    navn: str = "ok"

    @field_validator("navn")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("må ikke være tom")
        return value


def messages(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "forloeb.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(p) for p in load(path, Skema, display="forloeb.yaml").problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("titel: 3\n", "forloeb.yaml:1:8: titel: skal være tekst, ikke et tal"),
        ("titel: 3.5\n", "forloeb.yaml:1:8: titel: skal være tekst, ikke et tal"),
        ("titel: true\n", "forloeb.yaml:1:8: titel: skal være tekst, ikke true/false"),
        ("titel:\n", "forloeb.yaml:1:7: titel: skal være tekst, ikke tom værdi"),
        ("titel: 2026-05-03\n", "forloeb.yaml:1:8: titel: skal være tekst, ikke en dato"),
        ("titel: 2026-05-03T10:00:00\n", "forloeb.yaml:1:8: titel: skal være tekst, ikke et tidspunkt"),
        ("titel: [a]\n", "forloeb.yaml:1:8: titel: skal være tekst, ikke en liste"),
        ("titel: {a: b}\n", "forloeb.yaml:1:8: titel: skal være tekst, ikke en mapping"),
        ("kode: E11\n", "forloeb.yaml:1:7: kode: har ikke det tilladte format (^D[A-Z]\\d+$)"),
        ("status: klar\n", "forloeb.yaml:1:9: status: skal være en af 'udkast' or 'godkendt'"),
        ("trin: a\n", "forloeb.yaml:1:7: trin: skal være en liste, ikke tekst"),
        ("trin: []\n", "forloeb.yaml:1:7: trin: skal have mindst 1 element(er)"),
        ("dosis: 3\n", "forloeb.yaml:1:8: dosis: skal være en mapping med nøgler, ikke et tal"),
        ("koder: [a]\n", "forloeb.yaml:1:8: koder: skal være en mapping med nøgler, ikke en liste"),
        ("eksempel: ja tak\n", "forloeb.yaml:1:11: eksempel: skal være true eller false"),
        ("eksempel: [1]\n", "forloeb.yaml:1:11: eksempel: skal være true eller false"),
        ("version: 1.5\n", "forloeb.yaml:1:10: version: skal være et heltal"),
        ("version: to\n", "forloeb.yaml:1:10: version: skal være et heltal"),
        ("version: [1]\n", "forloeb.yaml:1:10: version: skal være et heltal"),
        ("andel: halv\n", "forloeb.yaml:1:8: andel: skal være et tal"),
        ("andel: [1]\n", "forloeb.yaml:1:8: andel: skal være et tal"),
        ("andel: -1\n", "forloeb.yaml:1:8: andel: skal være mindst 0.0"),
        ("andel: 2\n", "forloeb.yaml:1:8: andel: må højst være 1.0"),
        ("dato: 3. maj\n", "forloeb.yaml:1:7: dato: skal være en dato på formen ÅÅÅÅ-MM-DD"),
        ("dato: [1]\n", "forloeb.yaml:1:7: dato: skal være en dato på formen ÅÅÅÅ-MM-DD"),
        (
            "dato: 2026-05-03T10:00:00\n",
            "forloeb.yaml:1:7: dato: skal være en dato på formen ÅÅÅÅ-MM-DD, uden klokkeslæt",
        ),
        ("kort: for lang\n", "forloeb.yaml:1:7: kort: må højst være 5 tegn"),
        ("dosis:\n  maengde: 0\n", "forloeb.yaml:2:12: dosis.maengde: skal være større end 0"),
        ("navn: ' '\n", "forloeb.yaml:1:7: navn: må ikke være tom"),
    ],
)
def test_each_kind_of_wrong_value_has_a_danish_message_at_its_value(tmp_path: Path, text: str, expected: str) -> None:
    assert messages(tmp_path, text) == [expected]


def test_an_unknown_key_names_the_key_and_the_nearest_known_one_in_any_nested_model(tmp_path: Path) -> None:
    assert messages(tmp_path, "titel: a\ntitl: b\n") == ["forloeb.yaml:2:1: ukendt nøgle 'titl'; mente du 'titel'?"]
    # a key of the nested model is suggested too, wherever the misspelling is
    assert messages(tmp_path, "dosis:\n  mangde: 2\n") == [
        "forloeb.yaml:2:3: ukendt nøgle 'mangde'; mente du 'maengde'?"
    ]
    assert messages(tmp_path, "qqq: 1\n") == ["forloeb.yaml:1:1: ukendt nøgle 'qqq'"]


def test_a_missing_key_points_at_the_mapping_that_lacks_it(tmp_path: Path) -> None:
    class Inderst(BaseModel):
        navn: str

    class Kraevet(BaseModel):
        id: str
        inderst: Inderst | None = None

    class Paakraevet(BaseModel):
        x: str
        under: Kraevet

    def found(text: str) -> list[str]:
        path = tmp_path / "f.yaml"
        path.write_text(text, encoding="utf-8")
        return [str(p) for p in load(path, Paakraevet, display="f.yaml").problems]

    assert found("x: a\nunder:\n  id: a\n") == []
    assert found("under:\n  id: a\n") == ["f.yaml:1:1: mangler påkrævet nøgle 'x' (i filen)"]
    assert found("x: a\nunder:\n  inderst: {navn: b}\n") == ["f.yaml:3:3: mangler påkrævet nøgle 'id' (i under)"]
    assert found("x: a\nunder:\n  id: a\n  inderst: {}\n") == [
        "f.yaml:4:12: mangler påkrævet nøgle 'navn' (i under.inderst)"
    ]


def test_a_file_that_is_not_a_mapping_is_refused_at_its_first_line(tmp_path: Path) -> None:
    assert messages(tmp_path, "- a\n- b\n") == [
        "forloeb.yaml:1:1: filen skal være en mapping (nøgle: værdi) på øverste niveau"
    ]


def test_a_valid_file_gives_the_model_and_no_problems(tmp_path: Path) -> None:
    path = tmp_path / "forloeb.yaml"
    path.write_text("titel: Hæmokromatose\nversion: 3\n", encoding="utf-8")
    loaded = load(path, Skema, display="forloeb.yaml")
    assert loaded.problems == [] and loaded.model is not None
    assert (loaded.model.titel, loaded.model.version) == ("Hæmokromatose", 3)


def test_a_problem_located_in_the_model_points_at_its_key_or_value(tmp_path: Path) -> None:
    path = tmp_path / "forloeb.yaml"
    path.write_text("titel: a\ndosis:\n  maengde: 2\n", encoding="utf-8")
    loaded = load(path, Skema, display="forloeb.yaml")
    assert str(loaded.problem(("dosis", "maengde"), "for meget")) == "forloeb.yaml:3:12: for meget"
    assert str(loaded.problem(("dosis", "maengde"), "nøgle", key=True)) == "forloeb.yaml:3:3: nøgle"
    assert str(loaded.problem(("titel",), "bemærk", severity="advarsel")) == "forloeb.yaml:1:8: advarsel: bemærk"


def test_bytes_from_a_git_revision_are_loaded_and_named_as_given(tmp_path: Path) -> None:
    loaded = load_bytes(b"titel: 3\n", tmp_path / "x.yaml", "HEAD:x.yaml", Skema)
    assert loaded.path == tmp_path / "x.yaml"
    assert [str(p) for p in loaded.problems] == ["HEAD:x.yaml:1:8: titel: skal være tekst, ikke et tal"]
    broken = load_bytes(b"titel: [a\n", tmp_path / "x.yaml", "HEAD:x.yaml", Skema)
    assert broken.model is None and broken.doc is None
    assert [(p.path, p.line) for p in broken.problems] == [("HEAD:x.yaml", 2)]


def test_a_path_is_shown_relative_to_the_working_directory_and_a_link_by_its_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pathways").mkdir()
    target = tmp_path / "pathways" / "a.yaml"
    target.write_text("titel: a\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    monkeypatch.chdir(tmp_path)
    assert display_path(target) == "pathways/a.yaml"
    assert display_path(link) == "link.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert display_path(outside) == str(outside)
    assert load(target, Skema).display == "pathways/a.yaml"


def test_nested_models_lists_each_model_once_in_reading_order() -> None:
    class Begge(BaseModel):
        a: Dosis
        b: list[Dosis] | None = None
        c: dict[str, Skema] = {}

    assert nested_models(Begge) == [Begge, Dosis, Skema]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"titel": "  "}, "titel: teksten må ikke være tom"),
        ({"version": 1.1}, 'version: skriv versionen i anførselstegn, fx version: "1.0" (YAML læser 1.10 som 1.1)'),
        (
            {"eksempel": True},
            "eksempel: skriv, hvor eksemplet stammer fra: eksempel: {kilde: ...} "
            "(og fiktivt: true, hvis det er opfundet)",
        ),
    ],
)
def test_the_pathway_model_s_own_rules_speak_to_the_editor(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    path = write_yaml(tmp_path / "forloeb.yaml", minimal_pathway(**change))
    (problem,) = load(path, Forloeb, display="forloeb.yaml").problems
    assert problem.message == expected


def test_a_whole_number_version_is_read_as_its_text(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "forloeb.yaml", minimal_pathway(version=2))
    loaded = load(path, Forloeb)
    assert loaded.model is not None and loaded.model.version == "2"
