"""One person's dossier as pages and API show it: the stored events and the explanation of the facts.

The explanation is computed on request from the stored events by the same engine the projection uses, so it can
be asked for any peildatum and as known on any moment, not only for the projection's day.
"""

from __future__ import annotations

import datetime as dt

import inburgering.law as law
from inburgering.events.population import EventStatus, Population
from inburgering.events.vocabulary import Event
from inburgering.store import bulk
from inburgering.store.access import Toegang
from inburgering.store.models import Gebeurtenis
from inburgering.store.writes import as_event


def events(persoon_id: str, toegang: Toegang) -> list[tuple[Event, str]]:
    """The events of a person the user may see, oldest first, each with who registered it (empty for loads)."""
    rows = (
        Gebeurtenis.objects.filter(persoon_id=persoon_id)
        .select_related("geregistreerd_door")
        .order_by("geldig_op", "beschikbaar_op", "id")
    )
    return [
        (as_event(row), row.geregistreerd_door.get_username() if row.geregistreerd_door else "")
        for row in rows
        if toegang.mag_soort_zien(row.soort)
    ]


def explanation(
    persoon_id: str, peildatum: dt.date, beschikbaar_op: dt.date | dt.datetime | None = None
) -> tuple[law.Uitleg, list[EventStatus]]:
    """The explanation of a person's facts and the status of each event (counted or why not)."""
    population = Population(bulk.read_tables([persoon_id]))
    uitleg = population.explain(persoon_id, peildatum, beschikbaar_op)
    return uitleg, population.events(persoon_id, peildatum, beschikbaar_op)
