"""Benchmark of the rule engine: load, evaluate a population, explain one person. A script, not a test.

    .venv/bin/python bench/bench_engine.py 10000 100000 1000000

For each N, a synthetic population of N persons (about 15 events each) is generated once into
out/bench/events-N.parquet by a separate process; then a fresh process loads it and measures: loading
(Parquet -> event tables -> prepared NumPy columns), evaluating everyone on a peildatum, evaluating everyone as
known on an earlier moment, and explaining one person (median of 200). Each measuring process prints its own
whole-process wall time and peak memory (max RSS), so the figures include Python start-up and imports,
and each phase's user and kernel time and page faults next to its wall time (``common.Clock``).
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import Clock, peak_mb

PEILDATUM = dt.date(2026, 11, 1)
KNOWN_ON = dt.date(2024, 1, 1)
OUT = Path("out/bench")


def _generate(n: int) -> Path:
    path = OUT / f"events-{n}.parquet"
    if not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        code = (
            "import sys, datetime as dt; from inburgering.synth.population import generate;"
            f"generate({n}, tot=dt.date({PEILDATUM.year}, {PEILDATUM.month}, {PEILDATUM.day}))"
            f".write_parquet(sys.argv[1])"
        )
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(path)], check=True)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    return path


def _measure(n: int, path: Path) -> None:
    process_start = time.perf_counter()
    from inburgering.events.population import Population
    from inburgering.events.table import EventTables
    from inburgering.memory import keep_freed_memory

    keep_freed_memory()  # as the command line does

    clock = Clock()
    with clock("load"):
        tables = EventTables.read_parquet(path)
        population = Population(tables)
    with clock("evaluate"):
        facts = population.evaluate(PEILDATUM)
    with clock("as-known-on"):
        population.evaluate(PEILDATUM, KNOWN_ON)

    persoon = tables.personen[len(tables.personen) // 2]
    population.explain(persoon, PEILDATUM)  # warm the per-column conversions once
    timings = []
    for _ in range(200):
        t = time.perf_counter()
        population.explain(persoon, PEILDATUM)
        timings.append(time.perf_counter() - t)
    explain = statistics.median(timings)

    obliged = int(facts["inburgeringsplichtig"].sum())
    print(
        f"N={n:>9,}  events={tables.n_events:>11,}  {clock}  explain={explain * 1000:6.2f} ms  "
        f"peak={peak_mb():7.0f} MB  process={time.perf_counter() - process_start:6.1f} s  (obliged now: {obliged:,})"
    )


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        _measure(int(sys.argv[2]), Path(sys.argv[3]))
        return
    for n in [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]:
        path = _generate(n)
        subprocess.run([sys.executable, __file__, "--measure", str(n), str(path)], check=True)


if __name__ == "__main__":
    main()
