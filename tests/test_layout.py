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


def test_the_listings_name_regular_yaml_files_and_every_link_and_never_enter_a_linked_folder(tmp_path: Path) -> None:
    """The listings read the folders' entries alone (no stat per file); what they list is what a
    walk that never follows a link lists."""
    root = tmp_path / "repo"
    pathways = root / "pathways"
    outside = tmp_path / "udenfor"
    (outside / "skjult").mkdir(parents=True)
    (outside / "skjult" / "fremmed.yaml").write_text("id: fremmed\n")
    for rel in [
        "reumatologi/artritis.yaml",
        "reumatologi/under/dybt.yaml",
        "reumatologi/noter.md",
        "reumatologi/.yaml",  # no name before the suffix: not a YAML file
        "reumatologi/artritis.yml",
        "_registre/specialer.yaml",
        "_registre/d4/b.yaml",
        "_registre/d4/a.yaml",
        "_registre/d4/tekster/248731.txt",
    ]:
        (pathways / rel).parent.mkdir(parents=True, exist_ok=True)
        (pathways / rel).write_text("x: 1\n")
    (pathways / "reumatologi" / "link.yaml").symlink_to(pathways / "reumatologi" / "artritis.yaml")
    (pathways / "reumatologi" / "brudt.yaml").symlink_to(tmp_path / "findes-ikke.yaml")
    (pathways / "mappe-link").symlink_to(outside / "skjult", target_is_directory=True)
    layout = Layout(root)

    assert layout.pathway_files() == [
        pathways / "reumatologi" / "artritis.yaml",
        pathways / "reumatologi/under/dybt.yaml",
    ]
    assert layout.links() == sorted(
        [pathways / "mappe-link", pathways / "reumatologi" / "brudt.yaml", pathways / "reumatologi" / "link.yaml"]
    )
    assert layout.d4_files() == [pathways / "_registre/d4/a.yaml", pathways / "_registre/d4/b.yaml"]
    assert layout.registry_files() == [
        pathways / "_registre/d4/a.yaml",
        pathways / "_registre/d4/b.yaml",
        pathways / "_registre/specialer.yaml",
    ]
