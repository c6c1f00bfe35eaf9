"""Delivering notifications (``notificaties bezorg``): an HTTP POST of the notification to the subscription's
callback URL with its ``Authorization`` header, retried with exponential backoff until a 2xx answer or the
maximum of attempts (then ``mislukt``, shown on the signals page and in the API).

The standard library's ``urllib`` is enough for one JSON POST with a timeout; redirects are not followed (a
notification is not re-sent to an address the subscriber did not give). Deliveries are claimed before they are
sent: the claim moves their next attempt one lease ahead in a short transaction, so two delivery processes
never send the same one at the same time, and one killed while sending leaves it due again after the lease.
A delivered notification is never sent again; a receiver that answered 2xx but whose answer got lost may get
it once more after the lease (at-least-once, as webhooks are), and can tell by ``hoofdObject`` and
``aanmaakdatum``.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from inburgering.exchange.models.notificaties import Aflevering

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


class _GeenOmleiding(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a 3xx is answered as the error it is here


_opener = urllib.request.build_opener(_GeenOmleiding)


def post(url: str, auth: str, body: dict) -> Antwoord:
    """POST ``body`` as JSON to ``url``."""
    if not url.startswith(("http://", "https://")):
        return Antwoord(None, f"geen http(s)-adres: {url}")
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json", "Authorization": auth},
        method="POST",
    )
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            return Antwoord(response.status)
    except urllib.error.HTTPError as error:
        return Antwoord(error.code, f"HTTP {error.code} {error.reason}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reden = getattr(error, "reason", error)
        return Antwoord(None, f"{type(error).__name__}: {reden}")


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
