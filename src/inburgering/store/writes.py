"""Writing events: validated, checked against the writer's rights, idempotent by ``id``, and with the projection of
the persons touched recomputed in the same transaction, so no reader ever sees an event without its consequences.

Two people working on one dossier cannot overwrite each other: a form carries the version of the dossier it was
filled in against (``verwacht``), and the write fails with ``VersieConflict`` if somebody wrote in between. Writes
to the same person are serialised (a row lock on PostgreSQL, the database write lock on SQLite), so concurrent
writes without an expected version are all kept and the projection reflects every one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import msgspec
from django.db import transaction

from inburgering.events.vocabulary import Event, from_columns, to_columns
from inburgering.store import projection
from inburgering.store.access import Toegang
from inburgering.store.columns import EVENT_FIELDS
from inburgering.store.models import Gebeurtenis, Persoon


class SchrijfFout(ValueError):
    """A write that was refused as a whole; nothing of it was stored."""


class VersieConflict(SchrijfFout):
    """The dossier changed after the writer read it."""

    def __init__(self, persoon: str, verwacht: int, actueel: int):
        super().__init__(
            f"het dossier van {persoon} is intussen gewijzigd (versie {actueel}, u werkte met versie {verwacht}); "
            "bekijk de wijziging en probeer het opnieuw"
        )
        self.persoon, self.verwacht, self.actueel = persoon, verwacht, actueel


@dataclass
class Resultaat:
    """What a write did: events stored, events that were already there (idempotent), versions afterwards."""

    nieuw: list[str] = field(default_factory=list)
    al_bekend: list[str] = field(default_factory=list)
    versies: dict[str, int] = field(default_factory=dict)


def _row(event: Event, user) -> Gebeurtenis:
    return Gebeurtenis(
        id=event.id,
        persoon_id=event.persoon,
        soort=event.soort,
        geldig_op=event.geldig_op,
        beschikbaar_op=event.beschikbaar_op,
        bron=event.bron,
        corrigeert=event.corrigeert,
        intrekking=event.intrekking,
        geregistreerd_door=user,
        **to_columns(event.gegevens),
    )


def as_event(row: Gebeurtenis) -> Event:
    """A stored event in the vocabulary's form (for the API and the dossier)."""
    return Event(
        id=row.id,
        persoon=row.persoon_id,
        soort=row.soort,
        geldig_op=row.geldig_op,
        beschikbaar_op=row.beschikbaar_op,
        bron=row.bron,
        gegevens=from_columns(row.soort, {name: getattr(row, name) for name in EVENT_FIELDS}),
        corrigeert=row.corrigeert,
        intrekking=row.intrekking,
    )


def _same(stored: Event, offered: Event) -> bool:
    """The same event delivered again: everything equal except ``beschikbaar_op``, which records when we first
    learned it (a re-delivery without that field would otherwise differ by its default, the time of delivery)."""
    return msgspec.structs.replace(offered, beschikbaar_op=stored.beschikbaar_op) == stored


def _check_corrections(nieuw: list[Event]) -> None:
    """Each correction names a stored or accompanying event of its own type and person (docs/events.md), so the
    store only ever holds histories that ``EventTables.from_frames`` accepts."""
    targets = {e.corrigeert for e in nieuw if e.corrigeert}
    if not targets:
        return
    known = {e.id: (e.soort, e.persoon) for e in nieuw}
    known |= {
        ident: (soort, persoon)
        for ident, soort, persoon in Gebeurtenis.objects.filter(id__in=targets).values_list(
            "id", "soort", "persoon_id"
        )
    }
    for event in nieuw:
        if event.corrigeert and known.get(event.corrigeert) != (event.soort, event.persoon):
            raise SchrijfFout(
                f"{event.id!r} corrigeert {event.corrigeert!r}, maar dat is geen gebeurtenis van dezelfde soort en "
                "persoon"
            )


def write(
    events: Sequence[Event],
    toegang: Toegang | None,
    *,
    verwacht: dict[str, int] | None = None,
) -> Resultaat:
    """Store ``events`` as one transaction, or nothing at all.

    ``toegang`` is the writer (None for a trusted bulk process such as an import run by an administrator);
    ``verwacht`` maps persons to the dossier version the writer saw. Raises ``Geweigerd`` (not allowed),
    ``VersieConflict`` or ``SchrijfFout`` (an id reused with other content, a correction that names no event of the
    same person and type)."""
    resultaat = Resultaat()
    if not events:
        return resultaat
    seen: dict[str, Event] = {}
    for event in events:
        earlier = seen.setdefault(event.id, event)
        if not _same(earlier, event):
            raise SchrijfFout(f"id {event.id!r} komt twee keer voor met verschillende inhoud")
    events = list(seen.values())
    personen = sorted({e.persoon for e in events})
    with transaction.atomic():
        if toegang is not None:
            toegang.controleer_schrijven(events, toegang.zichtbaar(personen))
        Persoon.objects.bulk_create([Persoon(identificatie=p) for p in personen], ignore_conflicts=True)
        versies = dict(
            Persoon.objects.select_for_update()
            .filter(pk__in=personen)
            .order_by("pk")
            .values_list("pk", "versie")
        )
        for persoon, versie in (verwacht or {}).items():
            if persoon in versies and versies[persoon] != versie:
                raise VersieConflict(persoon, versie, versies[persoon])
        stored = {row.id: row for row in Gebeurtenis.objects.filter(id__in=list(seen))}
        nieuw = []
        for event in events:
            row = stored.get(event.id)
            if row is None:
                nieuw.append(event)
            elif _same(as_event(row), event):
                resultaat.al_bekend.append(event.id)
            else:
                raise SchrijfFout(f"id {event.id!r} is al opgeslagen met andere inhoud; stuur een correctie")
        _check_corrections(nieuw)
        user = toegang.medewerker.gebruiker if toegang else None
        Gebeurtenis.objects.bulk_create([_row(e, user) for e in nieuw])
        geraakt = sorted({e.persoon for e in nieuw})
        for persoon in geraakt:
            versies[persoon] += 1
            Persoon.objects.filter(pk=persoon).update(versie=versies[persoon])
        projection.recompute(geraakt)
        resultaat.nieuw = [e.id for e in nieuw]
        resultaat.versies = {p: versies[p] for p in personen}
    return resultaat
