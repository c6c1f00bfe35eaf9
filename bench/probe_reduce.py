"""Measure the candidate machinery for the reduction step (events -> per-person columns) on this machine.

N persons with about 15 events each of 12 types, sorted by person as the event tables are. Each engine computes
the same 12 per-type first dates, 1 sum and 1 count per person. Prints wall time per engine; the numbers
justify the choice of NumPy in docs/performance.md. Run: .venv/bin/python bench/probe_reduce.py [N]
(DuckDB is optional: pip install duckdb).
"""

from __future__ import annotations

import sys
import time

import numpy as np
import polars as pl

TYPES = 12


def make(n: int, seed: int = 1) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    per_person = rng.poisson(15, n)
    persoon = np.repeat(np.arange(n, dtype=np.int64), per_person)
    soort = rng.integers(0, TYPES, len(persoon)).astype(np.int64)
    geldig = (np.datetime64("2015-01-01") + rng.integers(0, 4000, len(persoon))).astype("datetime64[D]")
    uren = rng.uniform(1, 40, len(persoon))
    order = np.lexsort((geldig, soort, persoon))
    return pl.DataFrame(
        {"persoon": persoon[order], "soort": soort[order], "geldig_op": geldig[order], "uren": uren[order]}
    )


def with_numpy(frame: pl.DataFrame, n: int) -> dict:
    persoon = frame["persoon"].to_numpy()
    soort = frame["soort"].to_numpy()
    geldig = frame["geldig_op"].to_numpy().astype("datetime64[D]")
    uren = frame["uren"].to_numpy()
    key = persoon * TYPES + soort  # sorted, because the frame is sorted by person, type, date
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    first = np.full(n * TYPES, np.datetime64("NaT"), dtype="datetime64[D]")
    first[key[starts]] = geldig[starts]
    result = {f"eerste_{t}": first.reshape(n, TYPES)[:, t] for t in range(TYPES)}
    result["som_uren"] = np.bincount(persoon, weights=uren, minlength=n)
    result["aantal"] = np.bincount(persoon, minlength=n)
    return result


def with_polars(frame: pl.DataFrame) -> pl.DataFrame:
    aggs = [pl.col("geldig_op").filter(pl.col("soort") == t).min().alias(f"eerste_{t}") for t in range(TYPES)]
    return frame.group_by("persoon").agg(
        *aggs, pl.col("uren").sum().alias("som_uren"), pl.len().alias("aantal")
    )


def with_duckdb(frame: pl.DataFrame):
    import duckdb

    columns = {name: frame[name].to_numpy() for name in frame.columns}  # scanned in place, no pyarrow needed
    columns["geldig_op"] = columns["geldig_op"].astype("datetime64[s]")
    firsts = ", ".join(f"min(geldig_op) FILTER (WHERE soort = {t}) AS eerste_{t}" for t in range(TYPES))
    return duckdb.sql(
        f"SELECT persoon, {firsts}, sum(uren), count(*) FROM columns GROUP BY persoon"
    ).fetchnumpy()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    frame = make(n)
    print(f"{n:,} persons, {frame.height:,} events")
    timings = {"numpy": lambda: with_numpy(frame, n), "polars": lambda: with_polars(frame)}
    try:
        import duckdb  # noqa: F401

        timings["duckdb"] = lambda: with_duckdb(frame)
    except ImportError:
        print("duckdb: not installed, skipped")
    for name, run in timings.items():
        best = min(_timed(run) for _ in range(3))
        print(f"{name:>7}: {best:.2f} s (best of 3)")


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
