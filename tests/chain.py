"""A small chain to test the store, pages and API with: five persons in three municipalities, a reception centre
and a language school, and one account per role. Dates are relative to today, because the store's projection is
evaluated on today (a deadline "in 10 days" stays in 10 days whenever the suite runs)."""

from __future__ import annotations

import datetime as dt

from tests.conftest import make_event

PASSWORD = "test-wachtwoord-1"


def _d(days: int) -> str:
    from inburgering.store.projection import today

    return (today() + dt.timedelta(days=days)).isoformat()


def _asiel(persoon: str, geboren: str = "1990-01-01") -> dict:
    return {
        "soort": "verblijfsvergunning_verleend",
        "geldig_op": _d(-300),
        "gegevens": {
            "verblijfsgrond": "asiel",
            "verblijfsdoel": "asiel",
            "nationaliteit": "SY",
            "geboortedatum": geboren,
        },
    }


def histories() -> dict[str, list[dict]]:
    """Per person the events as a chain partner would deliver them."""
    housed = lambda gemeente: [  # noqa: E731 - a template, read as data
        {"soort": "opvang_gestart", "geldig_op": _d(-300)},
        {"soort": "gekoppeld_aan_gemeente", "geldig_op": _d(-200), "gegevens": {"gemeente": gemeente}},
        {"soort": "kennisgeving_verzonden", "geldig_op": _d(-100), "gegevens": {"wet": "Wi2021"}},
        {"soort": "opvang_beeindigd", "geldig_op": _d(-60)},
        {"soort": "ingeschreven_in_gemeente", "geldig_op": _d(-60), "gegevens": {"gemeente": gemeente}},
    ]
    return {
        # housed in Amsterdam 60 days ago: the PIP is due in 10 days
        "A-GM0363": [_asiel("A-GM0363"), *housed("GM0363")],
        "B-GM0599": [_asiel("B-GM0599"), *housed("GM0599")],
        # still in reception, already linked to Amsterdam
        "C-OPVANG": [
            _asiel("C-OPVANG"),
            {"soort": "opvang_gestart", "geldig_op": _d(-300)},
            {"soort": "gekoppeld_aan_gemeente", "geldig_op": _d(-30), "gegevens": {"gemeente": "GM0363"}},
            {"soort": "kennisgeving_verzonden", "geldig_op": _d(-50), "gegevens": {"wet": "Wi2021"}},
        ],
        # a family migrant in Amsterdam with a PIP, enrolled with language school ABC
        "D-SCHOOL": [
            {
                "soort": "verblijfsvergunning_verleend",
                "geldig_op": _d(-400),
                "gegevens": {
                    "verblijfsgrond": "regulier",
                    "verblijfsdoel": "gezinsvorming",
                    "nationaliteit": "MA",
                    "geboortedatum": "1995-05-05",
                    "mvv": True,
                },
            },
            {"soort": "ingeschreven_in_gemeente", "geldig_op": _d(-390), "gegevens": {"gemeente": "GM0363"}},
            {"soort": "kennisgeving_verzonden", "geldig_op": _d(-380), "gegevens": {"wet": "Wi2021"}},
            {"soort": "pip_vastgesteld", "geldig_op": _d(-320), "gegevens": {"leerroute": "b1"}},
            {"soort": "aangemeld_bij_taalschool", "geldig_op": _d(-310), "gegevens": {"taalschool": "ABC"}},
            {
                "soort": "uren_geregistreerd",
                "geldig_op": _d(-30),
                "bron": "TAALSCHOOL:ABC",
                "gegevens": {"urensoort": "nt2", "uren": 120, "keurmerk": True},
            },
        ],
        "E-GM0344": [_asiel("E-GM0344"), *housed("GM0344")],
    }


def events():
    from inburgering.events.jsonl import event_from_dict

    return [
        event_from_dict(make_event(spec, persoon=persoon, number=i + 1))
        for persoon, specs in histories().items()
        for i, spec in enumerate(specs)
    ]


ACCOUNTS = {
    # username: (role, organisation code, organisation kind, person)
    "duo": ("duo", "DUO", "duo", None),
    "gm0363": ("gemeente", "GM0363", "gemeente", None),
    "gm0599": ("gemeente", "GM0599", "gemeente", None),
    "coa": ("coa", "COA", "coa", None),
    "school": ("taalschool", "TAALSCHOOL:ABC", "taalschool", None),
    "analist": ("analist", "SZW", "analist", None),
    "ind": ("bronregister", "IND", "bronregister", None),
    "inburgeraar": ("inburgeraar", None, None, "A-GM0363"),
}

# Who sees whom: the scopes of store.access on the chain above.
SCOPE = {
    "duo": {"A-GM0363", "B-GM0599", "C-OPVANG", "D-SCHOOL", "E-GM0344"},
    "gm0363": {"A-GM0363", "C-OPVANG", "D-SCHOOL"},
    "gm0599": {"B-GM0599"},
    "coa": {"C-OPVANG"},
    "school": {"D-SCHOOL"},
    "analist": set(),
    "ind": set(),
    "inburgeraar": {"A-GM0363"},
}


def build() -> dict:
    """Write the chain into the store (through the normal write path) and make the accounts; returns the users."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from inburgering.store.models import Medewerker, Organisatie
    from inburgering.store.writes import write

    write(events(), None)
    users = {}
    for username, (rol, code, soort, persoon) in ACCOUNTS.items():
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        organisatie = Organisatie.objects.create(code=code, naam=code, soort=soort) if code else None
        Medewerker.objects.create(gebruiker=user, rol=rol, organisatie=organisatie, persoon_id=persoon)
        Token.objects.create(user=user)
        users[username] = user
    return users
