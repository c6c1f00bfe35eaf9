"""Aggregates over the projection for analysts and managers: counts only, small cells suppressed by the monitor's
rules (primary and secondary), so no count of one to nine persons leaves the store."""

from __future__ import annotations

import polars as pl
from django.db.models import Count

from inburgering.monitor.suppress import TOTAAL, Structuur, suppress
from inburgering.store.models import Feiten
from inburgering.store.worklists import ACTIEF

DREMPEL = 10
STATUSSEN = (*ACTIEF, "voldaan", "vrijgesteld", "ontheven", "plicht_vervallen", "vertrokken", "overleden")


def per_wet_en_status(gemeente: str | None) -> pl.DataFrame:
    """Persons per law (rows, with a total row) and status (columns, with a total column)."""
    rows = Feiten.objects.exclude(wet="")
    if gemeente:
        rows = rows.filter(verantwoordelijke_gemeente=gemeente)
    counts = rows.values("wet", "status").annotate(n=Count("persoon")).order_by()
    frame = pl.DataFrame(
        list(counts), schema={"wet": pl.String, "status": pl.String, "n": pl.Int64}, orient="row"
    )
    wide = {"wet": sorted(set(frame["wet"].to_list()))}
    for status in STATUSSEN:
        wide[status] = [
            int(frame.filter((pl.col("wet") == w) & (pl.col("status") == status))["n"].sum())
            for w in wide["wet"]
        ]
    table = pl.DataFrame(wide, schema={"wet": pl.String, **dict.fromkeys(STATUSSEN, pl.Int64)})
    table = table.with_columns(pl.sum_horizontal(STATUSSEN).alias("totaal"))
    totals = table.select(pl.lit(TOTAAL).alias("wet"), *[pl.col(c).sum() for c in (*STATUSSEN, "totaal")])
    table = pl.concat([table, totals])
    structuur = Structuur(tellingen=(*STATUSSEN, "totaal"), delen=STATUSSEN, totaal="totaal", rij="wet")
    return suppress(table, structuur, DREMPEL)
