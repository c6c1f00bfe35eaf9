"""Every worklist and every reconciliation check can be answered from its own partial index, on both databases:
the query's condition must contain the index's condition as written (store/indexvoorwaarden.py), or a list over
a million persons becomes a scan. On PostgreSQL sequential scans are switched off for the test, so that the plan
shows whether the index can be used at all, not whether the planner finds it cheaper on a tiny table."""

from __future__ import annotations

import pytest
from django.db import connection

from inburgering.store.controlevoorwaarden import VOORWAARDEN
from inburgering.store.models import Feiten
from inburgering.store.worklists import WERKLIJSTEN


@pytest.fixture
def plans(db):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_bitmapscan = off")
    return lambda queryset: queryset.explain()


@pytest.mark.parametrize("naam", sorted(WERKLIJSTEN))
@pytest.mark.parametrize("scope", [{"verantwoordelijke_gemeente": "GM0363"}, {}], ids=["gemeente", "land"])
def test_a_worklist_page_reads_its_partial_index(plans, naam, scope):
    """The municipal or the national index of the list (on an empty table PostgreSQL may take either)."""
    lijst = WERKLIJSTEN[naam]
    rows = Feiten.objects.filter(**scope).filter(lijst.filter).order_by(lijst.volgorde, "persoon")
    plan = plans(rows.values("persoon_id", lijst.volgorde)[:51])
    assert any(f"wl_{deel}_{naam}"[:30] in plan for deel in ("g", "a")), plan


@pytest.mark.parametrize("code", sorted(VOORWAARDEN))
def test_a_reconciliation_check_reads_its_partial_index(plans, code):
    rows = Feiten.objects.filter(VOORWAARDEN[code].voorwaarde).values("persoon_id")
    assert f"ctl_{code}"[:30] in plans(rows)
