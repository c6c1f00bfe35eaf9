"""An import killed halfway (SIGKILL, no chance to clean up) leaves a consistent store, and running the same
command again completes it with no duplicates: on whichever database the suite runs (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from inburgering.exchange.feeds_apply import importeer
from inburgering.exchange.models import Levering
from inburgering.store.models import Gebeurtenis
from tests.exchange.util import assert_consistent, csv

N = 1_500


def _database_url() -> str:
    """The test database as a DATABASE_URL, for a command in another process."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _command(path) -> list[str]:
    return [sys.executable, "-m", "inburgering.cli.main", "import", "duo", str(path), "--blok", "10"]


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_halfway_leaves_the_store_consistent_and_a_rerun_completes_it(tmp_path):
    personen = [f"P{i:05d}" for i in range(N)]
    ind = csv(
        "kenmerk,persoon,datum,verblijfsgrond,verblijfsdoel,nationaliteit,geboortedatum",
        *[f"V{p},{p},2025-01-10,asiel,asiel,SY,1994-06-01" for p in personen],
    )
    assert importeer("ind", ind, "ind.csv").levering.nieuw == N
    path = tmp_path / "duo.csv"
    path.write_bytes(
        csv(
            "kenmerk,persoon,soort,datum,wet",
            *[f"K{p},{p},kennisgeving_verzonden,2025-03-03,Wi2021" for p in personen],
        )
    )
    env = {**os.environ, "DATABASE_URL": _database_url()}
    process = subprocess.Popen(_command(path), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not Levering.objects.filter(feed="duo", nieuw__gt=0).exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    killed = Levering.objects.get(feed="duo")
    kennisgevingen = Gebeurtenis.objects.filter(soort="kennisgeving_verzonden")
    assert killed.status == Levering.Status.BEZIG
    assert 0 < kennisgevingen.count() == killed.nieuw < N  # the delivery's count is committed with its events
    assert_consistent()

    rerun = subprocess.run(_command(path), env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"hervat levering {killed.pk}" in rerun.stdout
    done = Levering.objects.get(vorige=killed)
    killed.refresh_from_db()
    assert killed.status == Levering.Status.ONDERBROKEN
    assert (done.status, done.nieuw + done.al_bekend, done.ontvangen) == ("verwerkt", N, killed.ontvangen)
    assert kennisgevingen.count() == len(set(kennisgevingen.values_list("id", flat=True))) == N
    assert_consistent()
