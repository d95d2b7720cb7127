"""Accessibility: axe-core (WCAG 2.1 AA) on every kind of page in both palettes, and the flowchart
by keyboard and for screen readers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import CATALOG, HAEMOKROMATOSE, PATHWAY, figure_name, screenshot, site_pages

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACT = {"serious", "critical"}
SCHEMES = {"light": "default", "dark": "slate"}
MAS = CATALOG.forloeb["mas"]


def axe_violations(page: Page, axe: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", ""),
        }
        for v in result["violations"]
        if v["impact"] in FAILING_IMPACT
    ]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_serious_or_critical_axe_violations_on_any_page(
    new_page: Callable[..., Page], axe_source: Path, site_dir: Path, scheme: str
) -> None:
    # The palette follows the reader's system setting until they choose one: color-contrast is
    # thereby checked in the light and in the dark palette.
    page = new_page(color_scheme=scheme)
    found = {}
    for url in site_pages(site_dir):
        page.goto(url)
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
        violations = axe_violations(page, axe_source)
        if violations:
            found[url or "/"] = [
                f"{v['impact']} {v['rule']} ({v['help']}): {v['targets']} {v['summary']}" for v in violations
            ]
    assert found == {}


FOCUSED_IN_DIAGRAM = """figure => { const a = document.activeElement;
    if (!a || !figure.contains(a)) return null;
    const s = getComputedStyle(a);
    return [a.getAttribute('xlink:href') || a.getAttribute('href') || a.tagName, s.outlineStyle, s.outlineWidth]; }"""


def test_every_flowchart_step_is_reachable_by_keyboard_with_visible_focus(page: Page) -> None:
    page.goto(PATHWAY)
    reached: list[str] = []
    for figure in page.locator("figure.forloeb-diagram").all():
        # A click on the flowchart's top corner, off its drawing, puts the keyboard's starting point there.
        figure.click(position={"x": 2, "y": 2})
        here: list[str] = []
        for _ in range(40):
            page.keyboard.press("Tab")
            focused = figure.evaluate(FOCUSED_IN_DIAGRAM)
            if focused is None:
                break  # past this flowchart
            href, outline_style, outline_width = focused
            if href != "BUTTON":  # the full-screen button shows focus Material's way, by its colours
                assert outline_style != "none" and outline_width != "0px", f"{href} has no visible focus"
            here.append(href)
        # First the button that opens it full screen, then its frame (which scrolls sideways on a
        # narrow screen), then its links in the SVG's order.
        assert here[:2] == ["BUTTON", "DIV"], figure.get_attribute("id")
        reached += here[2:]
        last = here[-1]
    # Every step once across the page's flowcharts: in the overview of the phases, or its phase's.
    steps = [h for h in reached if h.startswith("#trin-")]
    assert sorted(steps) == sorted(f"#trin-{t.id}" for t in HAEMOKROMATOSE.trin)
    page.keyboard.press("Shift+Tab")  # back onto the last node; Enter follows its link
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(last) + "$"))


def test_flowchart_has_a_text_alternative(page: Page) -> None:
    page.goto(PATHWAY)
    diagram = page.locator("#flowchart").get_by_role("group", name=re.compile(f"^Flowchart: {HAEMOKROMATOSE.titel}"))
    expect(diagram).to_be_visible()
    description = page.evaluate(
        "() => document.getElementById(document.querySelector('.forloeb-diagram svg')"
        ".getAttribute('aria-describedby')).textContent"
    )
    assert "Flowchartet som tekst" in description
    text_version = page.locator("details.forloeb-trinliste")
    text_version.locator("summary").click()
    items = text_version.locator("li")
    expect(items).to_have_count(len(HAEMOKROMATOSE.trin))
    for item, t in zip(items.all(), HAEMOKROMATOSE.trin, strict=True):
        expect(item.get_by_role("link", name=t.titel, exact=True)).to_have_attribute("href", f"#trin-{t.id}")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_full_screen_flowchart_has_no_serious_or_critical_axe_violations(
    new_page: Callable[..., Page], axe_source: Path, scheme: str
) -> None:
    page = new_page(color_scheme=scheme)
    page.goto(f"forloeb/{MAS.speciale}/{MAS.id}/")
    found = {}
    for figure in page.locator("figure.forloeb-diagram").all():
        name = figure_name(MAS, figure.get_attribute("id") or "")
        figure.get_by_role("button", name=re.compile("^Forstør")).click()
        dialog = page.get_by_role("dialog", name=re.compile("^Flowchart"))
        expect(dialog).to_be_visible()
        violations = axe_violations(page, axe_source)
        if violations:
            found[name] = [f"{v['impact']} {v['rule']}: {v['targets']}" for v in violations]
        if scheme == "dark":
            screenshot(page, f"{name}-forstoerret-moerkt", full_page=False)
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
    assert found == {}
