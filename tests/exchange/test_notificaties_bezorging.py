"""Delivering notifications to a real HTTP server on this machine (``http.server`` in a thread): what arrives,
retries with exponential backoff after failures, a permanent failure marked as failed, once-only delivery; an
internal address never connected to unless the setting allows it, and the connection made to the address that
was checked (also over HTTPS, with the certificate still checked against the URL's host name)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from inburgering.exchange import notificaties_adressen
from inburgering.exchange.models.notificaties import Abonnement, Aflevering
from inburgering.exchange.notificaties import maak
from inburgering.exchange.notificaties_bezorging import MAX_POGINGEN, bezorg, wachttijd
from inburgering.store.models import Organisatie

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
MINUUT = dt.timedelta(minutes=1)


class Ontvanger:
    """A subscriber's endpoint: answers ``fouten`` times with ``fout_status``, then 204; records every request (and
    the Host header of each). With ``tls`` (a server-side context) it answers HTTPS."""

    def __init__(self, fouten: int, fout_status: int = 503, tls: ssl.SSLContext | None = None):
        self.fouten, self.fout_status = fouten, fout_status
        self.verzoeken: list[tuple[str, str, dict]] = []
        self.hosts: list[str] = []
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                ontvanger.verzoeken.append((self.path, self.headers["Authorization"], body))
                ontvanger.hosts.append(self.headers["Host"])
                failing = len(ontvanger.verzoeken) <= ontvanger.fouten
                self.send_response(ontvanger.fout_status if failing else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/callback"
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


def test_a_failing_receiver_is_retried_with_backoff_until_it_answers(chain, callback_lokaal):
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


def test_a_receiver_that_keeps_failing_ends_as_failed_after_the_maximum(chain, callback_lokaal):
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


def test_an_unreachable_receiver_records_why(chain, callback_lokaal):
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


def test_a_claimed_delivery_is_not_sent_twice_by_a_second_process(chain, callback_lokaal):
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


def _verbindingen(monkeypatch) -> list[tuple]:
    """Every socket a delivery opens (the addresses it connects to), recorded before it is opened."""
    geopend: list[tuple] = []
    echt = socket.create_connection

    def create_connection(address, *args, **kwargs):
        geopend.append(address)
        return echt(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return geopend


@pytest.mark.parametrize("host", ["127.0.0.1", "ontvanger.gm0599.example"])
def test_an_internal_address_is_refused_and_never_connected_to(chain, dns, monkeypatch, host):
    """The receiver listens (on this machine); without the setting allowing it, no attempt reaches it, whether
    the URL names the address or a name that resolves to it. Each attempt is a failure that says why, retried
    as any other and failed after the maximum."""
    dns["ontvanger.gm0599.example"] = ["127.0.0.1"]
    geopend = _verbindingen(monkeypatch)
    with Ontvanger(fouten=0) as ontvanger:
        _subscribe(f"http://{host}:{ontvanger.port}/callback")
        maak(T0)
        assert bezorg(T0).opnieuw == 1
        aflevering = Aflevering.objects.get()
        assert aflevering.laatste_http_status is None and aflevering.pogingen == 1
        assert (
            "adres geweigerd" in aflevering.laatste_fout
            and "een intern adres (loopback)" in aflevering.laatste_fout
        )
        moment = T0
        for poging in range(1, MAX_POGINGEN):
            moment += wachttijd(poging)
            bezorg(moment)
        aflevering.refresh_from_db()
        assert (aflevering.status, aflevering.pogingen) == ("mislukt", MAX_POGINGEN)
    assert ontvanger.verzoeken == [] and geopend == []


def test_the_delivery_connects_to_the_address_it_checked(chain, dns, monkeypatch, callback_lokaal):
    """A name looked up once per delivery: the socket goes to the address that lookup gave and was checked
    (rebinding the name afterwards changes nothing), while the Host header keeps the name. The name is known only
    to the checked lookup, so a second, ordinary lookup would not even find it."""
    opzoekingen = []

    def getaddrinfo(host, port, *args, **kwargs):
        opzoekingen.append(host)
        adres = "127.0.0.1" if len(opzoekingen) == 1 else "10.0.0.66"  # rebound after the first lookup
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (adres, port))]

    monkeypatch.setattr(notificaties_adressen, "getaddrinfo", getaddrinfo)
    geopend = _verbindingen(monkeypatch)
    with Ontvanger(fouten=0) as ontvanger:
        _subscribe(f"http://gm0599.example:{ontvanger.port}/callback")
        maak(T0)
        assert bezorg(T0).bezorgd == 1
    assert opzoekingen == ["gm0599.example"] and geopend == [("127.0.0.1", ontvanger.port)]
    assert ontvanger.hosts == [f"gm0599.example:{ontvanger.port}"] and len(ontvanger.verzoeken) == 1


@pytest.fixture
def certificaat(tmp_path):
    """A self-signed certificate for the name gm0599.example (and its key), made with openssl."""
    if not shutil.which("openssl"):
        pytest.fail("openssl is needed to make the test's certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-nodes",
            "-days",
            "2",
            *("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
            *("-keyout", str(key), "-out", str(cert)),
            *("-subj", "/CN=gm0599.example", "-addext", "subjectAltName=DNS:gm0599.example"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_https_checks_the_certificate_against_the_host_name_not_the_address(
    chain, dns, monkeypatch, callback_lokaal, certificaat
):
    cert, key = certificaat
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context()
    client.load_verify_locations(cert)  # the test's certificate trusted, nothing else changed
    monkeypatch.setattr(notificaties_adressen, "TLS", client)
    dns.update({"gm0599.example": ["127.0.0.1"], "ander.example": ["127.0.0.1"]})
    with Ontvanger(fouten=0, tls=server) as ontvanger:
        _subscribe(f"https://gm0599.example:{ontvanger.port}/callback")
        _subscribe(
            f"https://ander.example:{ontvanger.port}/callback"
        )  # same address, a name not on the certificate
        maak(T0)
        assert (bezorg(T0).bezorgd, Aflevering.objects.filter(status="bezorgd").count()) == (1, 1)
    assert ontvanger.hosts == [f"gm0599.example:{ontvanger.port}"]
    fout = Aflevering.objects.get(abonnement__callback_url__contains="ander.example").laatste_fout
    assert "SSLCertVerificationError" in fout and "ander.example" in fout
