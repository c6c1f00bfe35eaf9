"""Two people writing to one dossier at the same moment: nothing is lost, and a stale form is refused."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from inburgering.events.jsonl import event_from_dict
from inburgering.store.models import Feiten, Gebeurtenis, Persoon
from inburgering.store.projection import today
from inburgering.store.writes import VersieConflict, write
from tests.conftest import make_event

WRITERS = 6


def _hours(number: int):
    spec = {
        "soort": "uren_geregistreerd",
        "geldig_op": today(),
        "gegevens": {"urensoort": "knm", "uren": number},
    }
    return event_from_dict(make_event(spec, persoon="D-SCHOOL", number=1000 + number))


def _in_threads(work) -> list[BaseException | None]:
    barrier = threading.Barrier(WRITERS)
    outcome: list[BaseException | None] = [None] * WRITERS

    def run(i):
        barrier.wait()
        try:
            work(i)
        except BaseException as error:
            outcome[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcome


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_all_land_and_the_projection_counts_them_all(chain_tx):
    versie = Persoon.objects.get(pk="D-SCHOOL").versie
    assert _in_threads(lambda i: write([_hours(i + 1)], None)) == [None] * WRITERS
    assert (
        Gebeurtenis.objects.filter(persoon_id="D-SCHOOL", soort="uren_geregistreerd").count() == 1 + WRITERS
    )
    assert Persoon.objects.get(pk="D-SCHOOL").versie == versie + WRITERS
    feiten = Feiten.objects.get(persoon_id="D-SCHOOL")
    assert feiten.versie == versie + WRITERS
    assert feiten.lesuren == 120 + sum(range(1, WRITERS + 1))  # every write's hours, none lost


@pytest.mark.django_db(transaction=True)
def test_of_concurrent_writes_against_one_version_exactly_one_lands(chain_tx):
    versie = Persoon.objects.get(pk="D-SCHOOL").versie
    outcome = _in_threads(lambda i: write([_hours(i + 1)], None, verwacht={"D-SCHOOL": versie}))
    assert sum(o is None for o in outcome) == 1
    assert all(isinstance(o, VersieConflict) for o in outcome if o is not None)
    assert Persoon.objects.get(pk="D-SCHOOL").versie == versie + 1
