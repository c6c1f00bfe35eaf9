"""The calibration on several synthetic samples, not one. A script, not a test.

    .venv/bin/python bench/kalibratie_steekproeven.py [--scale 1] [--seeds 2026 2027] [--tot 2026-11-01 2026-12-01]

One national sample says little: a cell of a few hundred persons moves 5-10% between two seeds with the same
parameters, as much as the calibration target (docs/synth.md). So a change to the generator is judged on
several: for each seed and end date this generates the population (``inburgering synth``), runs the calibration
report on it (``inburgering kalibratie``, CSV) and prints how many published figures are within the target and
within the sampling noise, and for the ELIP table by cohort the sum of squared deviations in units of each cell's
noise (lower is closer). The files go to a temporary directory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
INBURGERING = Path(sys.executable).with_name("inburgering")


def sample(folder: Path, scale: float, seed: int, tot: str) -> dict:
    events = folder / f"populatie-{seed}-{tot}.parquet"
    report = folder / f"kalibratie-{seed}-{tot}"
    synth = [str(INBURGERING), "synth", "--scale", str(scale), "--seed", str(seed), "--tot", tot]
    subprocess.run([*synth, "--out", str(events)], check=True, capture_output=True, cwd=ROOT)
    kalibratie = [str(INBURGERING), "kalibratie", str(events), "--schaal", str(scale), "--format", "csv"]
    subprocess.run([*kalibratie, "--out", str(report)], check=True, capture_output=True, cwd=ROOT)
    figures = pl.read_csv(report / "kalibratie.csv")
    compared = figures.filter(pl.col("binnen_doel").is_not_null())
    cells = figures.filter(pl.col("id").str.contains(r"^elip_\d{8}_c\d{4}$"))
    deviation = (pl.col("verschil") / pl.col("ruis").clip(lower_bound=1)) ** 2
    return {
        "seed": seed,
        "tot": tot,
        "within": int(compared["binnen_doel"].sum()),
        "compared": compared.height,
        "within_noise": int(figures["binnen_ruis"].fill_null(False).sum()),
        "elip_cells_within": int(cells["binnen_doel"].sum()),
        "elip_chi2": round(float(cells.select(deviation.sum()).item()), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[2026, 2027])
    parser.add_argument("--tot", nargs="+", default=["2026-11-01", "2026-12-01"])
    args = parser.parse_args()
    print(
        f"{'seed':>6} {'tot':>10} {'within target':>14} {'within noise':>13} {'ELIP cells':>11} {'ELIP chi2':>10}"
    )
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in args.seeds:
            for tot in args.tot:
                r = sample(Path(folder), args.scale, seed, tot)
                rows.append(r)
                print(
                    f"{r['seed']:>6} {r['tot']:>10} {r['within']:>8} of {r['compared']:<3} {r['within_noise']:>13}"
                    f" {r['elip_cells_within']:>8} of 30 {r['elip_chi2']:>7}",
                    flush=True,
                )
    mean = sum(r["within"] for r in rows) / len(rows)
    print(f"mean within target: {mean:.1f}")


if __name__ == "__main__":
    main()
