"""The flowcharts at a desktop's and a phone's width: labels readable as loaded and full screen,
never cut; the full-screen view by pointer, pinch, wheel and keyboard; links between the diagrams
and the text both ways; MAS phase by phase, a phase too large for a page in parts. Screenshots of
MAS go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from forloeb.model.pathway import Forloeb
from tests.browser.helpers import CATALOG, figure_name, screenshot

MIN_PX = 10.0  # the floor for node labels: small body text
AIM_PX = 12.0
WIDTHS = {1280: 900, 375: 740}
MAS = CATALOG.forloeb["mas"]

# Each node label line as drawn: its font size in CSS px (the SVG's font-size through the scale the
# page gives the drawing) and the height of its box.
LABELS = """root => [...document.querySelectorAll(root + ' g.node text')]
  .filter(t => t.textContent.trim())
  .map(t => { const m = t.getScreenCTM(), size = parseFloat(t.getAttribute('font-size'));
    return {text: t.textContent, px: size * Math.hypot(m.a, m.b), height: t.getBoundingClientRect().height}; })"""


def url(f: Forloeb) -> str:
    return f"forloeb/{f.speciale}/{f.id}/"


def labels(page: Page, root: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(LABELS, root)
    assert found, f"no node labels under {root}"
    return found


def smallest(page: Page, root: str) -> float:
    return min(min(label["px"], label["height"]) for label in labels(page, root))


def figure_with(page: Page, step_id: str) -> Locator:
    """The flowchart (the whole, a phase's or a part's) that draws the step."""
    return page.locator("figure.forloeb-diagram").filter(has=page.locator(f'g.node[id="node-{step_id}"]'))


def zoom_dialog(page: Page) -> Locator:
    return page.get_by_role("dialog", name=re.compile("^Flowchart"))


def open_full_screen(page: Page, figure: Locator) -> Locator:
    figure.get_by_role("button", name=re.compile("^Forstør")).click()
    dialog = zoom_dialog(page)
    expect(dialog).to_be_visible()
    return dialog


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_node_labels_are_readable_as_loaded_and_full_screen(
    new_page: Callable[..., Page], forloeb_id: str, width: int
) -> None:
    f = CATALOG.forloeb[forloeb_id]
    page = new_page(width=width, height=WIDTHS[width])
    page.goto(url(f))
    figures = page.locator("figure.forloeb-diagram")
    expect(figures.first).to_be_visible()
    for figure in figures.all():
        figure_id = figure.get_attribute("id") or ""
        name = figure_name(f, figure_id)
        as_loaded = smallest(page, f"#{figure_id}")
        assert as_loaded >= MIN_PX, f"{name} at {width} px: labels {as_loaded:.1f} px as loaded"
        if f.id == "mas":
            screenshot(figure, f"{name}-{width}px")
        open_full_screen(page, figure)
        full_screen = smallest(page, "#forloeb-zoom")
        assert full_screen >= AIM_PX - 0.01, f"{name} at {width} px: labels {full_screen:.1f} px full screen"
        if f.id == "mas":
            screenshot(page, f"{name}-forstoerret-{width}px", full_page=False)
        page.keyboard.press("Escape")
        expect(zoom_dialog(page)).to_be_hidden()


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_no_label_is_cut_and_every_step_title_is_whole(page: Page, forloeb_id: str) -> None:
    f = CATALOG.forloeb[forloeb_id]
    page.goto(url(f))
    shown = [label["text"] for label in labels(page, ".forloeb-diagram")]
    assert [t for t in shown if t.rstrip().endswith("…")] == []
    for t in f.trin:
        node = page.locator(f'.forloeb-diagram g.node[id="node-{t.id}"]')
        expect(node).to_have_count(1)
        lines = node.locator("text").all_text_contents()
        assert "".join(lines).replace(" ", "").startswith("".join(t.titel.split())), t.id


# Each node label line whose box, as the browser lays it out, pokes out of its node's shape: dot sizes
# a node from its own measure of the label (forloeb/diagram/dot_plugins.py), the browser draws it.
OUTSIDE = """() => [...document.querySelectorAll('.forloeb-diagram g.node')].flatMap(g => {
  const shapes = [...g.querySelectorAll('polygon, ellipse, path')];
  return [...g.querySelectorAll('text')].filter(t => t.textContent.trim()).flatMap(t => {
    const b = t.getBBox(), i = 0.5;  // half a unit in from each corner: the glyphs' anti-aliasing
    const corners = [[b.x + i, b.y + i], [b.x + b.width - i, b.y + i],
                     [b.x + i, b.y + b.height - i], [b.x + b.width - i, b.y + b.height - i]];
    const out = corners.filter(([x, y]) => !shapes.some(s => s.isPointInFill(new DOMPoint(x, y))));
    return out.length ? [`${g.id}: ${t.textContent}`] : [];
  });
})"""


@pytest.mark.parametrize("forloeb_id", sorted(CATALOG.forloeb))
def test_every_label_lies_inside_its_node_as_the_browser_draws_it(page: Page, forloeb_id: str) -> None:
    page.goto(url(CATALOG.forloeb[forloeb_id]))
    expect(page.locator("figure.forloeb-diagram").first).to_be_visible()
    assert page.evaluate(OUTSIDE) == []


def test_mas_is_drawn_phase_by_phase_beside_the_text(page: Page) -> None:
    page.goto(url(MAS))
    overview = page.locator("#flowchart")
    expect(overview.get_by_role("group", name=f"Flowchart: {MAS.titel}, oversigt over faserne")).to_be_visible()
    for fase in MAS.faser:
        diagrams = page.locator(f"#flowchart-fase-{fase.id}")
        # Right under the phase's heading in the text, holding exactly that phase's steps.
        follows = page.evaluate(
            "id => document.getElementById(id).previousElementSibling.id", f"flowchart-fase-{fase.id}"
        )
        assert follows == f"fase-{fase.id}"
        steps = sorted(t.id for t in MAS.trin if t.fase == fase.id)
        ids = diagrams.locator("g.node").evaluate_all("ns => ns.map(n => n.id)")
        assert sorted(i.removeprefix("node-") for i in ids if i.startswith("node-") and "--" not in i) == steps
        # A phase too large for a page is drawn in parts, each titled with the phase and its number.
        parts = diagrams.locator("figure.forloeb-diagram")
        if parts.count() > 1:
            titles = [t.strip() for t in diagrams.locator(".forloeb-diagram-del").all_inner_texts()]
            assert titles == [f"{fase.titel} – del {n} af {parts.count()}" for n in range(1, parts.count() + 1)]
            for n, part in enumerate(parts.all(), start=1):
                expect(part.get_by_role("group")).to_have_accessible_name(
                    f"Flowchart: {MAS.titel}, {titles[n - 1].replace(' – ', ', ')}"
                )
    # A phase in the overview leads to its diagram.
    page.locator('g.node[id="oversigt--fase--videre-udredning"] a').click()
    expect(page).to_have_url(re.compile("#flowchart-fase-videre-udredning$"))
    expect(page.locator("#flowchart-fase-videre-udredning")).to_be_in_viewport()


def test_an_arrow_to_another_part_leads_to_its_step(page: Page) -> None:
    page.goto(url(MAS))
    connectors = page.locator('.forloeb-dele g.node[id*="--til-"] a').filter(has_text=re.compile(r"\(del \d+\)"))
    assert connectors.count() > 0, "MAS has a phase in parts, joined by arrows"
    link = connectors.first
    href = link.get_attribute("href") or link.get_attribute("xlink:href") or ""
    assert href.startswith("#node-")
    target = page.locator(f'g.node[id="{href[1:]}"]')
    expect(target).to_have_count(1)
    # The arrow names the step and the part it is in.
    words = " ".join(link.locator("text").all_text_contents())
    assert "Videre til:" in words and re.search(r"\(del \d+\)", words)
    link.click()
    expect(page).to_have_url(re.compile(f"{re.escape(href)}$"))
    expect(target).to_be_in_viewport()


def test_a_step_links_back_to_its_node_which_is_marked(new_page: Callable[..., Page]) -> None:
    page = new_page(width=375, height=740)
    page.goto(url(MAS))
    step = next(t for t in MAS.trin if t.id == "foerste-konsultation")
    back = page.locator(f"#trin-{step.id} + .forloeb-trin").get_by_role("link", name="Vis trinnet i flowchartet")
    back.click()
    expect(page).to_have_url(re.compile(f"#node-{step.id}$"))
    node = page.locator(f'g.node[id="node-{step.id}"]')
    expect(node).to_be_in_viewport()
    stroke = node.locator("path, polygon").first.evaluate("e => getComputedStyle(e).stroke")
    assert stroke == "rgb(197, 17, 98)", "the target node is marked"
    screenshot(page, "mas-tilbage-til-flowchart-375px", full_page=False)


def test_full_screen_by_keyboard(page: Page) -> None:
    page.goto(url(MAS))
    figure = figure_with(page, "mistanke-egen-laege")  # the first step: the first of its phase's diagrams
    page.locator("#fase-indledende-udredning").click(position={"x": 5, "y": 5})
    button = figure.get_by_role("button", name=re.compile("^Forstør"))
    for _ in range(5):  # past the heading's permalink
        page.keyboard.press("Tab")
        if button.evaluate("b => b === document.activeElement"):
            break
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-haspopup", "dialog")
    page.keyboard.press("Enter")
    dialog = zoom_dialog(page)
    expect(dialog).to_be_visible()
    name = rf"Flowchart: {re.escape(MAS.titel)}, {re.escape(MAS.faser[0].titel)}(, del 1 af \d+)?"
    expect(dialog).to_have_accessible_name(re.compile(f"^{name}$"))
    expect(dialog).to_have_accessible_description(re.compile("Esc lukker"))
    assert page.evaluate("document.activeElement.closest('#forloeb-zoom') !== null"), "focus moves into the view"

    start = smallest(page, "#forloeb-zoom")
    page.keyboard.press("+")
    expect_size(page, lambda px: px > start * 1.1)
    page.keyboard.press("-")
    page.keyboard.press("-")
    expect_size(page, lambda px: px < start)
    page.keyboard.press("0")
    expect_size(page, lambda px: abs(px - start) < 0.05)
    left = svg_x(page)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"() => {SVG_X} > {left + 10}")
    for _ in range(12):  # the rest of the page is inert while the view is open
        page.keyboard.press("Tab")
        assert page.evaluate(IN_VIEW_OR_NOWHERE)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(button).to_be_focused()
    expect(figure.locator(".forloeb-rulle > svg")).to_be_visible()
    # Enter on a step in the view closes it and goes to the step.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    first_step = page.locator('#forloeb-zoom g.node[id="node-mistanke-egen-laege"] a')
    for _ in range(15):
        page.keyboard.press("Tab")
        if first_step.evaluate("a => a === document.activeElement"):
            break
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile("#trin-mistanke-egen-laege$"))
    expect(page.locator("#trin-mistanke-egen-laege")).to_be_in_viewport()


SVG_X = "document.querySelector('#forloeb-zoom svg').getBoundingClientRect().x"
IN_VIEW_OR_NOWHERE = """() => { const a = document.activeElement;
    return !a || a === document.body || a.closest('#forloeb-zoom') !== null; }"""


def svg_x(page: Page) -> float:
    x: float = page.evaluate(SVG_X)
    return x


def expect_size(page: Page, ok: Callable[[float], bool]) -> None:
    """Panzoom applies a change on the next frame: wait for the labels to get there."""
    for _ in range(50):
        if ok(smallest(page, "#forloeb-zoom")):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"labels are {smallest(page, '#forloeb-zoom'):.1f} px")


def test_full_screen_by_mouse_wheel_drag_and_click(page: Page) -> None:
    page.goto(url(MAS))
    figure = figure_with(page, "visitation")
    # One click on the drawing, off its steps, opens it as well as the button does.
    figure.locator("svg").click(position={"x": 3, "y": 3})
    dialog = zoom_dialog(page)
    expect(dialog).to_be_visible()
    start = smallest(page, "#forloeb-zoom")
    stage = page.locator(".forloeb-zoom-flade").bounding_box()
    assert stage
    page.mouse.move(stage["x"] + stage["width"] / 2, stage["y"] + stage["height"] / 2)
    for _ in range(3):  # each notch zooms by a step
        page.mouse.wheel(0, -100)
    expect_size(page, lambda px: px > start * 1.2)
    dialog.get_by_role("button", name="Nulstil").click()
    expect_size(page, lambda px: abs(px - start) < 0.05)
    # A drag that starts on a step pans; it does not open the step.
    node = page.locator('#forloeb-zoom g.node[id="node-visitation"] a').bounding_box()
    assert node
    left = svg_x(page)
    page.mouse.move(node["x"] + node["width"] / 2, node["y"] + node["height"] / 2)
    page.mouse.down()
    page.mouse.move(node["x"] + node["width"] / 2 + 120, node["y"] + node["height"] / 2 + 40, steps=8)
    page.mouse.up()
    page.wait_for_function(f"() => {SVG_X} > {left + 100}")
    expect(dialog).to_be_visible()
    assert "#" not in page.url
    # A click on a step closes the view and goes to the step in the text.
    page.locator('#forloeb-zoom g.node[id="node-visitation"] a').click()
    expect(dialog).to_be_hidden()
    expect(page).to_have_url(re.compile("#trin-visitation$"))
    expect(page.locator("#trin-visitation")).to_be_in_viewport()
    expect(figure.locator(".forloeb-rulle > svg")).to_have_count(1)


def test_full_screen_on_a_phone_by_pinch_and_tap(new_page: Callable[..., Page]) -> None:
    page = new_page(width=375, height=740, has_touch=True, is_mobile=True)
    page.goto(url(CATALOG.forloeb["haemokromatose"]))
    page.locator("#flowchart").get_by_role("button", name=re.compile("^Forstør")).tap()
    dialog = zoom_dialog(page)
    expect(dialog).to_be_visible()
    start = smallest(page, "#forloeb-zoom")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.synthesizePinchGesture", {"x": 187, "y": 400, "scaleFactor": 2.0, "gestureSourceType": "touch"})
    expect_size(page, lambda px: px > start * 1.3)
    dialog.get_by_role("button", name="Luk").tap()
    expect(dialog).to_be_hidden()


def test_without_javascript_the_labels_are_readable_and_no_dead_button_shows(new_page: Callable[..., Page]) -> None:
    page = new_page(width=375, height=740, java_script_enabled=False)
    page.goto(url(MAS))
    for figure in page.locator("figure.forloeb-diagram").all():
        assert smallest(page, f"#{figure.get_attribute('id')}") >= MIN_PX
        expect(figure.get_by_role("button")).to_be_hidden()
