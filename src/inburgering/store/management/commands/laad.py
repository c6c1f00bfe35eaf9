"""``manage.py laad EVENTS``: load an event file (.parquet or .jsonl) into the store and compute the facts.

For initial loads and the demo: the whole file is checked first (as ``inburgering evaluate`` does), then written
in one transaction; events already stored are skipped, so loading the same file twice changes nothing.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inburgering.events.jsonl import EventFileError
from inburgering.events.table import EventTableError, read_events
from inburgering.notatie import getal
from inburgering.store.bulk import load
from inburgering.store.projection import recompute_all


class Command(BaseCommand):
    help = "Laad gebeurtenissen (.parquet of .jsonl) in de opslag en bereken de feiten."

    def add_arguments(self, parser):
        parser.add_argument("bestand", type=Path)

    def handle(self, *args, bestand: Path, **options):
        start = time.perf_counter()
        try:
            tables = read_events(bestand)
        except (EventFileError, EventTableError, FileNotFoundError, ValueError) as error:
            raise CommandError(f"{bestand}: {error}") from None
        n = load(tables)
        self.stdout.write(
            f"{getal(n)} gebeurtenissen van {getal(tables.n_personen)} personen geladen in {time.perf_counter() - start:.1f} s"
        )
        start = time.perf_counter()
        m = recompute_all(progress=lambda stap: self.stdout.write(f"  {stap}"))
        self.stdout.write(
            self.style.SUCCESS(
                f"feiten van {getal(m)} personen berekend in {time.perf_counter() - start:.1f} s"
            )
        )
