"""The signals API: who may use it (DUO and municipalities), what each sees (a municipality only its own), the
subscriptions' life cycle and checks, failed deliveries shown, and the CSV files scoped and correct."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Notificatie
from inburgering.exchange.notificaties import maak
from inburgering.store.models import Organisatie
from inburgering.store.projection import today
from tests.chain import ACCOUNTS, SCOPE
from tests.exchange.test_notificaties import _elip_person

NOTIFICATIE_ENDPOINTS = (
    "api-kanalen",
    "api-abonnementen",
    "api-abonnement",
    "api-notificaties",
    "api-lijst-elip",
    "api-lijst-nieuw-plichtig",
)
SIGNALEN = {"duo", "gm0363", "gm0599"}  # the roles that use signals
GEMEENTE_VAN = {"gm0363": "GM0363", "gm0599": "GM0599"}


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {user.auth_token.key}")
    return client


def _subscribe(code: str) -> Abonnement:
    return Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code=code),
        callback_url=f"https://{code.lower()}.example/notificaties",
        auth="Bearer geheim",
        kanalen=[{"naam": "nieuw_plichtig", "filters": {}}],
    )


@pytest.fixture(autouse=True)
def _gemeenten_op_internet(dns):
    """The municipalities' receivers have public addresses (nothing here connects to them)."""
    dns.update({"gm0363.example": ["145.97.39.155"], "gm0599.example": ["2a00:1450:4001::1"]})


@pytest.fixture
def signalen(chain):
    _elip_person()
    maak()
    return chain, {code: _subscribe(code) for code in ("GM0363", "GM0599")}


def _rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_signal_endpoints_per_role(signalen, username):
    users, abonnementen = signalen
    client = client_for(users[username])
    assert client.get("/api/v1/kanalen").status_code == 200
    eigen = abonnementen["GM0363"].uuid
    urls = (
        "/api/v1/abonnementen",
        f"/api/v1/abonnementen/{eigen}",
        "/api/v1/notificaties",
        "/api/v1/lijsten/elip",
        "/api/v1/lijsten/nieuw-plichtig",
    )
    responses = {url: client.get(url) for url in urls}
    if username not in SIGNALEN:
        for url, response in responses.items():
            assert response.status_code == 403, url
            assert response["Content-Type"] == "application/problem+json"
        return
    detail = responses[f"/api/v1/abonnementen/{eigen}"]
    assert detail.status_code == (404 if username == "gm0599" else 200)
    abonnementen_gezien = {a["organisatie"] for a in responses["/api/v1/abonnementen"].json()}
    assert abonnementen_gezien == ({"GM0363", "GM0599"} if username == "duo" else {GEMEENTE_VAN[username]})
    notificaties = responses["/api/v1/notificaties"].json()["resultaten"]
    personen = {n["hoofdObject"].rsplit("/", 1)[1] for n in notificaties}
    assert personen == SCOPE[username] | ({"F-ELIP"} if username in ("duo", "gm0363") else set())
    if username != "duo":
        assert {n["kenmerken"]["gemeente"] for n in notificaties} == {GEMEENTE_VAN[username]}
        other = "GM0599" if username == "gm0363" else "GM0363"
        for url in ("/api/v1/notificaties", "/api/v1/lijsten/elip", "/api/v1/lijsten/nieuw-plichtig"):
            assert client.get(f"{url}?gemeente={other}").status_code == 403, url


def test_a_municipality_subscribes_changes_and_ends_its_subscription(signalen):
    users, _ = signalen
    client = client_for(users["gm0363"])
    body = {
        "callbackUrl": "https://gm0363.example/hook",
        "auth": "Bearer nieuw-geheim",
        "kanalen": [{"naam": "elip"}, {"naam": "correcties", "filters": {"gemeente": "GM0363"}}],
    }
    made = client.post("/api/v1/abonnementen", body, format="json")
    assert made.status_code == 201, made.content
    data = made.json()
    assert "auth" not in data and data["organisatie"] == "GM0363"
    assert data["kanalen"] == [
        {"naam": "elip", "filters": {}},
        {"naam": "correcties", "filters": {"gemeente": "GM0363"}},
    ]
    assert data["afleveringen"] == {"wacht": 0, "bezorgd": 0, "mislukt": 0}
    url = f"/api/v1/abonnementen/{data['uuid']}"
    changed = client.patch(url, {"callbackUrl": "https://gm0363.example/hook2"}, format="json")
    assert changed.status_code == 200 and changed.json()["callbackUrl"] == "https://gm0363.example/hook2"
    stored = Abonnement.objects.get(uuid=data["uuid"])
    assert stored.auth == "Bearer nieuw-geheim" and stored.kanalen == data["kanalen"]
    replaced = client.put(url, {**body, "kanalen": [{"naam": "nieuw_plichtig"}]}, format="json")
    assert replaced.status_code == 200 and [k["naam"] for k in replaced.json()["kanalen"]] == [
        "nieuw_plichtig"
    ]
    assert client_for(users["duo"]).patch(url, {"auth": "x"}, format="json").status_code == 403
    assert client_for(users["gm0599"]).delete(url).status_code == 404
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kanalen": [{"naam": "elip", "filters": {"gemeente": "GM0599"}}]}, "kanalen.0.filters.gemeente"),
        ({"kanalen": [{"naam": "radio"}]}, "kanalen.0.naam"),
        ({"kanalen": []}, "kanalen"),
        ({"callbackUrl": "ftp://gm0363.example/hook"}, "callbackUrl"),
        ({"auth": ""}, "auth"),
    ],
)
def test_a_subscription_that_may_not_be_made_is_refused_with_the_field(signalen, change, field):
    users, _ = signalen
    body = {
        "callbackUrl": "https://gm0363.example/hook",
        "auth": "Bearer x",
        "kanalen": [{"naam": "elip"}],
        **change,
    }
    response = client_for(users["gm0363"]).post("/api/v1/abonnementen", body, format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert field in {p["name"] for p in response.json()["invalid_params"]}
    assert Abonnement.objects.count() == 2


def test_the_channels_and_what_each_may_be_filtered_on(signalen):
    users, _ = signalen
    kanalen = client_for(users["coa"]).get("/api/v1/kanalen").json()
    assert {k["naam"]: k["filters"] for k in kanalen} == {
        "nieuw_plichtig": ["gemeente", "wet", "doelgroep"],
        "elip": ["gemeente", "signaal"],
        "correcties": ["gemeente", "soort"],
        "verhuizing": ["gemeente", "richting"],
    }


def test_moves_are_a_channel_for_municipalities_only(signalen):
    users, _ = signalen
    body = {
        "callbackUrl": "https://gm0363.example/hook",
        "auth": "Bearer x",
        "kanalen": [{"naam": "verhuizing"}],
    }
    duo = client_for(users["duo"]).post("/api/v1/abonnementen", body, format="json")
    assert duo.status_code == 400
    assert duo.json()["invalid_params"] == [
        {"name": "kanalen.0.naam", "reason": "kanaal verhuizing is er alleen voor gemeenten"}
    ]
    assert client_for(users["gm0363"]).post("/api/v1/abonnementen", body, format="json").status_code == 201


@pytest.mark.parametrize(
    "callback, reden",
    [
        ("http://127.0.0.1:8000/hook", "127.0.0.1 is een intern adres (loopback)"),
        ("http://[::1]/hook", "::1 is een intern adres (loopback)"),
        ("http://[::ffff:192.168.1.1]/hook", "een intern adres (privénetwerk)"),
        ("http://169.254.169.254/latest/meta-data/", "een intern adres (link-local)"),
        (
            "https://hook.gm0363.example/",
            "hook.gm0363.example wijst naar 10.0.0.5, een intern adres (privénetwerk)",
        ),
        ("https://weg.gm0363.example/", "de host weg.gm0363.example is niet te vinden"),
    ],
)
def test_a_callback_to_an_internal_address_is_refused(signalen, dns, callback, reden):
    """Refused when made and when changed, with the field and why in Dutch; the subscription stays as it was."""
    users, abonnementen = signalen
    dns["hook.gm0363.example"] = ["10.0.0.5"]
    client = client_for(users["gm0363"])
    body = {"callbackUrl": callback, "auth": "Bearer x", "kanalen": [{"naam": "elip"}]}
    made = client.post("/api/v1/abonnementen", body, format="json")
    changed = client.patch(
        f"/api/v1/abonnementen/{abonnementen['GM0363'].uuid}", {"callbackUrl": callback}, format="json"
    )
    for response in (made, changed):
        assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
        [probleem] = response.json()["invalid_params"]
        assert probleem["name"] == "callbackUrl" and reden in probleem["reason"], probleem
    assert Abonnement.objects.count() == 2
    assert (
        Abonnement.objects.get(organisatie__code="GM0363").callback_url
        == "https://gm0363.example/notificaties"
    )


def test_the_setting_allows_a_local_callback(signalen, settings):
    settings.INBURGERING_CALLBACK_TOEGESTAAN = ["127.0.0.1"]
    body = {"callbackUrl": "http://127.0.0.1:8000/hook", "auth": "Bearer x", "kanalen": [{"naam": "elip"}]}
    assert (
        client_for(signalen[0]["gm0363"]).post("/api/v1/abonnementen", body, format="json").status_code == 201
    )


def test_failed_deliveries_are_shown_on_the_subscription(signalen):
    users, abonnementen = signalen
    abonnement = abonnementen["GM0599"]
    aflevering = Aflevering.objects.create(
        notificatie=Notificatie.objects.get(gemeente="GM0599"),
        abonnement=abonnement,
        status="mislukt",
        pogingen=8,
        laatste_poging=timezone.now(),
        laatste_http_status=500,
        laatste_fout="HTTP 500 Internal Server Error",
    )
    body = client_for(users["gm0599"]).get(f"/api/v1/abonnementen/{abonnement.uuid}").json()
    assert body["afleveringen"] == {"wacht": 0, "bezorgd": 0, "mislukt": 1}
    assert body["problemen"] == [
        {
            "notificatie": aflevering.notificatie_id,
            "status": "mislukt",
            "pogingen": 8,
            "volgendePoging": None,
            "laatsteHttpStatus": 500,
            "laatsteFout": "HTTP 500 Internal Server Error",
        }
    ]


def test_the_elip_list_as_csv(signalen):
    users, _ = signalen
    response = client_for(users["gm0363"]).get("/api/v1/lijsten/elip")
    assert f'filename="elip-GM0363-{today().isoformat()}.csv"' in response["Content-Disposition"]
    einde = (today() + dt.timedelta(days=500)).isoformat()
    assert _rows(response) == [
        ["persoon", "gemeente", "signaal", "lening_besteed", "termijn_einde", "status"],
        ["F-ELIP", "GM0363", "elip", "9600.00", einde, "in_traject"],
    ]
    assert _rows(client_for(users["gm0599"]).get("/api/v1/lijsten/elip")) == [
        ["persoon", "gemeente", "signaal", "lening_besteed", "termijn_einde", "status"]
    ]
    national = _rows(client_for(users["duo"]).get("/api/v1/lijsten/elip"))
    assert [r[0] for r in national[1:]] == ["F-ELIP"]


def test_the_newly_obliged_list_as_csv(signalen):
    users, _ = signalen
    rows = _rows(client_for(users["gm0363"]).get("/api/v1/lijsten/nieuw-plichtig"))
    assert rows[0] == ["persoon", "gemeente", "wet", "doelgroep", "plicht_datum", "gemeld_op"]
    vandaag = timezone.now().date().isoformat()
    assert sorted(rows[1:]) == [
        [
            "A-GM0363",
            "GM0363",
            "Wi2021",
            "asielstatushouder",
            (today() - dt.timedelta(days=300)).isoformat(),
            vandaag,
        ],
        [
            "C-OPVANG",
            "GM0363",
            "Wi2021",
            "asielstatushouder",
            (today() - dt.timedelta(days=300)).isoformat(),
            vandaag,
        ],
        [
            "D-SCHOOL",
            "GM0363",
            "Wi2021",
            "gezinsmigrant",
            (today() - dt.timedelta(days=400)).isoformat(),
            vandaag,
        ],
        ["F-ELIP", "GM0363", "Wi2013", "gezinsmigrant", "2020-06-01", vandaag],
    ]
    later = (today() + dt.timedelta(days=1)).isoformat()
    assert len(_rows(client_for(users["gm0363"]).get(f"/api/v1/lijsten/nieuw-plichtig?sinds={later}"))) == 1
    duo = _rows(client_for(users["duo"]).get("/api/v1/lijsten/nieuw-plichtig?gemeente=GM0599"))
    assert [r[0] for r in duo[1:]] == ["B-GM0599"]


def test_notifications_are_paged_with_a_cursor(signalen):
    users, _ = signalen
    client = client_for(users["duo"])
    seen, cursor = [], None
    while True:
        page = client.get(
            "/api/v1/notificaties", {"aantal": 2, **({"cursor": cursor} if cursor else {})}
        ).json()
        seen += [n["id"] for n in page["resultaten"]]
        cursor = page["volgende"]
        if cursor is None:
            break
    assert seen == sorted(Notificatie.objects.values_list("id", flat=True))
    elip = client.get("/api/v1/notificaties?kanaal=elip").json()["resultaten"]
    assert [n["kenmerken"]["signaal"] for n in elip] == ["elip"]
