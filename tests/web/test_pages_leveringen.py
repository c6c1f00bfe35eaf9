"""The deliveries pages: a partner delivers a file from the browser (all or nothing, or with quarantine) and sees
the bad rows with line, field and message; an organisation sees only its own deliveries, DUO all of them."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inburgering.exchange.models import Levering
from inburgering.store.models import Gebeurtenis
from tests.exchange.util import csv
from tests.web.test_pages import logged_in

HEADER = "kenmerk,persoon,soort,datum"


def deliver(client, data: bytes, *, feed: str = "gemeente", quarantaine: bool = False):
    form = {"feed": feed, "bestand": SimpleUploadedFile("intake.csv", data)}
    if quarantaine:
        form["quarantaine"] = "on"
    return client.post("/leveringen/", form)


def test_a_municipality_delivers_a_file_and_sees_what_came_of_it(chain):
    client = logged_in("gm0363")
    response = deliver(client, csv(HEADER, "BI-1,A-GM0363,brede_intake_gestart,2025-04-01"))
    assert response.status_code == 302
    levering = Levering.objects.get()
    assert response["Location"] == f"/leveringen/{levering.pk}/"
    assert Gebeurtenis.objects.filter(id="gemeente/GM0363/BI-1", persoon_id="A-GM0363").exists()
    body = client.get(response["Location"]).content.decode()
    assert 'data-testid="levering-status">verwerkt<' in body and 'data-testid="levering-nieuw">1<' in body
    listing = client.get("/leveringen/").content.decode()
    assert "Leveringen" in listing and f'href="/leveringen/{levering.pk}/"' in listing  # Dutch first
    # the same file again: nothing new
    deliver(client, csv(HEADER, "BI-1,A-GM0363,brede_intake_gestart,2025-04-01"))
    assert Levering.objects.latest("id").nieuw == 0
    assert Gebeurtenis.objects.filter(id="gemeente/GM0363/BI-1").count() == 1


def test_a_bad_row_refuses_the_whole_file_and_is_shown_with_line_and_field(chain):
    client = logged_in("gm0363")
    before = Gebeurtenis.objects.count()
    data = csv(
        HEADER,
        "BI-1,A-GM0363,brede_intake_gestart,2025-04-01",
        "BI-2,A-GM0363,brede_intake_afgerond,2025-02-30",
    )
    body = client.get(deliver(client, data)["Location"]).content.decode()
    assert 'data-testid="levering-status">geweigerd<' in body
    assert re.search(r">3</th>\s*<td[^>]*><code>datum</code>", body), body  # line 3 of the file, field datum
    assert "2025-02-30 is geen bestaande d" in body
    assert Gebeurtenis.objects.count() == before


def test_quarantine_applies_the_good_rows_and_keeps_the_bad_ones(chain):
    client = logged_in("gm0363")
    data = csv(
        HEADER,
        "BI-1,A-GM0363,brede_intake_gestart,2025-04-01",
        "BI-2,A-GM0363,brede_intake_afgerond,2025-02-30",
    )
    body = client.get(deliver(client, data, quarantaine=True)["Location"]).content.decode()
    assert 'data-testid="levering-status">verwerkt<' in body and 'data-testid="levering-afgekeurd">1<' in body
    assert "BI-2" in body  # the row as delivered
    assert Gebeurtenis.objects.filter(id="gemeente/GM0363/BI-1").exists()
    assert not Gebeurtenis.objects.filter(id="gemeente/GM0363/BI-2").exists()


def test_an_organisation_sees_only_its_own_deliveries_and_duo_all(chain):
    deliver(logged_in("gm0363"), csv(HEADER, "BI-1,A-GM0363,brede_intake_gestart,2025-04-01"))
    levering = Levering.objects.get()
    other = logged_in("gm0599")
    assert other.get(f"/leveringen/{levering.pk}/").status_code == 404
    assert "intake.csv" not in other.get("/leveringen/").content.decode()
    assert logged_in("duo").get(f"/leveringen/{levering.pk}/").status_code == 200


def test_the_form_offers_only_the_feeds_the_organisation_delivers(chain):
    body = logged_in("ind").get("/leveringen/").content.decode()
    assert '<option value="ind"' in body and '<option value="gemeente"' not in body
    response = deliver(logged_in("ind"), csv(HEADER, "BI-1,A-GM0363,brede_intake_gestart,2025-04-01"))
    assert response.status_code == 200 and not Levering.objects.exists()  # not a choice: the form says so
    assert "utrecht-form-field--invalid" in response.content.decode()


def test_a_source_register_starts_on_its_deliveries(chain):
    assert logged_in("ind").get("/")["Location"] == "/leveringen/"


@pytest.mark.parametrize("username", ["analist", "inburgeraar"])
def test_roles_that_deliver_nothing_have_no_deliveries_page(chain, username):
    client = logged_in(username)
    assert client.get("/leveringen/").status_code == 403
    assert deliver(client, csv(HEADER, "BI-1,A-GM0363,brede_intake_gestart,2025-04-01")).status_code == 403
    assert not Levering.objects.exists()
