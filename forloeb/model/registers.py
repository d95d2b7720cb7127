"""Models of the shared registries in pathways/_registre/: specialties, Vælg Klogt, D4 documents."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from forloeb.model.pathway import D4DokId, Diagnosekode, Kriterium, Model, Reference, Slug, Tekst


class Speciale(Model):
    id: Slug
    navn: Tekst = Field(description="Specialets navn, som det vises i navigationen.")
    sfr: Tekst = Field(description="Det Sundhedsfaglige Råd, der ejer specialets forløb.")


class Specialer(Model):
    specialer: list[Speciale] = Field(min_length=1)


class VaelgKlogtAnbefaling(Model):
    id: Slug
    titel: Tekst
    anbefaling: Tekst = Field(description="Anbefalingen gengivet med egne ord.")
    afsender: Tekst = Field(description="Selskab eller organisation bag anbefalingen.")
    kilde: Reference = Field(description="Den offentliggjorte kilde; url er påkrævet.")

    @model_validator(mode="after")
    def _cited(self) -> VaelgKlogtAnbefaling:
        if self.kilde.url is None:
            raise ValueError("en Vælg Klogt-anbefaling skal have en kilde med url")
        return self


class VaelgKlogt(Model):
    anbefalinger: list[VaelgKlogtAnbefaling]


Beslutning = Literal["behold", "revider", "sammenskriv", "slet", "ikke-vurderet"]


class D4Dokument(Model):
    dokid: D4DokId
    titel: Tekst
    matrikel: Tekst = Field(description="Hospitalsmatrikel, fx 'Slagelse Sygehus'.")
    afdeling: Tekst | None = None
    speciale: Slug = Field(description="Id på specialet i specialer.yaml.")
    diagnosekoder: list[Diagnosekode] = Field([], description="Diagnosekoder, dokumentet dækker.")
    kriterier: list[Kriterium] = Field([], description="Dokumentets kriterier på struktureret form.")
    uddrag: Tekst | None = Field(None, description="Tekstuddrag til sammenligning.")
    beslutning: Beslutning = "ikke-vurderet"
    erstattes_af: Slug | None = Field(None, description="Id på det forløb, der erstatter dokumentet.")
    bemaerkning: Tekst | None = None


class D4Register(Model):
    """Bruttolisten: eksisterende D4-retningslinjer og beslutningen for hver."""

    dokumenter: list[D4Dokument]
