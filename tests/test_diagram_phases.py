"""Flowcharts phase by phase and in parts: the overview, each phase's (or part's) diagram, the
connectors between them, which pathways are drawn this way, and that every diagram of the shipped
pathways and of large made-up ones prints its labels at 7 pt or more on A4."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from forloeb.diagram import paper
from forloeb.diagram.dot import build_dot, legend_dot
from forloeb.diagram.layout import Drawing, Plan, Planning
from forloeb.diagram.phases import Part, numbered, overview_dot, part_dot, phase_dots, placement
from forloeb.diagram.style import FONTSIZE
from forloeb.diagram.svg import Box, natural_size, render_many, render_svg
from forloeb.load.catalog import Catalog, load_catalog
from forloeb.model.pathway import Forloeb
from forloeb.model.registers import Speciale
from macros.render.diagrams import SPLIT_ABOVE_PT, Diagrams, Drawings
from macros.render.figures import Figure
from tests import factories
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


def test_the_overview_draws_one_arrow_from_a_phase_to_a_pathway_its_steps_lead_to() -> None:
    data = pathway()
    data["trin"][5]["fase"] = "behandling"
    data["trin"].append({"id": "videre-2", "titel": "Også videre", "type": "overgang", "fase": "behandling"})
    data["trin"][-1]["til_forloeb"] = "andet"
    data["trin"][3]["overgange"].append({"til": "videre-2"})
    source = overview_dot(Forloeb.model_validate(data))
    assert re.findall(r"^\t(\S+) -> _forloeb_andet (.*)$", source, re.M) == [
        ("_fase_behandling", '[id="oversigt--kant--fase_behandling--forloeb-andet"]')
    ]


def test_overview_wraps_phase_titles_as_steps_and_joins_the_conditions_into_a_phase() -> None:
    data = pathway()
    data["faser"][0]["titel"] = "Udredning af blodmangel hos voksne"
    data["trin"][0]["overgange"] = [
        {"til": "samtale", "betingelse": "Hæmoglobin under 6 mmol/l hos patienten"},
        {"til": "blodproeve", "betingelse": "Akut"},
    ]
    source = overview_dot(Forloeb.model_validate(data))
    label = 'label="Udredning af blodmangel\\nhos voksne\\nForløbstid: højst 30 dage\\n2 trin"'
    assert label in node_attrs(source, "_fase_udredning")  # a node among steps: their width, 24
    assert 'visitation -> _fase_udredning [label="Hæmoglobin under 6 mmol/l\\nhos patienten; Akut"' in source


def test_a_phase_diagram_draws_one_arrow_per_connector_and_step_and_names_related_pathways() -> None:
    data = pathway()
    data["trin"][1]["overgange"] = [{"til": "valg", "betingelse": "Ja"}, {"til": "valg", "betingelse": "Nej"}]
    data["trin"][5]["fase"] = "behandling"
    behandling = phase_dots(Forloeb.model_validate(data), {"andet": "Forløb for noget andet"})["behandling"]
    assert re.findall(r"^\t(\S+ -> valg) ", behandling, re.M) == ["_fra_fase_udredning -> valg"]
    assert 'tooltip="Videre til: Afsluttet"' in node_attrs(behandling, "_til_slut")
    assert 'label="Forløb for noget andet\\n(ikke i dette katalog)"' in node_attrs(behandling, "_forloeb_andet")


def test_a_part_is_drawn_across_only_where_the_cutting_says_so() -> None:
    parts = numbered("udredning", [["samtale"], ["blodproeve"], ["valg"]], [True])
    assert [p.across for p in parts] == [True, False, False]


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


def test_parts_of_a_phase_name_each_other_and_the_other_phases() -> None:
    f = Forloeb.model_validate(pathway())
    parts = [*numbered("udredning", [("samtale",), ("blodproeve",)]), Part("behandling", ("valg", "medicin"))]
    where = placement(parts)
    first, second = (part_dot(f, part, where) for part in parts[:2])
    assert 'id="diagram--test-forloeb--fase--udredning--del-1"' in first
    exit_ = node_attrs(first, "_til_blodproeve")
    assert 'label="Videre til:\\nBlodprøve\\n(del 2)"' in exit_ and 'URL="#node-blodproeve"' in exit_
    assert 'id="fase--udredning--del-1--til-blodproeve"' in exit_
    entry = node_attrs(second, "_fra_trin_samtale")
    assert 'label="Fra: Første samtale\\n(del 1)"' in entry and 'URL="#node-samtale"' in entry
    assert 'label="Videre til:\\nBehandling nødvendig?\\n(fase: Behandling)"' in node_attrs(second, "_til_valg")
    # The phase's own diagram is entered from the first part as from a phase: by its anchor.
    third = part_dot(f, parts[2], where)
    assert 'URL="#flowchart-fase-udredning"' in node_attrs(third, "_fra_fase_udredning")
    assert [p.anchor for p in parts] == [
        "flowchart-fase-udredning-del-1",
        "flowchart-fase-udredning-del-2",
        "flowchart-fase-behandling",
    ]


def test_parts_of_a_pathway_without_phases_name_each_other_by_number() -> None:
    f = Forloeb.model_validate(pathway(faser=[]))
    ids = [t.id for t in f.trin]
    parts = numbered(None, [ids[:3], ids[3:]])
    where = placement(parts)
    first, second = (part_dot(f, part, where) for part in parts)
    assert "_start -> visitation" in first and "_start" not in second
    assert 'label="Videre til:\\nBehandling nødvendig?\\n(del 2)"' in node_attrs(first, "_til_valg")
    assert 'label="Fra: Blodprøve\\n(del 1)"' in node_attrs(second, "_fra_trin_blodproeve")
    assert [p.anchor for p in parts] == ["flowchart-del-1", "flowchart-del-2"]


def test_a_step_with_many_endings_spreads_them_over_two_rows() -> None:
    data = pathway()
    data["trin"][3]["overgange"] = [{"til": f"ende-{i}"} for i in range(5)]
    data["trin"] += [{"id": f"ende-{i}", "titel": f"Ende {i}", "type": "afslutning"} for i in range(5)]
    source = build_dot(Forloeb.model_validate(data))
    lower = [f"ende-{i}" for i in range(5) if re.search(rf'valg -> "ende-{i}" \[[^]]*minlen=2', source)]
    assert lower == ["ende-1", "ende-3"]
    assert "minlen" not in build_dot(Forloeb.model_validate(pathway()))  # three endings or fewer: one row


# --- Laid out for screen and paper ---------------------------------------------------------------


def planned(f: Forloeb, whole: Drawing, screen_pt: float, drawn: Callable[[str], Drawing]) -> Plan:
    """The planning's decision, with each DOT source it asks for drawn as drawn says."""
    planning = Planning(f, whole, {}, screen_pt)
    while wanted := planning.wanted():
        for dot in wanted:
            planning.measured(dot, drawn(dot))
    return planning.plan


READABLE_JUST = 801.7997750281216  # as wide as this, a drawing's labels print at exactly MIN_LABEL_PT
ANY_BOXES = {"a": Box(0, 0, 10, 10)}


def test_a_pathway_is_whole_at_exactly_the_screen_width_and_the_smallest_readable_print() -> None:
    whole = Drawing(READABLE_JUST, 100, ANY_BOXES)
    assert whole.label_pt == paper.MIN_LABEL_PT
    f = Forloeb.model_validate(pathway())
    assert planned(f, whole, READABLE_JUST, lambda dot: pytest.fail(f"drawn: {dot}")) == Plan()


def test_a_pathway_of_one_phase_is_never_drawn_by_phase() -> None:
    # Only too wide for the screen (no boxes: it prints readably), so it scrolls; an overview of one phase says nothing.
    data = pathway()
    data["faser"] = data["faser"][:1]
    for step in data["trin"]:
        step["fase"] = "udredning" if step.get("fase") else None
    f = Forloeb.model_validate(data)
    assert planned(f, Drawing(900, 300), 800, lambda dot: pytest.fail(f"drawn: {dot}")) == Plan()


def test_a_phase_that_prints_readably_is_one_diagram_even_where_its_nodes_are_known() -> None:
    f = Forloeb.model_validate(pathway())
    plan = planned(f, Drawing(2000, 3000, ANY_BOXES), 800, lambda dot: Drawing(300, 200, ANY_BOXES))
    assert plan.parts == (Part("udredning", ("samtale", "blodproeve")), Part("behandling", ("valg", "medicin")))
    assert plan.overview and plan.dots == tuple(phase_dots(f).values())


def test_a_phase_of_two_steps_too_large_for_a_page_is_cut_between_them() -> None:
    f = Forloeb.model_validate(pathway())
    boxes = {"valg": Box(0, 0, 2000, 1400), "medicin": Box(0, 1600, 2000, 3000)}

    def drawn(dot: str) -> Drawing:
        both = re.search(r"^\tvalg \[", dot, re.M) and re.search(r"^\tmedicin \[", dot, re.M)
        return Drawing(2000, 3000, boxes) if both else Drawing(300, 200)

    plan = planned(f, Drawing(2000, 3000, boxes), 800, drawn)
    assert [p.steps for p in plan.parts if p.fase == "behandling"] == [("valg",), ("medicin",)]


def test_a_phase_of_one_step_is_one_diagram_however_large() -> None:
    data = pathway()
    data["trin"][3]["fase"] = "udredning"  # "behandling" keeps only medicin
    f = Forloeb.model_validate(data)
    huge = Drawing(2000, 3000, {"medicin": Box(0, 0, 2000, 3000)})
    plan = planned(f, huge, 800, lambda dot: huge if re.search(r"^\tmedicin \[", dot, re.M) else Drawing(300, 200))
    assert plan.parts == (Part("udredning", ("samtale", "blodproeve", "valg")), Part("behandling", ("medicin",)))


def figures_of(drawings: Drawings, fid: str) -> list[Figure]:
    figures = drawings.figures[fid]
    return [*figures.main, *(f for by_phase in figures.by_phase.values() for f in by_phase)]


def printed_label_pt(svg: str) -> float:
    """The labels' size on paper: the width the stylesheet prints the drawing at, over its own."""
    natural = float(svg.split("--forloeb-bredde:", 1)[1].split(";")[0])
    on_paper = float(svg.split("--forloeb-tryk:", 1)[1].split("pt")[0])
    return float(FONTSIZE) * on_paper / natural


def steps_in(svg: str) -> list[str]:
    """The steps a diagram draws, in the order it draws them."""
    ids = [g.get("id") or "" for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "node"]
    return [i.removeprefix("node-") for i in ids if i.startswith("node-") and "--" not in i]


def check_page(f: Forloeb, drawings: Drawings) -> list[Figure]:
    """Every diagram of the page prints readably, every step is drawn once, every link lands."""
    figures = figures_of(drawings, f.id)
    roots = {fig.anchor: ET.fromstring(drawings.svgs[fig.key]) for fig in figures}
    for fig in figures:
        assert printed_label_pt(drawings.svgs[fig.key]) >= paper.MIN_LABEL_PT - 0.05, fig.anchor
    ids = Counter(e.get("id") for root in roots.values() for e in root.iter() if e.get("id"))
    assert [i for i, n in ids.items() if n > 1] == [], "ids are unique on the page"
    assert all(ids[f"node-{t.id}"] == 1 for t in f.trin)
    anchors = {fig.anchor for fig in figures} | {f"flowchart-fase-{fase}" for fase in drawings.figures[f.id].by_phase}
    targets = {f"#trin-{t.id}" for t in f.trin} | {f"#{a}" for a in anchors}
    for anchor, root in roots.items():
        for href in links(root):
            assert href in targets or (href.startswith("#node-") and ids[href[1:]] == 1), (anchor, href)
    assert not [t for root in roots.values() for t in texts(root) if "…" in t]
    return figures


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Drawings:
    return Diagrams().draw(SHIPPED, tmp_path_factory.mktemp("cache"), 30)


@needs_dot
@pytest.mark.parametrize("forloeb_id", sorted(SHIPPED.forloeb))
def test_a_pathway_is_drawn_whole_only_where_it_fits_the_screen_and_a_page(
    shipped: Drawings, tmp_path: Path, forloeb_id: str
) -> None:
    f = SHIPPED.forloeb[forloeb_id]
    check_page(f, shipped)
    width, height = natural_size(render_svg(build_dot(f, related(f)), tmp_path))
    fits = width <= SPLIT_ABOVE_PT and paper.fits(width, height, float(FONTSIZE))
    assert shipped.figures[f.id].overview == (not fits and len(f.faser) > 1)


@needs_dot
def test_shipped_pathways_as_drawn(shipped: Drawings, tmp_path: Path) -> None:
    # Whole, hæmokromatose would print at 6.4 pt (734 x 1,179 pt); MAS and RA are wider than the screen
    # and a page: all three are drawn phase by phase.
    assert all(shipped.figures[fid].overview for fid in SHIPPED.forloeb)
    mas = SHIPPED.forloeb["mas"]
    overview = ET.fromstring(shipped.svgs["mas"])
    assert overview[0].text == f"Flowchart: {mas.titel}, oversigt over faserne"
    assert [href for href in links(overview) if "fase" in href] == [f"#flowchart-fase-{fa.id}" for fa in mas.faser]
    # MAS's second phase is cut where the flow narrows: before the decision with six endings,
    # which stay together; the arrow into it names it and its part.
    videre = shipped.figures["mas"].by_phase["videre-udredning"]
    assert len(videre) >= 2
    holder = next(fig for fig in videre if "afslutning-af-udredningen" in steps_in(shipped.svgs[fig.key]))
    decision = next(t for t in mas.trin if t.id == "afslutning-af-udredningen")
    assert {o.til for o in decision.overgange} <= set(steps_in(shipped.svgs[holder.key]))
    root = ET.fromstring(shipped.svgs[holder.key])
    assert root[0].text == f"Flowchart: {mas.titel}, {mas.faser[1].titel}, del {holder.number} af {holder.count}"
    assert root.get("aria-describedby") == f"diagram-mas-fase-videre-udredning-del-{holder.number}-beskrivelse"
    before = ET.fromstring(shipped.svgs[videre[holder.number - 2].key])
    connector = by_id(before, f"fase--videre-udredning--del-{holder.number - 1}--til-afslutning-af-udredningen")
    assert " ".join(texts(connector)).endswith(f"(del {holder.number})")
    again = Diagrams().draw(SHIPPED, tmp_path, 30)
    assert Diagrams().draw(SHIPPED, tmp_path, 30) == again  # the same again, from the cache on disk


def large_pathway(stages: int, phases: int = 0, endings: int = 2) -> Forloeb:
    return Forloeb.model_validate(factories.large_pathway(stages, endings, phases))


def catalog_of(f: Forloeb) -> Catalog:
    speciale = Speciale(id=f.speciale, navn="Speciale", sfr="SFR")
    return Catalog(specialer={f.speciale: speciale}, forloeb={f.id: f}, sources={}, vaelg_klogt={}, d4={})


@needs_dot
@pytest.mark.parametrize(
    ("stages", "phases", "endings"),
    [(8, 0, 2), (8, 2, 2), (1, 0, 9)],
    ids=["48-steps-without-phases", "48-steps-in-2-phases", "a-decision-with-9-endings"],
)
def test_a_large_pathway_prints_readably_in_parts(tmp_path: Path, stages: int, phases: int, endings: int) -> None:
    f = large_pathway(stages, phases, endings)
    drawings = Diagrams().draw(catalog_of(f), tmp_path, 30)
    figures = check_page(f, drawings)
    assert len(figures) > 1 + phases, "cut into parts"
    # Parts read in the file's order of their first steps, within their phase.
    order = {t.id: i for i, t in enumerate(f.trin)}
    for group in [drawings.figures[f.id].main, *drawings.figures[f.id].by_phase.values()]:
        firsts = [min(order[i] for i in steps_in(drawings.svgs[g.key])) for g in group if g.kind != "oversigt"]
        assert firsts == sorted(firsts)


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
