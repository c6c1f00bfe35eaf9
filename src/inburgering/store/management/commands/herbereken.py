"""``manage.py herbereken``: recompute everybody's derived facts for today (the daily job; time changes statuses)."""

import datetime as dt
import time

from django.core.management.base import BaseCommand

from inburgering.notatie import getal
from inburgering.store.projection import recompute_all


class Command(BaseCommand):
    help = "Herbereken de afgeleide feiten van iedereen op een peildatum (standaard vandaag): de dagelijkse taak."

    def add_arguments(self, parser):
        parser.add_argument("--peildatum", type=dt.date.fromisoformat, default=None, help="JJJJ-MM-DD")

    def handle(self, *args, peildatum=None, **options):
        start = time.perf_counter()
        n = recompute_all(peildatum, progress=lambda stap: self.stdout.write(f"  {stap}"))
        self.stdout.write(
            self.style.SUCCESS(f"{getal(n)} personen herberekend in {time.perf_counter() - start:.1f} s")
        )
