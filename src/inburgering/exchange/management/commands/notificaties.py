"""``manage.py notificaties``: the daily job of signals to municipalities, after ``herbereken`` (it reads the
projection). Derive the notifications of what changed since the last run (``--maak``), then deliver every
delivery that is due (``--bezorg``); both by default. Delivery may also run more often on its own (every few
minutes), so that retries happen on time."""

import time

from django.core.management.base import BaseCommand

from inburgering.exchange.notificaties import maak
from inburgering.exchange.notificaties_bezorging import bezorg
from inburgering.notatie import getal


class Command(BaseCommand):
    help = (
        "Signalen aan gemeenten: notificaties afleiden (--maak) en bezorgen (--bezorg); zonder keuze allebei."
    )

    def add_arguments(self, parser):
        parser.add_argument("--maak", action="store_true", help="Notificaties afleiden van wat veranderde.")
        parser.add_argument(
            "--bezorg", action="store_true", help="Afleveringen bezorgen die aan de beurt zijn."
        )
        parser.add_argument(
            "--nulmeting",
            action="store_true",
            help="De huidige stand vastleggen als gemeld, zonder notificaties (de eerste keer op een gevulde database).",
        )

    def handle(self, *args, **options):
        beide = not options["maak"] and not options["bezorg"]
        if options["maak"] or beide:
            start = time.perf_counter()
            aantallen = maak(nulmeting=options["nulmeting"])
            wat = ", ".join(f"{kanaal}: {getal(n)}" for kanaal, n in aantallen.items())
            soort = "nulmeting vastgelegd" if options["nulmeting"] else "notificaties gemaakt"
            self.stdout.write(f"{soort} ({wat}) in {time.perf_counter() - start:.1f} s")
        if options["bezorg"] or beide:
            totaal = {"bezorgd": 0, "opnieuw": 0, "mislukt": 0}
            while True:
                telling = bezorg()
                for key in totaal:
                    totaal[key] += getattr(telling, key)
                if not telling.bezorgd + telling.opnieuw + telling.mislukt:
                    break
            self.stdout.write(
                self.style.SUCCESS(
                    f"{totaal['bezorgd']} bezorgd, {totaal['opnieuw']} later opnieuw, {totaal['mislukt']} mislukt"
                )
            )
