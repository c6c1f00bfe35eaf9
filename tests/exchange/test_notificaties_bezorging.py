"""Delivering notifications to a real HTTP server on this machine (``http.server`` in a thread): what arrives,
retries with exponential backoff after failures, a permanent failure marked as failed, once-only delivery."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from inburgering.exchange.models.notificaties import Abonnement, Aflevering
from inburgering.exchange.notificaties import maak
from inburgering.exchange.notificaties_bezorging import MAX_POGINGEN, bezorg, wachttijd
from inburgering.store.models import Organisatie

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
MINUUT = dt.timedelta(minutes=1)


class Ontvanger:
    """A subscriber's endpoint: answers ``fouten`` times with ``fout_status``, then 204; records every request."""

    def __init__(self, fouten: int, fout_status: int = 503):
        self.fouten, self.fout_status = fouten, fout_status
        self.verzoeken: list[tuple[str, str, dict]] = []
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                ontvanger.verzoeken.append((self.path, self.headers["Authorization"], body))
                failing = len(ontvanger.verzoeken) <= ontvanger.fouten
                self.send_response(ontvanger.fout_status if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/callback"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _subscribe(url: str) -> Abonnement:
    return Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code="GM0599"),
        callback_url=url,
        auth="Bearer gm0599-geheim",
        kanalen=[{"naam": "nieuw_plichtig"}],
    )


def test_a_failing_receiver_is_retried_with_backoff_until_it_answers(chain):
    with Ontvanger(fouten=2) as ontvanger:
        _subscribe(ontvanger.url)
        maak(T0)  # B-GM0599 is the one person of GM0599
        [aflevering] = Aflevering.objects.all()

        assert (bezorg(T0).opnieuw, len(ontvanger.verzoeken)) == (1, 1)
        aflevering.refresh_from_db()
        assert (aflevering.status, aflevering.pogingen, aflevering.laatste_http_status) == ("wacht", 1, 503)
        assert aflevering.volgende_poging == T0 + MINUUT and "503" in aflevering.laatste_fout

        assert bezorg(T0 + MINUUT / 2).opnieuw == 0 and len(ontvanger.verzoeken) == 1  # not due yet
        assert bezorg(T0 + MINUUT).opnieuw == 1
        aflevering.refresh_from_db()
        assert aflevering.volgende_poging == T0 + 3 * MINUUT  # waited 1, now 2 minutes

        assert bezorg(T0 + 3 * MINUUT).bezorgd == 1
        aflevering.refresh_from_db()
        assert (aflevering.status, aflevering.pogingen, aflevering.laatste_http_status) == ("bezorgd", 3, 204)
        assert aflevering.volgende_poging is None and aflevering.laatste_fout == ""

        assert bezorg(T0 + dt.timedelta(days=1)).bezorgd == 0  # delivered once, never again
    assert len(ontvanger.verzoeken) == 3
    path, auth, body = ontvanger.verzoeken[-1]
    assert (path, auth) == ("/callback", "Bearer gm0599-geheim")
    assert body["kanaal"] == "nieuw_plichtig" and body["kenmerken"]["gemeente"] == "GM0599"
    assert body["hoofdObject"].endswith("/api/v1/personen/B-GM0599")
    assert set(body) == {
        "kanaal",
        "hoofdObject",
        "resource",
        "resourceUrl",
        "actie",
        "aanmaakdatum",
        "kenmerken",
    }


def test_a_receiver_that_keeps_failing_ends_as_failed_after_the_maximum(chain):
    with Ontvanger(fouten=100, fout_status=500) as ontvanger:
        _subscribe(ontvanger.url)
        maak(T0)
        moment = T0
        for poging in range(1, MAX_POGINGEN + 1):
            telling = bezorg(moment)
            assert (telling.opnieuw, telling.mislukt) == ((1, 0) if poging < MAX_POGINGEN else (0, 1))
            moment += wachttijd(poging)
        assert bezorg(moment + dt.timedelta(days=1)).mislukt == 0
    aflevering = Aflevering.objects.get()
    assert (aflevering.status, aflevering.pogingen, aflevering.laatste_http_status) == (
        "mislukt",
        MAX_POGINGEN,
        500,
    )
    assert aflevering.volgende_poging is None
    assert len(ontvanger.verzoeken) == MAX_POGINGEN


def test_an_unreachable_receiver_records_why(chain):
    with Ontvanger(fouten=0) as ontvanger:
        url = ontvanger.url
    _subscribe(url)  # the server is gone: connection refused
    maak(T0)
    assert bezorg(T0).opnieuw == 1
    aflevering = Aflevering.objects.get()
    assert aflevering.laatste_http_status is None and "Connection refused" in aflevering.laatste_fout


@pytest.mark.parametrize("pogingen, minuten", [(1, 1), (2, 2), (3, 4), (7, 64)])
def test_the_wait_doubles(pogingen, minuten):
    assert wachttijd(pogingen) == dt.timedelta(minutes=minuten)


def test_a_claimed_delivery_is_not_sent_twice_by_a_second_process(chain):
    """A process that claimed a delivery and was killed before sending: another run leaves it alone until the
    lease ends, then sends it."""
    from inburgering.exchange.notificaties_bezorging import LEASE, _claim

    with Ontvanger(fouten=0) as ontvanger:
        _subscribe(ontvanger.url)
        maak(T0)
        assert len(_claim(T0, 10)) == 1  # claimed, then the process died
        assert bezorg(T0 + MINUUT).bezorgd == 0 and ontvanger.verzoeken == []
        assert bezorg(T0 + LEASE).bezorgd == 1
    assert len(ontvanger.verzoeken) == 1
