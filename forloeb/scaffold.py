"""A new pathway file: valid as it stands, with a Danish comment on every field and no clinical content.

Texts the working group must write are placeholders (forloeb/placeholders.py), so one left in is
visible on the page and blocks approval. Optional fields are commented-out examples: remove the
'# ' in front of the lines to use one. The file is a draft (status udkast) until SFR approves it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

from pydantic import TypeAdapter, ValidationError

from forloeb.danish import ascii_fold
from forloeb.errors import MessageError
from forloeb.load.consistency import check_pathway
from forloeb.load.files import LINK_REFUSED
from forloeb.load.layout import SPECIALTIES_FILE, Layout
from forloeb.load.loader import load, load_bytes
from forloeb.load.placeholders import MARKER
from forloeb.model.codes import normalise_code
from forloeb.model.pathway import Forloeb, Slug
from forloeb.model.registers import Speciale, Specialer

_SLUG: TypeAdapter[str] = TypeAdapter(Slug)


class ScaffoldError(MessageError):
    """A new pathway that cannot be made as asked."""


@dataclass(frozen=True)
class NewPathway:
    id: str
    titel: str
    speciale: str
    sfr: str  # the owning health council's name, for the hint in 'ansvar'
    diagnosekode: str
    diagnosetekst: str | None
    today: date


def slug_from_title(title: str) -> str:
    """A suggested id: 'Ambulant forløb for hæmokromatose' -> 'ambulant-forloeb-for-haemokromatose'."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(title).lower()).strip("-")[:80].strip("-")


def _valid(adapter: TypeAdapter[str], value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


def specialties(root: Path) -> dict[str, Speciale]:
    path = Layout(root).registry_dir / SPECIALTIES_FILE
    link = Layout(root).outside_or_linked(path)
    if link is not None:
        raise ScaffoldError(f"{link}: {LINK_REFUSED}")
    loaded = load(path, Specialer)
    if loaded.model is None:
        raise ScaffoldError(f"specialeregistret har fejl: {loaded.problems[0]}")
    return {s.id: s for s in loaded.model.specialer}


def new_pathway(
    root: Path, *, forloeb_id: str, titel: str, speciale: str, kode: str, diagnosetekst: str | None, today: date
) -> tuple[Path, str]:
    """The path and text of a new pathway file; ScaffoldError says in Danish what is wrong."""
    if not _valid(_SLUG, forloeb_id):
        raise ScaffoldError(f"id '{forloeb_id}' skal være små bogstaver a-z, tal og bindestreg, fx 'haemokromatose'")
    existing = [p for p in Layout(root).pathway_files() if p.stem == forloeb_id]
    if existing:
        raise ScaffoldError(f"forløbet '{forloeb_id}' findes allerede: {existing[0].relative_to(root)}")
    known = specialties(root)
    if speciale not in known:
        raise ScaffoldError(f"specialet '{speciale}' findes ikke; vælg et af: {', '.join(known)}")
    sks = normalise_code(kode)
    if sks is None:
        raise ScaffoldError(f"'{kode}' er ikke en SKS-diagnosekode; skriv fx DE831 eller E83.1")
    if not titel.strip():
        raise ScaffoldError("titlen må ikke være tom")
    request = NewPathway(forloeb_id, titel, speciale, known[speciale].sfr, sks, diagnosetekst, today)
    path = Layout(root).pathway_file(speciale, forloeb_id)
    link = Layout(root).outside_or_linked(path)
    if link is not None:  # the file would be written where the link points
        raise ScaffoldError(f"{link}: {LINK_REFUSED}" if link.is_symlink() else f"{path} ligger uden for repositoriet")
    text = render_scaffold(request)
    loaded = load_bytes(text.encode("utf-8"), path, str(path.relative_to(root)), Forloeb)
    # Whatever the editor typed, the file written must load: check it as the catalog would.
    errors = [str(p) for p in loaded.problems]
    if loaded.model is not None:
        errors += [p.message for p in check_pathway(loaded.model) if p.severity == "fejl"]
    if errors:
        raise ScaffoldError(f"den nye fil ville ikke være gyldig: {errors[0]}")
    return path, text


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


class _Template(Template):
    delimiter = "@"  # '$' may stand in a text


def render_scaffold(p: NewPathway) -> str:
    values = {
        "U": MARKER,
        "id": p.id,
        "titel": _q(p.titel),
        "speciale": p.speciale,
        "sfr": " ".join(p.sfr.split()),  # it stands in a comment line
        "kode": p.diagnosekode,
        "diagnosetekst": _q(p.diagnosetekst or f"{MARKER} Skriv diagnosens navn her."),
        "dato": p.today.isoformat(),
    }
    return _Template(_TEMPLATE).substitute(values)


_TEMPLATE = """\
# Nyt forløb, oprettet med scripts/new_pathway.py. Filen er gyldig, som den er, men tekster, der
# begynder med "@U", skal skrives af arbejdsgruppen; de står på siden, indtil de er udfyldt.
# Linjer, der begynder med #, er kommentarer og vises ikke. Valgfrie felter står som eksempler
# i kommentarer; fjern "# " foran linjerne for at bruge dem. Tjek filen med scripts/validate.py.
# Vejledning: "Sådan redigerer du et forløb" på sitet (docs/redigering.md). I VS Code med udvidelsen
# YAML (Red Hat) forklarer skemaet hvert felt, når du holder musen over det, foreslår felter og
# værdier (Ctrl+mellemrum) og understreger fejl (.vscode/settings.json kobler skemaet til filen).

# --- Metadata ----------------------------------------------------------------------------------
# Forløbets id er filnavnet uden .yaml: små bogstaver a-z, tal og bindestreg. Ret det ikke.
id: @id
# Titlen står øverst på siden og i menuen.
titel: @titel
# Specialets id fra pathways/_registre/specialer.yaml; filen ligger i mappen med samme navn.
speciale: @speciale
# Status: udkast, til-godkendelse (sendt til SFR), godkendt eller udgaaet.
status: udkast
# Versionen skrives i anførselstegn. Hæv den ved hver ændring, som SFR skal godkende.
version: "0.1"
# Når status er godkendt, skal datoen for godkendelsen og for næste revision stå her (ÅÅÅÅ-MM-DD):
# godkendt_dato: 2026-06-01
# naeste_revision: 2028-06-01
# Et eksempel (indhold, der ikke er en rigtig forløbsbeskrivelse fra SFR) siger, hvor det stammer
# fra; siden får et banner med kilden, og oversigterne viser status Eksempel. Et eksempel er hverken
# sendt til eller godkendt af SFR: det har ingen godkendt_dato og ingen historik om godkendelse, og
# status og version kan udelades. Tilføj fiktivt: true, hvis det kliniske indhold er opfundet.
# eksempel:
#   kilde: "@U Skriv, hvor eksemplet stammer fra."
# Hvor indholdet stammer fra, fx en national retningslinje eller de D4-dokumenter, det afløser:
# kilde: "@U Skriv kilden til indholdet her."
# Det, der er tilføjet ved overførslen, og som kilden ikke siger (fx diagnosekoden eller hvem der
# udfører et trin), én linje pr. tilføjelse. Listen står under kilden på siden:
# tilfoejelser:
#   - "@U Skriv, hvad der er tilføjet, og hvad kilden siger i stedet."
# Samlet standardforløbstid fra start til afslutning, hvis der er en (fx i et pakkeforløb). Skriv
# den, som kilden siger: maks_dage er en grænse ("højst"), maal_dage et mål ("det tilstræbes"):
# forloebstid:
#   maal_dage: 30
#   tekst: "@U Skriv forløbstiden i kildens ord her."
# Historik: én post pr. version eller godkendelse, nyeste nederst. Vises på siden.
historik:
  - version: "0.1"
    dato: @dato
    status: udkast
    beskrivelse: Udkast oprettet.

# --- Formål og anvendelsesområde ---------------------------------------------------------------
# Hvad forløbsbeskrivelsen skal sikre, og for hvem.
formaal: "@U Skriv formålet med forløbet her."
# Hvem beskrivelsen gælder for, fx personale på de medicinske afdelinger i regionen.
anvendelsesomraade: "@U Skriv, hvem beskrivelsen gælder for."

# --- Patientgruppe -----------------------------------------------------------------------------
patientgruppe:
  # Den afgrænsede patientgruppe: diagnose, alder, og hvem der ikke er omfattet.
  beskrivelse: "@U Beskriv patientgruppen her."
  # SKS-diagnosekoder med D foran og uden punktum. En kode omfatter alle koder, den er begyndelsen
  # af (DE83 omfatter DE831). Koderne bestemmer, hvor forløbet står i oversigten over diagnosekoder.
  diagnosekoder:
    - kode: @kode
      tekst: @diagnosetekst
  # Aldersgrænser i hele år (grænserne er med); udelad min eller max, hvis der kun er én grænse:
  # alder:
  #   min: 18
  #   max: 80
  # Patienter, der ikke er omfattet, én linje pr. gruppe:
  # ikke_omfattet:
  #   - "@U Skriv en gruppe, der ikke er omfattet."
  # Afgrænsning mod et andet forløb med overlappende diagnosekoder (forløbets id):
  # afgraensninger:
  #   - forloeb: andet-forloebs-id
  #     begrundelse: "@U Skriv, hvordan patientgrupperne er afgrænset fra hinanden."

# --- Henvisning, visitation og indkaldelse -----------------------------------------------------
henvisning:
  # Hvem henviser, én linje pr. henviser, fx egen læge.
  henvisere:
    - "@U Skriv, hvem der henviser."
  # Uddybning af henvisningen (valgfri):
  # beskrivelse: "@U Uddyb henvisningen her."
  # Hvem visiterer henvisningen, og hvordan.
  visitation: "@U Skriv, hvem der visiterer, og hvordan."
  # Kriterier for at blive modtaget, som de står i beskrivelsen. Grænseværdier gør en grænse
  # sammenlignelig med andre forløb (operator er >, >=, <, <= eller =; koen er kvinde eller mand).
  # kriterier_indledning: "@U Skriv teksten før kriterierne."
  # kriterier:
  #   - tekst: "@U Skriv kriteriet, som det står i beskrivelsen."
  #     graensevaerdier:
  #       - {parameter: ferritin, operator: ">", vaerdi: 200, enhed: µg/L, koen: kvinde}
  # Hvordan patienten indkaldes, fx brev i e-Boks eller besked i MinSP.
  indkaldelse: "@U Skriv, hvordan patienten indkaldes."

# --- Faser -------------------------------------------------------------------------------------
# Forløbets faser i rækkefølge, fx udredning, behandling og opfølgning. Et trin hører til en fase
# med fase: <fasens id>. Siden viser kontakter pr. år og andelen af virtuelle kontakter pr. fase.
# Standardforløbstiden for en fase er valgfri: maks_dage for en grænse (højst), maal_dage for et mål
# (det tilstræbes), som kilden siger.
# faser:
#   - id: udredning
#     titel: "@U Skriv fasens titel."
#     beskrivelse: "@U Beskriv fasen."
#     forloebstid: {maks_dage: 30, tekst: "@U Skriv fristen i kildens ord."}

# --- Trin --------------------------------------------------------------------------------------
# Trinnene er kilden til flowchartet og til tabellen "Konsultationer, hvor mange og hvornår?".
# Det første trin er forløbets start. Hvert trin skal kunne nås via overgange fra et andet trin,
# og kun trin af type afslutning eller overgang må være uden overgange.
#   Type: visitation, konsultation, undersoegelse, behandling, beslutning, overgang, afslutning.
#   Hvem (udfoerer): laege, sygeplejerske, sekretaer, bioanalytiker, radiograf, tvaerfagligt-team,
#     patient, blodbank, almen-praksis, praktiserende-speciallaege, kommunal-sygepleje, kommune
#     (en anden kommunal indsats end sygepleje).
#   Konceptet, afsnit 5.0: "Patientforløbsbeskrivelsen må ikke medføre opgaveglidning mod almen
#     praksis eller den kommunale sygepleje." Et trin, der udføres af almen-praksis eller
#     kommunal-sygepleje, eller hvis tekst giver dem en opgave (fx "via egen læge"), får derfor en
#     advarsel, medmindre placeringen allerede følger af en national eller regional aftale. Skriv
#     den i trinnet, så vises den som information (niveau er national eller regional):
#     Fx aftale: {navn: "@U Aftalens navn.", niveau: national, kilde: "@U Hvor det står."}
#   Vejene videre (overgange) er alternativer: patienten følger én af dem. Følger patienten dem
#     alle (fx parallelle spor), så skriv forgrening: samtidig i trinnet. Trin, der er alternativer
#     uden at være det via overgange, markeres med alternativ_til: [<trin-id>]. Tallene pr. år
#     lægges aldrig sammen for alternativer.
#   En overgang mellem sektorer (fx fra almen praksis til sygehuset) siger, hvem der har
#     behandlingsansvaret før og efter, og hvad overleveringen indeholder. På overgangen:
#     Fx overlevering: {ansvar_foer: Egen læge, ansvar_efter: "@U Hvem.", indhold: ["@U Hvad."]}
#   Form (kun når trinnet er en patientkontakt): fysisk, video, telefon eller digital.
#   Hyppighed skrives både struktureret (til tallene pr. år) og i ord (til tabellen), fx
#     {type: engang, tekst: Én gang ved start af forløbet}
#     {type: interval, fra: 3, til: 6, enhed: maaned, tekst: Hver 3.-6. måned}
#     {type: interval, fra: 3, til: 4, enhed: gang, relativ_til: <trin-id>, tekst: Hver 3.-4. gang}
#     {type: efter-behov, antal_pr_aar: 2, tekst: Efter behov, typisk to gange om året}
#   Et trin af type overgang kan pege på et andet forløb med til_forloeb: <id under relaterede>.
trin:
  - id: visitation
    titel: Visitation
    type: visitation
    # Fasen og hvem der visiterer (valgfrit):
    # fase: udredning
    # udfoerer: laege
    # Vejene videre. Betingelsen står på pilen i flowchartet.
    overgange:
      # - til: foerste-konsultation
      #   betingelse: "@U Skriv betingelsen."
      - til: afslutning
        betingelse: "@U Skriv, hvornår patienten ikke skal i forløbet."

  # Et eksempel på en konsultation med alle felter (fjern "# " foran linjerne og udfyld):
  # - id: foerste-konsultation
  #   titel: "@U Skriv trinnets titel."
  #   type: konsultation
  #   fase: udredning
  #   udfoerer: laege
  #   form: fysisk
  #   hyppighed: {type: engang, tekst: Én gang ved start af forløbet}
  #   tidsfrist: {maks_dage: 30, tekst: "@U Skriv fristen i ord."}
  #   beskrivelse: "@U Beskriv trinnet."
  #   punkter:
  #     - "@U Skriv et punkt."
  #   proevepakke: blodproevepakke
  #   overgange:
  #     - til: afslutning
  #       betingelse: "@U Skriv betingelsen."

  - id: afslutning
    titel: Afslutning
    type: afslutning
    beskrivelse: "@U Skriv, hvad der sker, når forløbet slutter."

# --- Blodprøvepakker ---------------------------------------------------------------------------
# Pakker, som trinnene peger på med proevepakke: <pakkens id>. Udelad indhold, hvis kilden ikke
# angiver prøverne.
# proevepakker:
#   - id: blodproevepakke
#     navn: "@U Skriv pakkens navn."
#     indhold:
#       - "@U Skriv en prøve."

# --- Digital understøttelse og PRO ---------------------------------------------------------------
# Værktøjer: minsp, selvbook, minsp-assistent, ventelistetilbud, videokonsultation, triagering,
# smart-phrases-best-orders. Listen af trin er de trin, værktøjet understøtter.
# digital_understoettelse:
#   - vaerktoej: minsp
#     hvornaar: "@U Skriv, hvornår i forløbet."
#     beskrivelse: "@U Skriv, hvad værktøjet bruges til."
#     trin: [foerste-konsultation]
# PRO-spørgeskemaer (valgfrit):
# pro:
#   - skema: "@U Skriv skemaets navn."
#     hvornaar: "@U Skriv, hvornår patienten besvarer det."
#     formaal: "@U Skriv, hvad svarene bruges til."
#     trin: [foerste-konsultation]
# Vælg Klogt-anbefalinger: id'er fra pathways/_registre/vaelg_klogt.yaml.
# vaelg_klogt:
#   - medicinafhentning

# --- Opfølgning, afslutning og ansvar ------------------------------------------------------------
# Opfølgning efter behandlingen (valgfri):
# opfoelgning: "@U Beskriv opfølgningen."
afslutning:
  # Hvornår og hvordan forløbet afsluttes.
  beskrivelse: "@U Skriv, hvornår og hvordan forløbet afsluttes."
  # kriterier:
  #   - "@U Skriv et kriterium for afslutning."
# Øvrige afsnit med egen overskrift, fx blodbank eller selvmonitorering:
# oevrige_forhold:
#   - titel: "@U Skriv afsnittets overskrift."
#     tekst: "@U Skriv afsnittet."
# Indikatorer, som forløbet kan følges med (konceptets afsnit 7.0, fx antal virtuelle
# konsultationer eller antal afsluttede patienter); mål er valgfrit:
# indikatorer:
#   - navn: "@U Skriv indikatorens navn."
#     definition: "@U Skriv, hvad der tælles eller måles."
#     datakilde: "@U Skriv, hvor tallene kommer fra."
#     maal: "@U Skriv målet, hvis der er et."
# Hvem er ansvarlig for implementering og efterlevelse af beskrivelsen, fx
#   @sfr og de tilknyttede afdelinger.
ansvar: "@U Skriv, hvem der er ansvarlig for implementering og efterlevelse."
# Definitioner af begreber i beskrivelsen:
# definitioner:
#   - term: "@U Skriv begrebet."
#     definition: "@U Skriv definitionen."

# --- D4, relaterede forløb og referencer ---------------------------------------------------------
# DokID på de D4-dokumenter, forløbet erstatter (fra bruttolisten pathways/_registre/d4.yaml):
# erstatter_d4:
#   - "123456"
# Andre forløb; ekstern: true og en titel, når forløbet endnu ikke findes i kataloget:
# relaterede:
#   - forloeb: andet-forloebs-id
#     titel: "@U Skriv forløbets titel."
#     ekstern: true
#     relation: "@U Skriv, hvordan forløbene hænger sammen."
# Kilder og links (kun https://, http:// eller mailto:):
# referencer:
#   - titel: "@U Skriv kildens titel."
#     url: https://example.org/
"""
