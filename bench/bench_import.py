"""Benchmark of the feed import: 100,000 valid rows over the seven feeds, as CSV and as JSON Lines, into a fresh
SQLite and a fresh PostgreSQL database, and the same files delivered again. A script, not a test.

    .venv/bin/python bench/bench_import.py [--rijen 100000] [--herhaal 2] [--postgres postgres://postgres@127.0.0.1:5432/inburgering_bench_import]

The rows are a synthetic chain (no real persons): per person an IND permit, for asylum permit holders COA's
reception, link and end of reception, a BRP registration (some depart), DUO's kennisgeving (some extensions and
loan use), the municipality's intake, learnability test, PIP and enrolment, the school's hours, exam results; the
municipalities deliver one file each. Each measured run is its own process (``--worker``) under ``/usr/bin/time
-v``, importing every file in the order a chain delivers them through ``exchange.feeds_apply.importeer`` (what
``inburgering import`` and the API call): whole-process wall time and peak memory are the process's own, the
import time excludes Python's and Django's start. The database is made and migrated before, outside the
measurement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import fresh_postgres

ROOT = Path(__file__).resolve().parents[1]
GEMEENTEN = ("GM0363", "GM0599", "GM0344")
FEED_ORDER = ["ind", "coa", "brp", "duo", *[f"gemeente-{g}" for g in GEMEENTEN], "school", "examens"]


def generate(rijen: int, seed: int = 2026, *, alleen: str | None = None) -> dict[str, list[dict]]:
    """Rows per file until ``rijen`` rows in all, or with ``alleen`` until that one file has them (and only it is
    kept)."""
    rng = random.Random(seed)
    files: dict[str, list[dict]] = {name: [] for name in FEED_ORDER}
    total = 0
    number = 0
    while (len(files[alleen]) if alleen else total) < rijen:
        number += 1
        p = f"B{number:07d}"
        asiel = rng.random() < 0.6
        gemeente = rng.choice(GEMEENTEN)
        rows = {name: [] for name in FEED_ORDER}
        rows["ind"].append(
            {
                "kenmerk": f"V{number}",
                "persoon": p,
                "datum": "2023-06-01",
                "verblijfsgrond": "asiel" if asiel else "regulier",
                "verblijfsdoel": "asiel" if asiel else rng.choice(["gezinsvorming", "gezinshereniging"]),
                "nationaliteit": rng.choice(["SY", "ER", "TR", "MA", "AF"]),
                "geboortedatum": f"{1970 + number % 35}-0{1 + number % 9}-1{number % 9}",
                "mvv": "false" if asiel else "true",
            }
        )
        if asiel:
            for k, (soort, extra) in enumerate(
                [
                    ("opvang_gestart", {}),
                    ("gekoppeld_aan_gemeente", {"gemeente": gemeente}),
                    ("opvang_beeindigd", {}),
                ]
            ):
                rows["coa"].append(
                    {
                        "kenmerk": f"C{number}-{k}",
                        "persoon": p,
                        "soort": soort,
                        "datum": _day(number, k),
                        **extra,
                    }
                )
        rows["brp"].append(
            {
                "kenmerk": f"B{number}",
                "persoon": p,
                "soort": "ingeschreven_in_gemeente",
                "datum": _day(number, 3),
                "gemeente": gemeente,
            }
        )
        if rng.random() < 0.05:
            rows["brp"].append(
                {"kenmerk": f"B{number}-v", "persoon": p, "soort": "vertrokken", "datum": _day(number, 9)}
            )
        rows["duo"].append(
            {
                "kenmerk": f"K{number}",
                "persoon": p,
                "soort": "kennisgeving_verzonden",
                "datum": _day(number, 4),
                "wet": "Wi2021",
            }
        )
        if rng.random() < 0.1:
            rows["duo"].append(
                {
                    "kenmerk": f"D{number}",
                    "persoon": p,
                    "soort": "verlenging_verleend",
                    "datum": _day(number, 8),
                    "grond": "ziekte",
                    "duur": "P6M",
                }
            )
        if rng.random() < 0.3:
            rows["duo"].append(
                {
                    "kenmerk": f"L{number}",
                    "persoon": p,
                    "soort": "lening_besteed",
                    "datum": _day(number, 9),
                    "totaal": f"{rng.randint(100, 10000)}.50",
                }
            )
        municipal = [
            ("brede_intake_gestart", {}),
            ("leerbaarheidstoets_afgenomen", {"score": str(rng.randint(0, 40))}),
            ("brede_intake_afgerond", {}),
            ("pip_vastgesteld", {"leerroute": rng.choice(["b1", "onderwijs", "z"])}),
            ("aangemeld_bij_taalschool", {"taalschool": "ABC"}),
        ]
        for k, (soort, extra) in enumerate(municipal):
            rows[f"gemeente-{gemeente}"].append(
                {
                    "kenmerk": f"G{number}-{k}",
                    "persoon": p,
                    "soort": soort,
                    "datum": _day(number, 5 + k),
                    **extra,
                }
            )
        for k, urensoort in enumerate(["nt2", "knm"]):
            rows["school"].append(
                {
                    "kenmerk": f"U{number}-{k}",
                    "persoon": p,
                    "soort": "uren_geregistreerd",
                    "datum": _day(number, 10),
                    "urensoort": urensoort,
                    "uren": str(rng.randint(10, 400)),
                    "keurmerk": "true",
                }
            )
        rows["examens"].append(
            {
                "kenmerk": f"E{number}",
                "persoon": p,
                "datum": _day(number, 11),
                "onderdeel": rng.choice(["lezen", "luisteren", "knm"]),
                "niveau": "B1",
                "geslaagd": rng.choice(["true", "false"]),
            }
        )
        for name, part in rows.items():
            files[name] += part
            total += len(part)
    return files


def _day(number: int, offset: int) -> str:
    """A person's events in order: 20 days apart from a start that differs per person."""
    return (dt.date(2023, 7, 1) + dt.timedelta(days=number % 300 + 20 * offset)).isoformat()


def write(files: dict[str, list[dict]], folder: Path, form: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        columns = list(dict.fromkeys(k for row in rows for k in row))
        path = folder / f"{name}.{form}"
        with path.open("w", encoding="utf-8") as handle:
            if form == "csv":
                handle.write(",".join(columns) + "\n")
                for row in rows:
                    handle.write(",".join(row.get(c, "") for c in columns) + "\n")
            else:
                for row in rows:
                    handle.write(json.dumps({k: _json(k, v) for k, v in row.items()}) + "\n")


def _json(key: str, value: str):
    """JSON Lines carry numbers and booleans as JSON values."""
    if value in ("true", "false"):
        return value == "true"
    if key in ("score", "uren"):
        return int(value)
    return value


def worker(folder: Path, form: str) -> None:
    """One measured run: import every file of ``folder`` in the chain's order."""
    started = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
    import django

    from inburgering.memory import keep_freed_memory

    keep_freed_memory()  # as the command line does at start-up
    django.setup()
    from inburgering.exchange.feeds_apply import importeer

    setup = time.perf_counter() - started
    started = time.perf_counter()
    totals = {"rijen": 0, "nieuw": 0, "al_bekend": 0}
    for name in FEED_ORDER:
        feed, _, gemeente = name.partition("-")
        bron = gemeente or ("TAALSCHOOL:ABC" if feed == "school" else None)
        path = folder / f"{name}.{form}"
        if not path.exists():  # a case of fewer files (--een-feed)
            continue
        levering = importeer(feed, path.read_bytes(), path.name, bron=bron).levering
        assert levering.status == "verwerkt" and not levering.afgekeurd, (name, levering.status)
        for key in totals:
            totals[key] += getattr(levering, key)
    print(json.dumps({"setup_s": setup, "import_s": time.perf_counter() - started, **totals}))


def fresh(database: str, folder: Path) -> dict[str, str]:
    """A fresh, migrated database; returns the environment that points at it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "inburgering.web.settings"}
    env.pop("DATABASE_URL", None)
    if database == "sqlite":
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        env["INBURGERING_DATA"] = str(folder)
    else:
        fresh_postgres(database)
        env["DATABASE_URL"] = database
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT
    )
    return env


def measured(env: dict[str, str], folder: Path, form: str) -> dict:
    command = [
        "/usr/bin/time",
        "-v",
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        str(folder),
        form,
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if result.returncode:
        raise RuntimeError(result.stderr)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", result.stderr)
    hours, minutes, seconds = (float(g) if g else 0.0 for g in wall.groups())
    figures["wall_s"] = hours * 3600 + minutes * 60 + seconds
    figures["peak_mb"] = (
        int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)[1]) / 1024
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=100_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/inburgering_bench_import")
    parser.add_argument(
        "--herhaal", type=int, default=1, help="Measure each case this many times (a shared machine)."
    )
    parser.add_argument(
        "--een-feed",
        metavar="FEED",
        help="Only one file of --rijen rows of this feed (e.g. ind: a national delivery of permits), each person once.",
    )
    parser.add_argument("--worker", nargs=2, metavar=("FOLDER", "FORM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(Path(args.worker[0]), args.worker[1])
        return
    work = Path(tempfile.mkdtemp(prefix="bench_import_"))
    try:
        files = generate(args.rijen, alleen=args.een_feed)
        if args.een_feed:
            files = {args.een_feed: files[args.een_feed]}
        rows = sum(len(r) for r in files.values())
        persons = len({r["persoon"] for rows in files.values() for r in rows})
        print(f"{rows:,} rows of {persons:,} persons in {len(files)} files (shared 2-core machine)")
        for form in ("csv", "jsonl"):
            write(files, work / form, form)
        print(
            f"{'database':<10} {'form':<6} {'run':<12} {'wall s':>7} {'import s':>9} {'rows/s':>9} {'peak MB':>8}  new / known"
        )
        for database in ("sqlite", args.postgres):
            label = "sqlite" if database == "sqlite" else "postgres"
            for form in ("csv", "jsonl"):
                for _ in range(args.herhaal):
                    env = fresh(database, work / "db")
                    runs(env, work, form, label)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def runs(env: dict[str, str], work: Path, form: str, label: str) -> None:
    """A first import into the fresh database, then the same files again."""
    for run in ("first", "re-delivery"):
        f = measured(env, work / form, form)
        print(
            f"{label:<10} {form:<6} {run:<12} {f['wall_s']:>7.2f} {f['import_s']:>9.2f} "
            f"{f['rijen'] / f['import_s']:>9,.0f} {f['peak_mb']:>8,.0f}  {f['nieuw']:,} / {f['al_bekend']:,}",
            flush=True,
        )


if __name__ == "__main__":
    main()
