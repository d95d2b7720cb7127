"""mkdocs-macros entry point: the macros that hand-written pages call to show data from the catalog.

A page opts in with `render_macros: true` in its front matter and calls, e.g.,
`{{ forloeb_oversigt() }}` or `{{ forloeb_for_kode('DE83') }}`. The macros read what the forloeb
plugin loaded for this build (it runs first), so no page reads YAML, and every macro returns text
that is escaped already: YAML text never reaches Jinja as a template.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from mkdocs.exceptions import PluginError

from macros.pages import overviews
from macros.pages.overviews import MacroError
from macros.plugin import plugin_of
from macros.site import SiteData


def define_env(env: Any) -> None:
    plugin = plugin_of(env.conf)

    def site() -> SiteData:
        if plugin.site is None:  # only while the serve error page replaces every page: no macro runs then
            raise PluginError("forløbene kunne ikke indlæses")
        return plugin.site

    def url() -> str:
        return env.page.url if env.page else ""

    def reported(macro: Callable[..., str]) -> Callable[..., str]:
        """A wrong argument is handed to the plugin, which stops the build with the page's name;
        raised here, mkdocs-macros would print a traceback and carry on."""

        @wraps(macro)
        def call(*args: Any) -> str:
            try:
                return macro(*args)
            except MacroError as exc:
                plugin.macro_errors.append(str(exc))
                return ""

        return call

    @env.macro
    def forloeb_oversigt() -> str:
        """All pathways by specialty, as on the front page."""
        return overviews.all_pathways(site(), url())

    @env.macro
    def diagnosekode_indeks() -> str:
        return overviews.diagnosis_codes(site(), url())

    @env.macro
    def vaelg_klogt_indeks() -> str:
        return overviews.vaelg_klogt(site(), url())

    @env.macro
    def digitale_vaerktoejer_indeks() -> str:
        return overviews.digital_tools(site(), url())

    @env.macro
    @reported
    def forloeb_for_kode(kode: str) -> str:
        """The pathways whose patient group a diagnosis code falls under, e.g. 'DE831' or 'DE83'."""
        return overviews.pathways_for_code(site(), str(kode), url())

    @env.macro
    @reported
    def henvisningskriterier(forloeb_id: str) -> str:
        """One pathway's referral criteria, linked to the pathway."""
        return overviews.referral_criteria(site(), str(forloeb_id), url())
