"""What a cached page depends on, as digests: our code, and the theme with the settings it reads.

A page kept between builds (an approved version's, pages/versions.py; any finished page,
pages/finished.py) is reused only under the same digests, so a new template, a new Material or
another setting in mkdocs.yml renders it again.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from forloeb.code_digest import FORLOEB_DIR, source_digest
from forloeb.diagram.svg import graphviz_version

# The settings of mkdocs.yml that Material's templates read (besides the theme's and the plugins').
THEME_SETTINGS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "edit_uri_template",
    "use_directory_urls",
    "extra",
    "extra_css",
    "extra_javascript",
    "extra_templates",
    "markdown_extensions",
    "mdx_configs",
)

CODE_DIRS = (FORLOEB_DIR, Path(__file__).resolve().parents[1])


def code_version() -> str:
    """A digest of everything of ours that renders a page: our sources and templates, Graphviz (whose
    SVG is inlined) and Pyphen (whose dictionary hyphenates the headings)."""
    return source_digest(CODE_DIRS, f"{graphviz_version()}\0pyphen=={metadata.version('pyphen')}", (".py", ".j2"))


def shell_digest(config: MkDocsConfig) -> str:
    """What the theme puts around a page's content, as a digest: MkDocs' and the theme's versions,
    the files of the theme's custom_dir (overrides/), and every setting the theme reads. A page
    finished under the same digest, from the same content, is the same page."""
    h = hashlib.sha256()
    for dist in ("mkdocs", "mkdocs-material"):
        h.update(f"{dist}=={metadata.version(dist)}\0".encode())
    theme = config.theme
    if theme.custom_dir:
        base = Path(theme.custom_dir)
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    settings = {name: config.get(name) for name in THEME_SETTINGS}
    settings["theme"] = {k: theme[k] for k in sorted(theme)} | {"dirs": theme.dirs}
    # The other plugins' options (search's language, for one); ours do not reach the theme.
    settings["plugins"] = {name: dict(p.config) for name, p in config.plugins.items() if name != "forloeb"}
    h.update(json.dumps(settings, sort_keys=True, default=_plain).encode())
    return h.hexdigest()


def _plain(value: object) -> object:
    """A setting's value in JSON: an object by its fields, never by its address in memory."""
    if isinstance(value, dict | list | tuple | str | int | float | bool) or value is None:
        return value
    if hasattr(value, "items"):
        return dict(value.items())  # type: ignore[attr-defined]
    return re.sub(r" at 0x[0-9a-f]+", "", str(value))
