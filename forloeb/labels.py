"""Danish display names for the model's controlled values, shared by pages, diagrams and indexes."""

from __future__ import annotations

STATUS = {
    "udkast": "Udkast",
    "til-godkendelse": "Til godkendelse i SFR",
    "godkendt": "Godkendt",
    "udgaaet": "Udgået",
}

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
    "kommune": "Kommunen",
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

BESLUTNING = {
    "behold": "Behold",
    "revider": "Revider",
    "sammenskriv": "Sammenskriv",
    "slet": "Slet",
    "ikke-vurderet": "Ikke vurderet",
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
