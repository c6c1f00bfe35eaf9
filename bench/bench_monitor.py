"""Benchmark of the monitor on the national synthetic population. A script, not a test.

    .venv/bin/python bench/bench_monitor.py [SCALE]

Generates the population (``inburgering synth --scale SCALE``, default 1 = the whole country) once into
out/bench/nationaal-SCALE.parquet, timing that process; then a fresh process loads it and measures the per-person
frame of one peildatum (the engine's evaluation) and all standard tables on it (counting, suppression across the
tables, shares). Each measuring process prints its whole-process wall time and peak memory (max RSS); the tables
also their CPU time, which other work on a shared machine does not inflate.
"""

from __future__ import annotations

import datetime as dt
import resource
import subprocess
import sys
import time
from pathlib import Path

PEILDATUM = dt.date(2025, 6, 30)


def _measure(path: Path) -> None:
    process_start = time.perf_counter()
    from inburgering.events.population import Population
    from inburgering.events.table import EventTables
    from inburgering.memory import keep_freed_memory
    from inburgering.monitor.basis import Peiling, basis
    from inburgering.monitor.report import publish
    from inburgering.monitor.tables import TABELLEN

    keep_freed_memory()  # as the command line does

    t = time.perf_counter()
    population = Population(EventTables.read_parquet(path))
    load = time.perf_counter() - t
    peiling = Peiling(PEILDATUM)
    t = time.perf_counter()
    frame = basis(population, peiling)
    evaluate = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    tables = publish({naam: tabel.maak(frame, peiling) for naam, tabel in TABELLEN.items()})
    tabellen, tabellen_cpu = time.perf_counter() - t, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"persons={population.n:,}  events={population.tables.n_events:,}  load={load:.2f} s  "
        f"evaluate={evaluate:.2f} s  tables={tabellen:.2f} s (cpu {tabellen_cpu:.2f} s, {len(tables)} tables)  "
        f"peak={peak_mb:.0f} MB  "
        f"process={time.perf_counter() - process_start:.1f} s"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        _measure(Path(sys.argv[2]))
        return
    scale = sys.argv[1] if len(sys.argv) > 1 else "1"
    path = Path(f"out/bench/nationaal-{scale}.parquet")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        synth = [
            sys.executable,
            "-m",
            "inburgering.cli.main",
            "synth",
            "--scale",
            scale,
            "--tot",
            "2026-11-01",
        ]
        subprocess.run([*synth, "--out", str(path)], check=True)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s (whole process)")
    subprocess.run([sys.executable, __file__, "--measure", str(path)], check=True)


if __name__ == "__main__":
    main()
