"""``inburgering import FEED FILE`` and ``inburgering feeds``: a partner's delivery into the store, and the feeds'
schema in docs/exchange.md.

The import works on the web application's database: ``DATABASE_URL`` if set, else the embedded SQLite in
``--data`` (as ``inburgering serveer``), whose schema it brings up to date first. Exit codes: 0 applied; 1 refused
(nothing applied; the report names file, line and field); 2 wrong use; 4 applied with rows in quarantine.
"""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from inburgering.notatie import getal

EXIT_REFUSED, EXIT_USAGE, EXIT_QUARANTINE = 1, 2, 4
SHOWN = 20


def _django(data: Path | None) -> None:
    """Django on the web application's database; in a process that configured it already (the tests), as is."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.web.settings")
    from django.conf import settings

    if settings.configured:
        return
    if data is not None:
        os.environ["INBURGERING_DATA"] = str(data.resolve())
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def importeer(
    feed: str,
    bestand: Path,
    quarantaine: bool,
    bron: str | None,
    data: Path | None,
    rapport: Path | None,
    blok: int | None,
    out: Console,
    err: Console,
) -> None:
    if not bestand.is_file():
        err.print(f"Kan {bestand} niet lezen: bestand bestaat niet", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    _django(data)
    from inburgering.exchange.feeds_apply import importeer as apply

    start = time.perf_counter()
    inhoud = bestand.read_bytes()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        taak = progress.add_task(f"{bestand.name} controleren en toepassen", total=None)
        try:
            uitkomst = apply(
                feed,
                inhoud,
                bestand.name,
                bron=bron,
                quarantaine=quarantaine,
                **({"blok": blok} if blok else {}),
                voortgang=lambda n, totaal: progress.update(taak, total=totaal, advance=n),
            )
        except ValueError as error:
            err.print(f"Fout: {error}", highlight=False)
            raise typer.Exit(EXIT_USAGE) from None
    levering = uitkomst.levering
    _summary(levering, time.perf_counter() - start, out)
    if not uitkomst.fouten.is_empty():
        _report(uitkomst.fouten, bestand.name, err)
        if rapport is not None:
            _write_report(uitkomst.fouten, bestand.name, rapport)
            err.print(f"volledig rapport: {rapport}", highlight=False)
    if uitkomst.geweigerd:
        raise typer.Exit(EXIT_REFUSED)
    if levering.in_quarantaine:
        raise typer.Exit(EXIT_QUARANTINE)


def _summary(levering, seconds: float, out: Console) -> None:
    kop = f"Levering {levering.pk}: feed {levering.feed} van {levering.bron}, {levering.bestandsnaam}"
    if levering.status == levering.Status.GEWEIGERD and not levering.rijen:
        out.print(f"{kop}: GEWEIGERD, niets toegepast: het bestand zelf is fout", highlight=False)
        return
    if levering.status == levering.Status.GEWEIGERD:
        out.print(
            f"{kop}: GEWEIGERD, niets toegepast ({getal(levering.afgekeurd)} foute rijen van {getal(levering.rijen)}; "
            "lever opnieuw zonder fouten, of met --quarantaine)",
            highlight=False,
        )
        return
    out.print(
        f"{kop}: {getal(levering.rijen)} rijen, {getal(levering.nieuw)} nieuw, {getal(levering.al_bekend)} al bekend, "
        f"{getal(levering.dubbel)} dubbel in het bestand, {getal(levering.in_quarantaine)} in quarantaine "
        f"({seconds:.1f} s)",
        highlight=False,
    )
    vorige = levering.vorige
    if vorige is not None and vorige.status == vorige.Status.ONDERBROKEN:
        out.print(f"Dit bestand hervat levering {vorige.pk}, die was onderbroken.", highlight=False)
    elif vorige is not None:
        out.print(f"Dit bestand is eerder geleverd (levering {vorige.pk}).", highlight=False)
    if levering.rijen and not levering.nieuw and not levering.in_quarantaine:
        out.print("Niets nieuws: alle rijen waren al bekend.", highlight=False)


def _report(fouten, naam: str, err: Console) -> None:
    table = Table("bestand", "regel", "veld", "melding", title=f"{getal(fouten.height)} fout(en)")
    for regel, veld, melding in fouten.head(SHOWN).iter_rows():
        table.add_row(naam, str(regel), veld, melding)
    err.print(table)
    if fouten.height > SHOWN:
        err.print(
            f"… en nog {getal(fouten.height - SHOWN)} fouten (--rapport FILE voor alles)", highlight=False
        )


def _write_report(fouten, naam: str, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["bestand", "regel", "veld", "melding"])
        for regel, veld, melding in fouten.iter_rows():
            writer.writerow([naam, regel, veld, melding])


def schema_docs(output: Path, check: bool, out: Console, err: Console) -> None:
    """Write (or check) the generated feed schema between its markers in docs/exchange.md."""
    from inburgering.exchange.feeds_doc import update

    text = output.read_text(encoding="utf-8") if output.exists() else ""
    try:
        new = update(text)
    except ValueError as error:
        err.print(f"{output}: {error}", highlight=False)
        raise typer.Exit(EXIT_REFUSED) from None
    if check:
        if new != text:
            err.print(f"{output} is niet actueel: draai `inburgering feeds`", highlight=False)
            raise typer.Exit(EXIT_REFUSED)
        out.print(f"{output} is actueel", highlight=False)
        return
    output.write_text(new, encoding="utf-8")
    out.print(f"{output} geschreven", highlight=False)
