"""Runs at the same moment: two daily jobs started together make each notification once, and delivery processes
running together send each delivery once (committed data, threads, on both databases)."""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Notificatie, Signaalrun
from inburgering.exchange.notificaties import maak
from inburgering.exchange.notificaties_bezorging import bezorg
from inburgering.store.models import Organisatie
from tests.exchange.test_notificaties_bezorging import Ontvanger
from tests.store.test_concurrency import WRITERS, _in_threads

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_daily_jobs_started_together_make_each_notification_once(chain_tx):
    outcome = _in_threads(lambda i: maak(T0 + dt.timedelta(seconds=i)))
    assert outcome == [None] * WRITERS
    assert Notificatie.objects.count() == 5
    assert sorted(r.aantallen["nieuw_plichtig"] for r in Signaalrun.objects.all()) == [0] * (WRITERS - 1) + [
        5
    ]


@pytest.mark.django_db(transaction=True)
def test_delivery_processes_running_together_send_each_delivery_once(chain_tx, callback_lokaal):
    with Ontvanger(fouten=0) as ontvanger:
        Abonnement.objects.create(
            organisatie=Organisatie.objects.get(code="GM0363"),
            callback_url=ontvanger.url,
            auth="Bearer x",
            kanalen=[{"naam": "nieuw_plichtig"}],
        )
        maak(T0)
        assert _in_threads(lambda i: bezorg(T0)) == [None] * WRITERS
    assert len(ontvanger.verzoeken) == 3
    assert set(Aflevering.objects.values_list("status", "pogingen")) == {("bezorgd", 1)}
