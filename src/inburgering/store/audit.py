"""The read log: every look at a dossier is written down with who, when, which person, in which role.

Pages and API call ``log_read`` before they show anything of a dossier, in the same request, so a read that was
shown is a read that was logged. Writes need no separate log: every event is kept forever with who wrote it
(``Gebeurtenis.geregistreerd_door``) and when (``beschikbaar_op``).
"""

from __future__ import annotations

from inburgering.store.access import Toegang
from inburgering.store.models import Inzage


def log_read(toegang: Toegang, persoon_id: str, onderdeel: str, kanaal: str) -> Inzage:
    """Record that ``toegang``'s user read part ``onderdeel`` of a person's dossier through ``kanaal``."""
    return Inzage.objects.create(
        persoon_id=persoon_id,
        gebruiker=toegang.medewerker.gebruiker,
        rol=toegang.rol,
        organisatie=toegang.code,
        onderdeel=onderdeel,
        kanaal=kanaal,
    )


def reads_of(persoon_id: str, limit: int = 200):
    """The latest reads of a dossier, newest first."""
    return (
        Inzage.objects.filter(persoon_id=persoon_id).select_related("gebruiker").order_by("-tijdstip")[:limit]
    )
