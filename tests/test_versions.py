"""Every approved version archived and citable, and a feed of changes: real builds of a git repository
in which a pathway is approved as 1.0, changed and approved as 1.1, then sent for approval as 1.2."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import feedparser
import pytest

from scripts.publish import build
from tests.factories import copy_repo, minimal_pathway, write_yaml
from tests.gitutil import commit_all, init_repo
from tests.sitebuild import cold_build_with, mkdocs_build, page
from tests.test_finished_pages import BUILD_WITH_HELPER, HELPED
from tests.test_publish import fake_dot, tree_digest

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

GASTRO = "pathways/gastroenterologi-hepatologi"
PAGE = "forloeb/gastroenterologi-hepatologi/testforloeb"
V10, V11 = f"{PAGE}/v1.0", f"{PAGE}/v1.1"
RELATED = [{"forloeb": "haemokromatose", "relation": "Patienter med jernophobning følges dér."}]
OLD_FREQUENCY = {"type": "interval", "fra": 3, "til": 6, "enhed": "maaned", "tekst": "Hver 3.-6. måned"}
NEW_FREQUENCY = {"type": "interval", "fra": 12, "enhed": "maaned", "tekst": "Hver 12. måned"}


def historik(*entries: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"version": v, "dato": d, "status": s, "beskrivelse": f"Version {v}: {s}"} for v, d, s in entries]


def pathway_data(frequency: dict[str, Any], **fields: Any) -> dict[str, Any]:
    data = minimal_pathway(relaterede=RELATED, **fields)
    data.pop("eksempel")  # it stands for a real pathway, which SFR approves; an example never is
    data["trin"][1]["hyppighed"] = frequency
    return data


def write_history(repo: Path) -> Path:
    """The repository's inputs and four commits of the test pathway."""
    path = repo / GASTRO / "testforloeb.yaml"
    approved = {"godkendt_dato": "2025-01-30", "naeste_revision": "2027-01-30"}
    write_yaml(path, pathway_data(OLD_FREQUENCY))
    commit_all(repo, "Nyt udkast", when="2025-01-10T09:00:00+01:00")
    h10 = ("1.0", "2025-01-30", "godkendt")
    write_yaml(path, pathway_data(OLD_FREQUENCY, status="godkendt", version="1.0", historik=historik(h10), **approved))
    commit_all(repo, "Godkendt 1.0", when="2025-02-01T09:00:00+01:00")
    h11 = ("1.1", "2025-03-04", "godkendt")
    v11 = pathway_data(NEW_FREQUENCY, status="godkendt", version="1.1", historik=historik(h10, h11), **approved)
    write_yaml(path, v11)
    commit_all(repo, "Godkendt 1.1", when="2025-03-05T09:00:00+01:00")
    h12 = ("1.2", "2025-04-01", "til-godkendelse")
    draft = pathway_data(NEW_FREQUENCY, status="til-godkendelse", version="1.2", historik=historik(h10, h11, h12))
    write_yaml(path, draft)
    commit_all(repo, "1.2 til godkendelse", when="2025-04-01T09:00:00+02:00")
    return path


@pytest.fixture(scope="module")
def versioned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    repo = init_repo(copy_repo(tmp_path_factory.mktemp("versioned") / "repo"))
    write_history(repo)
    out = repo.parent / "site"
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stderr
    return repo, out


def text(html: str) -> str:
    """The words of HTML as a reader sees them: inline tags vanish, others separate."""
    inline = re.sub(r"</?(?:strong|em|a|del|ins|code|span)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", inline).split())


def test_the_old_version_has_its_old_content_and_the_banner(versioned: tuple[Path, Path]) -> None:
    _, site = versioned
    old = page(site, V10)
    assert "Hver 3.-6. måned" in old and "Hver 12. måned" not in old, "1.0 as it was committed"
    banner = re.search(r'<div class="admonition danger forloeb-banner forloeb-versionsbanner">.*?</div>', old)
    assert banner is not None
    assert text(banner.group(0)) == (
        "Ikke gældende version Denne version er ikke længere gældende. Gældende version: 1.1. "
        "Version 1.0 var gældende fra 1. februar 2025 til 5. marts 2025. Alle versioner står på forløbets side."
    )
    # The current page shows the draft of 1.2, so "the version in force" is 1.1's own page.
    assert '<a href="../v1.1/">1.1</a>' in banner.group(0)
    assert '<a href="../#versioner">Alle versioner</a>' in banner.group(0)
    assert '<tr><th scope="row">Version</th><td>1.0</td></tr>' in old
    assert "pathways/gastroenterologi-hepatologi/testforloeb.yaml (commit" in old
    assert 'aria-describedby="diagram-testforloeb-beskrivelse"' in old, "its own flowchart, inline"
    assert '<meta name="robots" content="noindex">' in old
    assert "<title>Testforløb, version 1.0 - Patientforløbsbeskrivelser</title>" in old


def test_an_old_version_links_to_the_current_pages_of_other_pathways(versioned: tuple[Path, Path]) -> None:
    _, site = versioned
    old = page(site, V10)
    assert '<a href="../../haemokromatose/">Ambulant forløb for patienter med hæmokromatose</a>' in old


def test_the_version_in_force_says_so_and_that_a_draft_is_under_way(versioned: tuple[Path, Path]) -> None:
    _, site = versioned
    current = page(site, V11)
    assert "Gældende version</p><p>Version 1.1 er gældende fra 5. marts 2025." in current
    assert (
        "viser altid forløbets nyeste udgave. Lige nu er det et udkast til version 1.2, som ikke er godkendt endnu."
    ) in current
    assert "Hver 12. måned" in current


def test_version_pages_stay_out_of_search_the_sitemap_and_the_navigation(versioned: tuple[Path, Path]) -> None:
    _, site = versioned
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert f"{PAGE}/" in locations
    assert not any("/v1." in loc for loc in locations)
    old = page(site, V10)
    assert 'data-md-type="navigation"' not in old, "no nav of today's site on an old version"
    assert 'data-md-type="navigation"' in page(site, PAGE)


def test_the_current_page_lists_the_versions_and_what_changed(versioned: tuple[Path, Path]) -> None:
    _, site = versioned
    current = page(site, PAGE)
    section = current[current.index('id="versioner"') :]
    rows = re.findall(r"<tr><td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", section)
    assert rows[:2] == [
        ('<a href="v1.1/">Version 1.1</a> (gældende)', "5. marts 2025", "–"),
        ('<a href="v1.0/">Version 1.0</a>', "1. februar 2025", "5. marts 2025"),
    ]
    summary = re.search(r"<summary>Ændringer fra version 1.0 til 1.1</summary>(.*?)</details>", section, re.S)
    assert summary is not None
    changes = text(summary.group(1))
    assert "Videokontrol: video hver 3.-6. måned → video hver 12. måned" in changes
    assert "Version: 1.0 → 1.1" in changes
    assert "Kontrolfase 2–4 → 1" in changes, "planned contacts per year, before and after"
    assert 'href="../../../aendringer/gastroenterologi-hepatologi/atom.xml"' in section


def test_the_feeds_hold_each_change_with_its_summary_and_link(versioned: tuple[Path, Path]) -> None:
    _, site = versioned
    feed = feedparser.parse((site / "aendringer" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Ændringer i forløbsbeskrivelserne"
    mine = [e for e in feed.entries if "Testforløb" in e.title]
    assert [(e.title, e.updated, e.link) for e in mine] == [
        ("Testforløb: Til godkendelse i SFR", "2025-04-01T09:00:00+02:00", f"../{PAGE}/"),
        ("Testforløb: version 1.1 er godkendt", "2025-03-05T09:00:00+01:00", f"../{V11}/"),
        ("Testforløb: version 1.0 er godkendt", "2025-02-01T09:00:00+01:00", f"../{V10}/"),
        ("Nyt forløb: Testforløb", "2025-01-10T09:00:00+01:00", f"../{PAGE}/"),
    ]
    assert mine[0].summary == "Status ændret fra Godkendt til Til godkendelse i SFR (version 1.2)."
    assert mine[1].summary == "Version 1.1 er godkendt og gældende fra 5. marts 2025. Den afløser version 1.0."
    assert "hver 3.-6. måned → video hver 12. måned" in text(mine[1].content[0].value)
    assert "Nyt forløb med 3 trin og 1 fase: Udkast, version 0.1." in text(mine[3].content[0].value)
    assert len({e.id for e in feed.entries}) == len(feed.entries)

    specialty = feedparser.parse((site / "aendringer" / "gastroenterologi-hepatologi" / "atom.xml").read_bytes())
    assert {e.tags[0].term for e in specialty.entries} == {"gastroenterologi-hepatologi"}
    assert [e.title for e in specialty.entries if "Testforløb" in e.title] == [e.title for e in mine]
    rss = feedparser.parse((site / "aendringer" / "rss.xml").read_bytes())
    assert not rss.bozo and rss.version == "rss20"
    assert [e.title for e in rss.entries] == [e.title for e in feed.entries]


def test_pages_name_their_feeds_and_the_changes_page_lists_the_same(versioned: tuple[Path, Path]) -> None:
    _, site = versioned
    current = page(site, PAGE)
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', current)
    assert links == [
        ("application/atom+xml", "Ændringer i forløbsbeskrivelserne", "../../../aendringer/atom.xml"),
        ("application/rss+xml", "Ændringer i forløbsbeskrivelserne", "../../../aendringer/rss.xml"),
        (
            "application/atom+xml",
            "Ændringer i forløbsbeskrivelserne: Gastroenterologi og hepatologi",
            "../../../aendringer/gastroenterologi-hepatologi/atom.xml",
        ),
        (
            "application/rss+xml",
            "Ændringer i forløbsbeskrivelserne: Gastroenterologi og hepatologi",
            "../../../aendringer/gastroenterologi-hepatologi/rss.xml",
        ),
    ]
    assert '<link rel="alternate" type="application/atom+xml"' in page(site, "")
    changes = page(site, "oversigter/seneste-aendringer")
    listed = re.findall(r'<li><p><strong><a href="[^"]+">([^<]+)</a></strong>', changes)
    feed = feedparser.parse((site / "aendringer" / "atom.xml").read_bytes())
    assert listed == [e.title for e in feed.entries]
    assert '<a href="../../aendringer/atom.xml" type="application/atom+xml">Atom-feed</a>' in changes
    assert '<a href="../../forloeb/gastroenterologi-hepatologi/testforloeb/v1.1/">' in changes
    assert '<a href="../../aendringer/" class="md-nav__link' not in page(site, ""), "not the index of Oversigter"
    assert "Seneste ændringer" in page(site, ""), "in the navigation"
    assert 'href="../../aendringer/gastroenterologi-hepatologi/atom.xml"' in page(
        site, "forloeb/gastroenterologi-hepatologi"
    )


def test_a_build_from_a_shallow_clone_works_and_says_why_no_versions(
    versioned: tuple[Path, Path], tmp_path: Path
) -> None:
    repo, _ = versioned
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    out = tmp_path / "site"
    result = mkdocs_build(shallow, out)
    assert result.returncode == 0, result.stderr
    current = page(out, PAGE)
    assert "Tidligere versioner kan ikke vises: sitet er bygget uden den fulde git-historik" in current
    assert not (out / V10).exists()
    assert "Tidligere versioner kan ikke vises" in page(out, "oversigter/seneste-aendringer")
    feed = feedparser.parse((out / "aendringer" / "atom.xml").read_bytes())
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == "2026-01-15T00:00:00+00:00", "an empty feed is dated by the pinned day, not now"


def test_rebuilds_are_byte_identical_with_and_without_the_cache(
    versioned: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = versioned
    work = tmp_path / "repo"
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("site"))
    monkeypatch.setenv("FORLOEB_DATO", "2026-01-15")
    shutil.rmtree(work / ".cache", ignore_errors=True)
    assert build(work, tmp_path / "cold") == 0
    finished = {p: p.stat().st_mtime_ns for p in (work / ".cache" / "versioner" / "fertige").iterdir()}
    # 1.0 and 1.1 of the test pathway; the shipped RA example was once committed as godkendt 1.0, but an
    # example is never an approved version (its history invents nothing).
    assert len(finished) == 2
    assert build(work, tmp_path / "warm") == 0
    assert {p: p.stat().st_mtime_ns for p in finished} == finished, "the warm build copied them, rendered none"
    shutil.rmtree(work / ".cache")
    assert build(work, tmp_path / "again") == 0
    cold = tree_digest(tmp_path / "cold")
    assert any("v1.0" in path for path in cold)
    assert tree_digest(tmp_path / "warm") == cold
    assert tree_digest(tmp_path / "again") == cold


def test_an_old_version_shows_todays_title_of_a_related_pathway(versioned: tuple[Path, Path], tmp_path: Path) -> None:
    """The cache holds a version page by everything it shows: a renamed related pathway renders it again."""
    repo, _ = versioned
    work = tmp_path / "repo"
    shutil.copytree(repo, work, ignore=shutil.ignore_patterns("site"))
    haemo = work / GASTRO / "haemokromatose.yaml"
    haemo.write_text(
        haemo.read_text(encoding="utf-8").replace(
            "titel: Ambulant forløb for patienter med hæmokromatose", "titel: Hæmokromatose, omdøbt", 1
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert mkdocs_build(work, out, FORLOEB_SITE_URL="https://sundhed.example/forloeb/").returncode == 0
    assert '<a href="../../haemokromatose/">Hæmokromatose, omdøbt</a>' in page(out, V10)
    # With the site's address known, the feeds link absolutely and the sitemap leaves out old versions.
    feed = feedparser.parse((out / "aendringer" / "atom.xml").read_bytes())
    assert f"https://sundhed.example/forloeb/{V11}/" in [e.link for e in feed.entries]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://sundhed.example/forloeb/{PAGE}/</loc>" in sitemap and "/v1." not in sitemap


# --- historik against git -----------------------------------------------------------------------------


def test_historik_missing_an_approved_version_stops_the_build(tmp_path: Path) -> None:
    repo = init_repo(copy_repo(tmp_path / "repo"))
    path = write_history(repo)
    text_now = path.read_text(encoding="utf-8")
    # The 1.1 entry is deleted from the list (uncommitted): git knows 1.1 was approved.
    data = pathway_data(NEW_FREQUENCY, status="til-godkendelse", version="1.2")
    data["historik"] = historik(("1.0", "2025-01-30", "godkendt"), ("1.3", "2025-05-01", "godkendt"))
    write_yaml(path, data)
    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode != 0
    lines = path.read_text(encoding="utf-8").splitlines()
    historik_line = next(i for i, line in enumerate(lines, 1) if line.startswith("historik:"))
    entry_line, entry_col = next((i, line.index("'1.3'") + 1) for i, line in enumerate(lines, 1) if "'1.3'" in line)
    assert (
        f"{GASTRO}/testforloeb.yaml:{historik_line}:1: advarsel: version 1.1 er godkendt i git (commit "
    ) in result.stderr
    assert (
        f"{GASTRO}/testforloeb.yaml:{entry_line}:{entry_col}: advarsel: historik siger, at version 1.3 er godkendt, "
        'men i git er forløbet aldrig committet med status: godkendt og version: "1.3"'
    ) in result.stderr
    assert "Traceback" not in result.stderr
    validate = subprocess.run(
        [sys.executable, "scripts/validate.py", "--root", str(repo)],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "advarsel: version 1.1 er godkendt i git" in validate.stdout
    assert "advarsel: historik siger, at version 1.3 er godkendt" in validate.stdout
    path.write_text(text_now, encoding="utf-8")
    assert mkdocs_build(repo, tmp_path / "fixed").returncode == 0


def test_a_version_that_todays_model_cannot_read_keeps_its_address(tmp_path: Path) -> None:
    """A field renamed since an approval: the old version's page names the problem instead of failing the build."""
    repo = init_repo(copy_repo(tmp_path / "repo"))
    path = repo / GASTRO / "testforloeb.yaml"
    approved = {"godkendt_dato": "2025-01-30", "naeste_revision": "2027-01-30"}
    old = pathway_data(OLD_FREQUENCY, status="godkendt", version="1.0", **approved)
    old["historik"] = historik(("1.0", "2025-01-30", "godkendt"))
    old["gammelt_felt"] = "et felt, som modellen ikke kender længere"
    write_yaml(path, old)
    commit_all(repo, "Godkendt 1.0 med et felt, der senere udgår", when="2025-02-01T09:00:00+01:00")
    del old["gammelt_felt"]
    write_yaml(path, old)
    commit_all(repo, "Feltet fjernet", when="2025-02-02T09:00:00+01:00")
    result = mkdocs_build(repo, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "Version 1.0 er gældende fra 1. februar 2025." in page(tmp_path / "site", V10)
    # The correction is part of 1.0: its page shows the readable content of the last commit.
    assert "Versionen kan ikke vises" not in page(tmp_path / "site", V10)

    bad = {**old, "gammelt_felt": "igen", "version": "1.1"}
    bad["historik"] = historik(("1.0", "2025-01-30", "godkendt"), ("1.1", "2025-03-01", "godkendt"))
    write_yaml(path, bad)
    commit_all(repo, "Godkendt 1.1, med feltet igen", when="2025-03-05T09:00:00+01:00")
    write_yaml(path, {k: v for k, v in bad.items() if k != "gammelt_felt"} | {"status": "udgaaet"})
    commit_all(repo, "Udgået", when="2025-04-01T09:00:00+02:00")
    out = tmp_path / "again"
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stderr
    unreadable = page(out, V11)
    assert "Versionen kan ikke vises" in unreadable
    assert "ukendt nøgle &#39;gammelt_felt&#39;" in unreadable
    assert "Forløbet er udgået og har ingen gældende version." in unreadable
    assert "Ændringerne kan ikke vises" in page(out, PAGE), "the summary from 1.0 to 1.1 says why it is missing"


def test_the_shipped_examples_have_no_approved_versions(shipped_site: Path) -> None:
    """The fictitious RA pathway was committed as godkendt 1.0 before it was marked as an example:
    no version page, no version list, no feed entry may claim that approval."""
    ra = shipped_site / "forloeb" / "reumatologi" / "reumatoid-artritis-stabil-fase"
    assert not (ra / "v1.0").exists()
    assert "Godkendt version" not in (ra / "index.html").read_text(encoding="utf-8")
    feed = (shipped_site / "aendringer" / "atom.xml").read_text(encoding="utf-8")
    titles = re.findall(r"<title>([^<]*)</title>", feed)[1:]  # the entries, after the feed's own title
    assert titles and not [t for t in titles if "godkendt" in t.lower() or "ukendt" in t]


def refusing(text: str) -> str:
    """A fake dot's body (test_publish.fake_dot): fail on any diagram showing `text`, draw the rest with Graphviz."""
    real = shutil.which("dot")
    assert real is not None
    return (
        f'input=$(cat)\ncase "$input" in *"{text}"*) echo "Error: tegnes ikke her" >&2; exit 1;; esac\n'
        f'printf "%s\\n" "$input" | exec "{real}" "$@"'
    )


def test_a_version_whose_flowchart_cannot_be_drawn_stops_the_build_and_is_drawn_by_the_next(tmp_path: Path) -> None:
    """A failed drawing of an old version's flowchart stops the build, names what failed, keeps no
    page without its flowchart, and the next build draws it."""
    repo = init_repo(copy_repo(tmp_path / "repo"))
    path = repo / GASTRO / "testforloeb.yaml"
    approved = {"godkendt_dato": "2025-01-30", "naeste_revision": "2027-01-30"}
    h10, h11 = ("1.0", "2025-01-30", "godkendt"), ("1.1", "2025-03-04", "godkendt")
    old = pathway_data(OLD_FREQUENCY, status="godkendt", version="1.0", historik=historik(h10), **approved)
    old["trin"][0]["titel"] = "Gammelt første trin"  # only 1.0's flowchart shows it
    write_yaml(path, old)
    commit_all(repo, "Godkendt 1.0", when="2025-02-01T09:00:00+01:00")
    new = pathway_data(NEW_FREQUENCY, status="godkendt", version="1.1", historik=historik(h10, h11), **approved)
    write_yaml(path, new)
    commit_all(repo, "Godkendt 1.1", when="2025-03-05T09:00:00+01:00")

    failed = mkdocs_build(repo, tmp_path / "site", **fake_dot(tmp_path / "bin", refusing("Gammelt første trin")))
    assert failed.returncode != 0
    assert "Flowchart til en tidligere version kunne ikke tegnes" in failed.stderr
    assert "dot fejlede (exit 1): Error: tegnes ikke her" in failed.stderr
    assert "Traceback" not in failed.stderr
    bodies = repo / ".cache" / "versioner" / "sider"
    assert not [p for p in bodies.glob("*") if "Gammelt" in p.read_text(encoding="utf-8")], "nothing of 1.0 kept"

    built = mkdocs_build(repo, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    shown = page(tmp_path / "site", V10)
    assert 'aria-describedby="diagram-testforloeb-beskrivelse"' in shown and "forloeb-svg:" not in shown
    start = shown.rindex("<svg", 0, shown.index('aria-describedby="diagram-testforloeb-beskrivelse"'))
    assert "Gammelt" in shown[start : shown.index("</svg>", start)], "1.0's own flowchart, drawn by the next build"


# A build with the old versions' work cut into chunks of `sys.argv[1]` pathways; says when it forks.
BUILD_IN_CHUNKS = """
import sys
from mkdocs.__main__ import cli
from macros.pages import versions
versions.CHUNK = int(sys.argv[1])
forked = versions.Forked
def announced(work):
    print("forked a helper", file=sys.stderr)
    return forked(work)
versions.Forked = announced
cli(["build", "--strict", "--site-dir", sys.argv[2]])
"""


def test_version_pages_made_by_two_processes_are_those_made_by_one(
    versioned: tuple[Path, Path], tmp_path: Path
) -> None:
    """A build that finds many version pages and summaries missing makes every other chunk of them
    in a forked process: the pages, summaries and cache it leaves are the same."""
    repo, _ = versioned
    digests = {}
    for chunk in (1, 10_000):
        work, out = tmp_path / f"repo-{chunk}", tmp_path / f"site-{chunk}"
        done = cold_build_with(BUILD_IN_CHUNKS, chunk, repo, work, out)
        assert ("forked a helper" in done.stderr) == (chunk == 1)
        # the cache by content: a finished page's file name is a digest of settings that name the path
        digests[chunk] = (tree_digest(out), sorted(tree_digest(work / ".cache" / "versioner").values()))
    assert digests[1] == digests[10_000]
    assert any("v1.0" in path for path in digests[1][0])


# A cold build in one chunk (no forked helper for the old versions) that counts, for each model
# object, how often its figures per phase are made; the models are kept alive so no id is reused.
BUILD_COUNTING_FIGURES = """
import collections, sys
from mkdocs.__main__ import cli
import forloeb.history.semantic_diff, macros.pages.pathway
from forloeb.model import derived
from macros.pages import versions
versions.CHUNK = int(sys.argv[1])
made, alive = collections.Counter(), []
def counted(f):
    alive.append(f)
    made[id(f)] += 1
    return derived.phase_figures(f)
for module in (forloeb.history.semantic_diff, macros.pages.pathway, versions):
    module.phase_figures = counted
try:
    cli(["build", "--strict", "--site-dir", sys.argv[2]])
finally:
    print(f"figures made for {len(made)} models, at most {max(made.values())} times", file=sys.stderr)
"""


def test_an_old_versions_figures_are_made_once_for_its_page_and_its_summaries(
    versioned: tuple[Path, Path], tmp_path: Path
) -> None:
    """An approved version is shown on its page and compared with the versions before and after it
    (the change summaries): the planned contacts per phase are counted once for all three."""
    repo, out = versioned
    done = cold_build_with(BUILD_COUNTING_FIGURES, 10_000, repo, tmp_path / "repo", tmp_path / "site")
    said = re.search(r"figures made for (\d+) models, at most (\d+) times", done.stderr)
    assert said is not None, done.stderr
    assert int(said.group(1)) >= 4, "today's pathway, and 1.0, 1.1 and 1.2 from git"
    assert int(said.group(2)) == 1
    assert tree_digest(tmp_path / "site") == tree_digest(out), "the same site as a build without the count"


def test_version_pages_finished_by_the_helper_process_are_those_the_build_finishes(
    versioned: tuple[Path, Path], tmp_path: Path
) -> None:
    """A cold build's helper (macros/pages/finishing_helper.py) renders version pages too, from the
    last page back; the build takes them from it and writes the site it writes alone."""
    repo, _ = versioned
    sites = {}
    for min_pages in (1, 1_000_000):
        out = tmp_path / f"site-{min_pages}"
        done = cold_build_with(BUILD_WITH_HELPER, min_pages, repo, tmp_path / f"repo-{min_pages}", out)
        helped = HELPED.search(done.stderr)
        assert (helped is not None) == (min_pages == 1), done.stderr
        if helped is not None:
            assert int(helped.group(2)) == 2, "1.0's and 1.1's pages came from the helper"
        sites[min_pages] = tree_digest(out)
    assert sites[1] == sites[1_000_000]
