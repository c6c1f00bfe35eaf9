"""Benchmark of deriving the signals to municipalities over a synthetic population in the store. A script, not a
test.

    .venv/bin/python bench/bench_notificaties.py 100000 [--database postgres://postgres@127.0.0.1:5432/inburgering_bench_notif]
    .venv/bin/python bench/bench_notificaties.py 100000 --database sqlite

Set-up (timed, not the point): a fresh database, the population of ``bench/bench_engine.py``
(out/bench/events-N.parquet, generated if missing) loaded, everyone's facts computed, a subscription per
municipality to every channel and one of DUO to every channel it may have (all but ``verhuizing``). Then each of
these runs in a fresh process that
prints its whole-process wall time and peak memory (max RSS), Python start-up and imports included:

1. ``eerste``: the first run over the whole store (every obliged person is news; notifications and deliveries;
   every person's municipality recorded for ``verhuizing``);
2. ``leeg``: the next day, nothing changed: the daily steady state (the anti-joins find nothing);
3. ``dag``: after a day's changes written through the store (1,000 moves to another municipality, each told to
   both municipalities and to the new one as newly obliged, and 200 corrections of a notification, each write
   recomputing its persons' facts): the run that finds them;
4. ``nulmeting``: the baseline instead of the first run, on a copy of the state before step 1 (no notifications).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from common import fresh_postgres, peak_mb

ROOT = Path(__file__).resolve().parents[1]
MOVES, CORRECTIONS = 1_000, 200


def _setup_django(database: str) -> None:
    if database == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["INBURGERING_DATA"] = str(ROOT / "out" / "bench" / "notificaties")
    else:
        os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
    import django

    django.setup()


def _fresh(database: str) -> None:
    if database == "sqlite":
        folder = ROOT / "out" / "bench" / "notificaties"
        folder.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{folder / 'inburgering.sqlite3'}{suffix}").unlink(missing_ok=True)
        return
    fresh_postgres(database)


def prepare(n: int, database: str) -> None:
    _fresh(database)
    _setup_django(database)
    from django.core.management import call_command
    from django.db import connection

    from inburgering.events.table import EventTables
    from inburgering.exchange.models.notificaties import Abonnement
    from inburgering.exchange.notificaties_abonnementen import KANALEN
    from inburgering.store import bulk
    from inburgering.store.models import Feiten, Organisatie
    from inburgering.store.projection import recompute_all

    path = ROOT / "out" / "bench" / f"events-{n}.parquet"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "bench_engine.py"), str(n)], check=True, cwd=ROOT
        )
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    tables = EventTables.read_parquet(path)
    bulk.load(tables)
    recompute_all(tables=tables)
    print(
        f"  set-up: {tables.n_events:,} events of {tables.n_personen:,} persons loaded, facts computed "
        f"in {time.perf_counter() - started:.1f} s"
    )
    del tables
    gemeenten = (
        Feiten.objects.exclude(verantwoordelijke_gemeente="")
        .values_list("verantwoordelijke_gemeente", flat=True)
        .distinct()
    )
    for code in [*sorted(set(gemeenten)), "DUO"]:
        soort = "duo" if code == "DUO" else "gemeente"
        organisatie = Organisatie.objects.create(code=code, naam=code, soort=soort)
        Abonnement.objects.create(
            organisatie=organisatie,
            callback_url=f"https://{code.lower()}.example/",
            auth="x",
            kanalen=[
                {"naam": k.naam, "filters": {}}
                for k in KANALEN.values()
                if soort == "gemeente" or not k.alleen_gemeenten
            ],
        )
    print(f"  {Abonnement.objects.count()} subscriptions")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def changes() -> None:
    """A day's changes through the store's write path: moves and corrections of notifications."""
    import datetime as dt

    from inburgering.events.vocabulary import Event, IngeschrevenInGemeente, KennisgevingVerzonden
    from inburgering.store.models import Feiten, Gebeurtenis
    from inburgering.store.writes import write

    now = dt.datetime.now(dt.UTC)
    today = now.date()
    movers = list(
        Feiten.objects.filter(inburgeringsplichtig=True)
        .exclude(verantwoordelijke_gemeente="")
        .order_by("persoon")
        .values_list("persoon_id", "verantwoordelijke_gemeente")[:MOVES]
    )
    events = [
        Event(
            id=f"bench-verhuizing-{p}",
            persoon=p,
            soort="ingeschreven_in_gemeente",
            geldig_op=today,
            beschikbaar_op=now,
            bron="BRP",
            gegevens=IngeschrevenInGemeente(gemeente="GM0001" if g != "GM0001" else "GM0002"),
        )
        for p, g in movers
    ]
    notices = Gebeurtenis.objects.filter(soort="kennisgeving_verzonden", corrigeert__isnull=True).order_by(
        "id"
    )
    for ident, persoon, geldig_op, wet in notices.values_list("id", "persoon_id", "geldig_op", "wet")[
        :CORRECTIONS
    ]:
        events.append(
            Event(
                id=f"bench-correctie-{ident}",
                persoon=persoon,
                soort="kennisgeving_verzonden",
                geldig_op=geldig_op,
                beschikbaar_op=now,
                bron="DUO",
                gegevens=KennisgevingVerzonden(wet=wet),
                corrigeert=ident,
            )
        )
    started = time.perf_counter()
    for start in range(0, len(events), 100):
        write(events[start : start + 100], None)
    print(
        f"  set-up: {len(events):,} changes written through the store in {time.perf_counter() - started:.1f} s"
    )


def measure(phase: str, database: str) -> None:
    process_start = time.perf_counter()
    _setup_django(database)
    import datetime as dt

    from django.db import connection

    from inburgering.exchange.models.notificaties import Aflevering
    from inburgering.exchange.notificaties import maak

    afleveringen = Aflevering.objects.count()
    started = time.perf_counter()
    aantallen = maak(dt.datetime.now(dt.UTC), nulmeting=phase == "nulmeting")
    run = time.perf_counter() - started
    nieuw = Aflevering.objects.count() - afleveringen
    print(
        f"  {phase} ({connection.vendor}): maak {run:.2f} s, notifications {aantallen}, {nieuw:,} deliveries; "
        f"whole process {time.perf_counter() - process_start:.2f} s, peak {peak_mb():,.0f} MB",
        flush=True,
    )


def _sub(*args: str) -> None:
    subprocess.run([sys.executable, __file__, *args], check=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?")
    parser.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/inburgering_bench_notif")
    parser.add_argument("--measure")
    parser.add_argument("--changes", action="store_true")
    parser.add_argument("--prepare", type=int)
    parser.add_argument("--geen-nulmeting", action="store_true", help="Skip step 4 (saves one set-up).")
    args = parser.parse_args()
    if args.measure:
        return measure(args.measure, args.database)
    if args.changes:
        _setup_django(args.database)
        return changes()
    if args.prepare:
        return prepare(args.prepare, args.database)
    print(
        f"signals over {args.n:,} persons ({args.database.split('@')[-1]}); the machine is shared", flush=True
    )
    if not args.geen_nulmeting:
        _sub("--prepare", str(args.n), "--database", args.database)
        _sub("--measure", "nulmeting", "--database", args.database)
    _sub("--prepare", str(args.n), "--database", args.database)
    for phase in ("eerste", "leeg"):
        _sub("--measure", phase, "--database", args.database)
    _sub("--changes", "--database", args.database)
    _sub("--measure", "dag", "--database", args.database)


if __name__ == "__main__":
    main()
