"""The ``inburgering`` command: evaluate an event history, explain one person, run the demo, write the rule docs.

Exit codes, for scripts: 0 done; 1 the input file is wrong (the message names file, line and field); 2 wrong
use of the command; 3 the person asked for is not in the file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from enum import StrEnum
from pathlib import Path

import polars as pl
import typer
from rich.console import Console
from rich.table import Table

import inburgering.law as law
from inburgering.cli.notificaties import app as notificaties_app
from inburgering.events.jsonl import EventFileError
from inburgering.events.population import Population
from inburgering.events.table import read_events
from inburgering.memory import keep_freed_memory
from inburgering.notatie import getal

app = typer.Typer(
    help="Open Inburgering: de inburgeringswetten als code over de gebeurtenissen in de keten.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(notificaties_app, name="notificaties")
out = Console()
err = Console(stderr=True)

EXIT_INPUT, EXIT_USAGE, EXIT_UNKNOWN_PERSON = 1, 2, 3


@app.callback()
def _start() -> None:
    # every command may evaluate a large population: reuse freed memory (inburgering.memory says why)
    keep_freed_memory()


class TableFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    parquet = "parquet"


class ExplainFormat(StrEnum):
    text = "text"
    json = "json"


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is geen datum (JJJJ-MM-DD)", param_hint=option) from None


def _moment(value: str | None, optie: str = "--beschikbaar-op") -> dt.date | dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is geen datum of tijdstip (JJJJ-MM-DD of JJJJ-MM-DDTuu:mm:ssZ)",
            param_hint=optie,
        ) from None


def _load(path: Path) -> Population:
    try:
        return Population(read_events(path))
    except EventFileError as error:
        err.print(f"[red]Fout in de invoer:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(EXIT_INPUT) from None
    except (FileNotFoundError, ValueError) as error:
        err.print(f"[red]Kan {path} niet lezen:[/red] {error}", markup=True, highlight=False)
        raise typer.Exit(EXIT_INPUT) from None


PEILDATUM = typer.Option(..., "--peildatum", help="De datum waarop de feiten gelden (JJJJ-MM-DD).")
BESCHIKBAAR = typer.Option(
    None,
    "--beschikbaar-op",
    help="Zoals bekend op dit moment: gebeurtenissen die later binnenkwamen tellen niet. Een datum betekent het "
    "einde van die dag.",
)


@app.command()
def evaluate(
    events: Path = typer.Argument(..., help="Gebeurtenissen (.jsonl of .parquet)."),
    peildatum: str = PEILDATUM,
    beschikbaar_op: str | None = BESCHIKBAAR,
    format: TableFormat = typer.Option(TableFormat.table, "--format", help="Uitvoervorm."),
    output: Path | None = typer.Option(
        None, "--out", help="Schrijf naar dit bestand in plaats van het scherm."
    ),
    limit: int = typer.Option(50, "--limit", help="Aantal rijen in de tabelweergave."),
) -> None:
    """De afgeleide feiten per persoon op een peildatum."""
    when = _date(peildatum, "--peildatum")
    population = _load(events)
    frame = population.facts(when, _moment(beschikbaar_op))
    if format is TableFormat.parquet and output is None:
        raise typer.BadParameter("parquet schrijf je naar een bestand: geef --out", param_hint="--format")
    if format is TableFormat.table:
        _print_table(frame, limit)
    elif format is TableFormat.parquet:
        frame.write_parquet(output)
    else:
        flat = frame.with_columns(pl.col("signalen").list.join(";")) if format is TableFormat.csv else frame
        text = (
            flat.write_csv()
            if format is TableFormat.csv
            else json.dumps(frame.to_dicts(), default=str, ensure_ascii=False)
        )
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    if output:
        err.print(f"{frame.height} personen geschreven naar {output}")


def _print_table(frame: pl.DataFrame, limit: int) -> None:
    columns = [
        "persoon",
        "status",
        "wet",
        "doelgroep",
        "verantwoordelijke_gemeente",
        "pip_uiterlijk",
        "termijn_einde",
    ]
    table = Table(*columns, "signalen", title=f"Afgeleide feiten ({frame.height} personen)")
    for row in frame.head(limit).iter_rows(named=True):
        table.add_row(*[str(row[c] or "—") for c in columns], ", ".join(row["signalen"]))
    out.print(table)
    if frame.height > limit:
        out.print(
            f"… en nog {frame.height - limit} personen (--limit, of --format csv/json/parquet voor alles)"
        )


@app.command()
def explain(
    events: Path = typer.Argument(..., help="Gebeurtenissen (.jsonl of .parquet)."),
    persoon: str = typer.Argument(..., help="De identificatie van de persoon."),
    peildatum: str = PEILDATUM,
    beschikbaar_op: str | None = BESCHIKBAAR,
    format: ExplainFormat = typer.Option(ExplainFormat.text, "--format", help="Uitvoervorm."),
) -> None:
    """Uitleg van de feiten van één persoon: gebruikte waarden, parameters op de datum, artikelen."""
    when = _date(peildatum, "--peildatum")
    moment = _moment(beschikbaar_op)
    population = _load(events)
    try:
        uitleg = population.explain(persoon, when, moment)
    except KeyError as error:
        err.print(f"Onbekende persoon: {error.args[0]}", highlight=False)
        raise typer.Exit(EXIT_UNKNOWN_PERSON) from None
    history = population.events(persoon, when, moment)
    if format is ExplainFormat.json:
        data = uitleg.to_json() | {"persoon": persoon, "gebeurtenissen": [_event_json(e) for e in history]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.write(explanation_text(persoon, uitleg, history, moment) + "\n")


def _event_json(event) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in event.__dict__.items()}


def explanation_text(persoon: str, uitleg: law.Uitleg, history, moment) -> str:
    """The explanation in Dutch, followed by the person's events and whether each counted."""
    bekend = f", zoals bekend op {moment}" if moment else ""
    lines = [uitleg.to_text(f"Uitleg voor {persoon}{bekend}"), "", "Gebeurtenissen"]
    for e in history:
        mark = "telt" if e.telt else f"telt niet: {e.reden}"
        lines.append(f"  {e.geldig_op:%d-%m-%Y}  {e.soort:<32} {e.bron:<12} ({e.id}; {mark})")
    return "\n".join(lines)


@app.command()
def demo(
    scale: float = typer.Option(
        0.25,
        "--scale",
        min=1e-6,
        help="Deel van de nationale populatie (1 = het hele land, ~0,9 miljoen personen).",
    ),
    personen: int | None = typer.Option(None, "--personen", min=1, help="Of een vast aantal personen."),
    tot: str = typer.Option(dt.date.today().isoformat(), "--tot", help="Populatie tot en met (JJJJ-MM-DD)."),
    peildatum: str = typer.Option(
        dt.date.today().isoformat(), "--peildatum", help="Peildatum van de feiten en de uitleg (JJJJ-MM-DD)."
    ),
    seed: int = typer.Option(
        2026, "--seed", help="Startwaarde van de generator: dezelfde seed, dezelfde data."
    ),
    output: Path = typer.Option(Path("out"), "--out", help="Map voor de gegenereerde bestanden."),
    web: bool = typer.Option(
        True, "--web/--geen-web", help="De populatie in de database laden voor de webapplicatie."
    ),
    serveer: bool = typer.Option(
        True, "--serveer/--niet-serveren", help="De webapplicatie starten op http://127.0.0.1:8000."
    ),
) -> None:
    """De nationale synthetische populatie (of een deel), de monitor op de peildatums van de gepubliceerde cijfers,
    het kalibratierapport en één uitleg; dan de populatie in de database en de webapplicatie met een demo-login
    per rol. Zegt waar je alles opent."""
    from inburgering.cli.demo import Demo, run

    when = _date(tot, "--tot")
    if when < dt.date(2025, 6, 30):
        raise typer.BadParameter(
            "de gepubliceerde cijfers lopen tot 30-06-2025: kies --tot op of na die dag", param_hint="--tot"
        )
    run(
        Demo(
            output,
            None if personen else scale,
            personen,
            seed,
            when,
            _date(peildatum, "--peildatum"),
            out,
            web=web,
            serveer=serveer,
        )
    )


@app.command()
def controleer(
    peildatum: str | None = typer.Option(
        None, "--peildatum", help="Peildatum van de controles (JJJJ-MM-DD)."
    ),
    check: list[str] | None = typer.Option(None, "--check", help="Alleen deze controle (herhaalbaar)."),
    data: Path = typer.Option(Path("out"), "--data", help="Map met de database (zonder DATABASE_URL)."),
) -> None:
    """Draai de controles tussen ketenpartners over de database en bewaar de bevindingen (werklijst per controle,
    aantallen per gemeente; opgeloste bevindingen worden gesloten)."""
    from inburgering.cli.web import setup

    when = _date(peildatum, "--peildatum") if peildatum else None
    setup(data, keep_database_url=True)
    from django.utils import translation

    from inburgering.exchange.controles import CONTROLES, OnbekendeControle, run

    translation.activate("nl")

    try:
        uitkomsten = run(when, check)
    except OnbekendeControle as error:
        err.print(error.args[0])
        raise typer.Exit(EXIT_USAGE) from None
    table = Table("controle", "titel", "open", "nieuw", "gesloten", "ms")
    for u in uitkomsten:
        table.add_row(
            u.code,
            str(CONTROLES[u.code].titel),
            getal(u.open),
            getal(u.nieuw),
            getal(u.gesloten),
            str(u.duur_ms),
        )
    out.print(table)


@app.command()
def serveer(
    data: Path = typer.Option(Path("out"), "--data", help="Map met de database van de demo."),
    adres: str = typer.Option("127.0.0.1:8000", "--adres", help="Host en poort."),
) -> None:
    """Start de webapplicatie op een bestaande database (na `inburgering demo`), zonder opnieuw te genereren."""
    from inburgering.cli.web import serve

    if not (data / "inburgering.sqlite3").exists() and "DATABASE_URL" not in os.environ:
        err.print(f"Geen database in {data}: draai eerst `inburgering demo --niet-serveren`.")
        raise typer.Exit(EXIT_USAGE)
    out.print(f"Open http://{adres}; stoppen met Ctrl-C.")
    serve(data, adres)


@app.command()
def synth(
    scale: float = typer.Option(
        0.1, "--scale", help="Deel van het land: 1 is de hele nationale populatie sinds 2007.", min=0.0
    ),
    personen: int | None = typer.Option(None, "--personen", help="Of een vast aantal personen.", min=1),
    tot: str = typer.Option(dt.date.today().isoformat(), "--tot", help="Tot en met deze datum (JJJJ-MM-DD)."),
    seed: int = typer.Option(2026, "--seed", help="Dezelfde seed geeft dezelfde populatie."),
    output: Path = typer.Option(
        Path("out/populatie.parquet"), "--out", help="Bestand: .parquet of .jsonl (JSON Lines)."
    ),
) -> None:
    """Maak een synthetische populatie van de keten als gebeurtenissen (geen echte persoonsgegevens)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from inburgering.events.jsonl import write_jsonl
    from inburgering.synth.population import FASEN, generate, nationaal_aantal

    when = _date(tot, "--tot")
    if output.suffix not in (".parquet", ".jsonl"):
        raise typer.BadParameter("het bestand moet eindigen op .parquet of .jsonl", param_hint="--out")
    if when < dt.date(2007, 1, 1):
        raise typer.BadParameter("de populatie begint op 2007-01-01", param_hint="--tot")
    n = personen or max(1, round(scale * nationaal_aantal(when)))
    output.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err) as progress:
        task = progress.add_task(f"{getal(n)} personen maken", total=len(FASEN))
        tables = generate(
            n, seed=seed, tot=when, voortgang=lambda fase: progress.update(task, advance=1, description=fase)
        )
        if output.suffix == ".parquet":
            tables.write_parquet(output)
        else:
            write = progress.add_task("JSON Lines schrijven", total=tables.n_events)
            write_jsonl(_counted(tables.to_events(), lambda k: progress.advance(write, k)), output)
    out.print(
        f"{getal(tables.n_events)} gebeurtenissen van {getal(n)} personen (tot {when:%d-%m-%Y}, seed {seed}) in "
        f"{time.perf_counter() - start:.1f} s → {output}"
    )


def _counted(items, advance, every: int = 10_000):
    """Yield ``items``, advancing a progress bar every ``every`` items and by the rest at the end."""
    count = 0
    for count, item in enumerate(items, 1):
        yield item
        if count % every == 0:
            advance(every)
    advance(count % every)


class MonitorFormat(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    html = "html"
    svg = "svg"
    png = "png"


@app.command()
def monitor(
    events: Path = typer.Argument(..., help="Gebeurtenissen: .jsonl of .parquet."),
    peildatum: str = PEILDATUM,
    beschikbaar_op: str | None = BESCHIKBAAR,
    gemeente: str | None = typer.Option(None, "--gemeente", help="Alleen deze gemeente (CBS-code GMxxxx)."),
    formaat: MonitorFormat = typer.Option(MonitorFormat.table, "--format", help="Uitvoer."),
    output: Path = typer.Option(
        Path("out/monitor"), "--out", help="Map voor csv, xlsx, parquet, html of de grafieken (svg, png)."
    ),
    drempel: int = typer.Option(
        10, "--drempel", min=1, help="Aantallen kleiner dan dit worden niet getoond."
    ),
    tabel: list[str] | None = typer.Option(None, "--tabel", help="Alleen deze tabel(len)."),
    revisie: str | None = typer.Option(
        None,
        "--revisie",
        help="Zet elke tabel naast dezelfde tabel zoals bekend op dit moment (JJJJ-MM-DD of JJJJ-MM-DDTuu:mm), met het verschil "
        "per aantal: wat late leveringen en correcties veranderden (format table, csv, xlsx, parquet of html).",
    ),
) -> None:
    """De standaardtabellen van de monitor op een peildatum, met kleine aantallen onderdrukt."""
    import re

    from inburgering.monitor.basis import Peiling, bekend
    from inburgering.monitor.report import compute, write
    from inburgering.monitor.tables import TABELLEN

    if gemeente is not None and not re.fullmatch(r"GM[0-9]{4}", gemeente):
        raise typer.BadParameter(f"{gemeente!r} is geen CBS-gemeentecode (GMxxxx)", param_hint="--gemeente")
    unknown = set(tabel or ()) - TABELLEN.keys()
    if unknown:
        raise typer.BadParameter(f"onbekende tabel {', '.join(sorted(unknown))}", param_hint="--tabel")
    peiling = Peiling(_date(peildatum, "--peildatum"), _moment(beschikbaar_op), gemeente)
    if revisie is not None:
        if formaat in (MonitorFormat.svg, MonitorFormat.png):
            raise typer.BadParameter(
                "heeft geen grafieken: --format table, csv, xlsx, parquet of html", param_hint="--revisie"
            )
        toen = _moment(revisie, "--revisie")
    population = _load(events)
    start = time.perf_counter()
    if revisie is not None:
        _revisie(population, peiling, toen, drempel, tabel, formaat, output)
        err.print(
            f"revisie: {bekend(toen)} tegen {peiling.omschrijving()}, in {time.perf_counter() - start:.2f} s"
        )
        return
    tables = compute(population, peiling, drempel, tabel)
    seconds = time.perf_counter() - start
    if formaat == MonitorFormat.table:
        for naam, frame in tables.items():
            _print_whole(_monitor_table(frame, TABELLEN[naam]))
    else:
        for path in write(tables, peiling, formaat.value, output):
            out.print(f"geschreven: {path}")
    err.print(f"{len(tables)} tabellen, {peiling.omschrijving()}, in {seconds:.2f} s (drempel {drempel})")


class KalibratieFormat(StrEnum):
    table = "table"
    csv = "csv"
    html = "html"


@app.command()
def kalibratie(
    events: Path = typer.Argument(..., help="Gebeurtenissen: .jsonl of .parquet."),
    schaal: float = typer.Option(
        1.0,
        "--schaal",
        min=1e-6,
        help="Welk deel van het land de gebeurtenissen beschrijven (synth --scale).",
    ),
    formaat: KalibratieFormat = typer.Option(KalibratieFormat.table, "--format", help="Uitvoer."),
    output: Path = typer.Option(Path("out/kalibratie"), "--out", help="Map voor csv of html."),
    drempel: int = typer.Option(
        10, "--drempel", min=1, help="Aantallen kleiner dan dit worden niet getoond."
    ),
) -> None:
    """De monitor op de peildatums van de gepubliceerde cijfers, naast die cijfers: gepubliceerd, ons, verschil."""
    from inburgering.monitor import kalibratie as k

    population = _load(events)
    start = time.perf_counter()
    with out.status("standaardtabellen op de peildatums van de gepubliceerde cijfers…"):
        rapport, tabellen = k.run(population, schaal, drempel)
    seconds = time.perf_counter() - start
    if formaat == KalibratieFormat.table:
        print_kalibratie(rapport)
    else:
        for path in k.write(rapport, formaat.value, output):
            out.print(f"geschreven: {path}")
    err.print(f"{len(tabellen)} peildatums in {seconds:.1f} s. {rapport.samenvatting()}", highlight=False)


def _revisie(population, peiling, toen, drempel: int, tabel, formaat: MonitorFormat, output: Path) -> None:
    """``monitor --revisie``: the tables as known then beside as known now, printed or written."""
    from inburgering.monitor.report import revisions, write_revisions
    from inburgering.monitor.tables import TABELLEN

    revisies = revisions(population, peiling, toen, drempel, tabel)
    if formaat == MonitorFormat.table:
        for naam, frame in revisies.items():
            _print_whole(_monitor_table(frame, TABELLEN[naam]))
        return
    for path in write_revisions(revisies, peiling, toen, formaat.value, output):
        out.print(f"geschreven: {path}")


def _print_whole(table: Table) -> None:
    """Print a table at its own width when the terminal is narrower, rather than with its numbers cut short
    (Rich would shrink the columns to the terminal); the terminal wraps the long lines, ``less -S`` does not."""
    from rich.measure import Measurement

    breed = Measurement.get(out, out.options.update_width(10_000), table).maximum
    if breed <= out.width:
        out.print(table)
    else:
        Console(file=out.file, width=breed, force_terminal=out.is_terminal, no_color=out.no_color).print(
            table
        )


def _monitor_table(frame, tabel) -> Table:
    """A published table for the terminal: numbers in Dutch notation, right-aligned, never wrapped."""
    cellen = {
        k: ["·" if v is None else getal(v) if isinstance(v, int | float) else str(v) for v in frame[k]]
        for k in frame.columns
    }
    table = Table(title=tabel.titel, caption=tabel.definitie)
    for k, dtype in frame.schema.items():
        table.add_column(k, justify="right" if dtype.is_numeric() else "left", no_wrap=True)
    for rij in zip(*cellen.values(), strict=True):
        table.add_row(*rij)
    return table


def print_kalibratie(rapport) -> None:
    """The comparison and the inconsistencies as Rich tables."""
    from inburgering.monitor.kalibratie import getal as kort  # no decimals from 100 up

    table = Table(title="Kalibratie")
    table.add_column("cijfer", no_wrap=True)
    table.add_column("peildatum", no_wrap=True)
    for kolom in ("gepubliceerd", "ons", "verschil"):
        table.add_column(kolom, justify="right", no_wrap=True)
    table.add_column("binnen doel")
    for r in rapport.vergelijking.iter_rows(named=True):
        aandeel = r["eenheid"] == "aandeel"
        getallen = [
            "·" if v is None else kort(v) + eenheid
            for v, eenheid in zip(
                (r["gepubliceerd"], r["ons"], r["verschil"]),
                ("%", "%", " pp") if aandeel else ("", "", ""),
                strict=True,
            )
        ]
        doel = {True: "ja", False: "[red]nee[/red]", None: "·"}[r["binnen_doel"]]
        table.add_row(r["id"], f"{r['peildatum']:%d-%m-%Y}", *getallen, doel)
    _print_whole(table)
    tegen = Table("figures.md", "klopt", "gevonden", title="Tegenstrijdigheden in de gepubliceerde cijfers")
    for r in rapport.tegenstrijdigheden.iter_rows(named=True):
        klopt = {True: "ja", False: "[red]nee[/red]", None: "n.v.t."}[r["klopt"]]
        tegen.add_row(f"{r['figures_md']}: {r['omschrijving']}", klopt, r["gevonden"])
    out.print(tegen)


@app.command()
def regels(
    output: Path = typer.Option(Path("docs/rules.md"), "--out", help="Waar de regeldocumentatie komt."),
    check: bool = typer.Option(False, "--check", help="Alleen controleren dat het bestand actueel is."),
) -> None:
    """Schrijf docs/rules.md uit de regels en parameters zelf (of controleer dat het actueel is)."""
    from inburgering.cli.rules_doc import render

    text = render()
    if check:
        if not output.exists() or output.read_text(encoding="utf-8") != text:
            err.print(f"{output} is niet actueel: draai `inburgering regels`")
            raise typer.Exit(EXIT_INPUT)
        out.print(f"{output} is actueel")
        return
    output.write_text(text, encoding="utf-8")
    out.print(
        f"{output} geschreven ({len(law.VARIABLES)} regels, {len(law.default_parameters())} parameters)"
    )


@app.command("import")
def import_(
    feed: str = typer.Argument(..., help="De feed: ind, brp, coa, duo, gemeente, school of examens."),
    bestand: Path = typer.Argument(..., help="De levering: .csv (UTF-8, , of ;) of .jsonl."),
    quarantaine: bool = typer.Option(
        False,
        "--quarantaine",
        help="Foute rijen apart zetten en de goede toepassen (anders: alles of niets).",
    ),
    bron: str | None = typer.Option(
        None,
        "--bron",
        help="De leverende organisatie (GM0363, TAALSCHOOL:ABC); nodig voor gemeente en school.",
    ),
    data: Path | None = typer.Option(
        None, "--data", help="Map met de database van de webapplicatie (zonder DATABASE_URL); standaard out."
    ),
    rapport: Path | None = typer.Option(
        None, "--rapport", help="Schrijf alle foute rijen naar dit CSV-bestand."
    ),
    blok: int | None = typer.Option(
        None, "--blok", min=1, help="Rijen per transactie (standaard die van de import, feeds_apply.BLOK)."
    ),
) -> None:
    """Lees een levering van een ketenpartner in: controleren, dan alles of niets (of met --quarantaine) toepassen;
    opnieuw leveren voegt niets dubbel toe. Exit 0 toegepast, 1 geweigerd, 2 verkeerd gebruik, 4 met quarantaine."""
    from inburgering.cli.feeds import importeer

    importeer(feed, bestand, quarantaine, bron, data, rapport, blok, out, err)


@app.command()
def feeds(
    output: Path = typer.Option(Path("docs/exchange.md"), "--out", help="Het document met het feedschema."),
    check: bool = typer.Option(False, "--check", help="Alleen controleren dat het schema actueel is."),
) -> None:
    """Schrijf het schema van de feeds in docs/exchange.md uit de definities zelf (of controleer het)."""
    from inburgering.cli.feeds import schema_docs

    schema_docs(output, check, out, err)


if __name__ == "__main__":
    app()
