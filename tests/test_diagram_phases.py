"""Flowcharts phase by phase: the overview, each phase's diagram, their links, and which pathways
are drawn this way."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from forloeb.diagram.dot import build_dot, legend_dot
from forloeb.diagram.phases import overview_dot, phase_dots
from forloeb.diagram.svg import render_many
from forloeb.load.catalog import load_catalog
from forloeb.model.pathway import Forloeb
from macros.render.diagrams import SPLIT_ABOVE_PT, Diagrams, phase_key
from tests.factories import ROOT
from tests.test_diagram import NASTY, SVG, XLINK, by_id, nasty_pathway, needs_dot, node_attrs, pathway, shown, texts

SHIPPED = load_catalog(ROOT)


def related(f: Forloeb) -> dict[str, str]:
    return {r.forloeb: r.titel or SHIPPED.forloeb[r.forloeb].titel for r in f.relaterede}


def test_overview_draws_each_phase_as_one_node_that_links_to_its_diagram() -> None:
    source = overview_dot(Forloeb.model_validate(pathway()))
    udredning = node_attrs(source, "_fase_udredning")
    assert 'label="Udredning\\nForløbstid: højst 30 dage\\n2 trin"' in udredning
    assert 'URL="#flowchart-fase-udredning"' in udredning and "shape=folder" in udredning
    assert 'URL="#flowchart-fase-behandling"' in node_attrs(source, "_fase_behandling")
    # Steps without a phase are drawn as steps; steps in a phase are not drawn here at all.
    for step in ("visitation", "videre", "slut"):
        assert f'URL="#trin-{step}"' in node_attrs(source, step)
    assert "samtale" not in source and "medicin [" not in source
    # One edge per pair of places; the condition stays where the edge leaves a step.
    assert '_start -> visitation [id="oversigt--kant--start"]' in source
    assert 'visitation -> _fase_udredning [label="Kriterierne er opfyldt" id="oversigt--kant--1"]' in source
    assert "_fase_udredning -> _fase_behandling [id=" in source
    assert source.count("_fase_behandling -> ") == 2  # to "videre" and to "slut", without labels
    assert '_fase_behandling -> videre [id="oversigt--kant--4"]' in source
    assert "videre -> _forloeb_andet" in source


def test_phase_diagram_has_its_steps_and_connectors_to_the_rest() -> None:
    dots = phase_dots(Forloeb.model_validate(pathway()))
    assert list(dots) == ["udredning", "behandling"]
    udredning, behandling = dots["udredning"], dots["behandling"]
    # Entered from a step without a phase (drawn in the overview), left towards the next phase.
    entry = node_attrs(udredning, "_fra_trin_visitation")
    assert 'label="Fra: Visitation"' in entry and 'URL="#node-visitation"' in entry and "shape=rarrow" in entry
    assert "_fra_trin_visitation -> samtale" in udredning
    exit_ = node_attrs(udredning, "_til_valg")
    assert 'label="Videre til:\\nBehandling nødvendig?\\n(fase: Behandling)"' in exit_
    assert 'URL="#node-valg"' in exit_
    assert "samtale -> blodproeve" in udredning and "blodproeve -> _til_valg" in udredning
    # Entered from the previous phase; leaves to steps without a phase, the condition on the edge.
    assert 'URL="#flowchart-fase-udredning"' in node_attrs(behandling, "_fra_fase_udredning")
    assert 'label="Fra fase: Udredning"' in node_attrs(behandling, "_fra_fase_udredning")
    assert 'valg -> _til_videre [label="Nej, men anden sygdom" id="fase--behandling--kant--3"]' in behandling
    assert 'label="Videre til:\\nVidere"' in node_attrs(behandling, "_til_videre")  # no phase: no phase line
    assert "_start" not in udredning + behandling  # the first step has no phase: its referral is in the overview


def test_the_phase_with_the_first_step_starts_at_the_referral() -> None:
    data = pathway()
    data["trin"][0]["fase"] = "udredning"
    dots = phase_dots(Forloeb.model_validate(data))
    assert "_start -> visitation" in dots["udredning"] and "_start" not in dots["behandling"]


def drawn(f: Forloeb, cache: Path) -> dict[str, ET.Element]:
    sources = {"oversigt": overview_dot(f, related(f)), **phase_dots(f, related(f))}
    return {key: ET.fromstring(svg) for key, svg in render_many(sources, cache).items()}


def links(root: ET.Element) -> list[str]:
    return [href for a in root.iter(f"{SVG}a") if (href := a.get(f"{XLINK}href"))]  # not tooltips alone


@needs_dot
@pytest.mark.parametrize("forloeb_id", sorted(SHIPPED.forloeb))
def test_every_step_is_drawn_once_and_every_link_lands(tmp_path: Path, forloeb_id: str) -> None:
    f = SHIPPED.forloeb[forloeb_id]
    roots = drawn(f, tmp_path)
    ids = Counter(e.get("id") for root in roots.values() for e in root.iter() if e.get("id"))
    assert [i for i, n in ids.items() if n > 1] == [], "ids are unique on the page"
    assert all(ids[f"node-{t.id}"] == 1 for t in f.trin)
    targets = {f"#trin-{t.id}" for t in f.trin} | {f"#flowchart-fase-{p}" for p in roots if p != "oversigt"}
    for key, root in roots.items():
        for href in links(root):
            assert href in targets or (href.startswith("#node-") and ids[href[1:]] == 1), (key, href)
    assert not [t for root in roots.values() for t in texts(root) if "…" in t]


@needs_dot
def test_untrusted_text_in_connectors_renders_literally(tmp_path: Path) -> None:
    f = nasty_pathway()  # one step per phase, each phase and step titled with hostile text
    roots = drawn(f, tmp_path)
    for i, text in enumerate(NASTY[1:-1], start=1):
        phase = roots[f"f{i}"]
        entry = by_id(phase, f"fase--f{i}--fra-fase-f{i - 1}")
        assert " ".join(texts(entry)).replace(" ", "") == f"Fra fase: {shown(NASTY[i - 1])}".replace(" ", "")
        exit_ = by_id(phase, f"fase--f{i}--til-s{i + 1}")
        expected = f"Videre til: {shown(NASTY[i + 1])} (fase: {shown(NASTY[i + 1])})"
        assert " ".join(texts(exit_)).replace(" ", "") == expected.replace(" ", ""), text
        assert "".join(texts(by_id(phase, f"node-s{i}"))).replace(" ", "") == shown(text).replace(" ", "")
    overview = roots["oversigt"]
    assert "".join(texts(by_id(overview, "oversigt--fase--f4"))).startswith(shown(NASTY[4]).replace(" ", ""))


@pytest.mark.subprocess
def test_same_input_gives_identical_phase_dot() -> None:
    code = "from tests.test_diagram import nasty_pathway; from forloeb.diagram.phases import overview_dot, phase_dots;"
    code += "import sys; f = nasty_pathway();"
    code += "sys.stdout.buffer.write((overview_dot(f) + ''.join(phase_dots(f).values())).encode())"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    f = nasty_pathway()
    assert outputs == {(overview_dot(f) + "".join(phase_dots(f).values())).encode()}


@needs_dot
def test_only_wide_pathways_whose_phases_are_narrower_are_drawn_phase_by_phase(tmp_path: Path) -> None:
    diagrams = Diagrams()
    svgs = diagrams.draw(SHIPPED, tmp_path, 30)
    split = {fid for fid, f in SHIPPED.forloeb.items() if any(phase_key(fid, fa.id) in svgs for fa in f.faser)}
    # MAS is drawn 1,163 pt wide whole, its phases 727 and 627 pt. The RA pathway is 909 pt wide,
    # but its larger phase alone would be wider still, so it stays whole; hæmokromatose fits.
    assert split == {"mas"}
    mas = SHIPPED.forloeb["mas"]
    overview = ET.fromstring(svgs["mas"])
    assert overview[0].text == f"Flowchart: {mas.titel}, oversigt over faserne"
    assert [href for href in links(overview) if "fase" in href] == [f"#flowchart-fase-{fa.id}" for fa in mas.faser]
    for fase in mas.faser:
        root = ET.fromstring(svgs[phase_key("mas", fase.id)])
        assert root.get("aria-describedby") == f"diagram-mas-fase-{fase.id}-beskrivelse"
        assert root[0].text == f"Flowchart: {mas.titel}, {fase.titel}"
    widths = {fid: float(svgs[fid].split("--forloeb-bredde:", 1)[1].split(";")[0]) for fid in SHIPPED.forloeb}
    assert widths["haemokromatose"] <= SPLIT_ABOVE_PT < widths["reumatoid-artritis-stabil-fase"]
    assert Diagrams().draw(SHIPPED, tmp_path, 30) == svgs  # the same again, from the cache on disk


# --- What every diagram of a page holds: ids the page can link to, links that move the page ----------

STATEMENT = re.compile(r"^\t(?:subgraph \S+ \{\n\t\t)?(?P<head>[^\[\n]+?) \[(?P<attrs>[^\n]*)\]$", re.M)


def statements(source: str) -> list[tuple[str, str]]:
    """(node, edge or cluster head, its attributes) for each statement with attributes in a DOT source."""
    out = [(m["head"], m["attrs"]) for m in STATEMENT.finditer(source)]
    out += [("cluster", m[1]) for m in re.finditer(r"^\t\t(id=[^\n]*)$", source, re.M)]
    out += [(m[1], "") for m in re.finditer(r"^\t+(\S+ -> \S+)$", source, re.M)]  # an edge without attributes
    return [(head, attrs) for head, attrs in out if head.strip() not in ("graph", "node", "edge")]


def page_diagrams(f: Forloeb) -> list[str]:
    titles = related(f) if f.id in SHIPPED.forloeb else {}
    return [build_dot(f, titles), overview_dot(f, titles), *phase_dots(f, titles).values(), legend_dot()]


@pytest.mark.parametrize("forloeb_id", [*SHIPPED.forloeb, "nasty"])
def test_every_element_of_a_pages_diagrams_has_an_id_of_its_own(forloeb_id: str) -> None:
    f = nasty_pathway() if forloeb_id == "nasty" else SHIPPED.forloeb[forloeb_id]
    ids: list[str] = []
    for source in page_diagrams(f):
        graph_id = re.search(r"^\tgraph \[.*\bid=(\"[^\"]*\"|\S+)", source, re.M)
        assert graph_id is not None and graph_id[1].strip('"').startswith(("diagram--", "tegnforklaring"))
        for head, attrs in statements(source):
            found = re.search(r'\bid=("(?:[^"\\]|\\.)*"|[^ \]]+)', attrs)
            assert found is not None, f"{head} [{attrs}] has no id"
            ids.append(found[1].strip('"'))
    repeated = [i for i in ids if ids.count(i) > 1 and not i.startswith("node-")]
    assert repeated == [], "one id per element, except a step's node, drawn whole and in its phase"
    steps = {f"node-{t.id}" for t in f.trin}
    assert steps <= set(ids), "every step has a node that its step in the text links back to"


@pytest.mark.parametrize("forloeb_id", [*SHIPPED.forloeb, "nasty"])
def test_every_link_in_a_diagram_moves_the_page_and_says_where_it_goes(forloeb_id: str) -> None:
    f = nasty_pathway() if forloeb_id == "nasty" else SHIPPED.forloeb[forloeb_id]
    links = 0
    for source in page_diagrams(f):
        for head, attrs in statements(source):
            if "URL=" in attrs:
                links += 1
                assert "target=_top" in attrs, f"{head}: a link inside the SVG must open in the page"
                tooltip = re.search(r'tooltip=("(?:[^"\\]|\\.)*"|\S+)', attrs)
                assert tooltip is not None and tooltip[1].strip('"'), f"{head}: a link needs a tooltip"
    assert links >= len(f.trin)


def test_a_phase_diagram_names_a_related_pathway_by_its_title() -> None:
    mas = SHIPPED.forloeb["mas"]
    titles = related(mas)
    shown_anywhere = "".join(phase_dots(mas, titles).values())
    drawn = [t for t in mas.trin if t.til_forloeb]
    assert drawn, "MAS leaves for other pathways"
    for t in drawn:
        assert titles[t.til_forloeb].split()[0] in shown_anywhere
