"""Benchmark of the monitor on the national synthetic population. A script, not a test.

    .venv/bin/python bench/bench_monitor.py [SCALE]

Generates the population (``inburgering synth --scale SCALE``, default 1 = the whole country) once into
out/bench/nationaal-SCALE.parquet, timing that process; then a fresh process loads it and measures the per-person
frame of one peildatum (the engine's evaluation) and all standard tables on it (counting, suppression across the
tables, shares). Each measuring process prints its whole-process wall time and peak memory (max RSS), and
each phase's user and kernel time and page faults (``common.Clock``).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from common import Clock, peak_mb

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

    clock = Clock()
    with clock("load"):
        population = Population(EventTables.read_parquet(path))
    peiling = Peiling(PEILDATUM)
    with clock("evaluate"):
        frame = basis(population, peiling)
    with clock("tables"):
        tables = publish({naam: tabel.maak(frame, peiling) for naam, tabel in TABELLEN.items()})
    print(
        f"persons={population.n:,}  events={population.tables.n_events:,}  {clock}  ({len(tables)} tables)  "
        f"peak={peak_mb():.0f} MB  process={time.perf_counter() - process_start:.1f} s"
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
