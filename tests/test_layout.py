"""Where a repository keeps its input (forloeb/load/layout.py): which repository paths, as git prints them, are
pathway files; the history and the change summaries read only those."""

from __future__ import annotations

from pathlib import Path

import pytest

from forloeb.load.layout import Layout


@pytest.mark.parametrize(
    ("path", "is_pathway"),
    [
        ("pathways/reumatologi/artritis.yaml", True),
        ("pathways/reumatologi/under/artritis.yaml", True),  # any depth below the folder
        ("pathways/_registre/d4.yaml", False),  # a register, not a pathway
        ("pathways/_registre/d4/248731.yaml", False),
        ("pathways/reumatologi/_registre/x.yaml", False),  # no folder named _registre anywhere
        ("pathways/reumatologi/noter.md", False),
        ("pathways/reumatologi/artritis.yml", False),
        ("pathways/artritis.yaml", True),  # misplaced, but read as a pathway (the catalog names its folder)
        ("pathways.yaml", False),
        ("pathways", False),
        ("docs/pathways/reumatologi/artritis.yaml", False),  # the folder only at the top
        ("pathwaysx/reumatologi/artritis.yaml", False),
    ],
)
def test_a_pathway_path_is_a_yaml_file_under_the_pathways_folder_outside_the_registers(
    path: str, is_pathway: bool
) -> None:
    assert Layout(Path("/repo")).is_pathway_path(path) is is_pathway


@pytest.mark.parametrize(
    ("path", "is_pathway"),
    [
        ("indhold/forloeb/reumatologi/artritis.yaml", True),
        ("indhold/forloeb/_registre/d4.yaml", False),
        ("indhold/reumatologi/artritis.yaml", False),  # the whole configured folder, not its first part
        ("forloeb/reumatologi/artritis.yaml", False),
        ("indhold/forloeb", False),
        ("pathways/reumatologi/artritis.yaml", False),
    ],
)
def test_the_configured_pathways_folder_may_lie_deeper(path: str, is_pathway: bool) -> None:
    """pathways_dir of the site's configuration, here indhold/forloeb, in place of pathways."""
    assert Layout(Path("/repo"), "indhold/forloeb").is_pathway_path(path) is is_pathway
