"""What the benchmark scripts share: the process's peak memory, a timed step's line, and a fresh PostgreSQL
database. The scripts run as ``python bench/NAME.py``, so this folder is on their import path."""

from __future__ import annotations

import resource
import time


def peak_mb() -> float:
    """This process's peak resident memory so far (max RSS), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, started: float) -> None:
    print(f"  {name}: {time.perf_counter() - started:.1f} s (peak {peak_mb():,.0f} MB)", flush=True)


def fresh_postgres(database: str) -> None:
    """Drop and create the database that ``database`` (a postgres:// URL) names, through the server's own
    ``postgres`` database."""
    import psycopg

    server, name = database.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
