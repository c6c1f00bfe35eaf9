"""Delivering notifications (``notificaties bezorg``): an HTTP POST of the notification to the subscription's
callback URL with its ``Authorization`` header, retried with exponential backoff until a 2xx answer or the
maximum of attempts (then ``mislukt``, shown on the signals page and in the API).

The standard library's ``http.client`` is enough for one JSON POST with a timeout; redirects are not followed (a
notification is not re-sent to an address the subscriber did not give). Before each POST the callback URL's host
is resolved and every address it resolves to checked, and the connection goes to a checked address
(``notificaties_adressen``): a URL that leads to an internal address is a failed attempt that says why, retried
like any other failure (DNS may change back) and ``mislukt`` after the maximum, never connected to.

Deliveries are claimed before they are sent: the claim moves their next attempt one lease ahead in a short
transaction, so two delivery processes never send the same one at the same time, and one killed while sending
leaves it due again after the lease. A delivered notification is never sent again; a receiver that answered 2xx
but whose answer got lost may get it once more after the lease (at-least-once, as webhooks are), and can tell by
``hoofdObject`` and ``aanmaakdatum``.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from inburgering.exchange.models.notificaties import Aflevering
from inburgering.exchange.notificaties_adressen import AdresGeweigerd, bestemming

MAX_POGINGEN = 8
EERSTE_WACHTTIJD = dt.timedelta(
    minutes=1
)  # then 2, 4, … 64 minutes: the last attempt ~2 hours after the first
LEASE = dt.timedelta(minutes=5)
TIMEOUT = 10.0  # seconds per POST
MAX_FOUT = 500  # characters of an error kept


@dataclass(frozen=True)
class Antwoord:
    """The outcome of one POST: an HTTP status, or none with the reason (refused, timed out, …)."""

    status: int | None
    fout: str = ""

    @property
    def gelukt(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, auth: str, body: dict) -> Antwoord:
    """POST ``body`` as JSON to ``url``, if it leads to a public address (checked now, and connected to)."""
    try:
        doel = bestemming(url)
    except AdresGeweigerd as fout:
        return Antwoord(None, str(fout))
    except OSError as error:  # the host cannot be resolved (now)
        return Antwoord(None, f"{type(error).__name__}: {error}")
    verbinding = doel.verbinding(TIMEOUT)
    try:
        verbinding.request(
            "POST",
            doel.pad,
            body=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json", "Authorization": auth},
        )
        response = verbinding.getresponse()
        if 200 <= response.status < 300:
            return Antwoord(response.status)
        return Antwoord(response.status, f"HTTP {response.status} {response.reason}")
    except (OSError, http.client.HTTPException) as error:
        return Antwoord(None, f"{type(error).__name__}: {error}")
    finally:
        verbinding.close()


def wachttijd(pogingen: int) -> dt.timedelta:
    """The wait after the ``pogingen``-th failed attempt: 1, 2, 4, … minutes."""
    return EERSTE_WACHTTIJD * 2 ** (pogingen - 1)


@dataclass
class Telling:
    bezorgd: int = 0
    opnieuw: int = 0
    mislukt: int = 0


def _claim(nu: dt.datetime, limiet: int) -> list[int]:
    with transaction.atomic():
        ids = list(
            Aflevering.objects.select_for_update(skip_locked=True)
            .filter(status=Aflevering.Status.WACHT, volgende_poging__lte=nu)
            .order_by("volgende_poging", "id")
            .values_list("id", flat=True)[:limiet]
        )
        Aflevering.objects.filter(id__in=ids).update(volgende_poging=nu + LEASE)
    return ids


def bezorg(
    nu: dt.datetime | None = None,
    *,
    limiet: int = 1_000,
    verstuur: Callable[[str, str, dict], Antwoord] = post,
) -> Telling:
    """Send every delivery that is due at ``nu`` (at most ``limiet``) and record each outcome."""
    nu = nu or timezone.now()
    telling = Telling()
    ids = _claim(nu, limiet)
    for aflevering in Aflevering.objects.filter(id__in=ids).select_related("notificatie", "abonnement"):
        abonnement = aflevering.abonnement
        antwoord = verstuur(abonnement.callback_url, abonnement.auth, aflevering.notificatie.bericht())
        aflevering.pogingen += 1
        aflevering.laatste_poging = nu
        aflevering.laatste_http_status = antwoord.status
        if antwoord.gelukt:
            aflevering.status = Aflevering.Status.BEZORGD
            aflevering.volgende_poging = None
            aflevering.laatste_fout = ""
            telling.bezorgd += 1
        else:
            aflevering.laatste_fout = antwoord.fout[:MAX_FOUT]
            if aflevering.pogingen >= MAX_POGINGEN:
                aflevering.status = Aflevering.Status.MISLUKT
                aflevering.volgende_poging = None
                telling.mislukt += 1
            else:
                aflevering.volgende_poging = nu + wachttijd(aflevering.pogingen)
                telling.opnieuw += 1
        aflevering.save(
            update_fields=[
                "status",
                "pogingen",
                "volgende_poging",
                "laatste_poging",
                "laatste_http_status",
                "laatste_fout",
            ]
        )
    return telling
