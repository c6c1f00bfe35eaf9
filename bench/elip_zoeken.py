"""A coordinate search of the generator's ELIP numbers on ``bench/elip_cohorten.py``. A script, not a test.

    .venv/bin/python bench/elip_zoeken.py [--seeds 2026 2027] [--rondes 6] [--per-cohort]

Why: a change elsewhere in the Wi2013 phase (session 12: the AGI course route asking only when the law allows
it) moves who is in ELIP, and the loan numbers fitted before it no longer fit. Each number below starts at its
value in ``synth/population.py`` and is tried one step up and one step down, the two settings judged at once
(two processes, one per core) by the ELIP bench's Pearson chi-square on the given seeds; the better one is kept
when it lowers the chi-square, and otherwise that number's step is halved. A round does every number once; the
search stops after ``--rondes`` rounds or a round that kept nothing. It prints every trial, and at the end the
settings as ``--zet`` arguments, so that they can be judged on the whole calibration and on held-out seeds
(``bench/kalibratie_steekproeven.py --seeds 2034 2035 2036 2037``, and 2038-2041, which only session 15's end has
seen) before they go into the code: the chi-square of one setting moves by about 35 between pairs of seeds, so most
of a small gain on the search's own seeds is theirs.

``--per-cohort`` searches ``ELIP_COHORT`` instead (session 13): per cohort a factor on the share using up the loan,
lesson days added to the time that takes, and a factor on the exam wait. A cohort's cells depend on its own
numbers alone (the random draws do not depend on them), so each trial moves one of the three for every cohort at
once, a step up or down, and each cohort keeps the setting that lowers the chi-square of its own cells: nine
searches for the price of one. After each round the settings kept are judged together, which shows how far the
cohorts are independent in fact (the ELIP+ totals are not, and are not searched on).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from inburgering.synth import population as generator

ROOT = Path(__file__).resolve().parents[1]
# Each number searched and its first step: a constant, or (constant, position) for one end of a range.
STAPPEN: dict[str | tuple[str, int], float] = {
    "LENING_UITGEPUT": 0.02,
    ("UITPUT_LESDAGEN", 0): 50,
    ("UITPUT_LESDAGEN", 1): 60,
    ("ELIP_DUUR_DAGEN", 0): 50,
    ("ELIP_DUUR_DAGEN", 1): 120,
    "ELIP_LANG": 0.04,
    "LENING_SCHEEF": 0.03,
    "ELIP_SNEL": 0.01,
    "PVT_WI2013": 0.04,
}
# The three numbers of an ELIP_COHORT entry and their first steps.
COHORT_STAPPEN = (0.05, 45, 0.1)
UITKOMST = re.compile(r"within target (\d+) of \d+; chi2 over the \d+ cells and ELIP\+ ([\d.]+)")
PER_COHORT = re.compile(r"^chi2 by cohort: (.*)$", re.MULTILINE)


def begin() -> dict:
    """The numbers as the generator has them now."""
    return {
        s: getattr(generator, s) if isinstance(s, str) else getattr(generator, s[0])[s[1]] for s in STAPPEN
    }


def zet(waarden: dict) -> list[str]:
    """The settings as ``--zet`` arguments of the ELIP bench: ranges as whole days."""
    losse = [f"{s}={round(w, 4)}" for s, w in waarden.items() if isinstance(s, str)]
    reeksen = sorted({s[0] for s in waarden if not isinstance(s, str)})
    losse += [f"{r}=({round(waarden[(r, 0)])}, {round(waarden[(r, 1)])})" for r in reeksen]
    return [a for z in losse for a in ("--zet", z)]


def cohort_zet(waarden: dict[int, tuple]) -> list[str]:
    """ELIP_COHORT's entries as ``--zet`` arguments of the ELIP bench, the lesson days whole."""
    losse = [
        f"ELIP_COHORT[{j}]=({round(a, 3)}, {round(b)}, {round(c, 3)})" for j, (a, b, c) in waarden.items()
    ]
    return [a for z in losse for a in ("--zet", z)]


def bank(argumenten: list[str], seeds: list[str]) -> tuple[float, int, str]:
    """The ELIP bench's chi-square, figures within target and whole output for these ``--zet`` arguments."""
    opdracht = [sys.executable, str(ROOT / "bench" / "elip_cohorten.py"), "--seeds", *seeds, *argumenten]
    uit = subprocess.run(opdracht, capture_output=True, text=True, cwd=ROOT)
    gevonden = UITKOMST.search(uit.stdout)
    if gevonden is None:
        raise SystemExit(f"elip_cohorten.py gaf geen uitkomst:\n{uit.stdout[-800:]}{uit.stderr[-2000:]}")
    return float(gevonden.group(2)), int(gevonden.group(1)), uit.stdout


def beoordeel(waarden: dict, seeds: list[str]) -> tuple[float, int]:
    """The ELIP bench's chi-square and figures within target for these settings."""
    return bank(zet(waarden), seeds)[:2]


def per_cohort(uitvoer: str) -> dict[int, float]:
    """The chi-square of each cohort's cells, as the ELIP bench prints it."""
    regel = PER_COHORT.search(uitvoer)
    if regel is None:
        raise SystemExit(f"elip_cohorten.py gaf geen chi2 per cohort:\n{uitvoer[-800:]}")
    paren = (paar.split("=") for paar in regel.group(1).split())
    return {int(cohort): float(chi2) for cohort, chi2 in paren}


def cohort_zoeken(seeds: list[str], rondes: int, started: float) -> None:
    """The search of ``--per-cohort``: each cohort its own coordinate search, all of them on the same runs."""
    waarden = {j: tuple(w) for j, w in generator.ELIP_COHORT.items()}
    stap = {(j, k): COHORT_STAPPEN[k] for j in waarden for k in range(3)}
    totaal, binnen, uitvoer = bank(cohort_zet(waarden), seeds)
    chi2 = per_cohort(uitvoer)
    print(f"start: chi2 {totaal:.1f}, {binnen} within target", flush=True)
    with ThreadPoolExecutor(2) as pool:
        for ronde in range(rondes):
            for k in range(3):
                pogingen = [
                    {j: (*w[:k], w[k] + richting * stap[j, k], *w[k + 1 :]) for j, w in waarden.items()}
                    for richting in (1, -1)
                ]
                uitkomsten = [
                    per_cohort(u[2]) for u in pool.map(lambda w: bank(cohort_zet(w), seeds), pogingen)
                ]
                gekozen = []
                for j in waarden:
                    keus = min(range(2), key=lambda i: uitkomsten[i][j])
                    if uitkomsten[keus][j] < chi2[j]:
                        waarden[j], chi2[j] = pogingen[keus][j], uitkomsten[keus][j]
                        gekozen.append(f"{j} -> {waarden[j][k]:.4g}")
                    else:
                        stap[j, k] /= 2
                tijd = f"{time.perf_counter() - started:6.0f} s"
                print(f"  {tijd} number {k}: {', '.join(gekozen) or 'no cohort gains'}", flush=True)
            totaal, binnen, uitvoer = bank(cohort_zet(waarden), seeds)
            samen = sum(per_cohort(uitvoer).values())
            print(
                f"round {ronde + 1}: chi2 {totaal:.1f}, {binnen} within target; the cells together {samen:.1f},"
                f" the sum of the cohorts' own {sum(chi2.values()):.1f}",
                flush=True,
            )
            chi2 = per_cohort(uitvoer)
    print("settings:", " ".join(repr(a) if " " in a else a for a in cohort_zet(waarden)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", nargs="+", default=["2026", "2027"])
    parser.add_argument("--rondes", type=int, default=6)
    parser.add_argument(
        "--per-cohort", action="store_true", help="search ELIP_COHORT, each cohort on its cells"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    if args.per_cohort:
        cohort_zoeken(args.seeds, args.rondes, started)
        return
    waarden, stap = begin(), dict(STAPPEN)
    beste, binnen = beoordeel(waarden, args.seeds)
    print(f"start: chi2 {beste:.1f}, {binnen} within target", flush=True)
    with ThreadPoolExecutor(2) as pool:
        for ronde in range(args.rondes):
            verbeterd = False
            for s in STAPPEN:
                pogingen = [{**waarden, s: waarden[s] + richting * stap[s]} for richting in (1, -1)]
                uitkomsten = list(pool.map(lambda w: beoordeel(w, args.seeds), pogingen))
                keus = min(range(2), key=lambda i: uitkomsten[i][0])
                tijd = f"{time.perf_counter() - started:6.0f} s"
                if uitkomsten[keus][0] < beste:
                    (beste, binnen), waarden, verbeterd = uitkomsten[keus], pogingen[keus], True
                    print(f"  {tijd} {s} -> {waarden[s]:.4g}: chi2 {beste:.1f}, {binnen} within", flush=True)
                else:
                    stap[s] /= 2
                    print(f"  {tijd} {s}: no ({uitkomsten[0][0]:.0f} / {uitkomsten[1][0]:.0f})", flush=True)
            print(f"round {ronde + 1}: chi2 {beste:.1f}, {binnen} within target", flush=True)
            if not verbeterd:
                break
    print("settings:", " ".join(repr(a) if " " in a else a for a in zet(waarden)))


if __name__ == "__main__":
    main()
