"""The navigation with a specialty's pathways under their initial letters (macros/pages/nav.py), as
Chromium shows it on a desktop and in a phone's drawer: the open page's letter is open, with the
page in it, and the site still fits the phone's width."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from macros.pdf.browser import local_only, serve_directory
from tests.browser.conftest import TIMEOUT_MS
from tests.factories import ROOT
from tests.sitebuild import cold_build_with

# Every specialty in letters, though the shipped ones have a pathway each.
BUILD_WITH_LETTERS = """
import sys
from mkdocs.__main__ import cli
from macros.pages import nav
nav.LETTERS_ABOVE = int(sys.argv[1])
cli(["build", "--strict", "--site-dir", sys.argv[2]])
"""
HAEMO = "forloeb/gastroenterologi-hepatologi/haemokromatose/"
HAEMO_TITLE = "Ambulant forløb for patienter med hæmokromatose"


@pytest.fixture(scope="module")
def letters_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("bogstaver")
    cold_build_with(BUILD_WITH_LETTERS, 0, ROOT, tmp / "repo", tmp / "site")
    with serve_directory(tmp / "site", max_seconds=600) as url:
        yield url


def open_page(browser: Browser, base_url: str, width: int, height: int) -> Page:
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    local_only(context, base_url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(HAEMO)
    return page


def test_on_a_desktop_the_pages_letter_is_open_with_the_page_in_it(browser: Browser, letters_url: str) -> None:
    page = open_page(browser, letters_url, 1280, 900)
    sidebar = page.locator(".md-sidebar--primary")
    letter = sidebar.locator("label.md-nav__link", has_text=re.compile(r"^\s*A\s*$"))
    assert letter.count() == 1 and letter.is_visible(), "the letter's heading"
    active = sidebar.locator("a.md-nav__link--active")
    assert active.is_visible() and HAEMO_TITLE in active.inner_text()
    page.context.close()


def test_in_a_phones_drawer_the_page_is_listed_and_nothing_is_wider_than_the_phone(
    browser: Browser, letters_url: str
) -> None:
    page = open_page(browser, letters_url, 375, 740)
    page.locator('label.md-header__button[for="__drawer"]').click()
    drawer = page.locator(".md-sidebar--primary")
    # the page's entry: its link, or on a phone the label that opens its table of contents
    active = drawer.locator(".md-nav__link--active:visible").first
    active.wait_for(state="visible")
    assert HAEMO_TITLE in active.inner_text()
    # the drawer slides in: wait until the entry stands inside the screen
    page.wait_for_function("el => el.getBoundingClientRect().left >= 0", arg=active.element_handle())
    box = active.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    scroll_width, width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll_width <= width
    page.context.close()
