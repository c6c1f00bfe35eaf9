"""Helpers for the feed tests: the example files, and the store's consistency after an import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

EXAMPLES = Path(__file__).parents[2] / "docs" / "voorbeelden"
# feed -> (file, bron), in an order in which every person is known before others deliver about them
ORDER = {
    "ind": ("ind.csv", None),
    "brp": ("brp.csv", None),
    "coa": ("coa.jsonl", None),
    "duo": ("duo.csv", None),
    "gemeente": ("gemeente.csv", "GM0363"),
    "school": ("school.csv", "TAALSCHOOL:ABC"),
    "examens": ("examens.jsonl", None),
}


def example(feed: str) -> tuple[bytes, str]:
    name = ORDER[feed][0]
    return (EXAMPLES / name).read_bytes(), name


def csv(header: str, *rows: str, separator: str = ",") -> bytes:
    return ("\n".join([header, *rows]) + "\n").replace(",", separator).encode()


def assert_consistent() -> None:
    """Every person with events has facts computed from all of them at their current version."""
    from django.db import transaction

    from inburgering.store import bulk
    from inburgering.store.models import Feiten, Gebeurtenis, Persoon
    from inburgering.store.projection import facts_frame, today

    with_events = set(Gebeurtenis.objects.values_list("persoon_id", flat=True).distinct())
    assert with_events <= set(Persoon.objects.values_list("identificatie", flat=True))
    versies = dict(Persoon.objects.values_list("identificatie", "versie"))
    stored = {f.persoon_id: f for f in Feiten.objects.all()}
    assert with_events <= set(stored), "an event without its person's facts"
    for persoon in with_events:
        assert stored[persoon].versie == versies[persoon], persoon
    if not with_events:
        return
    fresh = facts_frame(bulk.read_tables(), today())
    for row in fresh.select("persoon_id", "status", "wet", "verantwoordelijke_gemeente").iter_rows():
        feiten = stored[row[0]]
        assert (feiten.status, feiten.wet, feiten.verantwoordelijke_gemeente) == (
            row[1] or "",
            row[2] or "",
            row[3] or "",
        ), row
    # every fact, empty ones included: writing the engine's facts over the stored ones changes no row
    frame = fresh.join(
        pl.DataFrame(list(versies.items()), schema=["persoon_id", "versie"], orient="row"), on="persoon_id"
    ).with_columns(pl.lit(today()).alias("peildatum"), pl.lit(dt.datetime.now(dt.UTC)).alias("berekend_op"))
    with transaction.atomic():
        assert bulk.write_facts(frame) == (0, 0), "stored facts differ from the engine's"
        transaction.set_rollback(True)


def counts() -> tuple[int, int, int]:
    from inburgering.store.models import Feiten, Gebeurtenis, Persoon

    return Gebeurtenis.objects.count(), Persoon.objects.count(), Feiten.objects.count()


def frame_of(fouten: pl.DataFrame) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in fouten.iter_rows()]
