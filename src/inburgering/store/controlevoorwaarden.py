"""The fixed part of each reconciliation check, as a condition on the projection, so that the store keeps a partial
index for it (as it does per worklist) and a check over a million persons is an index range scan.

The checks themselves (title, definition, reason, dated thresholds, since when, who sees them) live in
``inburgering.exchange.controles``, which may import the store; the store may not import it, so the part an index
needs is declared here, once, and the checks are built on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from inburgering.law.rules.status import ACTIEF
from inburgering.store.indexvoorwaarden import een_van


@dataclass(frozen=True)
class Voorwaarde:
    """A check's fixed condition on ``Feiten`` and the date column its threshold compares (None: no date)."""

    voorwaarde: Q
    datum: str | None


_ACTIEF = een_van("status", ACTIEF)
_ZONDER_KENNISGEVING = Q(kennisgeving_datum__isnull=True) & _ACTIEF

VOORWAARDEN: dict[str, Voorwaarde] = {
    "geen_kennisgeving": Voorwaarde(_ZONDER_KENNISGEVING & Q(plicht_datum__isnull=False), "plicht_datum"),
    "onjuiste_wet": Voorwaarde(Q(signaal_kennisgeving_onjuiste_wet=True), "kennisgeving_datum"),
    "inschrijving_zonder_kennisgeving": Voorwaarde(
        _ZONDER_KENNISGEVING & ~Q(inschrijving_gemeente="") & Q(inschrijving_datum__isnull=False),
        "inschrijving_datum",
    ),
    "geen_pip_na_huisvesting": Voorwaarde(
        Q(status="wacht_op_pip", wet="Wi2021", pip_datum__isnull=True, inschrijving_datum__isnull=False),
        "inschrijving_datum",
    ),
    "opvang_zonder_brede_intake": Voorwaarde(
        Q(in_opvang=True, wet="Wi2021", brede_intake_start__isnull=True)
        & _ACTIEF
        & ~Q(gekoppelde_gemeente="")
        & Q(koppeling_datum__isnull=False),
        "koppeling_datum",
    ),
    "uren_zonder_contract": Voorwaarde(  # still obliged: once the obligation ended, the hours no longer matter
        _ACTIEF
        & (
            Q(uren_zonder_aanmelding_datum__isnull=False, wet="Wi2021")
            | Q(urenverklaring_datum__isnull=False, urenverklaring_contract_bekend=False)
        ),
        None,
    ),
    "dubbel_bekend": Voorwaarde(~Q(vreemdelingennummer=""), "vreemdelingennummer"),
}
