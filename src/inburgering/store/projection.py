"""The projection of derived facts: the law evaluated over the stored events, one row per person.

Worklists and dossiers read the projection instead of evaluating the law per request. It is kept right in two
ways: every write recomputes the persons it touched in its own transaction (``recompute``), and a daily job
recomputes everyone (``recompute_all``), because time alone changes statuses: a deadline passes at midnight.

Both use the engine exactly as the command line does (``Population.evaluate``); there is no second copy of a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import polars as pl
from django.db import transaction
from django.utils import timezone

from inburgering.events.population import BLOK, Population, to_series
from inburgering.events.table import EventTables
from inburgering.notatie import getal
from inburgering.store import bulk
from inburgering.store.columns import FACT_NAMES
from inburgering.store.models import Feiten, Persoon, Projectie


def facts_frame(tables: EventTables, peildatum: dt.date) -> pl.DataFrame:
    """The projected facts of every person in ``tables`` on ``peildatum`` (column ``persoon_id`` first)."""
    values = Population(tables).evaluate(peildatum, names=FACT_NAMES)
    columns = {"persoon_id": pl.Series(tables.personen, dtype=pl.String)}
    for naam in FACT_NAMES:
        columns[naam] = to_series(naam, values[naam])
    return pl.DataFrame(columns).with_columns(
        pl.col(pl.Float64).fill_nan(None)
    )  # the engine's unknown is NaN


def today() -> dt.date:
    """The projection's peildatum: today in the Netherlands."""
    return timezone.localdate()


def recompute(persoon_ids: Sequence[str], peildatum: dt.date | None = None) -> None:
    """Recompute the facts of these persons from their stored events; call inside the write's transaction."""
    if not persoon_ids:
        return
    peildatum = peildatum or today()
    tables = bulk.read_tables(persoon_ids)
    frame = facts_frame(tables, peildatum)
    versies = dict(Persoon.objects.filter(pk__in=persoon_ids).values_list("pk", "versie"))
    now = timezone.now()
    rows = []
    for row in frame.iter_rows(named=True):
        persoon = row.pop("persoon_id")
        rows.append(
            Feiten(persoon_id=persoon, peildatum=peildatum, versie=versies[persoon], berekend_op=now, **row)
        )
    Feiten.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["persoon"],
        update_fields=["peildatum", "versie", "berekend_op", *FACT_NAMES],
    )


def recompute_all(
    peildatum: dt.date | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    tables: EventTables | None = None,
) -> int:
    """Recompute every person's facts (the daily job). Returns the number of persons written.

    The versions are read before the events: a person written to meanwhile has a newer version in the projection
    (its write recomputed it), and the guarded update below leaves that row alone. So the job never needs to
    lock the store while it reads, and never overwrites a fresher fact with a staler one. ``tables``: the events
    just loaded from a file, which need not be read back."""
    peildatum = peildatum or today()
    say = progress or (lambda _: None)
    versies = pl.DataFrame(
        list(Persoon.objects.values_list("identificatie", "versie").iterator(chunk_size=BLOK)),
        schema={"persoon_id": pl.String, "versie": pl.Int64},
        orient="row",
    )
    say(f"{getal(versies.height)} personen; gebeurtenissen lezen")
    tables = tables or bulk.read_tables()
    say(f"{getal(tables.n_events)} gebeurtenissen; de wet toepassen op {peildatum:%d-%m-%Y}")
    frame = facts_frame(tables, peildatum).join(versies, on="persoon_id", how="inner")
    say("gewijzigde feiten schrijven")
    frame = frame.with_columns(
        pl.lit(peildatum).alias("peildatum"),
        pl.lit(timezone.now()).dt.convert_time_zone("UTC").alias("berekend_op"),
    )
    with transaction.atomic():
        changed, added = bulk.write_facts(frame)
        Projectie.objects.create(
            peildatum=peildatum, berekend_op=timezone.now(), personen=frame.height, gewijzigd=changed + added
        )
    say(f"{getal(changed)} personen met gewijzigde feiten, {getal(added)} nieuw")
    return frame.height


def last_recomputation() -> dt.date | None:
    """The peildatum of the last recomputation of everyone."""
    return Projectie.objects.order_by("-berekend_op").values_list("peildatum", flat=True).first()


def peildatum_of(feiten: Feiten, last: dt.date | None) -> dt.date:
    """The day a person's projected facts hold for: their own, or the ``last`` recomputation's if that is later
    (it found them unchanged)."""
    return max(feiten.peildatum, last) if last else feiten.peildatum
