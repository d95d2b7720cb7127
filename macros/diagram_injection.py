"""Put the flowchart SVGs into finished pages.

The templates leave a marker comment where a diagram goes, and the hook swaps in the SVG after
Markdown and the search plugin are done with the page. Neither has to parse tens of kilobytes of
SVG per page (a large share of build time on a thousand pathways), and diagram labels stay out
of the search index, where they would only repeat the step titles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup

_MARKER = re.compile(r"<!-- forloeb-svg:([a-z0-9_-]+) -->")


def marker(key: str) -> Markup:
    """The placeholder for the SVG stored under key (a pathway id or the legend's key)."""
    if not _MARKER.fullmatch(f"<!-- forloeb-svg:{key} -->"):
        raise ValueError(f"ugyldig diagramnøgle: {key!r}")
    return Markup(f"<!-- forloeb-svg:{key} -->")


def inject(html: str, svgs: Mapping[str, str]) -> str:
    """Replace every marker with its SVG; a marker without an SVG is left as the comment it is."""
    return _MARKER.sub(lambda m: svgs.get(m.group(1), m.group(0)), html)
