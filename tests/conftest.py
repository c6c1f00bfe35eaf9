"""Shared test helpers: build event histories the way a chain partner would deliver them."""

from __future__ import annotations

import datetime as dt
import socket

import pytest

from inburgering.events.jsonl import event_from_dict
from inburgering.events.population import Population
from inburgering.events.table import EventTables

DEFAULT_BRON = {
    "verblijfsvergunning_verleend": "IND",
    "ingeschreven_in_gemeente": "BRP",
    "opvang_gestart": "COA",
    "opvang_beeindigd": "COA",
    "gekoppeld_aan_gemeente": "COA",
    "medisch_advies_uitgebracht": "ARGONAUT",
    "examen_uitslag": "DUO",
    "vertrokken": "BRP",
    "overleden": "BRP",
}
MUNICIPAL = {
    "brede_intake_gestart",
    "brede_intake_afgerond",
    "leerbaarheidstoets_afgenomen",
    "informatie_derden_ontvangen",
    "pip_vastgesteld",
    "pip_gewijzigd",
    "pvt_afgerond",
    "map_afgerond",
    "onderwijsroute_afgerond",
    "bijstand_gestart",
    "medewerking_geweigerd",
    "uren_geregistreerd",
    "aangemeld_bij_taalschool",
}


def make_event(spec: dict, *, persoon: str = "P1", number: int = 1) -> dict:
    """A complete envelope from a short spec: defaults for id, persoon, bron, beschikbaar_op and gegevens."""
    soort = spec["soort"]
    geldig = spec["geldig_op"]
    geldig = geldig.isoformat() if isinstance(geldig, dt.date) else str(geldig)
    beschikbaar = spec.get("beschikbaar_op", geldig)
    beschikbaar = beschikbaar.isoformat() if isinstance(beschikbaar, dt.date) else str(beschikbaar)
    event = {
        "id": str(spec.get("id", f"{persoon}-{number}")),
        "persoon": spec.get("persoon", persoon),
        "soort": soort,
        "geldig_op": geldig,
        "beschikbaar_op": beschikbaar,
        "bron": spec.get("bron", DEFAULT_BRON.get(soort, "GM0363" if soort in MUNICIPAL else "DUO")),
        "gegevens": _plain(spec.get("gegevens", {})),
    }
    for key in ("corrigeert", "intrekking"):
        if key in spec:
            event[key] = spec[key]
    return event


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def population_of(specs: list[dict], *, persoon: str = "P1") -> Population:
    """A prepared population from short specs (one person unless the specs name others)."""
    events = [
        event_from_dict(make_event(spec, persoon=persoon, number=i + 1)) for i, spec in enumerate(specs)
    ]
    return Population(EventTables.from_events(events))


@pytest.fixture
def build():
    return population_of


@pytest.fixture
def chain(db):
    """The small chain of ``tests.chain`` in the store, with one account per role (by username)."""
    from tests import chain as small_chain

    return small_chain.build()


@pytest.fixture
def chain_tx(transactional_db):
    """The same chain for tests that need committed data (threads, a live server)."""
    from tests import chain as small_chain

    return small_chain.build()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Accounts are made per test; the production hasher (deliberately slow) would dominate the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """Callback hosts are resolved from this table (name -> addresses), never on the network: an IP address
    resolves as itself (as the real resolver does, ``0x7f000001`` included), a name only if the test adds it."""
    from inburgering.exchange import notificaties_adressen

    tabel: dict[str, list[str]] = {}

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host not in tabel:
            return socket.getaddrinfo(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in tabel[host]
        ]

    monkeypatch.setattr(notificaties_adressen, "getaddrinfo", getaddrinfo)
    return tabel


@pytest.fixture
def callback_lokaal(settings):
    """Deliveries may go to this machine (the tests' receivers listen on 127.0.0.1); by default they may not."""
    settings.INBURGERING_CALLBACK_TOEGESTAAN = ["127.0.0.1"]
