"""``manage.py demo_gebruikers``: one demo login per role, for the synthetic demo only (never in production).

The municipal logins are for the two municipalities with the most persons in the store, the newcomer's login for
a person who is in a trajectory, so that each role has something to see."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from django.utils import translation
from rest_framework.authtoken.models import Token

from inburgering.store.models import Feiten, Medewerker, Organisatie

ROL = Medewerker.Rol
SOORT = Organisatie.Soort


class Command(BaseCommand):
    help = "Maak demo-accounts per rol (alleen voor de synthetische demo) en toon ze."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wachtwoord", default="demo-inburgering", help="Wachtwoord voor alle demo-accounts."
        )

    @transaction.atomic
    def handle(self, *args, wachtwoord: str, **options):
        translation.activate("nl")
        gemeenten = list(
            Feiten.objects.exclude(verantwoordelijke_gemeente="")
            .values_list("verantwoordelijke_gemeente", flat=True)
            .annotate(n=Count("persoon"))
            .order_by("-n")[:2]
        ) or ["GM0363", "GM0599"]
        school = Feiten.objects.exclude(taalschool="").values_list("taalschool", flat=True).first() or "demo"
        inburgeraar = (
            Feiten.objects.filter(status="in_traject", wet="Wi2021")
            .values_list("persoon_id", flat=True)
            .first()
            or Feiten.objects.values_list("persoon_id", flat=True).first()
        )
        accounts = [
            ("duo", ROL.DUO, ("DUO", "Dienst Uitvoering Onderwijs", SOORT.DUO), None),
            *[
                (f"gemeente-{code.lower()}", ROL.GEMEENTE, (code, f"Gemeente {code}", SOORT.GEMEENTE), None)
                for code in gemeenten
            ],
            ("coa", ROL.COA, ("COA", "Centraal Orgaan opvang asielzoekers", SOORT.COA), None),
            (
                "taalschool",
                ROL.TAALSCHOOL,
                (f"TAALSCHOOL:{school}", f"Taalschool {school}", SOORT.TAALSCHOOL),
                None,
            ),
            ("analist", ROL.ANALIST, ("SZW", "Ministerie van SZW (analyse)", SOORT.ANALIST), None),
            (
                "ind",
                ROL.BRONREGISTER,
                ("IND", "Immigratie- en Naturalisatiedienst", SOORT.BRONREGISTER),
                None,
            ),
            ("inburgeraar", ROL.INBURGERAAR, None, inburgeraar),
        ]
        User = get_user_model()
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {wachtwoord}):")
        for username, rol, org, persoon in accounts:
            if rol == ROL.INBURGERAAR and persoon is None:
                continue
            user, _ = User.objects.get_or_create(username=username)
            user.set_password(wachtwoord)
            user.save()
            organisatie = None
            if org:
                organisatie, _ = Organisatie.objects.update_or_create(
                    code=org[0], defaults={"naam": org[1], "soort": org[2]}
                )
            Medewerker.objects.update_or_create(
                gebruiker=user, defaults={"rol": rol, "organisatie": organisatie, "persoon_id": persoon}
            )
            token, _ = Token.objects.get_or_create(user=user)
            waar = organisatie.code if organisatie else f"persoon {persoon}"
            self.stdout.write(f"  {username:<22} {rol.label:<32} {waar:<22} API-token {token.key}")
