"""Writing events: atomic, idempotent by id, guarded by version, with the projection updated in the same
transaction and equal to what the engine computes from the same events."""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering.events.jsonl import event_from_dict
from inburgering.events.population import Population
from inburgering.events.table import EventTables
from inburgering.store import bulk
from inburgering.store.columns import FACT_NAMES
from inburgering.store.models import Feiten, Gebeurtenis, Persoon
from inburgering.store.projection import today
from inburgering.store.writes import SchrijfFout, VersieConflict, write
from tests import chain as small_chain
from tests.conftest import make_event


def _event(persoon: str, number: int, **spec):
    return event_from_dict(make_event(spec, persoon=persoon, number=number))


def test_projection_equals_the_engine_on_the_same_events(chain):
    events = small_chain.events()
    tables = EventTables.from_events(events)
    expected = Population(tables).evaluate(today(), names=FACT_NAMES)
    assert len(events) == Gebeurtenis.objects.count()
    for i, persoon in enumerate(tables.personen):
        feiten = Feiten.objects.get(persoon_id=persoon)
        for naam in FACT_NAMES:
            value = expected[naam][i]
            stored = getattr(feiten, naam)
            if isinstance(value, float) and value != value:  # NaN: unknown
                assert stored is None, naam
            elif hasattr(value, "astype") and value.dtype.kind == "M":
                assert stored == (None if str(value) == "NaT" else value.astype(dt.date)), naam
            else:
                assert stored == value, (persoon, naam, stored, value)


def test_a_pip_changes_the_facts_in_the_same_write(chain):
    before = Feiten.objects.get(persoon_id="A-GM0363")
    assert before.status == "wacht_op_pip" and before.pip_uiterlijk == today() + dt.timedelta(days=10)
    pip = _event("A-GM0363", 99, soort="pip_vastgesteld", geldig_op=today(), gegevens={"leerroute": "z"})
    resultaat = write([pip], None)
    after = Feiten.objects.get(persoon_id="A-GM0363")
    assert resultaat.nieuw == [pip.id] and after.versie == before.versie + 1
    assert after.status == "in_traject" and after.leerroute == "z" and after.pip_datum == today()
    assert after.termijn_einde is not None and not after.signaal_pip_termijn_binnenkort


def test_redelivery_is_idempotent_and_other_content_is_refused(chain):
    uren = _event(
        "D-SCHOOL",
        50,
        soort="uren_geregistreerd",
        geldig_op=today(),
        gegevens={"urensoort": "nt2", "uren": 10},
    )
    assert write([uren], None).nieuw == [uren.id]
    versie = Persoon.objects.get(pk="D-SCHOOL").versie
    again = event_from_dict(uren.to_dict() | {"beschikbaar_op": "2030-01-01"})  # learned again later
    assert write([again], None).al_bekend == [uren.id]
    assert Persoon.objects.get(pk="D-SCHOOL").versie == versie  # nothing changed
    changed = event_from_dict(uren.to_dict() | {"gegevens": {"urensoort": "nt2", "uren": 11}})
    with pytest.raises(SchrijfFout, match="andere inhoud"):
        write([changed], None)


def test_a_batch_with_one_bad_event_writes_nothing(chain):
    count = Gebeurtenis.objects.count()
    good = _event("A-GM0363", 60, soort="brede_intake_gestart", geldig_op=today())
    dangling = _event(
        "A-GM0363", 61, soort="brede_intake_afgerond", geldig_op=today(), corrigeert="bestaat-niet"
    )
    with pytest.raises(SchrijfFout):
        write([good, dangling], None)
    assert Gebeurtenis.objects.count() == count
    assert not Gebeurtenis.objects.filter(pk=good.id).exists()
    assert Feiten.objects.get(persoon_id="A-GM0363").brede_intake_start is None


def test_a_write_against_an_old_version_is_refused(chain):
    versie = Persoon.objects.get(pk="A-GM0363").versie
    first = _event("A-GM0363", 70, soort="brede_intake_gestart", geldig_op=today())
    write([first], None, verwacht={"A-GM0363": versie})
    second = _event(
        "A-GM0363", 71, soort="leerbaarheidstoets_afgenomen", geldig_op=today(), gegevens={"score": 30}
    )
    with pytest.raises(VersieConflict):
        write([second], None, verwacht={"A-GM0363": versie})
    assert not Gebeurtenis.objects.filter(pk=second.id).exists()


def test_a_correction_replaces_and_a_withdrawal_removes(chain):
    wrong = Gebeurtenis.objects.get(persoon_id="D-SCHOOL", soort="pip_vastgesteld")
    fix = _event(
        "D-SCHOOL",
        80,
        soort="pip_vastgesteld",
        geldig_op=wrong.geldig_op,
        gegevens={"leerroute": "z"},
        corrigeert=wrong.id,
    )
    write([fix], None)
    assert Feiten.objects.get(persoon_id="D-SCHOOL").leerroute == "z"
    withdraw = _event(
        "D-SCHOOL",
        81,
        soort="pip_vastgesteld",
        geldig_op=wrong.geldig_op,
        gegevens={"leerroute": "z"},
        corrigeert=fix.id,
        intrekking=True,
    )
    write([withdraw], None)
    feiten = Feiten.objects.get(persoon_id="D-SCHOOL")
    assert feiten.pip_datum is None and feiten.status == "wacht_op_pip"
    assert (
        Gebeurtenis.objects.filter(persoon_id="D-SCHOOL").count()
        == len(small_chain.histories()["D-SCHOOL"]) + 2
    )


def _indexes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Gebeurtenis._meta.db_table)
    return {
        name: (tuple(c["columns"]), c["primary_key"])
        for name, c in found.items()
        if c["index"] or c["primary_key"]
    }


def test_bulk_load_and_read_back_give_the_same_tables(db):
    from inburgering.synth.population import generate

    tables = generate(300, seed=7, tot=today())
    indexes = _indexes()
    bulk.load(tables)  # into an empty store: the indexes are dropped and built again
    assert _indexes() == indexes
    assert not Gebeurtenis.objects.exclude(persoon_id__in=Persoon.objects.values("pk")).exists()
    back = bulk.read_tables()
    assert back.n_events == tables.n_events
    assert back.to_flat().sort("id").equals(tables.to_flat().sort("id"))
    bulk.load(tables)  # loading again changes nothing
    assert Gebeurtenis.objects.count() == tables.n_events
