"""The database columns of events and of derived facts, taken from their single definitions.

An event's fields are the vocabulary's columnar form (``events.vocabulary.flat_schema``), so the event table has
one typed column per field and the whole store reads into the engine's columnar tables without parsing JSON.
The projection of derived facts has one column per published fact and signal of the law (``law.FEITEN``,
``law.SIGNALEN``) plus the few inputs the worklists show. Both lists are read here, once, from their owners; a
change in the vocabulary or the law shows up as a missing migration (a test runs ``makemigrations --check``).
"""

from __future__ import annotations

import polars as pl
from django.db import models

import inburgering.law as law
from inburgering.events.vocabulary import ENVELOPE_SCHEMA, flat_schema
from inburgering.law.explain import soort_van

# The vocabulary's field columns (everything after the envelope and ``soort``).
EVENT_FIELDS: dict[str, pl.DataType] = {
    name: dtype for name, dtype in flat_schema().items() if name not in ENVELOPE_SCHEMA and name != "soort"
}

# The hour-statement check's dates and keys (inburgering.exchange.controles reads them for its candidates).
UREN_INPUTS = (
    "uren_zonder_aanmelding_datum",
    "uren_zonder_aanmelding_school",
    "urenverklaring_datum",
    "urenverklaring_contract_bekend",
    "urenverklaring_school",
    "urenverklaring_oordeel",
    "urenverklaring_beoordeeld_datum",
    "navraag_datum",
    "navraag_school",
    "navraag_antwoord_datum",
    "navraag_contract_bekend",
)

# Inputs of the law that worklists and dossiers show next to the facts.
EXTRA_INPUTS = (
    "kennisgeving_datum",
    "koppeling_datum",
    "gekoppelde_gemeente",
    "inschrijving_gemeente",
    "brede_intake_start",
    "lening_besteed",
    "taalschool",
    "geboortedatum",
    "nationaliteit",
    "verblijfsdoel",
    # for the reconciliation checks (inburgering.exchange.controles): the dates and keys they compare
    "inschrijving_datum",
    "vreemdelingennummer",
    *UREN_INPUTS,
)
FACT_NAMES: tuple[str, ...] = (*law.FEITEN, *law.SIGNALEN, *EXTRA_INPUTS)

TEXT_LENGTH = 64  # the longest fact text (an exclusion reason) is 32 characters


def event_field(dtype: pl.DataType) -> models.Field:
    """The Django field that holds one vocabulary column (null where the event type has no such field)."""
    if dtype == pl.String:
        return models.TextField(null=True, blank=True)
    if dtype == pl.Date:
        return models.DateField(null=True, blank=True)
    if dtype == pl.Boolean:
        return models.BooleanField(null=True, blank=True)
    if dtype == pl.Int64:
        return models.BigIntegerField(null=True, blank=True)
    if dtype.is_integer():
        return models.IntegerField(null=True, blank=True)
    if dtype == pl.Float64:
        return models.FloatField(null=True, blank=True)
    raise TypeError(f"geen databasekolom voor {dtype}")


def fact_field(naam: str) -> models.Field:
    """The Django field that holds one derived fact or input, by the law's value kind."""
    soort = soort_van(naam)
    if soort == "datum":
        return models.DateField(null=True, blank=True)
    if soort == "ja_nee":
        return models.BooleanField(default=False)
    if soort == "getal":
        return models.FloatField(null=True, blank=True)
    if soort == "bedrag":
        return models.BigIntegerField(default=0)  # whole cents
    if soort == "tekst":
        return models.CharField(max_length=TEXT_LENGTH, blank=True, default="")
    raise TypeError(f"{naam}: geen databasekolom voor soort {soort}")
