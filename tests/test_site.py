"""Full builds of the site: the shipped pathways, a new pathway dropped in, and broken input."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from markupsafe import escape

from forloeb.load.catalog import load_catalog
from forloeb.load.layout import Layout
from forloeb.load.yaml_source import read_yaml
from forloeb.model.codes import spellings
from tests.factories import ROOT, copy_repo, minimal_pathway, write_yaml
from tests.sitebuild import links, mkdocs_build, page, visible

pytestmark = pytest.mark.subprocess  # builds or serves the site, or runs a script, in a child process

# Keys whose values are ids or controlled values: the page shows a label or a link, not the value.
NOT_SHOWN_VERBATIM = {
    "id",
    "speciale",
    "status",
    "type",
    "fase",
    "udfoerer",
    "form",
    "enhed",
    "relativ_til",
    "proevepakke",
    "til_forloeb",
    "til",
    "vaerktoej",
    "trin",
    "vaelg_klogt",
    "forloeb",
    "koen",
    "url",
    "operator",
    "niveau",
    "forgrening",
    "alternativ_til",
}


CATALOG = load_catalog(ROOT)


def text_values(data: Any, key: str = "") -> list[str]:
    if isinstance(data, dict):
        return [t for k, v in data.items() for t in text_values(v, k)]
    if isinstance(data, list):
        return [t for v in data for t in text_values(v, key)]
    if isinstance(data, str) and key not in NOT_SHOWN_VERBATIM:
        return [data]
    return []


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def test_every_text_field_of_every_shipped_pathway_is_on_its_page(shipped_site: Path) -> None:
    for path in Layout(ROOT).pathway_files():
        data = read_yaml(path).data
        body = visible(page(shipped_site, f"forloeb/{data['speciale']}/{data['id']}"))
        missing = [p for t in text_values(data) for p in paragraphs(t) if str(escape(p)) not in body]
        assert missing == [], f"{path.name}: {missing}"


def test_haemokromatose_page_holds_the_appendix_facts(shipped_site: Path) -> None:
    body = visible(page(shipped_site, "forloeb/gastroenterologi-hepatologi/haemokromatose"))
    facts = [
        "Ved minimum to målinger",
        "Ferritin &gt; 200 µg/L hos kvinder eller &gt; 300 µg/L hos mænd",
        "Samtidig transferrinmætning &gt; 45",
        "Den fælles visitationsenhed",
        "Forud for AOP skal der foreligge svar på HFE-gentest.",
        "Hver 7.-14. dag",
        "Hver 3.-4. tapning",
        "Ferritin under 100 µg/L",
        'Ferritin under 100 µg/L <span class="forloeb-graense">(struktureret: ferritin &lt; 100 µg/L)</span>',
        "Hver 3.-4. måned",
        "Der foretages index fibroscanning",
        "Indikation for leverbiopsi er dog til når Ferritin er over 1000 µg/L",
        "Der foretages ikke rutinemæssig kontrol ved læge",
        "følges patienten herefter som øvrige patienter med levercirrose",
        "kan personen overgå til behandling i blodbank (under 65 år)",
        "monitorere ferritin en gang årligt via gastromedicinsk ambulatorium",
        "Alle patienter under 65 år opfordres til at blive bloddonorer",
        "Ved behov eller afvigelser konsulterer sygeplejersken ansvarlig læge (PAL/BAL).",
    ]
    assert [f for f in facts if f not in body] == []


def test_page_sections_and_derived_figures(shipped_site: Path) -> None:
    body = page(shipped_site, "forloeb/gastroenterologi-hepatologi/haemokromatose")
    ids = re.findall(r'<h[1-4] id="([^"]+)"', body)
    expected = [
        "grafisk-fremstilling",
        "formaal",
        "anvendelsesomraade",
        "patientgruppe",
        "henvisning",
        "konsultationer",
        "trin",
        "proever",
        "digital-understoettelse",
        "pro",
        "vaelg-klogt",
        "afslutning",
        "ansvar",
        "definitioner",
    ]
    positions = [ids.index(i) for i in expected]
    assert positions == sorted(positions), "sections are in the concept's order"
    assert 'id="trin-tapning"' in body and 'href="#trin-tapning"' in body
    tapning_row = re.search(r"<th scope=\"row\">Tapningsfase</th>(.*?)</tr>", body, re.S)
    assert tapning_row and "<td>26–52</td>" in tapning_row.group(1) and "<td>0 %</td>" in tapning_row.group(1)


def test_flowchart_is_inline_with_title_links_and_text_alternative(shipped_site: Path) -> None:
    body = page(shipped_site, "forloeb/gastroenterologi-hepatologi/haemokromatose")
    svg = re.search(r'<figure class="forloeb-diagram" id="flowchart">.*?(<svg.*?</svg>)', body, re.S)
    assert svg, "the flowchart is inline SVG"
    # Whole, it would print its labels at 6.4 pt on A4: it is drawn phase by phase.
    title = "Flowchart: Ambulant forløb for patienter med hæmokromatose, oversigt over faserne"
    assert re.search(rf"<title[^>]*>{title}</title>", svg.group(0))
    assert 'href="#flowchart-fase-udredning"' in svg.group(0) and 'href="#trin-visitation"' in svg.group(0)
    assert "Flowchartet som tekst" in body
    assert "Signaturforklaring" in body
    assert 'id="forloeb-zoom"' in body and "javascripts/vendor/panzoom.min.js" in body  # the full-screen view
    assert 'id="forloeb-zoom"' not in page(shipped_site, ""), "only on pathway pages"


def anchors(body: str) -> tuple[Counter[str], set[str]]:
    """The ids on a page (Graphviz writes '-' in them as an entity) and the in-page links."""
    ids = Counter(html.unescape(i) for i in re.findall(r'\sid="([^"]+)"', body))
    links = {html.unescape(h) for h in re.findall(r'\s(?:xlink:)?href="#([^"]+)"', body)}
    return ids, links


@pytest.mark.parametrize("forloeb_id", ["haemokromatose", "mas", "reumatoid-artritis-stabil-fase"])
def test_every_step_links_to_its_place_in_the_flowchart_and_back(shipped_site: Path, forloeb_id: str) -> None:
    f = CATALOG.forloeb[forloeb_id]
    body = page(shipped_site, f"forloeb/{f.speciale}/{f.id}")
    ids, links = anchors(body)
    assert [i for i, n in ids.items() if n > 1] == []
    assert links - set(ids) == set(), "every link on the page lands"
    for t in f.trin:
        assert ids[f"node-{t.id}"] == 1 and f"trin-{t.id}" in links, t.id
        step = body.split(f'id="trin-{t.id}"', 1)[1].split("<h", 1)[0]
        assert f'<a href="#node-{t.id}">Vis trinnet i flowchartet</a>' in step, t.id
    legend = re.search(r'<details class="forloeb-legende">.*?(<svg[^>]*>)', body, re.S)
    assert legend and 'aria-labelledby="signaturforklaring-titel"' in legend.group(1)
    assert "aria-describedby" not in legend.group(1) and ids["signaturforklaring-titel"] == 1


def test_large_pathway_is_drawn_phase_by_phase_beside_its_text(shipped_site: Path) -> None:
    mas = CATALOG.forloeb["mas"]
    body = page(shipped_site, "forloeb/intern-medicin/mas")
    overview = re.search(r'<figure class="forloeb-diagram" id="flowchart">.*?</figure>', body, re.S)
    assert overview and "oversigt over faserne" in overview.group(0)
    for fase in mas.faser:
        # Under the phase's heading in "Forløbet trin for trin", before the phase's steps: its
        # diagram, or its parts in a wrapper with the phase's anchor.
        heading = rf'<h3 id="fase-{fase.id}">.*?</h3>\s*'
        whole = rf'<figure class="forloeb-diagram[^"]*" id="flowchart-fase-{fase.id}">(.*?)</figure>'
        parts = rf'<div class="forloeb-dele" id="flowchart-fase-{fase.id}">(.*?)</div>\s*<div class="forloeb-fase">'
        found = re.search(heading + f"(?:{whole}|{parts})", body, re.S)
        assert found, fase.id
        assert f'href="#flowchart-fase-{fase.id}"' in overview.group(0)
        drawn = found.group(1) or found.group(2)
        steps = [t for t in mas.trin if t.fase == fase.id]
        assert {f"node-{t.id}" for t in steps} <= anchors(drawn)[0].keys()
        stems = (
            [f"mas-fase-{fase.id}"]
            if found.group(1)
            else re.findall(r'aria-describedby="diagram-(mas-fase-[a-z0-9-]+-del-\d+)-beskrivelse"', drawn)
        )
        assert stems, fase.id
        for n, stem in enumerate(stems, start=1):
            part = f", del {n} af {len(stems)}" if len(stems) > 1 else ""
            assert f'aria-describedby="diagram-{stem}-beskrivelse"' in drawn
            assert f'<figcaption id="diagram-{stem}-beskrivelse">Flowchart over fasen {fase.titel}{part}.' in drawn


def test_navigation_and_indexes(shipped_site: Path) -> None:
    home = page(shipped_site, "")
    assert "Gastroenterologi og hepatologi" in home
    assert "forloeb/gastroenterologi-hepatologi/haemokromatose/" in home
    codes = page(shipped_site, "oversigter/diagnosekoder")
    assert "DE831" in codes and "../../forloeb/gastroenterologi-hepatologi/haemokromatose/" in codes
    assert (shipped_site / "schema" / "forloeb.schema.json").exists()


def test_every_pathway_is_two_clicks_from_the_home_page(shipped_site: Path) -> None:
    # navigation.prune renders only the open section's entries into a page's navigation; a clinician
    # still reaches every pathway from the home page's navigation through one index page.
    home = page(shipped_site, "")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>', home, re.S)
    assert nav
    first = links(shipped_site, "", nav.group(0))
    second = set().union(*(links(shipped_site, url, page(shipped_site, url)) for url in first))
    for f in CATALOG.forloeb.values():
        assert f"forloeb/{f.speciale}/{f.id}" in first | second, f.id
    assert "forloeb/gastroenterologi-hepatologi/haemokromatose" not in first, "the nav is pruned"


def search_index(site: Path) -> dict[str, Any]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_search_index_is_danish_and_holds_the_pathway(shipped_site: Path) -> None:
    index = search_index(shipped_site)
    assert index["config"]["lang"] == ["da"]
    titles = " ".join(doc["title"] for doc in index["docs"])
    assert "hæmokromatose" in titles
    assert any("venesectio" in doc["text"].lower() for doc in index["docs"])


def index_words(text: str) -> set[str]:
    """The words Material's search makes of an entry: tags out, split at the configured separator."""
    return {w.lower() for w in re.split(r"[\s\-]+", re.sub(r"<[^>]+>", " ", html.unescape(text))) if w}


def test_a_pathway_is_indexed_by_every_spelling_of_its_codes_and_by_its_search_words(shipped_site: Path) -> None:
    docs = {doc["location"]: doc for doc in search_index(shipped_site)["docs"]}
    for f in CATALOG.forloeb.values():
        # The first entry of a page (its title and what stands before the first section) is the one
        # Material ranks highest; the pathway page as a whole is boosted above overview pages.
        entry = docs[f"forloeb/{f.speciale}/{f.id}/"]
        assert entry["boost"] == 2.0
        words = index_words(entry["text"])
        text = " ".join(entry["text"].split())
        for k in f.patientgruppe.diagnosekoder:
            assert {s.lower() for s in spellings(k.kode)} <= words, k.kode
            assert str(escape(k.tekst)) in text
        for w in f.soegeord:
            assert index_words(str(escape(w.ord))) <= words, w.ord
    assert "e83.1" in index_words(docs["oversigter/diagnosekoder/"]["text"])  # the overview shows both forms
    # The one-page views, and the section they show, repeat what the pathway page says elsewhere.
    assert not any("almen-praksis" in location for location in docs if location.startswith("forloeb/"))


def test_the_search_index_holds_words_as_written(shipped_site: Path) -> None:
    docs = search_index(shipped_site)["docs"]
    assert not any("\u00ad" in doc["title"] + doc["text"] for doc in docs), "no soft hyphen reaches the index"
    words = set().union(*(index_words(doc["text"]) for doc in docs))
    # Neighbouring table cells are not glued into one word ("SpecialeGastroenterologi").
    assert "gastroenterologi" in words and not any(w.startswith("speciale") and len(w) > 10 for w in words)


FORMATTED = {"version", "kode", "parameter", "dato"}  # strings with a required format
HOSTILE = '<script>alert("x")</script> {{ 7*7 }} {% if 1 %}J{% endif %} *fed* [lnk](javascript:alert(1)) ]] \\N "q" &'


def fill_text_fields(data: Any, counter: list[int]) -> Any:
    """Replace every free-text value with the hostile payload plus a unique marker."""
    if isinstance(data, dict):
        return {k: v if k in NOT_SHOWN_VERBATIM | FORMATTED else fill_text_fields(v, counter) for k, v in data.items()}
    if isinstance(data, list):
        return [fill_text_fields(v, counter) for v in data]
    if isinstance(data, str):
        counter[0] += 1
        return f"{HOSTILE} felt{counter[0]}x"
    return data


def hostile_pathway() -> tuple[dict[str, Any], int]:
    data = minimal_pathway(
        kilde="k",
        historik=[{"version": "0.1", "dato": "2025-01-01", "beskrivelse": "b"}],
        opfoelgning="o",
        oevrige_forhold=[{"titel": "t", "tekst": "x"}],
        definitioner=[{"term": "t", "definition": "d"}],
        referencer=[{"titel": "t", "url": "https://example.org/?a=1&b=2", "note": "n"}],
        pro=[{"skema": "s", "hvornaar": "h", "formaal": "f", "trin": ["kontrol"]}],
        digital_understoettelse=[{"vaerktoej": "minsp", "hvornaar": "h", "beskrivelse": "b", "trin": ["start"]}],
        proevepakker=[{"id": "pk", "navn": "n", "indhold": ["i"], "beskrivelse": "b"}],
        relaterede=[{"forloeb": "ekstern-x", "titel": "t", "ekstern": True, "relation": "r"}],
        tilfoejelser=["t"],
        indikatorer=[{"navn": "n", "definition": "d", "datakilde": "k", "maal": "m"}],
        soegeord=[{"ord": "o", "kilde": "k"}, {"ord": "p", "tilfoejet": True}],
    )
    data["trin"][1].update(udfoerer="almen-praksis", aftale={"navn": "n", "niveau": "national", "kilde": "k"})
    data["trin"][0]["overgange"][0]["overlevering"] = {
        "ansvar_foer": "f",
        "ansvar_efter": "e",
        "indhold": ["i"],
        "kilde": "k",
        "genhenvisning": "g",
    }
    data["patientgruppe"].update(ikke_omfattet=["i"], alder={"min": 18, "max": 80})
    data["henvisning"].update(
        beskrivelse="b",
        kriterier_indledning="k",
        kriterier=[
            {"tekst": "t", "graensevaerdier": [{"parameter": "crp", "operator": ">", "vaerdi": 5, "enhed": "mg/L"}]}
        ],
    )
    data["faser"][0].update(beskrivelse="b", forloebstid={"maks_dage": 8, "maal_dage": 5, "tekst": "t"})
    data["trin"][0].update(beskrivelse="b", punkter=["p"], tidsfrist={"maks_dage": 4, "tekst": "t"}, proevepakke="pk")
    data["trin"].append({"id": "videre", "titel": "v", "type": "overgang", "til_forloeb": "ekstern-x"})
    data["trin"][1]["overgange"].append({"til": "videre", "betingelse": "c"})
    data["afslutning"]["kriterier"] = ["k"]
    counter = [0]
    filled = fill_text_fields(data, counter)
    return filled, counter[0]


def test_hostile_text_in_every_field_is_shown_literally(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    data, fields = hostile_pathway()
    write_yaml(repo / "pathways" / "gastroenterologi-hepatologi" / "testforloeb.yaml", data)
    out = tmp_path / "site"
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stderr
    body = page(out, "forloeb/gastroenterologi-hepatologi/testforloeb")
    folded = visible(body)
    for n in range(1, fields + 1):
        assert f"felt{n}x" in folded, f"field {n} is missing from the page"
    assert "alert(" not in re.sub(r"&lt;script&gt;alert\(", "", folded).replace("javascript:alert(1)", "")
    assert "<script>alert" not in body
    assert folded.count("{{ 7*7 }}") >= fields
    assert folded.count("{% if 1 %}J{% endif %}") >= fields
    assert "<em>fed</em>" not in body and "*fed*" in folded
    assert 'href="javascript' not in body
    assert 'href="https://example.org/?a=1&amp;b=2"' in body
    # Every page of the site that shows text from the pathway shows it as text, the overviews too.
    title = f"{HOSTILE} felt1x"
    overviews = {
        "": [title],
        "forloeb/": [title],
        "forloeb/gastroenterologi-hepatologi/": [title],
        "oversigter/diagnosekoder/": [title],
        "oversigter/digitale-vaerktoejer/": [title],
    }
    for url, shown in overviews.items():
        html = page(out, url)
        assert all(literal(text) in visible(html) for text in shown), url
    for html_file in out.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert "<script>alert" not in html and 'href="javascript' not in html, html_file
        assert "<em>fed</em>" not in html and ">J<" not in html, html_file  # Markdown and Jinja not applied


def literal(text: str) -> str:
    """Text as it stands in the page's HTML: escaped, as Jinja's autoescaping writes it."""
    return str(markupsafe.escape(text))


def test_new_yaml_file_adds_page_nav_and_index_entries(tmp_path: Path) -> None:
    repo = copy_repo(tmp_path / "repo")
    data = minimal_pathway(
        digital_understoettelse=[{"vaerktoej": "selvbook", "hvornaar": "Ved kontrol", "beskrivelse": "b"}]
    )
    write_yaml(repo / "pathways" / "gastroenterologi-hepatologi" / "testforloeb.yaml", data)
    out = tmp_path / "site"
    result = mkdocs_build(repo, out)
    assert result.returncode == 0, result.stderr
    body = page(out, "forloeb/gastroenterologi-hepatologi/testforloeb")
    assert "Testforløb" in body
    # Small: drawn whole, under Grafisk fremstilling, and nowhere phase by phase.
    svg = re.search(r'<figure class="forloeb-diagram" id="flowchart">.*?(<svg.*?</svg>)', body, re.S)
    assert svg and re.search(r"<title[^>]*>Flowchart: Testforløb</title>", svg.group(1))
    assert 'href="#trin-start"' in svg.group(1) and "flowchart-fase-" not in body and "forloeb-dele" not in body
    assert "forloeb/gastroenterologi-hepatologi/testforloeb/" in page(out, "")
    assert "DX991" in page(out, "oversigter/diagnosekoder")
    tools = page(out, "oversigter/digitale-vaerktoejer")
    assert "testforloeb/" in tools and "Ved kontrol" in tools
    assert "Testforløb" in page(out, "forloeb/gastroenterologi-hepatologi")


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t.replace("formaal:", "formal:"), "ukendt nøgle 'formal'; mente du 'formaal'?"),
        (lambda t: t + "titel: igen\n", "nøglen 'titel' står to gange"),
        (lambda t: t.replace("anvendelsesomraade: Testafdelinger.", "anvendelsesomraade: [ok"), "YAML-syntaksfejl"),
        (lambda t: t.replace("til: slut", "til: ingensteds"), "trinnet 'ingensteds' findes ikke"),
    ],
)
def test_broken_yaml_fails_the_build_with_file_line_col(tmp_path: Path, mutate: Any, expected: str) -> None:
    import yaml

    repo = copy_repo(tmp_path / "repo")
    text = mutate(yaml.safe_dump(minimal_pathway(), allow_unicode=True, sort_keys=False))
    (repo / "pathways" / "gastroenterologi-hepatologi" / "testforloeb.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(repo, out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(
        r"pathways/gastroenterologi-hepatologi/testforloeb\.yaml:\d+:\d+: .*" + re.escape(expected), result.stderr
    ), result.stderr
    assert not (out / "index.html").exists(), "nothing is published from a failed build"
