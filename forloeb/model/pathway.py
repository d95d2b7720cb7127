"""The pathway model: the single definition of a patientforløbsbeskrivelse.

Field names are the Danish YAML keys (ASCII: ae, oe, aa). The JSON Schema for editors, the
validation and the page all come from these classes. Cross-file references (related pathways,
Vælg Klogt ids, D4 ids) are checked by the catalog; this module checks one file on its own.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

# --- Shared field types -------------------------------------------------------------------------

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80),
    Field(
        description="Kort id med små bogstaver a-z, tal og bindestreg, fx 'haemokromatose'.",
        json_schema_extra={"patternErrorMessage": "Skal være små bogstaver a-z, tal og bindestreg, fx haemokromatose."},
    ),
]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("teksten må ikke være tom")
    return value


Tekst = Annotated[str, AfterValidator(_not_blank)]

SksKode = Annotated[
    str,
    StringConstraints(pattern=r"^D[A-Z][0-9]{2}[0-9A-Z]*$"),
    Field(
        description="SKS-diagnosekode med foranstillet D, uden punktum, fx 'DE831'.",
        examples=["DE831"],
        json_schema_extra={"patternErrorMessage": "Skal være en SKS-kode med D foran og uden punktum, fx DE831."},
    ),
]

D4DokId = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{1,9}$"),
    # After the constraints in this list, so the schema keeps the pattern; it still runs before them.
    BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
    Field(
        description="DokID i D4, fx '248103'.",
        examples=["248103"],
        json_schema_extra={"patternErrorMessage": 'Skal være DokID\'ets cifre i anførselstegn, fx "248103".'},
    ),
]

# Valid in Python and in ECMA-262 with the u flag (JSON Schema's dialect): no needless escapes such as \".
_URL_PATTERN = r'^(https?://[^\s<>"]+|mailto:[^\s<>"]+)$'
Url = Annotated[
    str,
    StringConstraints(pattern=_URL_PATTERN, max_length=2000),
    Field(
        description="Adresse der begynder med https://, http:// eller mailto:.",
        examples=["https://www.sst.dk/"],
        json_schema_extra={
            "patternErrorMessage": "Skal begynde med https://, http:// eller mailto: og må ikke have mellemrum."
        },
    ),
]


def _version_text(value: object) -> object:
    # YAML reads 1.10 as the float 1.1; refuse floats instead of silently changing the version.
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError('skriv versionen i anførselstegn, fx version: "1.0" (YAML læser 1.10 som 1.1)')
    return value


Version = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$"),
    BeforeValidator(_version_text),  # runs before the constraints, as above
    Field(
        description='Versionsnummer i anførselstegn, fx "1.0".',
        examples=["1.0"],
        json_schema_extra={"patternErrorMessage": 'Skal være et versionsnummer i anførselstegn, fx "1.0" eller "2.1".'},
    ),
]

Status = Literal["udkast", "til-godkendelse", "godkendt", "udgaaet"]
TrinType = Literal[
    "visitation",
    "konsultation",
    "undersoegelse",
    "behandling",
    "beslutning",
    "overgang",
    "afslutning",
]
Udfoerer = Literal[
    "laege",
    "sygeplejerske",
    "sekretaer",
    "bioanalytiker",
    "radiograf",
    "tvaerfagligt-team",
    "patient",
    "blodbank",
    "almen-praksis",
    "praktiserende-speciallaege",
    "kommunal-sygepleje",
    "kommune",
]
Kontaktform = Literal["fysisk", "video", "telefon", "digital"]
Aftaleniveau = Literal["national", "regional"]
Forgrening = Literal["alternativ", "samtidig"]
HyppighedType = Literal["engang", "interval", "efter-behov"]
Tidsenhed = Literal["dag", "uge", "maaned", "aar", "gang"]
Operator = Literal[">", ">=", "<", "<=", "="]
Koen = Literal["kvinde", "mand"]
# What a threshold is for. Only thresholds with the same purpose are compared: a start-of-treatment
# limit (ferritin >= 800) says something else than a referral limit (ferritin > 300).
Formaal = Literal["henvisning", "behandlingsstart", "behandlingsmaal", "kontrol", "akut"]
DigitaltVaerktoej = Literal[
    "minsp",
    "selvbook",
    "minsp-assistent",
    "ventelistetilbud",
    "videokonsultation",
    "triagering",
    "smart-phrases-best-orders",
]


class Model(BaseModel):
    """Base: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --- Metadata -----------------------------------------------------------------------------------


class Eksempel(Model):
    """Content that is not a real, approved pathway, and where it comes from."""

    kilde: Tekst = Field(
        description=(
            "Hvor eksemplet stammer fra; står i banneret øverst på siden, fx 'konceptbeskrivelsen for "
            "Behovsbestemt ambulatorie, bilag 2'."
        )
    )
    fiktivt: bool = Field(
        False, description="true når det kliniske indhold er opfundet til demonstration og ikke kommer fra en kilde."
    )


def _structured_example(value: object) -> object:
    # `eksempel: true` used to be enough; the page must now say where an example comes from.
    if isinstance(value, bool):
        raise ValueError(
            "skriv, hvor eksemplet stammer fra: eksempel: {kilde: ...} (og fiktivt: true, hvis det er opfundet)"
        )
    return value


class Historikpost(Model):
    version: Version = Field(description='Versionen efter ændringen, i anførselstegn, fx "1.1".')
    dato: date = Field(description="Dato for ændringen eller godkendelsen (ÅÅÅÅ-MM-DD).", examples=["2026-02-02"])
    status: Status | None = Field(None, description="Status efter ændringen.")
    beskrivelse: Tekst = Field(description="Hvad blev ændret, og hvem godkendte.")


# --- Patientgruppe ------------------------------------------------------------------------------


class Diagnosekode(Model):
    kode: SksKode = Field(
        description=(
            "SKS-diagnosekode med D foran og uden punktum; omfatter alle koder, den er begyndelsen af "
            "(DE83 omfatter DE831)."
        )
    )
    tekst: Tekst = Field(description="Diagnosens navn.")


class Aldersinterval(Model):
    # An empty interval limits nothing and would read "til None år": the editor leaves alder out instead.
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})
    min: int | None = Field(None, ge=0, le=130, description="Laveste alder i år (inklusive).")
    max: int | None = Field(None, ge=0, le=130, description="Højeste alder i år (inklusive).")

    @model_validator(mode="after")
    def _ordered(self) -> Aldersinterval:
        if self.min is None and self.max is None:
            raise ValueError("alder skal have min, max eller begge; udelad alder, når alle aldre er med")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("alder.min er større end alder.max")
        return self


class Afgraensning(Model):
    forloeb: Slug = Field(description="Id på et andet forløb med overlappende diagnosekoder.")
    begrundelse: Tekst = Field(description="Hvordan patientgrupperne er afgrænset fra hinanden.")


class Patientgruppe(Model):
    beskrivelse: Tekst = Field(description="Den afgrænsede patientgruppe.")
    diagnosekoder: list[Diagnosekode] = Field(
        min_length=1, description="SKS/ICD-10-koder; en kode omfatter alle koder, den er præfiks for."
    )
    alder: Aldersinterval | None = Field(None, description="Aldersafgrænsning, hvis nogen.")
    ikke_omfattet: list[Tekst] = Field([], description="Patienter, der ikke er omfattet.")
    afgraensninger: list[Afgraensning] = Field(
        [], description="Eksplicit afgrænsning mod andre forløb med overlappende koder."
    )


# --- Henvisning, visitation og indkaldelse -------------------------------------------------------


class Graensevaerdi(Model):
    """The structured form of a criterion, so thresholds can be compared across pathways."""

    parameter: Slug = Field(description="Målt størrelse, fx 'ferritin'.")
    operator: Operator = Field(description="Sammenligningen: >, >=, <, <= eller = (skriv den i anførselstegn).")
    vaerdi: float = Field(description="Grænsens tal, med punktum som decimaltegn, fx 0.45.")
    enhed: str = Field(description="Enhed, fx 'µg/L' eller '%'.")
    koen: Koen | None = Field(None, description="Gælder kun for dette køn.")
    formaal: Formaal | None = Field(
        None,
        description=(
            "Hvad grænsen bruges til: henvisning (og udredning), behandlingsstart, behandlingsmaal, kontrol "
            "eller akut. Udelades i et forløbs henvisningskriterier (henvisning) og på en overgang ud af en "
            "behandlingsfase (behandlingsmaal); kun grænser med samme formål sammenlignes."
        ),
    )


class Kriterium(Model):
    tekst: Tekst = Field(description="Kriteriet som det står i forløbsbeskrivelsen.")
    graensevaerdier: list[Graensevaerdi] = Field([], description="Kriteriet på struktureret form (valgfrit).")


class Henvisning(Model):
    henvisere: list[Tekst] = Field(min_length=1, description="Hvem henviser.")
    visitation: Tekst = Field(description="Hvem visiterer, og hvordan.")
    beskrivelse: Tekst | None = Field(None, description="Uddybning af henvisningen.")
    kriterier_indledning: Tekst | None = Field(
        None, description="Tekst før kriterierne, fx 'Indikation for udredning er til når:'."
    )
    kriterier: list[Kriterium] = Field([], description="Kriterier for at blive modtaget.")
    indkaldelse: Tekst = Field(description="Hvordan patienten indkaldes.")


# --- Forløbets faser og trin --------------------------------------------------------------------


class Tidsfrist(Model):
    """A time frame as the source puts it: a limit ("højst") or an aim ("det tilstræbes"), or both."""

    maks_dage: int | None = Field(None, gt=0, description="Grænse: højst så mange kalenderdage.")
    maal_dage: int | None = Field(
        None, gt=0, description="Mål: det tilstræbes, at det sker inden for så mange kalenderdage (ingen grænse)."
    )
    tekst: Tekst | None = Field(
        None, description="Tiden i kildens ord, fx 'det tilstræbes ... inden for 8 kalenderdage'."
    )

    @model_validator(mode="after")
    def _given(self) -> Tidsfrist:
        if self.maks_dage is None and self.maal_dage is None:
            raise ValueError("angiv maks_dage (en grænse: højst) eller maal_dage (et mål: det tilstræbes)")
        if self.maks_dage is not None and self.maal_dage is not None and self.maal_dage > self.maks_dage:
            raise ValueError("maal_dage er større end maks_dage")
        return self


class Fase(Model):
    id: Slug = Field(description="Fasens id, som trinnene henviser til med fase: <id>, fx 'udredning'.")
    titel: Tekst = Field(description="Fasens overskrift på siden, fx 'Tapningsfase'.")
    beskrivelse: Tekst | None = Field(None, description="Hvad der sker i fasen (valgfri).")
    forloebstid: Tidsfrist | None = Field(None, description="Standardforløbstid for fasen.")


class Hyppighed(Model):
    """When and how often a step happens; the figures per year are derived from it."""

    type: HyppighedType = Field(description="Hvordan trinnet gentages: én gang, med fast mellemrum eller efter behov.")
    fra: float | None = Field(None, gt=0, description="Mindste interval, fx 7 (hver 7. dag).")
    til: float | None = Field(None, gt=0, description="Største interval, fx 14 (hver 14. dag).")
    enhed: Tidsenhed | None = Field(
        None, description="Intervallets enhed; 'gang' betyder hver n. gang trinnet relativ_til udføres."
    )
    relativ_til: Slug | None = Field(None, description="Trin-id, når enhed er 'gang'.")
    antal_pr_aar: float | None = Field(None, ge=0, description="Forventet antal pr. år for efter-behov (valgfrit).")
    tekst: Tekst = Field(description="Hyppigheden i ord, som den vises i tabellen.")

    @model_validator(mode="after")
    def _consistent(self) -> Hyppighed:
        if self.type == "interval":
            if self.fra is None or self.enhed is None:
                raise ValueError("type interval kræver fra og enhed")
            if self.til is not None and self.til < self.fra:
                raise ValueError("til er mindre end fra")
            if (self.enhed == "gang") != (self.relativ_til is not None):
                raise ValueError("enhed 'gang' og relativ_til hører sammen")
        elif self.fra is not None or self.til is not None or self.enhed or self.relativ_til:
            raise ValueError(f"fra, til, enhed og relativ_til bruges kun med type interval, ikke {self.type}")
        if self.antal_pr_aar is not None and self.type != "efter-behov":
            raise ValueError("antal_pr_aar bruges kun med type efter-behov")
        return self


class Overlevering(Model):
    """What passes between the sectors on a transition: the treatment responsibility and the handover."""

    ansvar_foer: Tekst = Field(description="Hvem har behandlingsansvaret før overgangen, fx 'Egen læge'.")
    ansvar_efter: Tekst = Field(description="Hvem har behandlingsansvaret efter overgangen.")
    indhold: list[Tekst] = Field(
        [],
        description=(
            "Hvad overleveringen indeholder, fx henvisningens indhold eller en epikrise; udelades, hvis kilden ikke "
            "siger det."
        ),
    )
    kilde: Tekst | None = Field(None, description="Hvor i kilden overleveringen er beskrevet.")
    genhenvisning: Tekst | None = Field(
        None,
        description=(
            "Hvornår patienten skal henvises igen, når ansvaret er overleveret, fx til egen læge; vises under Til "
            "almen praksis. Udelades, hvis kilden ikke siger det."
        ),
    )


class Overgang(Model):
    til: Slug = Field(description="Id på det næste trin.")
    betingelse: Tekst | None = Field(None, description="Hvornår denne vej følges.")
    graensevaerdier: list[Graensevaerdi] = Field(
        [],
        description=(
            "Betingelsen på struktureret form (valgfrit), fx behandlingsmålet ferritin < 100 µg/L, så "
            "overlaptjekket kan sammenligne den med andre forløb og D4-dokumenter."
        ),
    )
    overlevering: Overlevering | None = Field(
        None,
        description=(
            "Ved overgang mellem sektorer (fx fra almen praksis til sygehuset): behandlingsansvaret før og efter, "
            "og hvad overleveringen indeholder."
        ),
    )


class Aftale(Model):
    """The agreement under which a task already lies in general practice or municipal nursing."""

    navn: Tekst = Field(description="Aftalens eller beskrivelsens navn, fx en national pakkeforløbsbeskrivelse.")
    niveau: Aftaleniveau = Field(description="national eller regional.")
    kilde: Tekst = Field(description="Hvor det står, at opgaven ligger der, fx et afsnit og et citat.")


class Trin(Model):
    id: Slug = Field(description="Trinnets id, som overgange og andre trin henviser til, fx 'foerste-konsultation'.")
    titel: Tekst = Field(description="Trinnets titel i flowchartet og i teksten.")
    type: TrinType = Field(description="Hvad slags trin det er; bestemmer figuren i flowchartet.")
    fase: Slug | None = Field(None, description="Id på den fase trinnet hører til.")
    udfoerer: Udfoerer | None = Field(None, description="Hvem udfører trinnet.")
    form: Kontaktform | None = Field(
        None, description="Kontaktens form; udelades når trinnet ikke er en selvstændig patientkontakt."
    )
    hyppighed: Hyppighed | None = Field(
        None,
        description="Hvornår og hvor tit trinnet sker, struktureret (til tallene pr. år) og i ord (til tabellen).",
        examples=[{"type": "interval", "fra": 3, "til": 4, "enhed": "maaned", "tekst": "Hver 3.-4. måned"}],
    )
    tidsfrist: Tidsfrist | None = Field(None, description="Frist for trinnet, fx svar inden for 4 dage.")
    beskrivelse: Tekst | None = Field(None, description="Hvad der sker i trinnet (valgfri).")
    punkter: list[Tekst] = Field([], description="Indhold i punktform.")
    proevepakke: Slug | None = Field(None, description="Id på en blodprøvepakke i proevepakker.")
    til_forloeb: Slug | None = Field(None, description="Ved type overgang: id på et forløb under relaterede.")
    overgange: list[Overgang] = Field([], description="Vejene videre fra dette trin.")
    forgrening: Forgrening = Field(
        "alternativ",
        description=(
            "Hvordan vejene videre hænger sammen: alternativ (patienten følger én af dem) eller samtidig "
            "(patienten følger dem alle, fx parallelle spor)."
        ),
    )
    alternativ_til: list[Slug] = Field(
        [],
        description=(
            "Id på trin, som dette trin er et alternativ til: en patient får det ene eller det andet, aldrig "
            "begge. Tallene pr. år lægges aldrig sammen for alternativer."
        ),
    )
    aftale: Aftale | None = Field(
        None,
        description=(
            "Når trinnet lægger en opgave hos almen praksis eller den kommunale sygepleje: den nationale eller "
            "regionale aftale, som placeringen allerede følger af. Så er det ikke opgaveglidning."
        ),
    )

    @model_validator(mode="after")
    def _consistent(self) -> Trin:
        if self.til_forloeb is not None and self.type != "overgang":
            raise ValueError("til_forloeb bruges kun med type overgang")
        return self


class Proevepakke(Model):
    id: Slug = Field(description="Pakkens id, som trinnene henviser til med proevepakke: <id>.")
    navn: Tekst = Field(description="Pakkens navn, som det står på siden.")
    indhold: list[Tekst] = Field([], description="Prøverne i pakken; udelades, hvis kilden ikke angiver dem.")
    beskrivelse: Tekst | None = Field(None, description="Hvornår pakken bruges, eller andet om den (valgfri).")


# --- Digital understøttelse, PRO, afslutning og øvrige afsnit -------------------------------------


class DigitalUnderstoettelse(Model):
    vaerktoej: DigitaltVaerktoej = Field(description="Det digitale værktøj (konceptets afsnit 3.4).")
    hvornaar: Tekst = Field(description="Hvornår i forløbet værktøjet bruges.")
    beskrivelse: Tekst = Field(description="Hvad værktøjet bruges til, og hvorfor.")
    trin: list[Slug] = Field([], description="Id på de trin, værktøjet understøtter.")


class Pro(Model):
    skema: Tekst = Field(description="Spørgeskemaets navn.")
    hvornaar: Tekst = Field(description="Hvornår patienten besvarer skemaet, fx 'før hver kontrol'.")
    formaal: Tekst | None = Field(None, description="Hvad svarene bruges til (valgfri).")
    trin: list[Slug] = Field([], description="Id på de trin, skemaet bruges ved.")


class Afslutning(Model):
    beskrivelse: Tekst = Field(description="Hvornår og hvordan forløbet afsluttes.")
    kriterier: list[Tekst] = Field([], description="Kriterier for afslutning.")


class Afsnit(Model):
    titel: Tekst = Field(description="Afsnittets overskrift på siden.")
    tekst: Tekst = Field(description="Afsnittets tekst; en tom linje starter et nyt afsnit.")


class Indikator(Model):
    """An indicator by which the pathway can be followed (the concept, section 7.0)."""

    navn: Tekst = Field(description="Indikatorens navn, fx 'Antal virtuelle konsultationer'.")
    definition: Tekst = Field(description="Hvad der tælles eller måles.")
    datakilde: Tekst = Field(description="Hvor tallene kommer fra.")
    maal: Tekst | None = Field(None, description="Målet for indikatoren, hvis der er et.")


class Definition(Model):
    term: Tekst = Field(description="Begrebet, der defineres.")
    definition: Tekst = Field(description="Hvad begrebet betyder i denne beskrivelse.")


class Relateret(Model):
    forloeb: Slug = Field(description="Id på det relaterede forløb.")
    relation: Tekst = Field(description="Hvordan forløbene hænger sammen.")
    titel: Tekst | None = Field(None, description="Titel; påkrævet når forløbet er eksternt.")
    ekstern: bool = Field(False, description="true når forløbet (endnu) ikke findes i dette katalog.")

    @model_validator(mode="after")
    def _titled(self) -> Relateret:
        if self.ekstern and self.titel is None:
            raise ValueError("et eksternt relateret forløb skal have en titel")
        return self


class Reference(Model):
    titel: Tekst = Field(description="Kildens titel, som den står i listen over referencer.")
    url: Url | None = Field(None, description="Kildens adresse (https://, http:// eller mailto:).")
    note: Tekst | None = Field(None, description="En bemærkning til kilden, fx hvilket afsnit der bruges (valgfri).")


class Soegeord(Model):
    """A word a reader may search for the pathway by, beside its title and codes, and where it comes from."""

    ord: Tekst = Field(description="Ordet, som læger eller patienter bruger det, fx 'jernophobning'.")
    kilde: Tekst | None = Field(None, description="Hvor ordet står i kilden, fx et afsnit og et citat.")
    tilfoejet: bool = Field(
        False,
        description=(
            "true når ordet ikke står i kilden, men er tilføjet ved overførslen (fx et almindeligt dansk ord for "
            "diagnosen); siden skriver det ved ordet."
        ),
    )

    @model_validator(mode="after")
    def _traced(self) -> Soegeord:
        if self.kilde is None and not self.tilfoejet:
            raise ValueError("angiv kilde (hvor ordet står) eller tilfoejet: true (ordet står ikke i kilden)")
        if self.kilde is not None and self.tilfoejet:
            raise ValueError("et ord med en kilde er ikke tilføjet: fjern tilfoejet: true eller kilde")
        return self


# --- The pathway --------------------------------------------------------------------------------


class Forloeb(Model):
    """En patientforløbsbeskrivelse: én fil pr. diagnose, godkendt af SFR."""

    model_config = ConfigDict(
        title="Patientforløbsbeskrivelse",
        json_schema_extra={"additionalProperties": False},
    )

    id: Slug = Field(description="Forløbets id: filnavnet uden .yaml, små bogstaver a-z, tal og bindestreg.")
    titel: Tekst = Field(description="Forløbets titel; står øverst på siden og i menuen.")
    soegeord: list[Soegeord] = Field(
        [],
        description=(
            "Andre ord for forløbets patienter, som læger og patienter søger efter (fagord og almindelige danske "
            "ord, fx 'jernophobning' for hæmokromatose), hver med sin kilde eller markeret som tilføjet. Søgningen "
            "finder forløbet på dem; siden viser dem under titlen."
        ),
    )
    speciale: Slug = Field(
        description="Id på specialet i pathways/_registre/specialer.yaml; filen ligger i mappen med samme navn."
    )
    status: Status | None = Field(
        None, description="udkast, til-godkendelse, godkendt eller udgaaet; kan udelades for et eksempel."
    )
    version: Version | None = Field(
        None, description='Versionsnummer i anførselstegn, fx "1.0"; kan udelades for et eksempel.'
    )
    godkendt_dato: date | None = Field(
        None,
        description="Dato for SFR's godkendelse (ÅÅÅÅ-MM-DD); påkrævet når status er godkendt.",
        examples=["2026-06-01"],
    )
    naeste_revision: date | None = Field(
        None,
        description="Dato for næste revision (ÅÅÅÅ-MM-DD); påkrævet når status er godkendt.",
        examples=["2028-06-01"],
    )
    eksempel: Annotated[Eksempel | None, BeforeValidator(_structured_example)] = Field(
        None,
        description=(
            "For indhold, der ikke er en rigtig, godkendt forløbsbeskrivelse: hvor eksemplet stammer fra. Et "
            "eksempel er hverken sendt til eller godkendt af SFR."
        ),
    )
    kilde: Tekst | None = Field(None, description="Hvor indholdet stammer fra.")
    tilfoejelser: list[Tekst] = Field(
        [],
        description=(
            "Det, der er tilføjet ved overførslen fra kilden, og som kilden ikke siger (fx diagnosekoden); "
            "vises under kilden."
        ),
    )
    historik: list[Historikpost] = Field([], description="Versioner og godkendelser.")
    forloebstid: Tidsfrist | None = Field(
        None, description="Samlet standardforløbstid fra start til afslutning, hvis der er en."
    )

    formaal: Tekst = Field(description="Hvad forløbsbeskrivelsen skal sikre, og for hvem.")
    anvendelsesomraade: Tekst = Field(
        description="Hvem beskrivelsen gælder for, fx personalet på de afdelinger, der behandler patientgruppen."
    )
    patientgruppe: Patientgruppe = Field(
        description="Den afgrænsede patientgruppe: beskrivelse, diagnosekoder, alder og hvem der ikke er omfattet."
    )
    henvisning: Henvisning = Field(
        description="Henvisning, visitation og indkaldelse: hvem henviser, hvem visiterer, kriterier og indkaldelse."
    )
    faser: list[Fase] = Field([], description="Forløbets faser i rækkefølge.")
    trin: list[Trin] = Field(min_length=1, description="Forløbets trin; kilden til flowchart og tabeller.")
    proevepakker: list[Proevepakke] = Field([], description="Blodprøvepakker brugt af trinnene.")
    digital_understoettelse: list[DigitalUnderstoettelse] = Field(
        [], description="Digitale værktøjer i forløbet (MinSP, selvbook, video m.fl.), og hvornår de bruges."
    )
    pro: list[Pro] = Field([], description="PRO-spørgeskemaer (valgfrit).")
    vaelg_klogt: list[Slug] = Field([], description="Id på anbefalinger i pathways/_registre/vaelg_klogt.yaml.")
    opfoelgning: Tekst | None = Field(None, description="Opfølgning efter behandlingen (valgfri).")
    afslutning: Afslutning = Field(description="Hvornår og hvordan forløbet afsluttes, og kriterierne for det.")
    oevrige_forhold: list[Afsnit] = Field([], description="Øvrige forhold, fx blodbank og selvmonitorering.")
    indikatorer: list[Indikator] = Field(
        [], description="Indikatorer, forløbet kan følges med (konceptets afsnit 7.0; valgfrit)."
    )
    ansvar: Tekst = Field(description="Ansvarsforhold.")
    definitioner: list[Definition] = Field([], description="Definitioner af begreber i beskrivelsen.")
    erstatter_d4: list[D4DokId] = Field([], description="DokID på de D4-dokumenter, forløbet erstatter.")
    relaterede: list[Relateret] = Field([], description="Andre forløb, som dette forløb hænger sammen med.")
    referencer: list[Reference] = Field([], description="Kilder og links, fx retningslinjer og litteratur.")

    @model_validator(mode="after")
    def _status(self) -> Forloeb:
        # What an example may not claim (submission, approval) is checked by forloeb.load.consistency.
        if self.eksempel is None and (self.status is None or self.version is None):
            raise ValueError("status og version skal angives (de kan kun udelades for et eksempel)")
        return self

    @model_validator(mode="after")
    def _dates(self) -> Forloeb:
        if self.status == "godkendt" and (self.godkendt_dato is None or self.naeste_revision is None):
            raise ValueError("et godkendt forløb skal have godkendt_dato og naeste_revision")
        if self.godkendt_dato and self.naeste_revision and self.naeste_revision <= self.godkendt_dato:
            raise ValueError("naeste_revision skal ligge efter godkendt_dato")
        return self
