"""The page of one pathway: Python gathers the data, the templates in templates/ present it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from forloeb.diagram.phases import phase_anchor
from forloeb.model import sectors, task_shift
from forloeb.model.codes import spellings
from forloeb.model.derived import PhaseFigures, consultations, examinations, per_year, phase_figures
from forloeb.model.formatting import danish_date, span
from forloeb.model.general_practice import general_practice
from forloeb.model.pathway import Fase, Forloeb, Trin
from forloeb.model.registers import D4Dokument
from forloeb.model.sectors import handovers
from macros.pages import d4
from macros.pages.version_list import VersionBanner, version_list
from macros.pdf.printer import pdf_name
from macros.render.figures import PathwayFigures, marker
from macros.render.templating import RenderedPage, render_page
from macros.site import LEGEND_KEY, PATHWAY_DIR, SiteData, general_practice_src, pathway_src


@dataclass(frozen=True)
class Banner:
    kind: str  # a Material admonition type
    titel: str
    tekst: str


@dataclass(frozen=True)
class VersionView:
    """An approved version on its own page: its committed content, and how it stands today."""

    model: Forloeb
    banner: VersionBanner
    kildefil: str  # the file and commit it comes from
    as_of: date  # the day its review date is judged by
    figures: list[PhaseFigures]  # phase_figures(model), made once with its change summaries' (pages/versions.py)


@dataclass(frozen=True)
class StepGroup:
    fase: Fase | None
    trin: list[Trin]


def example_banner(f: Forloeb) -> Banner | None:
    """Where an example comes from; the model guarantees it was never submitted or approved."""
    e = f.eksempel
    if e is None:
        return None
    if e.fiktivt:
        return Banner(
            "example",
            "Fiktivt eksempel",
            f"Forløbet er opfundet ({e.kilde}). Det kliniske indhold er ikke fagligt vurderet, det er hverken "
            "sendt til eller godkendt af et Sundhedsfagligt Råd, og det må ikke bruges i klinikken.",
        )
    return Banner(
        "example",
        "Eksempel",
        f"Forløbet er et eksempel i kataloget, ikke en gældende patientforløbsbeskrivelse: det er hverken sendt "
        f"til eller godkendt af et Sundhedsfagligt Råd. Eksemplet stammer fra {e.kilde}.",
    )


def banners(f: Forloeb, today: date) -> list[Banner]:
    example = example_banner(f)
    out = [example] if example else []
    if f.status == "udkast":
        out.append(Banner("warning", "Udkast", "Forløbet er under udarbejdelse og er ikke godkendt af SFR."))
    elif f.status == "til-godkendelse":
        out.append(
            Banner(
                "warning", "Afventer godkendelse", "Forløbet er sendt til godkendelse i SFR og er endnu ikke godkendt."
            )
        )
    elif f.status == "udgaaet":
        out.append(Banner("danger", "Udgået", "Forløbet er udgået og må ikke længere anvendes."))
    if f.status != "udgaaet" and f.naeste_revision and f.naeste_revision < today:
        out.append(
            Banner(
                "danger",
                "Revision overskredet",
                f"Forløbet skulle have været revideret senest {f.naeste_revision.isoformat()}.",
            )
        )
    return out


def step_groups(f: Forloeb) -> list[StepGroup]:
    """Steps without a phase first, then each phase with its steps, in the file's order."""
    groups = [StepGroup(None, [t for t in f.trin if t.fase is None])]
    groups += [StepGroup(fa, [t for t in f.trin if t.fase == fa.id]) for fa in f.faser]
    return [g for g in groups if g.trin or g.fase]


def last_changed(site: SiteData, forloeb_id: str) -> str | None:
    """The date of the last commit of the pathway's file, for the page header; None outside git."""
    if site.git is None:
        return None
    history = site.git.get(forloeb_id)
    if history is None or history.last_commit is None:
        return "Ikke committet endnu"
    committed = danish_date(history.last_commit)
    return f"{committed} (og ændringer, der ikke er committet endnu)" if history.uncommitted else committed


def render_pathway(site: SiteData, forloeb_id: str, page_url: str, version: VersionView | None = None) -> RenderedPage:
    """The pathway's page, or an approved version's: its old content with today's templates and
    links to today's pages (a pathway since deleted is named, and linked to the list of all)."""
    c = site.catalog
    f = version.model if version else c.forloeb[forloeb_id]
    trin_by_id = {t.id: t for t in f.trin}
    fase_by_id = {fa.id: fa for fa in f.faser}
    relaterede = {r.forloeb: r for r in f.relaterede}

    def aarlig(t: Trin) -> str:
        yearly = per_year(t, trin_by_id)
        return "–" if yearly is None else span(yearly)

    def forloeb_link(other_id: str) -> str:
        other = c.forloeb.get(other_id)
        return site.link(page_url, pathway_src(other) if other else f"{PATHWAY_DIR}/index.md")

    def forloeb_titel(other_id: str) -> str:
        other = c.forloeb.get(other_id)
        return other.titel if other else f"{other_id} (findes ikke længere)"

    def relateret_link(other_id: str) -> Markup:
        rel = relaterede[other_id]
        if rel.ekstern:
            return Markup("{} <em>(findes endnu ikke i kataloget)</em>").format(rel.titel)
        return Markup('<a href="{}">{}</a>').format(forloeb_link(other_id), rel.titel or forloeb_titel(other_id))

    skifter = handovers(f)
    return render_page(
        "forloeb.html.j2",
        **_shared(site, f, version.as_of if version else site.today),
        versionsbanner=version.banner if version else None,
        versioner=None if version else version_list(site, f, page_url),
        # An approved version has no one-page view of its own: the print link is to today's.
        ap_side=site.link(page_url, general_practice_src(c.forloeb.get(f.id, f))),
        ap_trin_href=lambda trin_id: f"#trin-{trin_id}",
        stavemaader=spellings,
        kildefil=version.kildefil if version else c.source_path(f.id),
        sidst_aendret=None if version else last_changed(site, f.id),
        pdf_fil=pdf_name(f) if site.pdf and not version else None,
        # An approved version is drawn whole, under the pathway's own key on its own page.
        diagrammer=(None if version else site.figures.get(f.id)) or PathwayFigures.whole(f.id),
        fase_anker=phase_anchor,
        legende=marker(LEGEND_KEY),
        grupper=step_groups(f),
        kontakter=consultations(f),
        proever=examinations(f),
        faser_tal=version.figures if version else phase_figures(f),
        slutninger=[t for t in f.trin if t.type in ("afslutning", "overgang")],
        vaelg_klogt=[c.vaelg_klogt[v] for v in f.vaelg_klogt if v in c.vaelg_klogt],
        d4=_d4_documents(site, f, old=version is not None),
        d4_link=lambda d: d4.doc_link(site, page_url, d),
        aarlig=aarlig,
        opgaveglidning=task_shift.task_shifts,
        overleveringer=skifter,
        dsam=sectors.DSAM_QUOTE,
        dsam_kilde=sectors.DSAM_SOURCE,
        overlevering_for=lambda t, o: next((h for h in skifter if h.fra is t and h.overgang is o), None),
        fase_titel=lambda t: fase_by_id[t.fase].titel if t.fase else "–",
        digitalt_for=lambda t: [d for d in f.digital_understoettelse if t.id in d.trin],
        pro_for=lambda t: [p for p in f.pro if t.id in p.trin],
        forloeb_link=forloeb_link,
        forloeb_titel=forloeb_titel,
        relateret_link=relateret_link,
    )


def _d4_documents(site: SiteData, f: Forloeb, *, old: bool) -> list[tuple[D4Dokument, tuple[str, ...]]]:
    """An old version shows the documents it named; the current page its whole bruttoliste."""
    c = site.catalog
    if old:
        return [(c.d4[d], ("erstattes_af",)) for d in f.erstatter_d4 if d in c.d4]
    return d4.pathway_documents(site, f)


def _shared(site: SiteData, f: Forloeb, as_of: date) -> dict[str, Any]:
    """What the pathway page and its one-page view for general practice both show."""
    return dict(
        f=f,
        speciale=site.catalog.specialer[f.speciale],
        banners=banners(f, as_of),
        ap=general_practice(f),
        trin_by_id={t.id: t for t in f.trin},
        pakke_by_id={p.id: p for p in f.proevepakker},
        regel=task_shift.RULE,
        regel_kilde=task_shift.RULE_SOURCE,
        aftaleniveau=task_shift.AGREEMENT_LEVEL,
    )


def render_general_practice(site: SiteData, forloeb_id: str, page_url: str) -> RenderedPage:
    """The one-page view for general practice: the section of the pathway page, on a page of its own."""
    f = site.catalog.forloeb[forloeb_id]
    pathway = site.link(page_url, pathway_src(f))
    return render_page(
        "almen_praksis_side.html.j2",
        **_shared(site, f, site.today),
        forloeb_side=pathway,
        ap_trin_href=lambda trin_id: f"{pathway}#trin-{trin_id}",
    )
