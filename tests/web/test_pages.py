"""The case workers' pages through Django's test client: what each role sees, reads logged, forms that write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from inburgering.store.models import Gebeurtenis, Inzage
from inburgering.store.projection import today
from tests.chain import ACCOUNTS, PASSWORD, SCOPE


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_pages_need_a_login(chain):
    response = Client().get("/werklijsten/pip_termijn/")
    assert response.status_code == 302 and response["Location"].startswith("/inloggen/")


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_each_role_opens_exactly_its_dossiers(chain, username):
    client = logged_in(username)
    for persoon in SCOPE["duo"]:
        response = client.get(f"/personen/{persoon}/")
        assert response.status_code == (200 if persoon in SCOPE[username] else 404), (username, persoon)
    reads = Inzage.objects.filter(gebruiker=chain[username], kanaal="pagina")
    assert set(reads.values_list("persoon_id", flat=True)) == SCOPE[username]


def test_the_worklist_index_counts_the_caseload(chain):
    body = logged_in("gm0363").get("/").content.decode()
    assert "PIP vast te stellen" in body  # Dutch first
    analyst = logged_in("analist").get("/")
    assert analyst.status_code == 302 and analyst["Location"] == "/aggregaten/"


def test_the_pip_worklist_shows_the_person_and_the_clock(chain):
    body = logged_in("gm0363").get("/werklijsten/pip_termijn/").content.decode()
    assert "A-GM0363" in body and "nog 10 dagen" in body
    assert "B-GM0599" not in body


def test_recording_a_pip_moves_the_person_off_the_worklist(chain):
    client = logged_in("gm0363")
    versie = client.get("/personen/A-GM0363/").context["feiten"].versie
    response = client.post(
        "/personen/A-GM0363/vastleggen/pip_vastgesteld/",
        {"geldig_op": today().isoformat(), "leerroute": "b1", "versie": versie},
    )
    assert response.status_code == 302
    event = Gebeurtenis.objects.get(persoon_id="A-GM0363", soort="pip_vastgesteld")
    assert event.bron == "GM0363" and event.geregistreerd_door == chain["gm0363"] and event.leerroute == "b1"
    assert "A-GM0363" not in client.get("/werklijsten/pip_termijn/").content.decode()
    dossier = client.get("/personen/A-GM0363/")
    assert dossier.context["feiten"].status == "in_traject" and dossier.context["feiten"].termijn_einde


def test_a_stale_form_is_refused_with_a_message(chain):
    client = logged_in("gm0363")
    versie = client.get("/personen/A-GM0363/").context["feiten"].versie
    client.post(
        "/personen/A-GM0363/vastleggen/brede_intake_gestart/",
        {"geldig_op": today().isoformat(), "versie": versie},
    )
    response = client.post(
        "/personen/A-GM0363/vastleggen/leerbaarheidstoets_afgenomen/",
        {"geldig_op": today().isoformat(), "score": 30, "versie": versie},
    )
    assert response.status_code == 400 and "Iemand anders wijzigde dit dossier" in response.content.decode()
    assert not Gebeurtenis.objects.filter(
        persoon_id="A-GM0363", soort="leerbaarheidstoets_afgenomen"
    ).exists()


def test_a_form_error_names_the_field(chain):
    client = logged_in("gm0363")
    versie = client.get("/personen/A-GM0363/").context["feiten"].versie
    response = client.post(
        "/personen/A-GM0363/vastleggen/leerbaarheidstoets_afgenomen/",
        {"geldig_op": today().isoformat(), "score": 41, "versie": versie},
    )
    assert response.status_code == 400
    assert "score" in response.context["form"].errors


def test_a_school_cannot_record_a_pip_and_sees_no_explanation(chain):
    client = logged_in("school")
    response = client.get("/personen/D-SCHOOL/")
    assert [f["soort"] for f in response.context["formulieren"]] == [
        "uren_geregistreerd",
        "urenverklaring_ingediend",
        "urenverklaring_navraag_beantwoord",  # the answer to DUO's query in the hour-statement check
    ]
    assert client.get("/personen/D-SCHOOL/uitleg/").status_code == 403
    forbidden = client.post(
        "/personen/D-SCHOOL/vastleggen/pip_vastgesteld/",
        {"geldig_op": today().isoformat(), "leerroute": "z", "versie": 1},
    )
    assert forbidden.status_code == 403


def test_aggregates_suppress_small_counts(chain):
    body = logged_in("analist").get("/aggregaten/")
    assert body.status_code == 200
    assert all(v is None or v == 0 for row in body.context["rijen"] for v in row[1:])  # 5 persons: all small


def test_english_is_available(chain):
    client = logged_in("gm0363")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "PIP to be set" in client.get("/").content.decode()


def test_the_explanation_on_another_day_and_as_known_then(chain):
    client = logged_in("gm0363")
    now = client.get("/personen/A-GM0363/uitleg/")
    assert now.status_code == 200 and "pip_termijn_binnenkort" in now.context["signalen"]
    later = client.get(
        "/personen/A-GM0363/uitleg/", {"peildatum": (today() + dt.timedelta(days=30)).isoformat()}
    )
    assert "pip_termijn_verstreken" in later.context["signalen"]
    before = client.get(
        "/personen/A-GM0363/uitleg/", {"beschikbaar_op": (today() - dt.timedelta(days=150)).isoformat()}
    )
    assert not any(e["e"].telt for e in before.context["telling"] if e["e"].soort == "kennisgeving_verzonden")
    assert Inzage.objects.filter(persoon_id="A-GM0363", onderdeel="uitleg").count() == 3


def test_the_form_page_shows_the_form_of_the_type(chain):
    response = logged_in("gm0363").get("/personen/A-GM0363/vastleggen/leerbaarheidstoets_afgenomen/")
    assert response.status_code == 200 and set(response.context["form"].fields) == {
        "geldig_op",
        "versie",
        "score",
    }


def test_the_event_history_cannot_be_changed_in_the_admin(chain):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("beheerder", password=PASSWORD)
    client = Client()
    client.force_login(admin)
    event = Gebeurtenis.objects.filter(persoon_id="A-GM0363").first()
    assert client.get("/beheer/store/gebeurtenis/").status_code == 200
    assert client.get(f"/beheer/store/gebeurtenis/{event.pk}/delete/").status_code == 403
    assert client.get("/beheer/store/organisatie/").status_code == 200


def test_the_pager_keeps_the_filters_and_order_and_drops_only_the_cursor():
    """Page 2 of a filtered list links back to page 1 of the same filters and on to page 3; page 1 has no link
    back, and the last page no link on."""
    from urllib.parse import parse_qs

    from django.test import RequestFactory

    from inburgering.web.cases.pager import pager_links

    tweede = RequestFactory().get(
        "/werklijsten/pip_termijn/", {"gemeente": "GM0363", "volgorde": "aflopend", "na": "c1"}
    )
    links = pager_links(tweede, "c2")
    assert parse_qs(links["eerste"][1:]) == {"gemeente": ["GM0363"], "volgorde": ["aflopend"]}
    assert parse_qs(links["volgende"][1:]) == {"gemeente": ["GM0363"], "volgorde": ["aflopend"], "na": ["c2"]}
    eerste = RequestFactory().get("/werklijsten/pip_termijn/", {"gemeente": "GM0363"})
    assert pager_links(eerste, "c1")["eerste"] is None
    assert pager_links(tweede, None)["volgende"] is None
