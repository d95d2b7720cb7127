"""What each controlled value of the model means, said once for an SFR editor.

The JSON Schema shows these explanations beside each allowed value (completion and hover in the
editor); the site's names for the values stay in labels.py, and the schema shows them too, so an
editor sees the value, what the page calls it, and what choosing it means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from forloeb.model import labels
from forloeb.model.pathway import (
    Aftaleniveau,
    DigitaltVaerktoej,
    Forgrening,
    Formaal,
    HyppighedType,
    Koen,
    Kontaktform,
    Operator,
    Status,
    Tidsenhed,
    TrinType,
    Udfoerer,
)
from forloeb.model.registers import Handling


@dataclass(frozen=True)
class Vocabulary:
    values: tuple[str, ...]
    explanations: dict[str, str]
    names: dict[str, str]  # what the site calls each value (labels.py); empty where it shows the value itself

    def describe(self, value: str) -> str:
        """The value explained in Markdown: the site's name for it, then what it means."""
        name = self.names.get(value)
        return f"**{name}**. {self.explanations[value]}" if name else self.explanations[value]


def _vocabulary(literal: Any, explanations: dict[str, str], names: dict[str, str] | None = None) -> Vocabulary:
    values = get_args(literal)
    if set(values) != set(explanations):
        raise ValueError(f"explanations {sorted(explanations)} do not match the values {sorted(values)}")
    return Vocabulary(values, explanations, names or {})


_OPGAVEGLIDNING = (
    "Et trin her giver en advarsel om opgaveglidning (konceptets afsnit 5.0), medmindre trinnet har en aftale, "
    "som placeringen allerede følger af."
)

VOCABULARIES: tuple[Vocabulary, ...] = (
    _vocabulary(
        Status,
        {
            "udkast": "Arbejdsgruppen skriver stadig på beskrivelsen; den er ikke sendt til SFR.",
            "til-godkendelse": "Sendt til SFR og afventer godkendelse.",
            "godkendt": "Godkendt af SFR og gældende; kræver godkendt_dato og naeste_revision.",
            "udgaaet": "Gælder ikke længere; siden siger det øverst.",
        },
        labels.STATUS,
    ),
    _vocabulary(
        TrinType,
        {
            "visitation": "Henvisningen vurderes: modtages patienten, hvor og hvor hurtigt.",
            "konsultation": "En kontakt med patienten: fysisk, video, telefon eller digitalt (se form).",
            "undersoegelse": "En undersøgelse eller prøve, fx blodprøver eller en skanning.",
            "behandling": "En behandling, fx en tapning eller opstart af medicin.",
            "beslutning": "Et valg mellem veje; hver vej er en overgang med sin betingelse.",
            "overgang": "Patienten går videre til et andet forløb (til_forloeb) eller en anden sektor.",
            "afslutning": "Forløbet slutter her; trinnet har ingen overgange.",
        },
        labels.TRIN_TYPE,
    ),
    _vocabulary(
        Udfoerer,
        {
            "laege": "En læge på sygehuset (for en praktiserende læge: almen-praksis).",
            "sygeplejerske": "En sygeplejerske på sygehuset, fx i en sygeplejerskeledet kontrol.",
            "sekretaer": "En lægesekretær, fx ved indkaldelse og booking.",
            "bioanalytiker": "En bioanalytiker, fx ved blodprøvetagning.",
            "radiograf": "En radiograf, fx ved en skanning.",
            "tvaerfagligt-team": "Flere faggrupper sammen, fx en tværfaglig konference.",
            "patient": "Fx et spørgeskema, som patienten besvarer, eller en måling hjemme.",
            "blodbank": "Blodbanken, fx tapninger hos stabile patienter.",
            "almen-praksis": f"Patientens egen læge. {_OPGAVEGLIDNING}",
            "praktiserende-speciallaege": "En praktiserende speciallæge uden for sygehuset.",
            "kommunal-sygepleje": f"Den kommunale sygepleje (hjemmesygeplejen). {_OPGAVEGLIDNING}",
            "kommune": "En anden kommunal indsats end sygepleje, fx træning; det er ikke opgaveglidning.",
        },
        labels.UDFOERER,
    ),
    _vocabulary(
        Kontaktform,
        {
            "fysisk": "Patienten møder op.",
            "video": "Videokonsultation; tæller som virtuel kontakt.",
            "telefon": "Telefonkonsultation; tæller som virtuel kontakt.",
            "digital": "Uden samtidig kontakt, fx et spørgeskema eller en besked i MinSP; tæller som virtuel kontakt.",
        },
        labels.FORM,
    ),
    _vocabulary(
        Aftaleniveau,
        {
            "national": "En national aftale eller beskrivelse, fx et pakkeforløb fra Sundhedsstyrelsen.",
            "regional": "En aftale i regionen, fx med almen praksis eller kommunerne.",
        },
    ),
    _vocabulary(
        Forgrening,
        {
            "alternativ": "Patienten følger én af vejene videre (standard); tallene pr. år lægges ikke sammen.",
            "samtidig": "Patienten følger alle vejene videre på én gang, fx parallelle spor.",
        },
        labels.FORGRENING,
    ),
    _vocabulary(
        HyppighedType,
        {
            "engang": "Én gang i forløbet.",
            "interval": "Med fast mellemrum: hver fra.-til. enhed, fx hver 3.-4. måned (fra, til og enhed).",
            "efter-behov": "Når der er behov; skriv evt. det forventede antal_pr_aar.",
        },
    ),
    _vocabulary(
        Tidsenhed,
        {
            "dag": "Fx hver 7.-14. dag.",
            "uge": "Fx hver 2. uge.",
            "maaned": "Fx hver 3.-4. måned.",
            "aar": "Fx hvert år.",
            "gang": "Hver n. gang et andet trin udføres; trinnets id står i relativ_til, fx hver 3.-4. tapning.",
        },
        labels.TIDSENHED,
    ),
    _vocabulary(
        Operator,
        {
            ">": "Større end.",
            ">=": "Større end eller lig med.",
            "<": "Mindre end.",
            "<=": "Mindre end eller lig med.",
            "=": "Lig med.",
        },
    ),
    _vocabulary(
        Koen,
        {"kvinde": "Grænsen gælder kun kvinder.", "mand": "Grænsen gælder kun mænd."},
        labels.KOEN,
    ),
    _vocabulary(
        Formaal,
        {
            "henvisning": "Grænse for henvisning og udredning; underforstået i et forløbs henvisningskriterier.",
            "behandlingsstart": "Grænse for at starte en behandling.",
            "behandlingsmaal": "Målet for en behandling; underforstået på en overgang ud af en behandlingsfase.",
            "kontrol": "Grænse under kontrol, fx for hvornår der skal handles.",
            "akut": "Grænse for akut handling.",
        },
        labels.FORMAAL,
    ),
    _vocabulary(
        DigitaltVaerktoej,
        {
            "minsp": "Min Sundhedsplatform, patientens app: prøvesvar, beskeder, spørgeskemaer og opgaver.",
            "selvbook": "Patienten booker selv sin tid i MinSP i tidsblokke, som afdelingen har sat af.",
            "minsp-assistent": "Udbygning af MinSP: opgaver, påmindelser og korte videoer til patienten.",
            "ventelistetilbud": "Patienten står på venteliste og får tilbudt ledige tider, fx ved afbud (Fast-pass).",
            "videokonsultation": "Konsultationer over video i stedet for fremmøde.",
            "triagering": "En triageringsmodel i Sundhedsplatformen, der inddeler patienterne efter behov.",
            "smart-phrases-best-orders": "Smart Phrases og Best Orders harmoniseret inden for specialet.",
        },
        labels.DIGITALT_VAERKTOEJ,
    ),
    _vocabulary(
        Handling,
        {
            "bevares": "Dokumentet gælder uændret ved siden af forløbet.",
            "revideres": "Dokumentet rettes til, så det stemmer med forløbet.",
            "sammenskrives": "Indholdet skrives sammen med forløbet (erstattes_af) eller andre dokumenter "
            "(sammenskrives_med).",
            "slettes": "Dokumentet fjernes fra D4.",
        },
        labels.HANDLING,
    ),
)


def vocabulary_of(values: tuple[Any, ...]) -> Vocabulary | None:
    """The vocabulary whose values these are (in any order), or None."""
    wanted = set(values)
    return next((v for v in VOCABULARIES if set(v.values) == wanted), None)
