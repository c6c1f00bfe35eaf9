"""``manage.py controleer``: run the reconciliation checks and keep their findings (daily, after ``herbereken``)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from inburgering.exchange.controles import CONTROLES, OnbekendeControle, run


class Command(BaseCommand):
    help = (
        "Draai de controles tussen ketenpartners op een peildatum (standaard vandaag) en bewaar de bevindingen: "
        "nieuwe openen, opgeloste sluiten. De dagelijkse taak na herbereken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--peildatum", type=dt.date.fromisoformat, default=None, help="JJJJ-MM-DD")
        parser.add_argument(
            "--check", action="append", default=None, help=f"Alleen deze controle(s): {', '.join(CONTROLES)}"
        )

    def handle(self, *args, peildatum=None, check=None, **options):
        try:
            uitkomsten = run(peildatum, check)
        except OnbekendeControle as error:
            raise CommandError(error.args[0]) from None
        for u in uitkomsten:
            self.stdout.write(
                f"  {u.code:<34} {u.open:>8} open {u.nieuw:>7} nieuw {u.gesloten:>7} gesloten {u.duur_ms:>6} ms"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(uitkomsten)} controles gedraaid"))
