"""Danish display names for the model's controlled values, shared by pages, diagrams and indexes."""

from __future__ import annotations

STATUS = {
    "udkast": "Udkast",
    "til-godkendelse": "Til godkendelse i SFR",
    "godkendt": "Godkendt",
    "udgaaet": "Udgået",
}

EKSEMPEL = "Eksempel"


def status_label(status: str | None, eksempel: bool) -> str:
    """The status as the site shows it: an example says so wherever a status is shown."""
    if not eksempel:
        return STATUS[status or ""]
    return EKSEMPEL if status is None else f"{STATUS[status]} ({EKSEMPEL.lower()})"


FORGRENING = {"alternativ": "én af vejene", "samtidig": "alle veje samtidig"}

TRIN_TYPE = {
    "visitation": "Visitation",
    "konsultation": "Konsultation",
    "undersoegelse": "Undersøgelse/prøve",
    "behandling": "Behandling",
    "beslutning": "Beslutning",
    "overgang": "Overgang til andet forløb",
    "afslutning": "Afslutning",
}

UDFOERER = {
    "laege": "Læge",
    "sygeplejerske": "Sygeplejerske",
    "sekretaer": "Lægesekretær",
    "bioanalytiker": "Bioanalytiker",
    "radiograf": "Radiograf",
    "tvaerfagligt-team": "Tværfagligt team",
    "patient": "Patienten selv",
    "blodbank": "Blodbank",
    "almen-praksis": "Almen praksis",
    "praktiserende-speciallaege": "Praktiserende speciallæge",
    "kommunal-sygepleje": "Kommunal sygepleje",
    "kommune": "Kommunen (ikke sygepleje)",
}

FORM = {
    "fysisk": "Fysisk fremmøde",
    "video": "Video",
    "telefon": "Telefon",
    "digital": "Digitalt (asynkront)",
}

DIGITALT_VAERKTOEJ = {
    "minsp": "Min Sundhedsplatform (MinSP)",
    "selvbook": "Selvbook",
    "minsp-assistent": "MinSP Assistent",
    "ventelistetilbud": "Ventelistetilbud (Fast-pass)",
    "videokonsultation": "Videokonsultation",
    "triagering": "Triageringsmodel",
    "smart-phrases-best-orders": "Harmoniserede Smart Phrases og Best Orders",
}

# The working group's recommendation for a D4 document, and where the document stands.
HANDLING = {
    "bevares": "Bevares",
    "revideres": "Revideres",
    "sammenskrives": "Sammenskrives",
    "slettes": "Slettes",
}

D4_TRIN = {
    "ikke-vurderet": "Ikke vurderet",
    "anbefalet": "Anbefalet, afventer SFR",
    "godkendt": "Godkendt af SFR, afventer D4",
    "gennemfoert": "Gennemført i D4",
}

# Why a D4 document is on a pathway's bruttoliste (forloeb/overlap/bruttoliste.py).
D4_GRUND = {"kode": "deler diagnosekode", "tekst": "gentager afsnit", "erstattes_af": "erstattes af forløbet"}

FORMAAL = {
    "henvisning": "henvisning",
    "behandlingsstart": "behandlingsstart",
    "behandlingsmaal": "behandlingsmål",
    "kontrol": "kontrol",
    "akut": "akut",
}

KOEN = {"kvinde": "kvinder", "mand": "mænd"}

TIDSENHED = {"dag": "dage", "uge": "uger", "maaned": "måneder", "aar": "år", "gang": "gange"}

MAANED = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]

# The model's field names as an editor reads them, e.g. in the change summary of a pull request.
FELT = {
    "id": "id",
    "titel": "titel",
    "speciale": "speciale",
    "status": "status",
    "version": "version",
    "godkendt_dato": "godkendt dato",
    "naeste_revision": "næste revision",
    "eksempel": "eksempel",
    "kilde": "kilde",
    "fiktivt": "fiktivt",
    "tilfoejelser": "tilføjet ved overførslen",
    "historik": "historik",
    "forloebstid": "forløbstid",
    "formaal": "formål",
    "anvendelsesomraade": "anvendelsesområde",
    "patientgruppe": "patientgruppe",
    "henvisning": "henvisning",
    "faser": "faser",
    "trin": "trin",
    "proevepakker": "prøvepakker",
    "digital_understoettelse": "digital understøttelse",
    "pro": "PRO",
    "vaelg_klogt": "Vælg Klogt",
    "opfoelgning": "opfølgning",
    "afslutning": "afslutning",
    "oevrige_forhold": "øvrige forhold",
    "ansvar": "ansvar",
    "definitioner": "definitioner",
    "erstatter_d4": "erstatter D4-dokumenter",
    "relaterede": "relaterede forløb",
    "referencer": "referencer",
    "dato": "dato",
    "beskrivelse": "beskrivelse",
    "kode": "kode",
    "tekst": "tekst",
    "min": "laveste alder",
    "max": "højeste alder",
    "forloeb": "forløb",
    "begrundelse": "begrundelse",
    "diagnosekoder": "diagnosekoder",
    "alder": "alder",
    "ikke_omfattet": "ikke omfattet",
    "afgraensninger": "afgrænsninger",
    "parameter": "parameter",
    "operator": "operator",
    "vaerdi": "værdi",
    "enhed": "enhed",
    "koen": "køn",
    "graensevaerdier": "grænseværdier",
    "henvisere": "henvisere",
    "visitation": "visitation",
    "kriterier_indledning": "indledning til kriterierne",
    "kriterier": "kriterier",
    "indkaldelse": "indkaldelse",
    "maks_dage": "højst antal dage",
    "maal_dage": "tilstræbt antal dage",
    "type": "type",
    "fra": "fra",
    "til": "til",
    "relativ_til": "relativ til",
    "antal_pr_aar": "antal pr. år",
    "betingelse": "betingelse",
    "fase": "fase",
    "udfoerer": "udføres af",
    "form": "form",
    "hyppighed": "hyppighed",
    "tidsfrist": "tidsfrist",
    "punkter": "punkter",
    "proevepakke": "prøvepakke",
    "til_forloeb": "til forløb",
    "overgange": "overgange",
    "forgrening": "forgrening",
    "alternativ_til": "alternativ til",
    "aftale": "aftale om placeringen",
    "niveau": "niveau",
    "overlevering": "overlevering",
    "ansvar_foer": "ansvar før",
    "ansvar_efter": "ansvar efter",
    "indikatorer": "indikatorer",
    "datakilde": "datakilde",
    "maal": "mål",
    "navn": "navn",
    "indhold": "indhold",
    "vaerktoej": "værktøj",
    "hvornaar": "hvornår",
    "skema": "skema",
    "term": "term",
    "definition": "definition",
    "relation": "relation",
    "ekstern": "ekstern",
    "url": "adresse",
    "note": "note",
    # The registers' fields (pathways/_registre/), named in the schema's titles.
    "specialer": "specialer",
    "sfr": "SFR",
    "anbefalinger": "anbefalinger",
    "afsender": "afsender",
    "dokumenter": "dokumenter",
    "dokid": "DokID",
    "matrikel": "matrikel",
    "afdeling": "afdeling",
    "gyldig_fra": "gyldig fra",
    "uddrag": "uddrag",
    "tekstfil": "tekstfil",
    "kildefil": "kildefil",
    "maskinudtrukket": "maskinudtrukket",
    "erstattes_af": "erstattes af",
    "anbefaling": "anbefaling",
    "handling": "handling",
    "sammenskrives_med": "sammenskrives med",
    "sfr_godkendelse": "SFR's godkendelse",
    "gennemfoert": "gennemført i D4",
    "ny_dokid": "nyt DokID",
    "udgaaet": "udgået",
    "bemaerkning": "bemærkning",
}
