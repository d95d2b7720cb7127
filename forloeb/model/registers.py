"""Models of the shared registries in pathways/_registre/: specialties, Vælg Klogt, D4 documents."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from forloeb.model.pathway import D4DokId, Diagnosekode, Kriterium, Model, Reference, Slug, Tekst


class Speciale(Model):
    id: Slug = Field(description="Specialets id: navnet på mappen med specialets forløb, fx 'reumatologi'.")
    navn: Tekst = Field(description="Specialets navn, som det vises i navigationen.")
    sfr: Tekst = Field(description="Det Sundhedsfaglige Råd, der ejer specialets forløb.")


class Specialer(Model):
    specialer: list[Speciale] = Field(min_length=1, description="Specialerne, hvert med navn og SFR.")


class VaelgKlogtAnbefaling(Model):
    id: Slug = Field(description="Anbefalingens id, som forløbene henviser til under vaelg_klogt.")
    titel: Tekst = Field(description="Anbefalingens titel, som den vises på siden.")
    anbefaling: Tekst = Field(description="Anbefalingen gengivet med egne ord.")
    afsender: Tekst = Field(description="Selskab eller organisation bag anbefalingen.")
    kilde: Reference = Field(description="Den offentliggjorte kilde; url er påkrævet.")

    @model_validator(mode="after")
    def _cited(self) -> VaelgKlogtAnbefaling:
        if self.kilde.url is None:
            raise ValueError("en Vælg Klogt-anbefaling skal have en kilde med url")
        return self


class VaelgKlogt(Model):
    anbefalinger: list[VaelgKlogtAnbefaling] = Field(description="Vælg Klogt-anbefalingerne, hver med sin kilde.")


# The working group's recommendation for a document (concept 3.5.2.3, step 2: "Anbefaling af
# sammenskrivning, sletning eller revision"), which SFR approves (step 3) before D4 is changed (3.5.2.4).
Handling = Literal["bevares", "revideres", "sammenskrives", "slettes"]
# A file name beside the register file: no folders, so a text file cannot point outside the register.
TekstFil = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.txt$"),
    Field(description="Navnet på tekstfilen ved siden af registerfilen, fx '248731.txt' (ingen mapper)."),
]


class Anbefaling(Model):
    """The working group's recommendation for one document."""

    handling: Handling = Field(
        description="Hvad arbejdsgruppen anbefaler, der skal ske med dokumentet (konceptets afsnit 3.5.2.3)."
    )
    begrundelse: Tekst = Field(description="Arbejdsgruppens begrundelse.")
    dato: date | None = Field(None, description="Dato for arbejdsgruppens anbefaling.")
    sammenskrives_med: list[D4DokId] = Field(
        [], description="DokID på andre D4-dokumenter, dokumentet skrives sammen med."
    )


class SfrGodkendelse(Model):
    dato: date = Field(description="Dato for SFR's godkendelse af anbefalingen.")
    note: Tekst | None = Field(None, description="Fx mødet eller referatet, hvor anbefalingen blev godkendt.")


class Gennemfoert(Model):
    """What was done in D4 once SFR had approved the recommendation."""

    dato: date = Field(description="Dato for ændringen i D4.")
    ny_dokid: D4DokId | None = Field(None, description="DokID på det nye eller reviderede dokument, hvis det fik nyt.")
    udgaaet: bool = Field(False, description="true når dokumentet er fjernet fra D4.")


class D4Dokument(Model):
    dokid: D4DokId = Field(description='Dokumentets DokID i D4, i anførselstegn, fx "248103".')
    titel: Tekst = Field(description="Dokumentets titel i D4.")
    matrikel: Tekst = Field(description="Hospitalsmatrikel, fx 'Slagelse Sygehus'.")
    afdeling: Tekst | None = Field(None, description="Afdelingen, der ejer dokumentet (valgfri).")
    speciale: Slug = Field(description="Id på specialet i specialer.yaml.")
    gyldig_fra: date | None = Field(
        None, description="Dokumentets gyldighedsdato i D4 (ÅÅÅÅ-MM-DD).", examples=["2024-03-01"]
    )
    diagnosekoder: list[Diagnosekode] = Field([], description="Diagnosekoder, dokumentet dækker.")
    kriterier: list[Kriterium] = Field([], description="Dokumentets kriterier på struktureret form.")
    uddrag: Tekst | None = Field(None, description="Tekstuddrag til sammenligning, når der ikke er en tekstfil.")
    tekstfil: TekstFil | None = Field(
        None,
        description="Dokumentets fulde tekst (fra import_d4.py), som overlaptjekket sammenligner afsnit for afsnit.",
    )
    kildefil: Tekst | None = Field(None, description="Navnet på den fil, dokumentet blev importeret fra.")
    maskinudtrukket: bool = Field(
        False,
        description=(
            "true når titel, enhed, koder og grænseværdier er udtrukket automatisk af import_d4.py; sæt false, "
            "når arbejdsgruppen har kontrolleret dem."
        ),
    )
    eksempel: bool = Field(False, description="true for et eksempeldokument, der ikke findes i D4.")
    kilde: Tekst | None = Field(None, description="Hvor et eksempeldokuments indhold stammer fra.")
    erstattes_af: Slug | None = Field(None, description="Id på det forløb, der erstatter dokumentet.")
    anbefaling: Anbefaling | None = Field(None, description="Arbejdsgruppens anbefaling (tom: ikke vurderet endnu).")
    sfr_godkendelse: SfrGodkendelse | None = Field(None, description="SFR's godkendelse af anbefalingen.")
    gennemfoert: Gennemfoert | None = Field(None, description="Ændringen i D4, efter SFR's godkendelse.")
    bemaerkning: Tekst | None = Field(None, description="Arbejdsgruppens bemærkning til dokumentet (valgfri).")

    @model_validator(mode="after")
    def _in_order(self) -> D4Dokument:
        if self.sfr_godkendelse is not None and self.anbefaling is None:
            raise ValueError("sfr_godkendelse kræver en anbefaling, som SFR har godkendt")
        if self.gennemfoert is not None and self.sfr_godkendelse is None:
            raise ValueError("gennemfoert kræver, at SFR har godkendt anbefalingen (sfr_godkendelse)")
        a = self.anbefaling
        if a is not None and a.handling == "sammenskrives" and not (self.erstattes_af or a.sammenskrives_med):
            raise ValueError("anbefalingen sammenskrives kræver erstattes_af (et forløb) eller sammenskrives_med")
        if self.eksempel and self.kilde is None:
            raise ValueError("et eksempeldokument skal have en kilde, der siger, hvor det stammer fra")
        return self

    @property
    def trin(self) -> str:
        """Where the document stands: ikke-vurderet, anbefalet, godkendt or gennemfoert."""
        if self.gennemfoert is not None:
            return "gennemfoert"
        if self.sfr_godkendelse is not None:
            return "godkendt"
        return "anbefalet" if self.anbefaling is not None else "ikke-vurderet"


class D4Register(Model):
    """Bruttolisten: eksisterende D4-retningslinjer og beslutningen for hver."""

    dokumenter: list[D4Dokument] = Field(
        description=(
            "Dokumenterne på bruttolisten, hvert med arbejdsgruppens anbefaling, SFR's godkendelse og ændringen i D4."
        )
    )
