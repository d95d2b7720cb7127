"""A PDF of each pathway page, printed by Chromium from the built site (opt-in: the `pdf` option).

The PDF is for the transition period in which D4 still needs a document. It is the page itself
printed on A4 with the site's print stylesheet, so it cannot differ from what the site shows;
the footer of every page carries the title, version and approval date.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from forloeb.model import labels
from forloeb.model.formatting import danish_date
from forloeb.model.pathway import Forloeb
from macros.pdf.browser import launch, local_only, serve_directory
from macros.site import SiteData, pathway_src

ENV_FLAG = "FORLOEB_PDF"  # how mkdocs.yml sets the `pdf` option from the environment
PAGE_TIMEOUT_MS = 60_000


def pdf_name(f: Forloeb) -> str:
    """File name of the pathway's PDF, next to its page, so the page links to it relatively."""
    return f"{f.id}.pdf"


def approval(f: Forloeb) -> str:
    if f.godkendt_dato:
        return f"Godkendt {danish_date(f.godkendt_dato)}"
    return f"Ikke godkendt (status: {labels.status_label(f.status, f.eksempel is not None)})"


def version_label(f: Forloeb) -> str:
    return f"Version {f.version}" if f.version else "Uden version"  # an example may have none


def footer_template(f: Forloeb) -> str:
    """Chromium's footer template is HTML: the YAML values in it are escaped like on the page."""
    text = " · ".join(html.escape(part) for part in (f.titel, version_label(f), approval(f)))
    # Header and footer are rendered without the page's styles, at a default size of 0: set both.
    return (
        "<div style=\"width:100%;margin:0 15mm;font-size:8pt;font-family:'DejaVu Sans',sans-serif;"
        'color:#333;display:flex;justify-content:space-between;gap:5mm">'
        f"<span>{text}</span>"
        '<span style="white-space:nowrap">Side <span class="pageNumber"></span>'
        ' af <span class="totalPages"></span></span></div>'
    )


def _page_file(site: SiteData, f: Forloeb) -> str:
    url = site.url(pathway_src(f))
    return url + "index.html" if url.endswith("/") else url


def pdf_path(site_dir: Path, site: SiteData, f: Forloeb) -> Path:
    return site_dir / posixpath.dirname(_page_file(site, f)) / pdf_name(f)


def write_pdfs(site_dir: Path, site: SiteData, chromium: Path) -> list[Path]:
    """Print every pathway page of the built site in site_dir to a PDF beside it."""
    from playwright.sync_api import sync_playwright  # only a PDF build needs a browser

    written: list[Path] = []
    with serve_directory(site_dir) as base_url, sync_playwright() as pw:
        browser = launch(pw, chromium)
        try:
            # Light palette: the PDF must not inherit a dark theme from the build machine.
            context = browser.new_context(color_scheme="light")
            local_only(context, base_url)
            page = context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            for f in site.catalog.forloeb.values():
                page.goto(base_url + _page_file(site, f), wait_until="load")
                # On paper nothing can be unfolded: show the legend of the flowchart.
                page.evaluate("document.querySelectorAll('details.forloeb-legende').forEach(d => d.open = true)")
                page.evaluate("document.fonts.ready.then(() => true)")
                target = pdf_path(site_dir, site, f)
                page.pdf(
                    path=str(target),
                    format="A4",
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer_template(f),
                    margin={"top": "15mm", "bottom": "18mm", "left": "15mm", "right": "15mm"},
                )
                written.append(target)
        finally:
            browser.close()
    return written
