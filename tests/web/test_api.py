"""The REST API with a real client: scoping over every endpoint and role, the read log, writes, problem+json."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver
from rest_framework.test import APIClient

from inburgering.store.models import Gebeurtenis, Inzage
from inburgering.store.projection import today
from tests.chain import ACCOUNTS, SCOPE
from tests.conftest import make_event
from tests.web.test_api_notificaties import NOTIFICATIE_ENDPOINTS

PERSON_ENDPOINTS = ("api-persoon", "api-persoon-gebeurtenissen", "api-persoon-uitleg", "api-persoon-inzage")


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {user.auth_token.key}")
    return client


def _api_names() -> set[str]:
    from inburgering.web.api import urls

    return {p.name for p in urls.urlpatterns if isinstance(p, URLPattern)}


def test_every_endpoint_is_in_the_tenancy_matrix():
    """A new endpoint must be added to the matrix below, or this fails."""
    covered = {
        *PERSON_ENDPOINTS,
        "api-personen",
        "api-werklijsten",
        "api-werklijst",
        "api-gebeurtenissen",
        "api-gebeurtenissen-batch",
        "api-schema",
        "api-controles",  # tests/web/test_controles.py
        "api-controle-bevindingen",
        *NOTIFICATIE_ENDPOINTS,  # tests/web/test_api_notificaties.py
        "api-leveringen",  # tenancy in tests/exchange/test_feeds_api.py
        "api-levering",
    }
    assert _api_names() == covered
    assert get_resolver().reverse_dict  # the URLconf loads


ALLOWED = {  # per endpoint: roles that may read a person in their scope (others get 403 for that part)
    "api-persoon": set(ACCOUNTS),
    "api-persoon-gebeurtenissen": set(ACCOUNTS),
    "api-persoon-uitleg": {"duo", "gm0363", "gm0599", "inburgeraar"},
    "api-persoon-inzage": {"duo", "gm0363", "gm0599", "inburgeraar"},
}


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
@pytest.mark.parametrize("endpoint", PERSON_ENDPOINTS)
def test_person_endpoints_show_only_the_caseload(chain, username, endpoint):
    client = client_for(chain[username])
    for persoon in SCOPE["duo"]:
        response = client.get(f"/api/v1/personen/{persoon}{_suffix(endpoint)}")
        if persoon not in SCOPE[username]:
            assert response.status_code == 404, (persoon, response.content)
            assert response["Content-Type"] == "application/problem+json"
        elif username in ALLOWED[endpoint]:
            assert response.status_code == 200, (persoon, response.content)
        else:
            assert response.status_code == 403, (persoon, response.content)


def _suffix(endpoint: str) -> str:
    return {
        "api-persoon": "",
        "api-persoon-gebeurtenissen": "/gebeurtenissen",
        "api-persoon-uitleg": "/uitleg",
        "api-persoon-inzage": "/inzage",
    }[endpoint]


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_lists_and_worklists_hold_only_the_caseload(chain, username):
    client = client_for(chain[username])
    seen = {p["identificatie"] for p in client.get("/api/v1/personen?aantal=500").json()["resultaten"]}
    assert seen == SCOPE[username]
    for lijst in client.get("/api/v1/werklijsten").json():
        rows = client.get(f"/api/v1/werklijsten/{lijst['naam']}?aantal=500").json()["resultaten"]
        assert {r["persoon"] for r in rows} <= SCOPE[username], lijst["naam"]


def test_the_pip_worklist_shows_the_deadline_clock(chain):
    rows = client_for(chain["gm0363"]).get("/api/v1/werklijsten/pip_termijn").json()["resultaten"]
    assert [(r["persoon"], r["dagen"]) for r in rows] == [("A-GM0363", 10)]


def test_the_school_sees_no_residence_data(chain):
    body = client_for(chain["school"]).get("/api/v1/personen/D-SCHOOL").json()
    assert "verblijfsdoel" not in body["feiten"] and body["feiten"]["leerroute"] == "b1"
    events = client_for(chain["school"]).get("/api/v1/personen/D-SCHOOL/gebeurtenissen").json()
    assert {e["soort"] for e in events} == {
        "pip_vastgesteld",
        "aangemeld_bij_taalschool",
        "uren_geregistreerd",
    }


def test_every_dossier_read_is_logged_and_shown_to_duo_and_the_municipality(chain):
    client_for(chain["gm0363"]).get("/api/v1/personen/A-GM0363")
    client_for(chain["duo"]).get("/api/v1/personen/A-GM0363/uitleg")
    reads = list(Inzage.objects.filter(persoon_id="A-GM0363").order_by("tijdstip"))
    assert [(r.gebruiker.username, r.rol, r.organisatie, r.onderdeel, r.kanaal) for r in reads] == [
        ("gm0363", "gemeente", "GM0363", "feiten", "api"),
        ("duo", "duo", "DUO", "uitleg", "api"),
    ]
    shown = client_for(chain["gm0363"]).get("/api/v1/personen/A-GM0363/inzage").json()
    assert [r["gebruiker"] for r in shown] == ["duo", "gm0363"]
    assert client_for(chain["gm0363"]).get("/api/v1/personen/D-SCHOOL/inzage").status_code == 200


def _envelope(persoon, soort, bron="GM0363", number=1, **gegevens):
    return make_event(
        {"soort": soort, "geldig_op": today(), "bron": bron, "gegevens": gegevens},
        persoon=persoon,
        number=700 + number,
    )


def test_post_an_event_then_again_is_idempotent(chain):
    client = client_for(chain["gm0363"])
    event = _envelope("A-GM0363", "pip_vastgesteld", leerroute="b1")
    first = client.post("/api/v1/gebeurtenissen", event, format="json")
    assert first.status_code == 201 and first.json()["nieuw"] == [event["id"]]
    again = client.post("/api/v1/gebeurtenissen", event, format="json")
    assert again.status_code == 200 and again.json()["al_bekend"] == [event["id"]]
    body = client.get("/api/v1/personen/A-GM0363").json()
    assert body["feiten"]["status"] == "in_traject" and body["feiten"]["termijn_einde"]


def test_if_match_guards_against_a_stale_version(chain):
    client = client_for(chain["gm0363"])
    etag = client.get("/api/v1/personen/A-GM0363")["ETag"]
    ok = client.post(
        "/api/v1/gebeurtenissen",
        _envelope("A-GM0363", "brede_intake_gestart", number=1),
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert ok.status_code == 201
    stale = client.post(
        "/api/v1/gebeurtenissen",
        _envelope("A-GM0363", "brede_intake_afgerond", number=2),
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"


def test_a_batch_is_all_or_nothing_and_errors_name_the_item_and_field(chain):
    client = client_for(chain["gm0363"])
    good = _envelope("A-GM0363", "brede_intake_gestart", number=3)
    bad = _envelope("A-GM0363", "leerbaarheidstoets_afgenomen", number=4, score=41)
    response = client.post("/api/v1/gebeurtenissen/batch", [good, bad], format="json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["invalid_params"] == [
        {"name": "1.gegevens.score", "reason": "moet ≤ 40 zijn (kreeg 41)"}
    ]
    assert not Gebeurtenis.objects.filter(pk=good["id"]).exists()


def test_writing_outside_ones_role_is_forbidden(chain):
    response = client_for(chain["gm0599"]).post(
        "/api/v1/gebeurtenissen", _envelope("A-GM0363", "brede_intake_gestart", bron="GM0599"), format="json"
    )
    assert response.status_code == 403 and "caseload" in response.json()["detail"]
    response = client_for(chain["analist"]).post(
        "/api/v1/gebeurtenissen", _envelope("A-GM0363", "brede_intake_gestart"), format="json"
    )
    assert response.status_code == 403


def test_without_a_token_nothing_is_shown(chain):
    response = APIClient().get("/api/v1/personen")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"


def test_an_unknown_api_url_is_a_problem_document(chain):
    response = client_for(chain["duo"]).get("/api/v1/bestaat-niet")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
