"""One row per person with the facts the standard tables count, at a peildatum and as known on a moment.

Every table reads this frame and nothing else, so every table is reproducible from (events, peildatum,
beschikbaar_op) and counts the same persons the same way. The facts come from the engine (``law``); nothing here
decides a legal question.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from inburgering.events.population import Population, known_on, to_series

# The variables and inputs the tables use (names as in docs/rules.md).
NAMEN = (
    "wet",
    "doelgroep",
    "status",
    "inburgeringsplichtig",
    "plicht_datum",
    "uitstroom_reden",
    "uitstroom_datum",
    "verantwoordelijke_gemeente",
    "in_opvang",
    "pip_datum",
    "pip_tijdig",
    "pip_doorlooptijd_dagen",
    "leerroute",
    "leerbaarheid",
    "signaal_elip",
    "signaal_elip_vroeg",
    "signaal_termijn_overschreden",
    "signaal_pip_termijn_verstreken",
    "boete_aantal",
    "boete_datum",
    "termijn_einde",
    "vergunning_datum",
    "kennisgeving_datum",
    "ontheffing_aanvraag_datum",
    "ontheffing_datum",
    "ontheffing_grond",
    "uren_alfabetisering",
)


@dataclass(frozen=True)
class Peiling:
    """What a table is computed for: the peildatum, the 'as known on' moment (None: everything delivered), and
    optionally one municipality (CBS code)."""

    peildatum: dt.date
    beschikbaar_op: dt.date | dt.datetime | None = None
    gemeente: str | None = None

    def omschrijving(self) -> str:
        waar = "Nederland" if self.gemeente is None else f"gemeente {self.gemeente}"
        return f"peildatum {self.peildatum:%d-%m-%Y}, {bekend(self.beschikbaar_op)}, {waar}"


def bekend(moment: dt.date | dt.datetime | None) -> str:
    """An 'as known on' moment in words: 'zoals bekend op 28-02-2023', or 'alles wat is geleverd' for None."""
    if moment is None:
        return "alles wat is geleverd"
    return (
        f"zoals bekend op {moment:%d-%m-%Y %H:%M}"
        if isinstance(moment, dt.datetime)
        else f"zoals bekend op {moment:%d-%m-%Y}"
    )


def geslacht(population: Population, peiling: Peiling) -> np.ndarray:
    """Each person's sex from the last permit that counts in the peiling ('onbekend' where none says it).

    Sex is no fact of the law, so the engine does not carry it; it is read here from the permit table with the
    engine's own bitemporal selection (``counting``), so a corrected permit counts as corrected."""
    uit = np.full(population.n, "onbekend", dtype="<U8")
    table = population.prepared.get("verblijfsvergunning_verleend")
    if table is None or "geslacht" not in table.frame.columns:
        return uit
    rows = np.flatnonzero(table.counting(peiling.peildatum, known_on(peiling.beschikbaar_op)))
    persoon = table.persoon[rows]
    last = rows[np.flatnonzero(np.append(persoon[1:] != persoon[:-1], True))] if len(rows) else rows
    waarde = table.values("geslacht", last)
    uit[table.persoon[last]] = np.where(waarde == "", "onbekend", waarde)
    return uit


def basis(population: Population, peiling: Peiling) -> pl.DataFrame:
    """The per-person frame for a peiling: the engine's values plus the cohort (the year the obligation arose)
    and sex."""
    values = population.evaluate(peiling.peildatum, peiling.beschikbaar_op, names=NAMEN)
    frame = pl.DataFrame(
        [
            *(to_series(naam, values[naam]) for naam in NAMEN),
            pl.Series("geslacht", geslacht(population, peiling)),
        ]
    )
    frame = frame.with_columns(pl.col(pl.Float64).fill_nan(None))  # the engine's unknown number is NaN
    frame = frame.with_columns(
        pl.col("plicht_datum").dt.year().alias("cohort"),
        pl.col("boete_aantal").cast(pl.Int64),
        pl.col("verantwoordelijke_gemeente").replace("", "onbekend"),
    )
    if peiling.gemeente is not None:
        frame = frame.filter(pl.col("verantwoordelijke_gemeente") == peiling.gemeente)
    return frame
