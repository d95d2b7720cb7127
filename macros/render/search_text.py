"""Page HTML as Material's search reads it: the text of neighbouring cells kept apart.

Material's search plugin indexes the text of a page with the tags taken out and joins the text of
neighbouring elements without a space, so "<th>Speciale</th><td>Reumatologi</td>" becomes the one
word "specialereumatologi", and neither word is found. A line break after a closing cell, term,
caption or heading changes nothing on the page (whitespace between table cells, list terms and
blocks is not drawn) and keeps the words apart in the index.
"""

from __future__ import annotations

import re

_GLUED = re.compile(r"(</(?:t[dh]|d[td]|caption|figcaption|summary|h[1-6])>)(?=<)")


def words_apart(html: str) -> str:
    return _GLUED.sub("\\1\n", html)
