"""``inburgering notificaties maak|bezorg``: signals to municipalities on the demo's database (``--data``), as
``manage.py notificaties`` does on any database (docs/exchange.md)."""

from __future__ import annotations

from pathlib import Path

import typer

app = typer.Typer(
    help="Signalen aan gemeenten: nieuwe inburgeringsplichtigen, ELIP-lijsten, correcties en verhuizingen als notificaties.",
    no_args_is_help=True,
)

DATA = typer.Option(Path("out"), "--data", help="Map met de database van de demo.")


def _run(data: Path, *args: str) -> None:
    from inburgering.cli.web import setup

    if not (data / "inburgering.sqlite3").exists():
        typer.echo(f"Geen database in {data}: draai eerst `inburgering demo --niet-serveren`.", err=True)
        raise typer.Exit(2)
    setup(data)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("notificaties", *args)


@app.command()
def maak(
    data: Path = DATA,
    nulmeting: bool = typer.Option(
        False, "--nulmeting", help="De huidige stand vastleggen als gemeld, zonder notificaties."
    ),
) -> None:
    """Leid de notificaties af van wat sinds de vorige keer veranderde (dagelijks)."""
    _run(data, "--maak", *(["--nulmeting"] if nulmeting else []))


@app.command()
def bezorg(data: Path = DATA) -> None:
    """Bezorg de afleveringen die aan de beurt zijn (met herhaling en oplopende wachttijd)."""
    _run(data, "--bezorg")
