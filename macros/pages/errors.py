"""Under `mkdocs serve`, input errors become the page the editor looks at, not a rebuild that fails.

`mkdocs build` still stops on the same errors (plugin.py); only the preview shows them as a page,
at every address the site would have, so the open browser tab reloads into the list of errors and,
once they are fixed, back into the pathway.
"""

from __future__ import annotations

import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from forloeb.load.layout import Layout
from forloeb.load.problems import Problem
from macros.pages.changes import changes_src
from macros.pages.d4 import d4_specialty_src, d4_status_src
from macros.site import PATHWAY_DIR, specialty_src

TITLE = "Fejl i forløbsfilerne"


def error_markdown(problems: list[Problem], others: list[str] | None = None) -> str:
    """The error page: every problem as file:line:col and message, escaped (messages quote YAML)."""
    items = [
        f"<li><code>{html.escape(f'{p.path}:{p.line}:{p.col}')}</code> "
        f"{html.escape(p.severity + ': ' if not p.is_error else '')}{html.escape(p.message)}</li>"
        for p in problems
    ]
    items += [f"<li>{html.escape(text)}</li>" for text in others or []]
    # One raw HTML block without blank lines, so Markdown leaves the escaped text alone.
    return "\n".join(
        [
            f"# {TITLE}",
            "",
            '<div class="admonition failure"><p class="admonition-title">'
            f"Sitet kan ikke bygges: {len(items)} fejl skal rettes</p>"
            "<p>Ret fejlene herunder og gem filen. Siden opdateres af sig selv, når filerne er i orden. "
            "<code>mkdocs build</code> og CI stopper ved de samme fejl.</p></div>",
            "",
            '<ol class="forloeb-fejlliste">',
            *items,
            "</ol>",
            "",
        ]
    )


def error_sources(layout: Layout, files: Files) -> list[str]:
    """Every page address of the site: the hand-written pages and those the pathway files would make."""
    pages = {f.src_uri for f in files.documentation_pages()} | {"index.md", f"{PATHWAY_DIR}/index.md"}
    pages |= {d4_status_src(), changes_src()}
    for path in layout.pathway_files():
        speciale = path.parent.name  # the specialty's id, as the catalog requires
        pages |= {specialty_src(speciale), f"{PATHWAY_DIR}/{speciale}/{path.stem}.md", d4_specialty_src(speciale)}
    return sorted(pages)


def error_files(files: Files, config: MkDocsConfig, layout: Layout, page: str) -> Files:
    """The site's files with every page replaced by the error page; styles and images stay."""
    kept = Files([f for f in files if not f.is_documentation_page()])
    for src in error_sources(layout, files):
        kept.append(File.generated(config, src, content=page))
    return kept
