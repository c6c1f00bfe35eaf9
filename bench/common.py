"""What the benchmark scripts share: the process's peak memory, a timed step's line, and a fresh PostgreSQL
database. The scripts run as ``python bench/NAME.py``, so this folder is on their import path."""

from __future__ import annotations

import contextlib
import resource
import time


def peak_mb() -> float:
    """This process's peak resident memory so far (max RSS), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(name: str, started: float) -> None:
    print(f"  {name}: {time.perf_counter() - started:.1f} s (peak {peak_mb():,.0f} MB)", flush=True)


class Clock:
    """Per phase: the wall time and this process's CPU time split into user and kernel time, with the page
    faults in it. On a shared machine the wall time also counts waiting for a core; the kernel time is mostly
    the first touch of fresh memory, which on a VM whose balloon returns freed pages to its host costs what the
    host makes it cost (2-3 us a page in session 4, 12-20 us on 2 December 2026), so it is printed apart."""

    def __init__(self):
        self.phases: list[tuple[str, float, float, float, int]] = []

    @contextlib.contextmanager
    def __call__(self, name: str):
        wall, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
        yield
        after = resource.getrusage(resource.RUSAGE_SELF)
        self.phases.append(
            (
                name,
                time.perf_counter() - wall,
                after.ru_utime - before.ru_utime,
                after.ru_stime - before.ru_stime,
                after.ru_minflt + after.ru_majflt - before.ru_minflt - before.ru_majflt,
            )
        )

    def __str__(self) -> str:
        return "  ".join(
            f"{name}={wall:6.2f} s (user {user:5.2f}, kernel {kernel:4.2f}, {faults / 1000:,.0f}k faults)"
            for name, wall, user, kernel, faults in self.phases
        )


def fresh_postgres(database: str) -> None:
    """Drop and create the database that ``database`` (a postgres:// URL) names, through the server's own
    ``postgres`` database."""
    import psycopg

    server, name = database.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
