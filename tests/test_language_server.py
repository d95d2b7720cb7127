"""What an editor sees in VS Code: the real YAML language server, set up as the workspace's .vscode/ says.

The server is yaml-language-server from npm (pinned in package-lock.json; scripts/test.sh installs it
with npm ci), the engine of Red Hat's YAML extension. It gets the `yaml` settings of
.vscode/settings.json, as VS Code hands them over, and the files as an editor opens them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest

from forloeb.load.layout import Layout
from forloeb.model.pathway import Forloeb, Udfoerer
from forloeb.model.vocabulary import vocabulary_of
from forloeb.scaffold import new_pathway
from tests.factories import ROOT
from tests.language_server import YamlLanguageServer, server_missing
from tests.required import require
from tests.test_schema import shipped_files_by_schema

SETTINGS = ROOT / ".vscode" / "settings.json"
EXTENSIONS = ROOT / ".vscode" / "extensions.json"
HAEMOKROMATOSE = ROOT / "pathways" / "gastroenterologi-hepatologi" / "haemokromatose.yaml"


def workspace_settings() -> dict[str, Any]:
    """The `yaml` section of .vscode/settings.json, as VS Code hands it to the server."""
    flat = json.loads(SETTINGS.read_text(encoding="utf-8"))
    section = {key.removeprefix("yaml."): value for key, value in flat.items() if key.startswith("yaml.")}
    section["schemaStore"] = {"enable": False}  # the test machine has no internet; VS Code would fetch the catalog
    return section


@pytest.fixture(scope="module")
def server() -> Iterator[YamlLanguageServer]:
    missing = server_missing()
    require(missing is None, f"{missing} (sprogservertestene)" if missing else "")
    with YamlLanguageServer(ROOT, workspace_settings()) as ls:
        ls.wait_for_settings(HAEMOKROMATOSE)
        yield ls


def line_of(text: str, fragment: str) -> int:
    """The 0-based line where fragment first stands."""
    return text[: text.index(fragment)].count("\n")


def test_the_workspace_recommends_the_yaml_extension() -> None:
    assert json.loads(EXTENSIONS.read_text(encoding="utf-8"))["recommendations"] == ["redhat.vscode-yaml"]


def test_every_shipped_file_gets_its_schema_and_no_diagnostics(server: YamlLanguageServer) -> None:
    for name, files in shipped_files_by_schema(Layout(ROOT)).items():
        for path in files:
            uri = server.open(path)
            assert server.diagnostics(uri) == [], path
            assert [Path(s["uri"]).name for s in server.schemas_for(uri)] == [name], path


def test_a_file_anywhere_under_pathways_gets_the_pathway_schema(server: YamlLanguageServer) -> None:
    """No relative modeline to keep right: the mapping holds for a new specialty and a deeper folder alike."""
    for where in ("pathways/ny-speciale/nyt.yaml", "pathways/a/b/c.yaml", "pathways/_registre/d4/248731.yaml"):
        names = [Path(s["uri"]).name for s in server.schemas_for(server.open(ROOT / where, ""))]
        assert names == ["d4.schema.json" if "_registre" in where else "forloeb.schema.json"], where


def test_each_mistake_is_shown_on_its_line(server: YamlLanguageServer) -> None:
    text = HAEMOKROMATOSE.read_text(encoding="utf-8")
    wrong = (
        text.replace("    udfoerer: sygeplejerske\n", "    udfoerer: sygeplejeske\n", 1)
        .replace(
            "    hyppighed: {type: engang, tekst: Én gang ved start",
            "    hyppighd: {type: engang, tekst: Én gang ved start",
            1,
        )
        .replace("  indkaldelse: Patienten indkaldes til AOP", "  # indkaldelse: Patienten indkaldes til AOP", 1)
    )
    uri = server.open(HAEMOKROMATOSE.with_name("haemokromatose-med-fejl.yaml"), wrong)
    found = {(d["range"]["start"]["line"], d["message"]) for d in server.diagnostics(uri)}
    assert len(found) == 3, found
    by_line = dict(found)
    assert "Value is not accepted" in by_line[line_of(wrong, "udfoerer: sygeplejeske")]
    assert "hyppighd" in by_line[line_of(wrong, "hyppighd:")] and "not allowed" in by_line[line_of(wrong, "hyppighd:")]
    assert 'Missing property "indkaldelse"' in by_line[line_of(wrong, "henvisning:")]


def test_completion_at_the_top_level_offers_the_fields_with_their_descriptions(server: YamlLanguageServer) -> None:
    uri = server.open(ROOT / "pathways" / "ny-speciale" / "nyt-forloeb.yaml", "id: nyt-forloeb\n\n")
    items = {item["label"]: item for item in server.completion(uri, 1, 0)}
    fields = Forloeb.model_fields
    assert set(fields) - {"id"} <= set(items), set(fields) - set(items)
    for name, info in fields.items():
        if name == "id":
            continue
        documentation = items[name].get("documentation", "")
        shown = documentation["value"] if isinstance(documentation, dict) else documentation
        assert info.description and info.description in shown, name


def test_hover_on_a_value_explains_it(server: YamlLanguageServer) -> None:
    text = HAEMOKROMATOSE.read_text(encoding="utf-8")
    uri = server.open(HAEMOKROMATOSE, text)
    line = line_of(text, "    udfoerer: sygeplejerske")
    shown = server.hover(uri, line, len("    udfoerer: syge"))
    udfoerer = vocabulary_of(get_args(Udfoerer))
    assert udfoerer is not None
    assert shown.count("Udføres af") == 1 and "||" not in shown, shown
    assert udfoerer.describe("sygeplejerske") in shown
    # The chosen value comes first among the allowed values, each explained.
    allowed = re.findall(r"^\* `([^`]+)`: ", shown, re.M)
    assert allowed[0] == "sygeplejerske" and set(allowed) == set(udfoerer.values)


def test_hover_on_a_key_explains_the_field(server: YamlLanguageServer) -> None:
    text = HAEMOKROMATOSE.read_text(encoding="utf-8")
    uri = server.open(HAEMOKROMATOSE, text)
    shown = server.hover(uri, line_of(text, "\nformaal:") + 1, 2)
    assert "#### Formål" in shown and Forloeb.model_fields["formaal"].description in shown


def test_a_new_pathway_from_the_scaffold_has_no_diagnostics(server: YamlLanguageServer) -> None:
    path, text = new_pathway(
        ROOT,
        forloeb_id="nyt-testforloeb",
        titel="Nyt testforløb",
        speciale="reumatologi",
        kode="DM05",
        diagnosetekst=None,
        today=date(2026, 1, 15),
    )
    uri = server.open(path, text)  # opened as an editor would, before it is saved
    assert server.diagnostics(uri) == []
