"""Property tests: no input crashes validation, and any text in any field reaches the page literally."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from forloeb.load.catalog import Catalog
from forloeb.load.consistency import check_pathway
from forloeb.load.yaml_source import YamlInputError, parse_yaml
from forloeb.model.pathway import Forloeb
from forloeb.model.registers import Speciale
from macros.pages.pathway import render_pathway
from macros.site import SiteData
from tests.factories import minimal_pathway
from tests.test_site import hostile_pathway

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30), st.dates()
)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)


def validate_text(text: str) -> None:
    """What scripts/validate.py does with one file's text; must return, never raise."""
    from forloeb.load.loader import Loaded, _problem

    try:
        doc = parse_yaml(text)
    except YamlInputError:
        return
    loaded: Loaded[Forloeb] = Loaded(path=None, display="x.yaml", model=None, doc=doc)  # type: ignore[arg-type]
    if not isinstance(doc.data, dict):
        return
    try:
        model = Forloeb.model_validate(doc.data)
    except Exception as exc:  # only pydantic's ValidationError is expected
        from pydantic import ValidationError

        assert isinstance(exc, ValidationError), f"unexpected {type(exc).__name__}: {exc}"
        for err in exc.errors():
            assert str(_problem(loaded, err, Forloeb))
        return
    check_pathway(model)


@SETTINGS
@given(documents)
def test_random_yaml_documents_never_crash_validation(data: Any) -> None:
    validate_text(yaml.safe_dump(data, allow_unicode=True))


@SETTINGS
@given(st.text(max_size=200))
def test_random_text_never_crashes_the_parser(text: str) -> None:
    validate_text(text)


@SETTINGS
@given(st.dictionaries(st.sampled_from(sorted(minimal_pathway())), documents, max_size=4))
def test_random_values_in_real_keys_never_crash_validation(changes: dict[str, Any]) -> None:
    validate_text(yaml.safe_dump(minimal_pathway(**changes), allow_unicode=True, default_flow_style=False))


# --- Rendering --------------------------------------------------------------------------------------

visible_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
).filter(lambda t: t.strip() != "")


def site_for(f: Forloeb) -> SiteData:
    catalog = Catalog(
        specialer={f.speciale: Speciale(id=f.speciale, navn="Speciale", sfr="SFR")},
        forloeb={f.id: f},
        sources={},
        vaelg_klogt={},
        d4={},
    )
    catalog.source_path = lambda _id: "pathways/x.yaml"  # type: ignore[method-assign]
    return SiteData(catalog, {f.id: "<svg></svg>"}, date(2026, 1, 1))


def page_html(f: Forloeb) -> str:
    return render_pathway(site_for(f), f.id, "forloeb/x/y/").html


def replace_text(data: Any, value: str, counter: list[int]) -> Any:
    """Put `value` plus a unique marker into every field the hostile-pathway test fills."""
    if isinstance(data, dict):
        return {k: replace_text(v, value, counter) for k, v in data.items()}
    if isinstance(data, list):
        return [replace_text(v, value, counter) for v in data]
    if isinstance(data, str) and data.endswith("x") and " felt" in data:
        counter[0] += 1
        return f"{value} mærke{counter[0]}q"
    return data


@settings(max_examples=25, deadline=None)
@given(visible_text)
def test_any_text_in_every_field_appears_escaped_on_the_page(text: str) -> None:
    template, _ = hostile_pathway()
    counter = [0]
    f = Forloeb.model_validate(replace_text(template, text, counter))
    body = " ".join(page_html(f).split())
    shown = str(escape(" ".join(text.split())))
    for n in range(1, counter[0] + 1):
        assert f"mærke{n}q" in body
    assert body.count(shown) >= counter[0]
    assert "<script" not in body
