"""Flowchart: structure of the DOT source, escaping of untrusted text, SVG cache and errors."""

from __future__ import annotations

import itertools
import os
import re
import stat
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, get_args

import pytest

from forloeb.diagram import style as diagram_style
from forloeb.diagram import svg as diagram
from forloeb.diagram.dot import build_dot, clean, legend_dot, wrap
from forloeb.diagram.svg import DiagramError, inline_svg, natural_width, render_many, render_svg
from forloeb.model.pathway import Forloeb, Kontaktform, TrinType, Udfoerer

needs_dot = pytest.mark.usefixtures("dot_program")
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def pathway(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test-forloeb",
        "titel": "Testforløb",
        "speciale": "test",
        "status": "udkast",
        "version": "1.0",
        "formaal": "Test.",
        "anvendelsesomraade": "Test.",
        "patientgruppe": {"beskrivelse": "Alle.", "diagnosekoder": [{"kode": "DE831", "tekst": "Test"}]},
        "henvisning": {
            "henvisere": ["Egen læge", "Speciallæge"],
            "visitation": "Visitator.",
            "indkaldelse": "Brev.",
        },
        "faser": [
            {"id": "udredning", "titel": "Udredning", "forloebstid": {"maks_dage": 30}},
            {"id": "behandling", "titel": "Behandling"},
        ],
        "trin": [
            {
                "id": "visitation",
                "titel": "Visitation",
                "type": "visitation",
                "udfoerer": "laege",
                "overgange": [
                    {"til": "samtale", "betingelse": "Kriterierne er opfyldt"},
                    {"til": "slut", "betingelse": "Kriterierne er ikke opfyldt"},
                ],
            },
            {
                "id": "samtale",
                "titel": "Første samtale",
                "type": "konsultation",
                "fase": "udredning",
                "udfoerer": "sygeplejerske",
                "form": "video",
                "overgange": [{"til": "blodproeve"}],
            },
            {
                "id": "blodproeve",
                "titel": "Blodprøve",
                "type": "undersoegelse",
                "fase": "udredning",
                "udfoerer": "almen-praksis",
                "form": "fysisk",
                "tidsfrist": {"maks_dage": 4},
                "overgange": [{"til": "valg"}],
            },
            {
                "id": "valg",
                "titel": "Behandling nødvendig?",
                "type": "beslutning",
                "fase": "behandling",
                "form": "telefon",
                "overgange": [
                    {"til": "medicin", "betingelse": "Ja"},
                    {"til": "videre", "betingelse": "Nej, men anden sygdom"},
                ],
            },
            {
                "id": "medicin",
                "titel": "Medicin",
                "type": "behandling",
                "fase": "behandling",
                "udfoerer": "kommunal-sygepleje",
                "form": "digital",
                "overgange": [{"til": "slut"}],
            },
            {"id": "videre", "titel": "Videre", "type": "overgang", "til_forloeb": "andet"},
            {"id": "slut", "titel": "Afsluttet", "type": "afslutning"},
        ],
        "afslutning": {"beskrivelse": "Slut."},
        "ansvar": "Rådet.",
        "relaterede": [{"forloeb": "andet", "relation": "Følger efter.", "titel": "Eget titel", "ekstern": True}],
    }
    data.update(changes)
    return data


def node_attrs(source: str, name: str) -> str:
    match = re.search(rf'^\s*"?{re.escape(name)}"? \[(.*)\]$', source, re.MULTILINE)
    assert match, f"no node {name} in\n{source}"
    return match.group(1)


def cluster_body(source: str, name: str) -> str:
    match = re.search(rf'subgraph "?cluster_{re.escape(name)}"? \{{\n(.*?)\n\t\}}', source, re.DOTALL)
    assert match, f"no cluster {name}"
    return match.group(1)


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def by_id(root: ET.Element, element_id: str) -> ET.Element:
    found = [e for e in root.iter() if e.get("id") == element_id]
    assert len(found) == 1, f"{element_id}: {len(found)} elements"
    return found[0]


# --- Structure ----------------------------------------------------------------------------------


def test_phases_are_clusters_and_steps_without_phase_are_outside() -> None:
    source = build_dot(Forloeb.model_validate(pathway()))
    assert source.startswith('digraph "test-forloeb" {')
    assert "rankdir=TB" in source
    udredning = cluster_body(source, "udredning")
    assert 'label="Udredning\\nForløbstid: højst 30 dage"' in udredning
    assert re.search(r"^\t\tsamtale \[", udredning, re.MULTILINE)
    assert re.search(r"^\t\tblodproeve \[", udredning, re.MULTILINE)
    assert "\t\tvalg [" in cluster_body(source, "behandling")
    for outside in ("visitation", "slut", "videre"):
        assert re.search(rf"^\t{outside} \[", source, re.MULTILINE), outside


def test_shapes_follow_step_type() -> None:
    source = build_dot(Forloeb.model_validate(pathway()))
    expected = {"visitation": "hexagon", "samtale": "box", "blodproeve": "parallelogram", "valg": "diamond"}
    expected |= {"medicin": "box", "videre": "cds", "slut": "ellipse"}
    for name, shape in expected.items():
        assert f"shape={shape}" in node_attrs(source, name), name
    assert "peripheries=2" in node_attrs(source, "slut")
    assert "rounded" in node_attrs(source, "samtale")


def test_form_is_shown_by_border_and_text() -> None:
    source = build_dot(Forloeb.model_validate(pathway()))
    samtale, blodproeve = node_attrs(source, "samtale"), node_attrs(source, "blodproeve")
    valg, medicin = node_attrs(source, "valg"), node_attrs(source, "medicin")
    assert 'style="rounded,dashed"' in samtale and "\\nVideo" in samtale
    assert "style=solid" in blodproeve and "\\nFysisk fremmøde" in blodproeve
    assert "style=dotted" in valg and "\\nTelefon" in valg
    assert "style=dashed" in medicin and "penwidth=2.5" in medicin
    assert "\\n" + diagram_style.FORM_NAVN["digital"] in medicin
    assert "style=" not in node_attrs(source, "visitation")  # no form: plain border, no form line


def test_performer_deadline_and_task_shifting_lines() -> None:
    source = build_dot(Forloeb.model_validate(pathway()))
    assert '"Visitation\\nLæge"' in node_attrs(source, "visitation")
    blodproeve = node_attrs(source, "blodproeve")
    assert "\\nAlmen praksis\\n" in blodproeve and "Frist: højst 4 dage" in blodproeve
    assert "⚠ Opgave hos almen" in blodproeve
    assert "⚠ Opgave hos den\\nkommunale sygepleje" in node_attrs(source, "medicin")
    assert "⚠" not in node_attrs(source, "samtale")


def test_only_municipal_nursing_is_flagged_and_an_agreement_is_a_note() -> None:
    data = pathway()
    data["trin"][4]["udfoerer"] = "kommune"  # municipal, but not nursing: no task shift
    data["trin"][2]["aftale"] = {"navn": "Et pakkeforløb", "niveau": "national", "kilde": "Afsnit 1"}
    data["trin"][1]["beskrivelse"] = "Screening af slægtninge via egen læge."
    source = build_dot(Forloeb.model_validate(data))
    assert "⚠" not in node_attrs(source, "medicin")
    blodproeve = node_attrs(source, "blodproeve")
    assert "⚠" not in blodproeve and "Efter national aftale" in blodproeve
    assert "⚠ Opgave hos almen" in node_attrs(source, "samtale"), "a task given in the text is flagged too"


def test_an_aim_is_never_drawn_as_a_limit() -> None:
    data = pathway()
    data["faser"][0]["forloebstid"] = {"maal_dage": 8}
    data["trin"][2]["tidsfrist"] = {"maal_dage": 4}
    source = build_dot(Forloeb.model_validate(data))
    assert 'label="Udredning\\nForløbstid: det tilstræbes inden for 8 dage"' in cluster_body(source, "udredning")
    blodproeve = node_attrs(source, "blodproeve")
    assert (
        "Mål: det tilstræbes\\ninden for 4 dage" in blodproeve
        and "højst" not in blodproeve
        and "Frist" not in blodproeve
    )


def test_edges_links_start_and_other_pathway() -> None:
    source = build_dot(Forloeb.model_validate(pathway()), {"andet": "Forløb for noget andet"})
    assert 'visitation -> samtale [label="Kriterierne er opfyldt"' in source
    assert 'valg -> videre [label="Nej, men anden sygdom"' in source
    assert re.search(r"^\tsamtale -> blodproeve \[id=", source, re.MULTILINE)  # no condition, no label
    attrs = node_attrs(source, "samtale")
    assert 'URL="#trin-samtale"' in attrs and "target=_top" in attrs
    assert 'id="node-samtale"' in attrs and 'tooltip="Første samtale"' in attrs
    start = node_attrs(source, "_start")  # an ellipse, as in the legend
    assert 'label="Henvisning\\nFra: Egen læge,\\nSpeciallæge"' in start and "shape=ellipse" in start
    assert "_start -> visitation" in source
    note = node_attrs(source, "_forloeb_andet")
    assert "shape=note" in note and "Forløb for noget andet" in note and "ikke i dette katalog" in note
    assert "videre -> _forloeb_andet" in source
    # Without related_titles the title under relaterede is used.
    assert "Eget titel" in node_attrs(build_dot(Forloeb.model_validate(pathway())), "_forloeb_andet")


def test_unknown_references_do_not_invent_nodes() -> None:
    # The consistency check reports these; the diagram must not draw a bare id as if it were a step.
    data = pathway()
    data["trin"][0]["overgange"].append({"til": "findes-ikke", "betingelse": "x"})
    data["trin"][1]["fase"] = "ukendt-fase"
    source = build_dot(Forloeb.model_validate(data))
    assert "findes-ikke" not in source and "cluster_ukendt" not in source
    assert re.search(r"^\tsamtale \[", source, re.MULTILINE)  # drawn outside any phase


def test_every_diagram_has_the_house_spacing_margins_and_arrows() -> None:
    # The legend shows the samples as the diagrams draw them, so they share these defaults.
    for source in (build_dot(Forloeb.model_validate(pathway())), legend_dot()):
        defaults = [line.strip() for line in source.splitlines()[1:4]]
        assert re.fullmatch(
            r"graph \[fontname=Helvetica fontsize=11 id=\S+ nodesep=0\.3 rankdir=(TB|LR) ranksep=0\.4\]", defaults[0]
        )
        assert defaults[1:] == [
            'node [fontname=Helvetica fontsize=11 margin="0.15,0.06"]',
            "edge [arrowsize=0.7 fontname=Helvetica fontsize=11]",
        ]


def test_a_phase_without_steps_draws_no_empty_frame() -> None:
    data = pathway()
    data["faser"].insert(1, {"id": "tom", "titel": "Tom fase"})
    source = build_dot(Forloeb.model_validate(data))
    assert "cluster_tom" not in source and "Tom fase" not in source
    assert re.findall(r"subgraph (\S+) \{", source) == ["cluster_udredning", "cluster_behandling"]


def test_a_phase_frame_is_rounded_with_its_title_at_the_left_on_lines_of_40() -> None:
    data = pathway()
    data["faser"][1]["titel"] = "Behandling og kontrol i ambulatoriet"  # 36 characters: one line
    head = cluster_body(build_dot(Forloeb.model_validate(data)), "behandling").splitlines()[0]
    assert head == '\t\tid="fase--behandling" label="Behandling og kontrol i ambulatoriet" labeljust=l style=rounded'


def test_a_condition_wraps_at_25_characters() -> None:
    data = pathway()
    data["trin"][3]["overgange"][0]["betingelse"] = "Hæmoglobin under 6 mmol/l hos patienten"
    source = build_dot(Forloeb.model_validate(data))
    assert 'valg -> medicin [label="Hæmoglobin under 6 mmol/l\\nhos patienten" id="kant--5"]' in source


def endings(count: int, continuing: int = 0) -> str:
    """DOT of the pathway where the decision leads to count endings and continuing steps that lead on."""
    data = pathway()
    data["trin"][3]["overgange"] = [{"til": f"ende-{i}"} for i in range(count)]
    data["trin"][3]["overgange"] += [{"til": f"videre-{i}"} for i in range(continuing)]
    data["trin"] += [{"id": f"ende-{i}", "titel": f"Ende {i}", "type": "afslutning"} for i in range(count)]
    continues = [{"til": "slut"}]
    data["trin"] += [
        {"id": f"videre-{i}", "titel": f"Videre {i}", "type": "behandling", "overgange": continues}
        for i in range(continuing)
    ]
    return build_dot(Forloeb.model_validate(data))


def test_endings_are_spread_over_rows_of_three_taking_turns() -> None:
    assert "minlen" not in endings(3), "three endings are one row"
    assert "minlen" not in endings(3, continuing=2), "steps that lead on are not endings"
    four = [line.strip() for line in endings(4).splitlines() if line.startswith('\tvalg -> "ende-')]
    assert four == [
        'valg -> "ende-0" [id="kant--5"]',
        'valg -> "ende-1" [id="kant--6" minlen=2]',
        'valg -> "ende-2" [id="kant--7"]',
        'valg -> "ende-3" [id="kant--8" minlen=2]',
    ]
    seven = re.findall(r'^\tvalg -> "(ende-\d)" \[id="kant--\d+"(?: minlen=(\d))?\]$', endings(7), re.M)
    assert [rows for _, rows in seven] == ["", "2", "3", "", "2", "3", ""]  # seven endings: three rows


def test_a_note_for_another_pathway_names_it_and_says_whether_it_is_in_the_catalogue() -> None:
    data = pathway()
    data["relaterede"][0]["ekstern"] = False  # in the catalogue: no "(ikke i dette katalog)"
    titel = "Forløb for noget andet"
    note = node_attrs(build_dot(Forloeb.model_validate(data), {"andet": titel}), "_forloeb_andet")
    assert note == f'label="{titel}" id="node--forloeb-andet" shape=note tooltip="Andet forløb: {titel}"'
    data["relaterede"] = []  # reported by the consistency check; the note still names the pathway by its id
    note = node_attrs(build_dot(Forloeb.model_validate(data)), "_forloeb_andet")
    assert note == 'label=andet id="node--forloeb-andet" shape=note tooltip="Andet forløb: andet"'


def test_a_text_with_nothing_printable_is_one_empty_line() -> None:
    assert wrap("\x07\x00") == [""]  # the node keeps its line, and nothing is made up to fill it


def test_control_characters_and_lone_surrogates_are_dropped_other_text_kept() -> None:
    # A control character is invalid in the SVG's XML; a lone surrogate cannot be encoded for dot.
    text = "Blod\x07prøve\x00 \x1b og\ud800 hæmo\u00adglobin \u200d"  # soft hyphen, zero-width joiner
    assert clean(text) == "Blodprøve og hæmo\u00adglobin \u200d"


@needs_dot
def test_svg_nodes_link_to_their_steps(tmp_path: Path) -> None:
    root = ET.fromstring(render_svg(build_dot(Forloeb.model_validate(pathway())), tmp_path))
    anchor = by_id(root, "a_node-samtale").find(f"{SVG}a")
    assert anchor is not None
    assert anchor.get(f"{XLINK}href") == "#trin-samtale" and anchor.get("target") == "_top"
    assert anchor.get(f"{XLINK}title") == "Første samtale"
    assert texts(by_id(root, "node-samtale")) == ["Første samtale", "Sygeplejerske", "Video"]
    assert texts(by_id(root, "kant--1")) == ["Kriterierne er opfyldt"]


@needs_dot
def test_whole_texts_are_drawn_never_cut(tmp_path: Path) -> None:
    long_title = "Kontrol af ferritin og hæmoglobin hos patienter i vedligeholdelsesfasen " * 3
    referrers = ["Læge i reumatologisk ambulatorium (intern overflytning fra tættere kontrol)"] * 2
    data = pathway()
    data["trin"][1]["titel"] = long_title
    data["trin"][2]["titel"] = "Leverfibroscanningsundersøgelsesresultat"  # longer than a line
    data["henvisning"]["henvisere"] = referrers
    root = ET.fromstring(render_svg(build_dot(Forloeb.model_validate(data)), tmp_path))
    assert not [t for t in texts(root) if "…" in t]
    title_lines = texts(by_id(root, "node-samtale"))[: len(long_title) // diagram_style.WRAP + 1]
    assert " ".join(title_lines).startswith(shown(long_title))
    assert texts(by_id(root, "node-blodproeve"))[0] == "Leverfibroscanningsundersøgelsesresultat"  # whole
    assert " ".join(texts(by_id(root, "node--start"))) == "Henvisning Fra: " + ", ".join(referrers)


def test_danish_names_cover_every_model_value() -> None:
    assert set(diagram_style.TYPE_NAVN) == set(get_args(TrinType)) == set(diagram_style.TYPE_FORM)
    assert set(diagram_style.UDFOERER_NAVN) == set(get_args(Udfoerer))
    assert set(diagram_style.FORM_NAVN) == set(get_args(Kontaktform)) == set(diagram_style.FORM_STREG)
    assert diagram_style.UDFOERER_NAVN["laege"] == "Læge"
    assert diagram_style.FORM_NAVN["fysisk"] == "Fysisk fremmøde"


# --- Escaping -----------------------------------------------------------------------------------

NASTY = [
    '"quote"',
    "]",
    "{{ x }}",
    "{% if %}",
    "<script>alert(1)</script>",
    "<b>fed</b>",
    "\\N \\G \\L \\E",
    "\\\\",
    'slut\\" ]; a -> b [',
    "end\\",
    "a\nb\r\n\tc",
    "A & B &lt; &amp;",
    "line\\nbreak \\l",
]


def nasty_pathway() -> Forloeb:
    data = pathway()
    data["faser"] = [{"id": f"f{i}", "titel": text} for i, text in enumerate(NASTY)]
    steps = [
        {"id": f"s{i}", "titel": text, "type": "behandling", "fase": f"f{i}", "overgange": [{"til": f"s{i + 1}"}]}
        for i, text in enumerate(NASTY)
    ]
    steps[-1]["overgange"] = [{"til": "videre", "betingelse": NASTY[-1]}]
    for i, step in enumerate(steps[:-1]):
        step["overgange"][0]["betingelse"] = NASTY[i]
    steps.append({"id": "videre", "titel": "Videre", "type": "overgang", "til_forloeb": "andet"})
    data["trin"] = steps
    data["henvisning"]["henvisere"] = ["<script>x</script>", '\\N "q" {{ }}']
    return Forloeb.model_validate(data)


def shown(text: str) -> str:
    return " ".join(text.split())  # newlines in YAML text become spaces


@needs_dot
def test_untrusted_text_renders_literally(tmp_path: Path) -> None:
    source = build_dot(nasty_pathway(), {"andet": '<i>x</i> & "y" \\G'})
    svg = render_svg(source, tmp_path)
    root = ET.fromstring(svg)  # well-formed XML
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1].lower() == "script"]
    assert "<script" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    for i, text in enumerate(NASTY):
        node = by_id(root, f"node-s{i}")
        # Node labels wrap (long words too), so compare without the spaces where lines were split.
        assert "".join(texts(node)).replace(" ", "") == shown(text).replace(" ", ""), text
        anchor = by_id(root, f"a_node-s{i}").find(f"{SVG}a")
        assert anchor is not None and anchor.get(f"{XLINK}title") == shown(text), text
        assert texts(by_id(root, f"fase--f{i}")) == [shown(text)], text
        assert texts(by_id(root, f"kant--{i + 1}")) == [shown(text)], text
    start = by_id(root, "node--start")
    assert " ".join(texts(start)) == 'Henvisning Fra: <script>x</script>, \\N "q" {{ }}'
    tooltip = by_id(root, "a_node--start").find(f"{SVG}a")
    assert tooltip is not None and tooltip.get(f"{XLINK}title") == 'Henvisning fra: <script>x</script>; \\N "q" {{ }}'
    assert " ".join(texts(by_id(root, "node--forloeb-andet"))) == '<i>x</i> & "y" \\G (ikke i dette katalog)'


def test_label_is_never_an_html_label() -> None:
    data = pathway()
    data["trin"][-1]["titel"] = "<b>fed</b>"
    source = build_dot(Forloeb.model_validate(data))
    assert 'label="<b>fed</b>"' in node_attrs(source, "slut")  # quoted: plain text, not <...>
    assert 'tooltip="<b>fed</b>"' in node_attrs(source, "slut")


# --- Determinism --------------------------------------------------------------------------------


@pytest.mark.subprocess
def test_same_input_gives_identical_dot() -> None:
    first = build_dot(nasty_pathway(), {"andet": "x"})
    assert first == build_dot(nasty_pathway(), {"andet": "x"})
    # Across processes with different hash seeds, so set or dict ordering cannot leak in.
    code = "from tests.test_diagram import nasty_pathway; from forloeb.diagram.dot import build_dot;"
    code += "import sys; sys.stdout.buffer.write(build_dot(nasty_pathway(), {'andet': 'x'}).encode())"
    root = Path(__file__).resolve().parents[1]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert outputs == {first.encode()}


# --- Rendering, cache and errors ----------------------------------------------------------------


@needs_dot
def test_second_render_comes_from_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = build_dot(Forloeb.model_validate(pathway()))
    svg = render_svg(source, tmp_path / "cache")
    assert "<svg" in svg
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 1 and re.fullmatch(r"[0-9a-f]{64}\.svg", files[0].name)

    def no_dot(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"dot was run: {args}")

    monkeypatch.setattr(diagram.subprocess, "run", no_dot)
    assert render_svg(source, tmp_path / "cache") == svg
    with pytest.raises(AssertionError, match="dot was run"):
        render_svg(source + "\n", tmp_path / "cache")  # another source is a cache miss


@needs_dot
def test_render_many_in_parallel(tmp_path: Path) -> None:
    sources = {"a": build_dot(Forloeb.model_validate(pathway())), "b": legend_dot()}
    result = render_many(sources, tmp_path, workers=2)
    assert list(result) == ["a", "b"]
    assert result["a"] == render_svg(sources["a"], tmp_path) and 'id="tegnforklaring"' in result["b"]
    with pytest.raises(DiagramError, match=r"'b'.*dot fejlede .*syntax error"):
        render_many({"a": sources["a"], "b": "digraph { a -> }"}, tmp_path)


def test_missing_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DiagramError, match=re.escape(diagram.MANGLER_DOT)):
        render_svg("digraph {}", tmp_path)
    monkeypatch.undo()
    monkeypatch.setattr(diagram, "DOT_COMMAND", "dot-findes-ikke")
    with pytest.raises(DiagramError, match=r"^Graphviz \(dot\) er ikke installeret"):
        render_svg("digraph {}", tmp_path)


def fake_dot(directory: Path, body: str) -> None:
    script = directory / "dot"
    script.write_text(f'#!/bin/sh\nif [ "$1" = "-V" ]; then echo "dot - fake" >&2; exit 0; fi\n{body}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dot(tmp_path, "exec sleep 10")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    with pytest.raises(DiagramError, match=r"^dot brugte mere end 0\.5 s"):
        render_svg("digraph {}", tmp_path / "cache", timeout=0.5)
    assert time.monotonic() - started < 5
    assert not (tmp_path / "cache").exists()  # nothing half-written


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('echo "Error: something broke" >&2; echo "second line" >&2; exit 3', "Error: something broke"),
        ("exit 3", "ingen fejlbesked"),
    ],
)
def test_failing_dot_reports_its_first_stderr_line_or_that_it_gave_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str, message: str
) -> None:
    fake_dot(tmp_path, script)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(DiagramError, match=rf"^dot fejlede \(exit 3\): {message}$"):
        render_svg("digraph {}", tmp_path / "cache")


def test_dot_that_vanishes_or_cannot_run_after_its_version_check_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each in a folder of its own: the version of a dot at a given path is asked once.
    for folder, after_version, message in [
        ("uninstalled", 'rm "$0"', f"^{re.escape(diagram.MANGLER_DOT)}$"),
        ("not-executable", 'chmod a-x "$0"', r"^dot kunne ikke startes: \[Errno 13\] Permission denied"),
    ]:
        (tmp_path / folder).mkdir()
        fake_dot(tmp_path / folder, "")
        script = (tmp_path / folder / "dot").read_text().replace("exit 0", f"{after_version}; exit 0")
        (tmp_path / folder / "dot").write_text(script)
        monkeypatch.setenv("PATH", f"{tmp_path / folder}{os.pathsep}{os.environ['PATH']}")
        with pytest.raises(DiagramError, match=message):
            render_svg("digraph {}", tmp_path / "cache")
        monkeypatch.undo()


def test_bytes_from_dot_that_are_not_utf8_are_replaced_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    fake_dot(tmp_path, r"printf 'Error: font \377 mangler\n' >&2; exit 1")
    with pytest.raises(DiagramError, match=r"^dot fejlede \(exit 1\): Error: font \ufffd mangler$"):
        render_svg("digraph {}", tmp_path / "cache")
    fake_dot(tmp_path, r"printf '<svg>\377</svg>'")
    assert render_svg("digraph {}", tmp_path / "cache") == "<svg>\ufffd</svg>"


def test_a_cache_that_cannot_be_written_is_reported(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder should be")
    with pytest.raises(DiagramError, match=rf"^diagram-cachen {re.escape(str(tmp_path / 'cache'))} kan ikke skrives: "):
        render_svg("digraph {}", tmp_path / "cache")


def test_the_time_limit_holds_for_every_diagram_rendered_in_parallel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(tmp_path, "exec sleep 10")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    started = time.monotonic()
    with pytest.raises(
        DiagramError, match=r"^diagrammet for forløbet 'a' kunne ikke tegnes: dot brugte mere end 0\.5 s"
    ):
        render_many({"a": "digraph {}"}, tmp_path / "cache", timeout=0.5)
    assert time.monotonic() - started < 5


@needs_dot
def test_graphviz_version_names_the_installed_dot() -> None:
    assert re.match(r"^dot - graphviz version \d+\.\d+", diagram.graphviz_version())


# --- Inline SVG and legend ----------------------------------------------------------------------


@needs_dot
def test_inline_svg_is_accessible_and_embeddable(tmp_path: Path) -> None:
    raw = render_svg(build_dot(Forloeb.model_validate(pathway())), tmp_path)
    out = inline_svg(raw, 'Forløb <script>x</script> & "y"\n\nmere', "diagram-titel", "diagram-tekst")
    assert out.startswith("<svg") and out.rstrip().endswith("</svg>")
    assert "<?xml" not in out and "<!DOCTYPE" not in out and "<!--" not in out
    assert all(line.strip() for line in out.splitlines())
    root = ET.fromstring(out)
    assert root.get("width") is None and root.get("height") is None and root.get("viewBox")
    # The stylesheet sizes it from its natural width and its labels' font size, in its own units.
    width = natural_width(raw)
    assert root.get("style") == f"--forloeb-bredde:{width:g};--forloeb-skrift:{diagram_style.FONTSIZE}"
    assert root.get("viewBox", "").split()[2] == f"{width:.2f}"
    assert root.get("role") == "group" and root.get("aria-describedby") == "diagram-tekst"
    first = root[0]
    assert first.tag == f"{SVG}title" and first.get("id") == root.get("aria-labelledby") == "diagram-titel"
    assert first.text == 'Forløb <script>x</script> & "y" mere'
    assert "&lt;script&gt;" in out
    graph = next(e for e in root.iter(f"{SVG}g") if e.get("class") == "graph")
    assert graph.find(f"{SVG}title") is None  # dot's own graph title is replaced by ours
    assert by_id(root, "node-samtale").find(f"{SVG}title") is not None  # node titles are kept
    outside_texts = [(e.tag, e.text, e.tail) for e in root.iter() if e.tag not in (f"{SVG}text", f"{SVG}title")]
    assert all(not (text or "").strip() for _, text, _ in outside_texts), "no stray text in the drawing"
    assert all(not (tail or "").strip() for *_, tail in outside_texts)


@needs_dot
def test_legend_names_itself_and_describes_nothing_it_does_not_have(tmp_path: Path) -> None:
    out = inline_svg(render_svg(legend_dot(), tmp_path), "Signaturforklaring", "signaturforklaring-titel")
    root = ET.fromstring(out)
    assert root.get("aria-labelledby") == "signaturforklaring-titel" == root[0].get("id")
    assert "aria-describedby" not in root.attrib


def test_natural_width_is_the_viewbox_width() -> None:
    assert natural_width('<svg width="1163pt" height="10pt" viewBox="0.00 0.00 1162.50 10.00">') == 1162.5
    for no_size in ('<svg width="100%">', "dot skrev ingen svg"):
        with pytest.raises(DiagramError, match=r"^dot gav ikke et <svg>-element med viewBox$"):
            natural_width(no_size)


NODES = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><g class="graph"><title>g</title>
<g class="cluster"><title>cluster_a</title><polygon points="0,0 100,0 100,-100 0,-100"/></g>
<g class="node"><title>rund</title><ellipse cx="20" cy="-30" rx="10" ry="5"/><text>Rund</text></g>
<g class="node"><title>streg</title><polyline points="40,-10 60,-20 50,-40"/></g>
<g class="node"><title>kurve</title><path d="M70,-50C70,-60 90,-60 90,-55"/></g>
<g class="edge"><title>rund&#45;&gt;streg</title><path d="M20,-25C30,-20 40,-15 40,-10"/></g>
<g id="a_node-x"><a><g class="node"><title>link</title><polygon points="1,-2 3,-2 3,-4 1,-4"/></g></a></g>
</g></svg>"""


def test_node_boxes_are_the_boxes_the_nodes_shapes_are_drawn_in() -> None:
    # The cutting of a large diagram (parts.py) reads where each node is from these boxes.
    assert diagram.node_boxes(NODES) == {
        "rund": diagram.Box(10, -35, 30, -25),
        "streg": diagram.Box(40, -40, 60, -10),
        "kurve": diagram.Box(70, -60, 90, -50),
        "link": diagram.Box(1, -4, 3, -2),
    }


@needs_dot
def test_node_boxes_hold_every_node_of_a_diagram_and_nothing_else(tmp_path: Path) -> None:
    f = Forloeb.model_validate(pathway())
    boxes = diagram.node_boxes(render_svg(build_dot(f), tmp_path))
    assert set(boxes) == {"_start", "_forloeb_andet", *(t.id for t in f.trin)}


@needs_dot
def test_legend_matches_the_style_tables(tmp_path: Path) -> None:
    source = legend_dot()
    for key, attrs in diagram_style.TYPE_FORM.items():
        assert f"shape={attrs['shape']}" in node_attrs(source, f"type_{key}")
    for key, attrs in diagram_style.FORM_STREG.items():
        assert attrs["style"] in node_attrs(source, f"form_{key}")
    assert "shape=folder" in node_attrs(source, "fase") and "shape=rarrow" in node_attrs(source, "forbindelse")
    root = ET.fromstring(render_svg(source, tmp_path))
    shown_text = " ".join(texts(root))
    for name in [*diagram_style.TYPE_NAVN.values(), *diagram_style.FORM_NAVN.values()]:
        for word in name.split():
            assert word in shown_text, name


def test_legend_columns_are_titled_framed_and_hold_every_kind_of_node() -> None:
    source = legend_dot()
    titles = ["Trintyper", "Kontaktform (kant og tekst)", "Øvrige"]
    for i, titel in enumerate(titles):
        head = cluster_body(source, str(i)).splitlines()[0]
        assert re.fullmatch(rf'\t\tid="tegnforklaring--{i}" label="?{re.escape(titel)}"? style=rounded', head), head
    others = cluster_body(source, "2")
    kinds = [diagram_style.START_TITEL, diagram_style.ANDET_FORLOEB_TITEL, *diagram_style.OPGAVEFLYTNING.values()]
    kinds += [diagram_style.FASE_FORKLARING, diagram_style.FORBINDELSE_FORKLARING, diagram_style.AFTALT_FORKLARING]
    labels = re.findall(r'label="?([^"\]]*)"? id=', others)
    assert [text.replace("\\n", " ") for text in labels] == kinds


@needs_dot
def test_legend_columns_stand_side_by_side_and_draw_no_arrows(tmp_path: Path) -> None:
    source = legend_dot()
    assert re.search(r"^\tgraph \[.*\brankdir=LR\b", source, re.M)
    root = ET.fromstring(render_svg(source, tmp_path))
    frames = []
    for i in range(3):
        frame = by_id(root, f"tegnforklaring--{i}").find(f"{SVG}path")  # rounded: a path, not a polygon
        assert frame is not None
        xs = [float(x) for x in re.findall(r"(-?[0-9.]+),", frame.get("d", ""))]
        frames.append((min(xs), max(xs)))
    assert all(left[1] < right[0] for left, right in itertools.pairwise(frames)), frames
    assert not [g.get("id") for g in root.iter(f"{SVG}g") if g.get("class") == "edge"], "its edges are invisible"
    nodes = [g.get("id") or "" for g in root.iter(f"{SVG}g") if g.get("class") == "node"]
    samples = len(diagram_style.TYPE_NAVN) + len(diagram_style.FORM_NAVN) + 5 + len(diagram_style.OPGAVEFLYTNING)
    assert len(nodes) == samples and all(n.startswith("tegnforklaring--") for n in nodes), nodes
