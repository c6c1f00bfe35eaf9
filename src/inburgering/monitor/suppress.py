"""Small-cell suppression for published tables: primary and secondary.

Primary: a count from 1 to ``drempel - 1`` is not published (zero is: "nobody" discloses nothing about a person).
Secondary: where a published total is the sum of published parts (a row total over its parts, or a total row over
the rows of its block), one hidden part could be recomputed by subtraction; so a second part is hidden (the
smallest non-zero one), or the total when no other part is non-zero. This repeats until no sum has exactly one
hidden part, so no hidden cell follows from one published sum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

TOTAAL = "totaal"  # the dimension value of a total row


@dataclass(frozen=True)
class Structuur:
    """Which counts add up: ``delen`` sum to ``totaal`` in every row; rows whose ``rij`` is 'totaal' sum the
    rows of their block (the rows with the same values of ``blok``) in every count column."""

    tellingen: tuple[str, ...]
    delen: tuple[str, ...] = ()
    totaal: str | None = None
    rij: str | None = None
    blok: tuple[str, ...] = ()


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


def hidden_cells(frame: pl.DataFrame, structuur: Structuur, drempel: int) -> set[tuple[int, str]]:
    """The cells (row number, column) that may not be published."""
    values = {c: frame[c].fill_null(0).to_numpy() for c in structuur.tellingen}
    hidden = {
        (int(i), c)
        for c in structuur.tellingen
        for i in np.flatnonzero((values[c] > 0) & (values[c] < drempel))
    }
    relations = sums(frame, structuur)
    changed = True
    while changed:
        changed = False
        for parts, total in relations:
            if total in hidden or sum(cell in hidden for cell in parts) != 1:
                continue
            candidates = [cell for cell in parts if cell not in hidden and values[cell[1]][cell[0]] > 0]
            if candidates:
                hidden.add(min(candidates, key=lambda cell: (values[cell[1]][cell[0]], cell)))
            else:
                hidden.add(total)
            changed = True
    return hidden


def suppress(frame: pl.DataFrame, structuur: Structuur, drempel: int) -> pl.DataFrame:
    """The table with every hidden count set to null."""
    hidden = hidden_cells(frame, structuur, drempel)
    columns = []
    for c in structuur.tellingen:
        rows = [i for i, col in hidden if col == c]
        keep = np.ones(frame.height, dtype=bool)
        keep[rows] = False
        columns.append(pl.when(pl.Series(keep)).then(pl.col(c)).otherwise(None).alias(c))
    return frame.with_columns(columns) if columns else frame
