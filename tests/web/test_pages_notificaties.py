"""The signals page: Dutch first, a municipality's own notifications and subscriptions only, failed deliveries
visible, and the CSV downloads working with the page session."""

from __future__ import annotations

import pytest
from django.utils import timezone

from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Notificatie
from inburgering.exchange.notificaties import maak
from inburgering.store.models import Organisatie
from tests.web.test_pages import logged_in


@pytest.fixture
def signalen(chain):
    maak()
    abonnement = Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code="GM0363"),
        callback_url="https://gm0363.example/notificaties",
        auth="Bearer geheim",
        kanalen=[{"naam": "nieuw_plichtig"}],
    )
    Aflevering.objects.create(
        notificatie=Notificatie.objects.get(persoon="A-GM0363"),
        abonnement=abonnement,
        status="mislukt",
        pogingen=8,
        laatste_poging=timezone.now(),
        laatste_http_status=503,
        laatste_fout="HTTP 503 Service Unavailable",
    )
    return chain


def test_a_municipality_sees_its_own_signals_and_failed_deliveries(signalen):
    body = logged_in("gm0363").get("/signalen/").content.decode()
    assert "Signalen aan gemeenten GM0363" in body and "Nieuwe inburgeringsplichtigen" in body  # Dutch first
    assert "A-GM0363" in body and "D-SCHOOL" in body and "B-GM0599" not in body
    assert "HTTP 503 Service Unavailable" in body and 'data-testid="probleem-status">mislukt<' in body
    assert 'href="/api/v1/lijsten/elip?gemeente=GM0363"' in body


def test_a_move_shows_where_the_person_came_from_or_went(signalen):
    from tests.exchange.test_notificaties import _move

    _move("A-GM0363", 50, "GM0599")
    maak()
    amsterdam = logged_in("gm0363").get("/signalen/").content.decode()
    utrecht = logged_in("gm0599").get("/signalen/").content.decode()
    assert "<code>verhuizing</code>" in amsterdam  # the channel is listed, with its Dutch description
    assert "Iemand is naar de gemeente verhuisd of uit de gemeente vertrokken" in amsterdam
    assert "vertrokken naar GM0599" in amsterdam and "gekomen uit" not in amsterdam
    assert "gekomen uit GM0363" in utrecht and "vertrokken naar" not in utrecht
    # the old municipality may no longer open the dossier, so its rows name the person without a link
    assert 'href="/personen/A-GM0363/"' in utrecht and 'href="/personen/A-GM0363/"' not in amsterdam


def test_a_person_who_left_the_country_is_shown_so(signalen):
    from tests.exchange.test_notificaties import _d, _write

    _write("A-GM0363", 60, soort="vertrokken", geldig_op=_d(-1))
    maak()
    assert "vertrokken naar het buitenland" in logged_in("gm0363").get("/signalen/").content.decode()


def test_another_municipality_sees_none_of_it(signalen):
    body = logged_in("gm0599").get("/signalen/").content.decode()
    assert "B-GM0599" in body and "A-GM0363" not in body and "gm0363.example" not in body


def test_duo_chooses_a_municipality(signalen):
    body = logged_in("duo").get("/signalen/?gemeente=GM0599").content.decode()
    assert "B-GM0599" in body and "A-GM0363" not in body
    assert "gm0363.example" in body  # DUO oversees every subscription


@pytest.mark.parametrize("username", ["coa", "school", "analist", "ind", "inburgeraar"])
def test_other_roles_have_no_signals_page(signalen, username):
    assert logged_in(username).get("/signalen/").status_code == 403


def test_the_download_link_works_with_the_page_session(signalen):
    response = logged_in("gm0363").get("/api/v1/lijsten/nieuw-plichtig?gemeente=GM0363")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert len(lines) == 4 and all(",GM0363," in line for line in lines[1:])
