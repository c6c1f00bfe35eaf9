"""The daily recomputation: equal to the engine, and never overwriting a fact written meanwhile."""

from __future__ import annotations

import datetime as dt

import polars as pl
from django.core.management import call_command

from inburgering.events.jsonl import event_from_dict
from inburgering.store import bulk
from inburgering.store.models import Feiten, Persoon
from inburgering.store.projection import facts_frame, recompute_all, today
from inburgering.store.writes import write
from tests.conftest import make_event


def test_recompute_all_on_another_day_moves_the_clocks(chain):
    later = today() + dt.timedelta(days=11)
    assert recompute_all(later) == Persoon.objects.count()
    feiten = Feiten.objects.get(persoon_id="A-GM0363")
    assert feiten.peildatum == later and feiten.signaal_pip_termijn_verstreken  # due 10 days after today


def test_recompute_all_keeps_a_fact_written_after_its_versions_were_read(chain):
    stale = facts_frame(bulk.read_tables(), today() + dt.timedelta(days=11))
    versies = pl.DataFrame(
        list(Persoon.objects.values_list("identificatie", "versie")),
        schema=["persoon_id", "versie"],
        orient="row",
    )
    pip = {"soort": "pip_vastgesteld", "geldig_op": today(), "gegevens": {"leerroute": "b1"}}
    write([event_from_dict(make_event(pip, persoon="A-GM0363", number=90))], None)  # a write in between
    frame = stale.join(versies, on="persoon_id").with_columns(
        pl.lit(today() + dt.timedelta(days=11)).alias("peildatum"),
        pl.lit(dt.datetime.now(dt.UTC)).alias("berekend_op"),
    )
    bulk.write_facts(frame)
    assert Feiten.objects.get(persoon_id="A-GM0363").pip_datum == today()  # the write's facts stay
    assert Feiten.objects.get(persoon_id="B-GM0599").peildatum == today() + dt.timedelta(days=11)


def test_the_migrations_match_the_vocabulary_and_the_law(db):
    call_command("makemigrations", "store", "--check", "--dry-run", verbosity=0)


def test_the_daily_job_rewrites_only_changed_facts_and_dates_the_rest(chain):
    from inburgering.store.models import Projectie
    from inburgering.store.projection import last_recomputation, peildatum_of

    recompute_all()  # today: nothing changed since the writes of the chain
    assert Projectie.objects.latest().gewijzigd == 0
    later = today() + dt.timedelta(days=11)  # A's, B's and E's PIP deadlines pass; C's and D's facts stay
    recompute_all(later)
    changed = Projectie.objects.latest().gewijzigd
    rewritten = set(Feiten.objects.filter(peildatum=later).values_list("persoon_id", flat=True))
    assert len(rewritten) == changed and rewritten == {"A-GM0363", "B-GM0599", "E-GM0344"}
    untouched = Feiten.objects.get(persoon_id="C-OPVANG")
    assert untouched.peildatum < later and peildatum_of(untouched, last_recomputation()) == later
