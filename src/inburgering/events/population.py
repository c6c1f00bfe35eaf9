"""Evaluate the law over an event history: every person at once, or one person with the explanation.

``Population`` prepares each event type's columns once; every evaluation (another peildatum, another "as known
on" moment, another parameter set) then only selects rows and aggregates. One person's explanation slices the
same prepared columns, so it does not rescan the population.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

import inburgering.law as law
from inburgering.events.reduce import PreparedTable, build_inputs
from inburgering.events.table import EventTables
from inburgering.law.tekst import Tekst, concatenate


def known_on(moment: dt.date | dt.datetime | None) -> np.datetime64 | None:
    """The 'as known on' moment as a UTC instant: a date means the end of that day (all delivered that day)."""
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return np.datetime64(moment, "us")
    return np.datetime64(moment + dt.timedelta(days=1), "us") - np.timedelta64(1, "us")


@dataclass
class EventStatus:
    """One event of a person and whether it counted in an evaluation."""

    id: str
    soort: str
    geldig_op: dt.date
    beschikbaar_op: dt.datetime
    bron: str
    telt: bool
    reden: str


BLOK = 1 << 17  # persons per block of an evaluation


class Population:
    """An event history prepared for evaluation."""

    def __init__(self, tables: EventTables):
        self.tables = tables
        self.prepared = {soort: PreparedTable(frame) for soort, frame in tables.tabellen.items()}

    @property
    def n(self) -> int:
        return len(self.tables.personen)

    def inputs(self, peildatum: dt.date, beschikbaar_op=None) -> dict:
        """The law's inputs for everyone."""
        return build_inputs(self.prepared, self.n, peildatum, known_on(beschikbaar_op))

    def evaluate(
        self, peildatum: dt.date, beschikbaar_op=None, parameters=None, names: tuple[str, ...] | None = None
    ) -> dict[str, np.ndarray | Tekst]:
        """The derived facts and signals (or the variables and inputs ``names``) for everyone, by name (in person
        order): NumPy arrays, and texts as ``Tekst`` (codes and values; ``to_series`` or ``np.asarray`` give the
        strings).

        A large population is evaluated in blocks of ``BLOK`` persons: every rule is per person, so the result
        is the same, while the temporary arrays stay small enough to be reused from memory already held (on a
        million persons the first evaluation went from 7.9 to about 6.3 s and the peak down by about 0.4 GB;
        ``docs/performance.md``)."""
        moment = known_on(beschikbaar_op)
        if self.n <= BLOK:
            return law.evaluate(
                build_inputs(self.prepared, self.n, peildatum, moment), peildatum, parameters, names
            )
        parts = []
        for first in range(0, self.n, BLOK):
            last = min(first + BLOK, self.n)
            inputs = build_inputs(self._range_tables(first, last), last - first, peildatum, moment)
            parts.append(law.evaluate(inputs, peildatum, parameters, names))
        return {
            name: (concatenate if isinstance(parts[0][name], Tekst) else np.concatenate)(
                [p[name] for p in parts]
            )
            for name in parts[0]
        }

    def facts(self, peildatum: dt.date, beschikbaar_op=None, parameters=None) -> pl.DataFrame:
        """The derived facts as a table: one row per person, signals as a list of names."""
        return facts_frame(self.tables.personen, self.evaluate(peildatum, beschikbaar_op, parameters))

    def _person_tables(self, persoon: str) -> dict[str, PreparedTable]:
        index = self.tables.person_index(persoon)
        return self._range_tables(index, index + 1)

    def _range_tables(self, first: int, last: int) -> dict[str, PreparedTable]:
        """The prepared tables cut to persons ``first`` up to ``last`` (renumbered from 0)."""
        sliced = {}
        for soort, table in self.prepared.items():
            lo, hi = np.searchsorted(table.persoon, [first, last])
            if hi > lo:
                sliced[soort] = table.slice(int(lo), int(hi), first)
        return sliced

    def explain(self, persoon: str, peildatum: dt.date, beschikbaar_op=None, parameters=None) -> law.Uitleg:
        """The explanation of one person's facts, from the same rules as ``evaluate``."""
        inputs = build_inputs(self._person_tables(persoon), 1, peildatum, known_on(beschikbaar_op))
        return law.explain(inputs, peildatum, parameters)

    def events(self, persoon: str, peildatum: dt.date, beschikbaar_op=None) -> list[EventStatus]:
        """A person's events in time order, each with whether it counted and, if not, why."""
        moment = known_on(beschikbaar_op)
        result = []
        for soort, table in self._person_tables(persoon).items():
            telt = table.counting(peildatum, moment)
            frame = table.frame
            bekend = np.ones(len(telt), bool) if moment is None else table.beschikbaar <= moment
            vervangen = np.zeros(len(telt), bool)
            vervangen[table.corrigeert[bekend & (table.corrigeert >= 0)]] = True
            for i, row in enumerate(frame.iter_rows(named=True)):
                if telt[i]:
                    reden = ""
                elif not bekend[i]:
                    reden = "nog niet bekend"
                elif vervangen[i]:
                    reden = "vervangen door een correctie"
                elif table.intrekking[i]:
                    reden = "intrekking"
                else:
                    reden = "na de peildatum"
                result.append(
                    EventStatus(
                        row["id"],
                        soort,
                        row["geldig_op"],
                        row["beschikbaar_op"],
                        row["bron"],
                        bool(telt[i]),
                        reden,
                    )
                )
        return sorted(result, key=lambda e: (e.geldig_op, e.beschikbaar_op, e.id))


def to_series(name: str, value: np.ndarray | Tekst) -> pl.Series:
    """One evaluated fact as a Polars column; a text becomes plain strings (decoded here, at the boundary)."""
    if isinstance(value, Tekst):
        return pl.Series(name, value.waarden, dtype=pl.String).gather(value.codes)
    return pl.Series(name, value)


def facts_frame(personen: np.ndarray, facts: dict[str, np.ndarray | Tekst]) -> pl.DataFrame:
    """Facts arrays as a Polars table with a ``signalen`` list column."""
    columns = {"persoon": pl.Series("persoon", personen, dtype=pl.String)}
    for name in law.FEITEN:
        columns[name] = to_series(name, facts[name])
    frame = pl.DataFrame(columns)
    signals = pl.DataFrame({name: facts[name] for name in law.SIGNALEN})
    names = [pl.when(pl.col(n)).then(pl.lit(n.removeprefix("signaal_"))) for n in law.SIGNALEN]
    return frame.with_columns(
        signals.select(pl.concat_list(names).list.drop_nulls().alias("signalen")).to_series()
    )
