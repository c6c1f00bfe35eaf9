"""The ELIP figures alone on a few national samples, for refitting the Wi2013 loan parameters. A script, not a test.

    .venv/bin/python bench/elip_cohorten.py [--seeds 2026 2027] [--tot 2023-08-01] [--zet NAAM=WAARDE ...]

The whole calibration (``bench/kalibratie_steekproeven.py``) takes about 40 s a sample for 101 figures. The 30
cells of the ELIP table by cohort and the two ELIP+ totals need only the history up to their last peildatum
(1 July 2023) and one table, so this takes about a third of that. Each sample comes from the real generator, and
"ours" is read by the calibration report's own comparison (``kalibratie.compare`` on the ELIP figures of
``cijfers.yaml``), so no rule and no published value is written here a second time.

``--zet NAAM=WAARDE`` sets one of the generator's constants (``synth/population.py``) for this run only, and
``--zet NAAM[SLEUTEL]=WAARDE`` one entry of a table, e.g. ``--zet LENING_UITGEPUT=0.28``, ``--zet
"UITPUT_LESDAGEN=(800, 1200)"`` or ``--zet "PLICHTIG_PER_JAAR[2020]=(8300, 8000)"``: how session 9 judged settings
before writing one into the code (docs/synth.md). It prints per figure the published value and the mean of ours
over the samples, the figures within target, the Pearson chi-square over the cohort cells and ELIP+ (the sum of
(ours - published)^2 / published, at least 1 in the denominator; lower is closer), and the whole process's wall
time and peak memory; then the chi-square of each cohort's cells alone. The chi-square of one setting moves by about 35 between pairs of seeds (140-184 for the
parameters of session 8 on five pairs), so a smaller difference between two settings is noise.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import re
import time

import polars as pl

from common import peak_mb
from inburgering.events.population import Population
from inburgering.monitor import kalibratie
from inburgering.monitor.report import compute
from inburgering.synth import population as generator
from kalibratie_steekproeven import systematic

ZET = re.compile(r"^([A-Z][A-Z0-9_]*)(?:\[(.+)\])?=(.+)$")
CEL = r"^elip_\d{8}_c\d{4}$"


def zet(opdracht: str) -> None:
    """Set a generator constant (or one entry of a constant table) for this process, refusing what does not
    exist or changes type, so that a typing error does not pass as a tried setting."""
    gevonden = ZET.match(opdracht)
    if not gevonden:
        raise SystemExit(f"--zet {opdracht!r}: verwacht NAAM=WAARDE of NAAM[SLEUTEL]=WAARDE")
    naam, sleutel, tekst = gevonden.groups()
    if not hasattr(generator, naam):
        raise SystemExit(f"--zet {opdracht!r}: synth/population.py heeft geen constante {naam}")
    if sleutel is None:
        houder, plek = vars(generator), naam
    else:
        houder, plek = getattr(generator, naam), ast.literal_eval(sleutel)
        if plek not in houder:
            raise SystemExit(f"--zet {opdracht!r}: {naam} heeft geen sleutel {plek!r}")
    waarde, oud = ast.literal_eval(tekst), houder[plek]
    if not isinstance(waarde, type(oud)) and not (isinstance(oud, float) and isinstance(waarde, int)):
        raise SystemExit(f"--zet {opdracht!r}: {naam} is {type(oud).__name__}, niet {type(waarde).__name__}")
    houder[plek] = waarde
    print(f"  {naam}{'' if sleutel is None else f'[{plek!r}]'}: {oud!r} -> {waarde!r}")


def elip_cijfers() -> kalibratie.Cijfers:
    """The ELIP figures of cijfers.yaml (the cells, the totals, their sums and ELIP+), without the rest."""
    alle = kalibratie.load()
    elip = tuple(c for c in alle.cijfers if c.id.startswith("elip_"))
    return kalibratie.Cijfers(alle.bronnen, elip, (), ())


def sample(cijfers: kalibratie.Cijfers, seed: int, tot: dt.date) -> pl.DataFrame:
    tabellen = generator.generate(generator.nationaal_aantal(tot), seed=seed, tot=tot)
    population = Population(tabellen)
    tables = {p: compute(population, p, 1, ["elip"]) for p in cijfers.peilingen()}
    return kalibratie.compare(cijfers, tables).vergelijking.select(
        "id", "eenheid", "gepubliceerd", "ons", "ruis"
    )


def main() -> None:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[2026, 2027])
    parser.add_argument("--tot", type=dt.date.fromisoformat, default=dt.date(2023, 8, 1))
    parser.add_argument("--zet", action="append", default=[], metavar="NAAM=WAARDE")
    args = parser.parse_args()
    for opdracht in args.zet:
        zet(opdracht)
    cijfers = elip_cijfers()
    samples = []
    for seed in args.seeds:
        samples.append(sample(cijfers, seed, args.tot))
        print(f"  seed {seed}: {time.perf_counter() - started:.1f} s", flush=True)
    mean = systematic(samples).with_columns(
        chi2=pl.col("verschil") ** 2 / pl.col("gepubliceerd").clip(lower_bound=1)
    )
    for r in mean.iter_rows(named=True):
        buiten = "" if r["binnen_doel"] else "off"
        print(f"  {r['id']:<24} published {r['gepubliceerd']:>7.0f}  ours {r['gemiddeld']:>7.1f}  {buiten}")
    fit = mean.filter(pl.col("id").str.contains(CEL) | pl.col("id").str.starts_with("elip_plus_"))
    print(
        f"within target {int(mean['binnen_doel'].sum())} of {mean.height}; chi2 over the {fit.height} cells and ELIP+"
        f" {fit['chi2'].sum():.1f}; {len(args.seeds)} samples to {args.tot}"
    )
    # the same chi-square per cohort, which bench/elip_zoeken.py --per-cohort reads
    cohorten = (
        mean.filter(pl.col("id").str.contains(CEL))
        .group_by(cohort=pl.col("id").str.slice(-4).cast(pl.Int32), maintain_order=True)
        .agg(pl.col("chi2").sum())
    )
    print("chi2 by cohort:", " ".join(f"{c}={x:.4f}" for c, x in cohorten.iter_rows()))
    print(f"whole process: {time.perf_counter() - started:.1f} s wall, peak {peak_mb():,.0f} MB")


if __name__ == "__main__":
    main()
