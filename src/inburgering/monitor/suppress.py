"""Small-cell suppression for published tables: primary and secondary, within a table and across the tables of
one report.

Primary: a count from 1 to ``drempel - 1`` is not published (zero is: "nobody" discloses nothing about a person).
Secondary: where a published total is the sum of published parts (a row total over its parts, a total row over
the rows of its block, or a cell of another table of the same report that counts the same persons), one hidden
part could be recomputed by subtraction; so a second cell is hidden: another non-zero part or the total. Of these
candidates the one whose whole cascade (what its hiding sets off in turn) hides the fewest persons is taken, so
that one small cell does not take half a table with it. This repeats until no published sum has exactly one
hidden part, so no hidden cell follows from one published sum in the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

TOTAAL = "totaal"  # the dimension value of a total row

Cel = tuple[str, int, str]  # (table, row number, column)
Relatie = tuple[list[Cel], Cel]  # parts, total


@dataclass(frozen=True)
class Structuur:
    """Which counts add up: ``delen`` sum to ``totaal`` in every row; rows whose ``rij`` is 'totaal' sum the
    rows of their block (the rows with the same values of ``blok``) in every count column."""

    tellingen: tuple[str, ...]
    delen: tuple[str, ...] = ()
    totaal: str | None = None
    rij: str | None = None
    blok: tuple[str, ...] = ()


@dataclass(frozen=True)
class Koppeling:
    """Cells of different tables that count the same persons: for every value of ``sleutel`` (a column of each
    table; None: the tables' only matching row), the ``delen`` add up to ``totaal``. Each side is (table, fixed
    row values, column). ``gelijk``: one part that equals the total, so either side gives the other away."""

    delen: tuple[tuple[str, dict, str], ...]
    totaal: tuple[str, dict, str]
    sleutel: str | None = None

    @property
    def gelijk(self) -> bool:
        return len(self.delen) == 1


def sums(frame: pl.DataFrame, structuur: Structuur) -> list[tuple[list[tuple[int, str]], tuple[int, str]]]:
    """Every (parts, total) relation of the table as cell coordinates (row number, column)."""
    relations = []
    if structuur.delen and structuur.totaal:
        for i in range(frame.height):
            relations.append(([(i, c) for c in structuur.delen], (i, structuur.totaal)))
    if structuur.rij is not None:
        keys = frame.select(structuur.blok).rows() if structuur.blok else [()] * frame.height
        rij = frame[structuur.rij].to_list()
        blocks: dict[tuple, list[int]] = {}
        for i, key in enumerate(keys):
            blocks.setdefault(key, []).append(i)
        for rows in blocks.values():
            totals = [i for i in rows if rij[i] == TOTAAL]
            if len(totals) != 1:
                continue
            parts = [i for i in rows if rij[i] != TOTAAL]
            for c in structuur.tellingen:
                relations.append(([(i, c) for i in parts], (totals[0], c)))
    return relations


def _rows(frame: pl.DataFrame, vast: dict, sleutel: str | None) -> dict:
    """Row numbers of the rows matching ``vast``, by their value of ``sleutel``."""
    mask = np.ones(frame.height, dtype=bool)
    for k, v in vast.items():
        mask &= (frame[k].cast(pl.String) == str(v)).to_numpy()
    rows = np.flatnonzero(mask)
    if sleutel is None:
        return {None: int(rows[0])} if len(rows) == 1 else {}
    keys = frame[sleutel].cast(pl.String).to_list()
    return {keys[i]: int(i) for i in rows}


def links(frames: dict[str, pl.DataFrame], koppelingen: tuple[Koppeling, ...]) -> list[Relatie]:
    """The cross-table relations among ``frames`` as cell coordinates (tables not in ``frames`` are skipped)."""
    relations: list[Relatie] = []
    for k in koppelingen:
        sides = (*k.delen, k.totaal)
        if any(naam not in frames for naam, _, _ in sides):
            continue
        rows = [_rows(frames[naam], vast, k.sleutel) for naam, vast, _ in sides]
        for key in set(rows[0]).intersection(*rows[1:]):
            cells = [(naam, r[key], col) for (naam, _, col), r in zip(sides, rows, strict=True)]
            relations.append((cells[:-1], cells[-1]))
            if k.gelijk:
                relations.append(([cells[-1]], cells[0]))
    return relations


def hidden_in_report(
    frames: dict[str, pl.DataFrame],
    structuren: dict[str, Structuur],
    drempel: int,
    koppelingen: tuple[Koppeling, ...] = (),
) -> set[Cel]:
    """The cells (table, row number, column) of a report's tables that may not be published."""
    values = {
        naam: {c: frame[c].fill_null(0).to_numpy() for c in structuren[naam].tellingen}
        for naam, frame in frames.items()
    }
    hidden: set[Cel] = {
        (naam, int(i), c)
        for naam, cols in values.items()
        for c, v in cols.items()
        for i in np.flatnonzero((v > 0) & (v < drempel))
    }
    relations: list[Relatie] = [
        ([(naam, i, c) for i, c in parts], (naam, *total))
        for naam, frame in frames.items()
        for parts, total in sums(frame, structuren[naam])
    ]
    relations += links(frames, koppelingen)
    return _secondary(hidden, relations, lambda cell: int(values[cell[0]][cell[2]][cell[1]]))


def _secondary(hidden: set[Cel], relations: list[Relatie], value) -> set[Cel]:
    """Add secondary cells until no relation has exactly one hidden part and a published total.

    For each such relation every candidate (a published non-zero part, or the total) is tried: the candidate is
    hidden and what it sets off is resolved greedily (smallest cell first); the candidate whose whole cascade hides
    the fewest persons is taken. Relations are re-examined only when one of their cells is hidden (a work list).
    """
    part_of: dict[Cel, list[int]] = {}
    for r, (parts, _) in enumerate(relations):
        for cell in parts:
            part_of.setdefault(cell, []).append(r)

    def open_relation(r: int, h: set[Cel]) -> bool:
        parts, total = relations[r]
        return total not in h and sum(cell in h for cell in parts) == 1

    def candidates(r: int, h: set[Cel]) -> list[Cel]:
        parts, total = relations[r]
        return [cell for cell in parts if cell not in h and value(cell) > 0] + [total]

    def cascade(h: set[Cel], first: Cel) -> int:
        """Persons hidden in all when ``first`` is hidden and the rest is resolved by the smallest cell."""
        h = set(h)
        h.add(first)
        hidden_value, queue = value(first), list(part_of.get(first, ()))
        while queue:
            r = queue.pop()
            if open_relation(r, h):
                cell = min(candidates(r, h), key=lambda c: (value(c), c))
                h.add(cell)
                hidden_value += value(cell)
                queue += part_of.get(cell, ())
        return hidden_value

    hidden = set(hidden)
    queue = list(range(len(relations)))
    while queue:
        r = queue.pop()
        if not open_relation(r, hidden):
            continue
        cell = min(candidates(r, hidden), key=lambda c: (cascade(hidden, c), value(c), c))
        hidden.add(cell)
        queue += part_of.get(cell, ())
    return hidden


def hidden_cells(frame: pl.DataFrame, structuur: Structuur, drempel: int) -> set[tuple[int, str]]:
    """The cells (row number, column) of one table that may not be published, as if it were published alone."""
    return {(i, c) for _, i, c in hidden_in_report({"t": frame}, {"t": structuur}, drempel)}


def apply(frame: pl.DataFrame, structuur: Structuur, hidden: set[tuple[int, str]]) -> pl.DataFrame:
    """The table with the ``hidden`` counts set to null."""
    columns = []
    for c in structuur.tellingen:
        rows = [i for i, col in hidden if col == c]
        keep = np.ones(frame.height, dtype=bool)
        keep[rows] = False
        columns.append(pl.when(pl.Series(keep)).then(pl.col(c)).otherwise(None).alias(c))
    return frame.with_columns(columns) if columns else frame


def suppress(frame: pl.DataFrame, structuur: Structuur, drempel: int) -> pl.DataFrame:
    """One table with every hidden count set to null."""
    return apply(frame, structuur, hidden_cells(frame, structuur, drempel))
