"""The signals as downloadable files (CSV, UTF-8, comma-separated, a header of Dutch column names): a
municipality's ELIP list as it stands on the projection's day, and its newly-obliged persons as signalled since a
date. Both carry the pseudonymous person id and only what the list is for.

The ELIP list is read from the projection (who is on it now); the newly-obliged list from the notifications
made (what was reported then), so a person who has since moved away is not shown with their new facts to the
municipality they left.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from inburgering.exchange.models.notificaties import Kanaal, Notificatie
from inburgering.exchange.notificaties import OP_LIJST
from inburgering.store.models import Feiten

ELIP_KOLOMMEN = ("persoon", "gemeente", "signaal", "lening_besteed", "termijn_einde", "status")
NIEUW_PLICHTIG_KOLOMMEN = ("persoon", "gemeente", "wet", "doelgroep", "plicht_datum", "gemeld_op")


def _euro(cent: int) -> str:
    return f"{cent / 100:.2f}"


def elip(gemeente: str | None) -> Iterable[tuple]:
    """The persons on the ELIP list of ``gemeente`` (None: every municipality), by term end."""
    rows = Feiten.objects.filter(OP_LIJST).exclude(verantwoordelijke_gemeente="")
    if gemeente is not None:
        rows = rows.filter(verantwoordelijke_gemeente=gemeente)
    velden = (
        "persoon_id",
        "verantwoordelijke_gemeente",
        "signaal_elip",
        "lening_besteed",
        "termijn_einde",
        "status",
    )
    for persoon, gem, signaal, besteed, einde, status in rows.order_by(
        "termijn_einde", "persoon"
    ).values_list(*velden):
        yield persoon, gem, "elip" if signaal else "elip_vroeg", _euro(besteed), _datum(einde), status


def nieuw_plichtig(gemeente: str | None, sinds: dt.datetime) -> Iterable[tuple]:
    """The persons reported to ``gemeente`` (None: every municipality) as newly obliged since ``sinds``."""
    rows = Notificatie.objects.filter(kanaal=Kanaal.NIEUW_PLICHTIG, aanmaakdatum__gte=sinds)
    if gemeente is not None:
        rows = rows.filter(gemeente=gemeente)
    for persoon, gem, kenmerken, gemeld in rows.order_by("aanmaakdatum", "id").values_list(
        "persoon", "gemeente", "kenmerken", "aanmaakdatum"
    ):
        yield (
            persoon,
            gem,
            kenmerken.get("wet", ""),
            kenmerken.get("doelgroep", ""),
            kenmerken.get("plichtDatum", ""),
            gemeld.date().isoformat(),
        )


def _datum(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def csv_tekst(kolommen: tuple[str, ...], rows: Iterable[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(kolommen)
    writer.writerows(rows)
    return buffer.getvalue()
