"""Benchmark of the reconciliation checks on PostgreSQL over a synthetic population. A script, not a test.

    .venv/bin/python bench/bench_controles.py 1000000 [--database postgres://postgres@127.0.0.1:5432/inburgering_bench_controles]
    .venv/bin/python bench/bench_controles.py 1000000 --alleen-controles    # the database is already loaded

1. Preparation (timed separately, it takes minutes): a fresh database, migrated; a synthetic population of N
   persons up to today generated (its chain faults included) into out/bench/controles-N.parquet, loaded with COPY,
   everyone's facts computed (the daily job), VACUUM ANALYZE (what autovacuum does on a live database).
2. The checks: each run is a fresh process that sets up Django and runs every check (``run()``: the indexed query
   per check, then opening, updating and closing the findings), and prints its whole-process wall time, the time
   of the checks alone and its peak memory (VmHWM). The first run opens every finding; the second is the daily
   run, when almost everything is still as it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

from common import fresh_postgres, step

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "postgres://postgres@127.0.0.1:5432/inburgering_bench_controles"


def prepare(n: int, database: str) -> None:
    import django

    fresh_postgres(database)
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from inburgering.events.table import EventTables
    from inburgering.store import bulk
    from inburgering.store.projection import recompute_all, today

    path = ROOT / "out" / "bench" / f"controles-{n}.parquet"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        code = (
            "import sys, datetime as dt; from inburgering.synth.population import generate;"
            f"generate({n}, tot=dt.date.fromisoformat('{today().isoformat()}')).write_parquet(sys.argv[1])"
        )
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
        step(f"generate {n:,} persons up to {today()}", started)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    step("migrate", started)
    started = time.perf_counter()
    tables = EventTables.read_parquet(path)
    bulk.load(tables)
    step(f"load {tables.n_events:,} events of {tables.n_personen:,} persons (COPY)", started)
    started = time.perf_counter()
    recompute_all(tables=tables)
    step("projection of everyone", started)
    del tables
    started = time.perf_counter()
    with (
        connection.cursor() as cursor
    ):  # as autovacuum would: statistics, and the visibility map (index-only scans)
        cursor.execute("VACUUM ANALYZE")
    step("VACUUM ANALYZE", started)


CHECKS = """
import os, sys, time
started = time.perf_counter()
os.environ["DATABASE_URL"] = sys.argv[1]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
import django
django.setup()
from inburgering.exchange.controles import run
from inburgering.exchange.models import Bevinding, Controlerun
if sys.argv[2] == "leeg":  # the first run of all: no findings yet (not timed)
    Bevinding.objects.all().delete()
    Controlerun.objects.all().delete()
checks = time.perf_counter()
results = run()
done = time.perf_counter()
for u in results:
    print(f"    {u.code:<34} open {u.open:>8,}  new {u.nieuw:>8,}  closed {u.gesloten:>7,}  {u.duur_ms:>6} ms")
# VmHWM: this process's own peak (ru_maxrss of a child can carry its parent's, inherited over fork and exec)
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024
print(f"  checks {done - checks:.2f} s; whole process {done - started:.2f} s wall; peak {peak:,.0f} MB", flush=True)
"""


def run_checks(database: str, label: str, *, leeg: bool) -> None:
    print(f"{label}:", flush=True)
    subprocess.run(
        [sys.executable, "-c", CHECKS, database, "leeg" if leeg else "daags"], check=True, cwd=ROOT
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--alleen-controles", action="store_true", help="skip the preparation")
    args = parser.parse_args()
    print(
        f"bench_controles: {args.n:,} persons, {args.database}, {dt.datetime.now():%Y-%m-%d %H:%M}",
        flush=True,
    )
    if not args.alleen_controles:
        started = time.perf_counter()
        print("preparation:", flush=True)
        prepare(args.n, args.database)
        step("preparation in all", started)
    run_checks(args.database, "first run (every finding new)", leeg=True)
    run_checks(args.database, "second run (the daily run: findings seen again)", leeg=False)


if __name__ == "__main__":
    main()
