"""The demo (``scripts/demo``, ``inburgering demo``): the national synthetic population, or a stated fraction of
it, the monitor at the published figures' reference dates, the calibration report, and one explanation.

The demo is a list of steps (``STAPPEN``) over one ``Demo`` that carries what the steps made (the event file, the
prepared population, the reports to open). A later step (load into the database, serve the web app) is one more
function appended to the list; the closing message lists whatever the steps put in ``Demo.openen``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from inburgering.events.population import Population
from inburgering.notatie import getal


@dataclass
class Demo:
    """What the demo is asked to do and what its steps made."""

    out: Path
    schaal: float | None  # a fraction of the country, or None with a fixed number of persons
    personen: int | None
    seed: int
    tot: dt.date
    peildatum: dt.date  # of the explanation
    console: Console
    events: Path | None = None
    population: Population | None = None
    n: int = 0
    # Peiling -> the standard tables as counted, published by the monitor and by the calibration
    tellingen: dict = field(default_factory=dict)
    openen: dict[str, Path] = field(default_factory=dict)  # what to open, by description
    web: bool = True  # load the population into the store for the web application
    serveer: bool = True  # and serve it (blocks until Ctrl-C)
    tables: object = None  # the generated event tables, for the store
    logins: list[str] = field(default_factory=list)

    @property
    def fractie(self) -> float:
        """The fraction of the country the population is (also with a fixed number of persons)."""
        from inburgering.synth.population import nationaal_aantal

        return self.schaal if self.schaal is not None else self.n / nationaal_aantal(self.tot)


def _progress(console: Console) -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    return Progress(*columns, console=console, transient=True)


def populatie(demo: Demo) -> None:
    """Generate the population (a fraction of the country) and write it as the chain's events."""
    from inburgering.synth.population import FASEN, generate, nationaal_aantal

    land = nationaal_aantal(demo.tot)
    demo.n = demo.personen or max(1, round(demo.schaal * land))
    start = time.perf_counter()
    with _progress(demo.console) as progress:
        taak = progress.add_task(f"{getal(demo.n)} synthetische personen", total=len(FASEN) + 1)
        tables = generate(
            demo.n,
            seed=demo.seed,
            tot=demo.tot,
            voortgang=lambda fase: progress.update(taak, advance=1, description=fase),
        )
        demo.events = demo.out / "gebeurtenissen.parquet"
        progress.update(taak, description="Parquet schrijven")
        tables.write_parquet(demo.events)
        progress.advance(taak)
    demo.population = Population(tables)
    demo.tables = tables
    demo.console.print(
        f"Populatie: {getal(demo.n)} personen = {_procent(demo.fractie)} van de nationale populatie ({getal(land)} personen "
        f"2007 tot {demo.tot:%d-%m-%Y}), {getal(tables.n_events)} gebeurtenissen, seed {demo.seed}, "
        f"in {time.perf_counter() - start:.1f} s → {demo.events}"
    )


def monitor(demo: Demo) -> None:
    """The monitor's HTML report (tables, definitions, charts) at every reference date of the published figures,
    as known on that date."""
    from inburgering.monitor import kalibratie
    from inburgering.monitor.report import count, publish, write

    peilingen = kalibratie.load().peilingen()
    over = (
        f"Synthetische populatie (geen echte personen): {getal(demo.n)} personen, {_procent(demo.fractie)} van het land, "
        f"seed {demo.seed}. De aantallen zijn die van deze populatie; het kalibratierapport deelt ze door de fractie "
        "om ze naast de landelijke cijfers te zetten."
    )
    start = time.perf_counter()
    with _progress(demo.console) as progress:
        taak = progress.add_task(
            "monitor op de peildatums van de gepubliceerde cijfers", total=len(peilingen)
        )
        for peiling in peilingen:
            progress.update(taak, description=f"monitor op {peiling.peildatum:%d-%m-%Y}")
            demo.tellingen[peiling] = count(demo.population, peiling)
            [pad] = write(
                publish(demo.tellingen[peiling]),
                peiling,
                "html",
                demo.out,
                f"monitor-{peiling.peildatum}",
                over,
            )
            demo.openen[f"Monitor, peildatum {peiling.peildatum:%d-%m-%Y}"] = pad
            progress.advance(taak)
    demo.console.print(
        f"Monitor: {len(peilingen)} rapporten (tabellen, definities, grafieken; kleine aantallen onderdrukt) "
        f"in {time.perf_counter() - start:.1f} s"
    )


# S1's peildatum, in the months of the IND->DUO gap (January 2022 - May 2023) whose notifications came late.
REVISIE = dt.date(2023, 2, 28)


def revisie(demo: Demo) -> None:
    """The monitor of 28 February 2023 as known that day beside as known now: what the late deliveries (the
    IND->DUO gap among them) and the corrections changed in the figures of that policy letter since."""
    from inburgering.monitor.basis import Peiling
    from inburgering.monitor.report import revision_html, revisions

    start = time.perf_counter()
    peiling = Peiling(REVISIE)
    over = f"Synthetische populatie (geen echte personen): {getal(demo.n)} personen, seed {demo.seed}."
    pad = demo.out / f"revisie-{REVISIE}.html"
    pad.write_text(
        revision_html(revisions(demo.population, peiling, REVISIE), peiling, REVISIE, over), "utf-8"
    )
    demo.openen[f"Revisie, peildatum {REVISIE:%d-%m-%Y}: toen bekend tegen nu"] = pad
    demo.console.print(f"Revisie van peildatum {REVISIE:%d-%m-%Y} in {time.perf_counter() - start:.1f} s")


def kalibratie(demo: Demo) -> None:
    """The calibration report on the monitor's counts: published, ours (divided by the fraction), difference.

    Nothing is suppressed here: the population is synthetic, so a small count protects nobody, and at a fraction
    of the country a hidden cell (a count under the threshold in the sample, not in the country) would only take
    a figure out of the comparison (22 of 101 at a quarter). The monitor's own reports show the suppression."""
    from inburgering.monitor import kalibratie as k
    from inburgering.monitor.report import publish

    tabellen = {peiling: publish(tellingen, 1) for peiling, tellingen in demo.tellingen.items()}
    rapport = k.compare(k.load(), tabellen, demo.fractie, 1)
    links = {titel: pad.name for titel, pad in demo.openen.items() if pad.parent == demo.out}
    [pad] = k.write(rapport, "html", demo.out, links)
    demo.openen = {"Kalibratie (begin hier)": pad, **demo.openen}
    demo.console.print(f"Kalibratie: {rapport.samenvatting()}", highlight=False)


def uitleg(demo: Demo) -> None:
    """The facts of everyone on the peildatum, and one person's explanation: how a fact was reached."""
    from inburgering.cli.main import explanation_text

    start = time.perf_counter()
    frame = demo.population.facts(demo.peildatum)
    feiten = demo.out / "feiten.parquet"
    frame.write_parquet(feiten)
    demo.console.print(
        f"Feiten van iedereen op {demo.peildatum:%d-%m-%Y} in {time.perf_counter() - start:.1f} s → {feiten}"
    )
    voorbeeld = frame.filter(pl.col("status") == "in_traject", pl.col("wet") == "Wi2021").head(1)
    persoon = voorbeeld["persoon"][0] if voorbeeld.height else frame["persoon"][0]
    history = demo.population.events(persoon, demo.peildatum)
    demo.console.print(
        "\n" + explanation_text(persoon, demo.population.explain(persoon, demo.peildatum), history, None),
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    demo.console.print(
        f"\nOpnieuw uitleggen: inburgering explain {demo.events} {persoon} --peildatum {demo.peildatum}",
        highlight=False,
    )


def database(demo: Demo) -> None:
    """The population in the store (a fresh SQLite file in the output folder), everyone's facts computed for
    today, and one demo login per role."""
    if not demo.web:
        return
    from inburgering.cli.web import setup

    fresh = demo.out / "inburgering.sqlite3"
    setup(demo.out)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from inburgering.store import bulk, projection

    if Path(settings.DATABASES["default"]["NAME"]) == fresh.resolve():
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{fresh}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    with _progress(demo.console) as progress:
        taak = progress.add_task("in de database laden", total=demo.tables.n_events)
        bulk.load(demo.tables, progress=lambda k: progress.advance(taak, k))
        progress.update(taak, description="feiten van iedereen berekenen")
        n = projection.recompute_all(tables=demo.tables)
    demo.console.print(
        f"Database ({connection.vendor}, {settings.DATABASES['default']['NAME']}): {getal(demo.tables.n_events)} "
        f"gebeurtenissen en de feiten van {getal(n)} personen op {projection.today():%d-%m-%Y} in "
        f"{time.perf_counter() - start:.1f} s",
        highlight=False,
    )
    from io import StringIO

    buffer = StringIO()
    call_command("demo_gebruikers", stdout=buffer)
    demo.logins = buffer.getvalue().splitlines()


def controles(demo: Demo) -> None:
    """The reconciliation checks over the loaded population, so that the demo's own chain faults (the open IND->DUO
    gap, notifications under the wrong law not yet corrected, hours from a school without enrolment, persons known
    twice) stand on the worklists of /controles/ with findings."""
    if not demo.web:
        return
    from django.utils import translation

    from inburgering.exchange.controles import CONTROLES, run

    start = time.perf_counter()
    uitkomsten = run()
    translation.activate("nl")
    demo.console.print(
        f"Controles tussen ketenpartners in {time.perf_counter() - start:.1f} s (open bevindingen, werklijsten op "
        "http://127.0.0.1:8000/controles/):",
        highlight=False,
    )
    for u in uitkomsten:
        demo.console.print(f"  {CONTROLES[u.code].titel}: {getal(u.open)}", highlight=False)


def signalen(demo: Demo) -> None:
    """The signals to municipalities of the population just loaded: the first run, in which everyone obliged is
    news for their municipality (the page Signalen and ``/api/v1/notificaties`` show them) and nobody has moved
    yet."""
    if not demo.web:
        return
    from inburgering.exchange.notificaties import maak

    start = time.perf_counter()
    aantallen = maak()
    wat = ", ".join(f"{kanaal} {getal(n)}" for kanaal, n in aantallen.items())
    demo.console.print(
        f"Signalen aan gemeenten (notificaties): {wat} ({time.perf_counter() - start:.1f} s)",
        highlight=False,
        soft_wrap=True,
    )


def serveren(demo: Demo) -> None:
    """Serve the web application at http://127.0.0.1:8000 (gunicorn, as in production) until Ctrl-C."""
    if not demo.web:
        return
    demo.console.print("\nDe webapplicatie voor de keten (synthetische gegevens):", highlight=False)
    for regel in demo.logins:  # one line each, never wrapped: the token is copied from it
        demo.console.print(f"  {regel}", highlight=False, soft_wrap=True)
    if not demo.serveer:
        return
    from inburgering.cli.web import serve

    demo.console.print(
        "\nOpen http://127.0.0.1:8000 en log in met een account hierboven; stoppen met Ctrl-C."
    )
    serve(demo.out, "127.0.0.1:8000")


def openen(demo: Demo) -> None:
    """Say where to open what the steps made."""
    demo.console.print("\nOpenen in een browser:", highlight=False)
    for titel, pad in demo.openen.items():
        demo.console.print(f"  {titel}: {pad.resolve().as_uri()}", highlight=False, soft_wrap=True)


STAPPEN: list[Callable[[Demo], None]] = [
    populatie,
    monitor,
    revisie,
    kalibratie,
    uitleg,
    database,
    controles,
    signalen,
    openen,
    serveren,
]


def run(demo: Demo, stappen: list[Callable[[Demo], None]] | None = None) -> None:
    """Every step in order."""
    demo.out.mkdir(parents=True, exist_ok=True)
    for stap in stappen or STAPPEN:
        stap(demo)


def _procent(x: float) -> str:
    return f"{getal(100 * x)}%"
