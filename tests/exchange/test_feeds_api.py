"""Deliveries through the API: per role who may deliver which feed and see which delivery; 201 with the summary,
422 problem+json with every bad row, idempotent re-delivery, quarantine visible afterwards."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inburgering.exchange.models import Levering
from inburgering.store.models import Feiten, Gebeurtenis
from tests.chain import ACCOUNTS
from tests.exchange.util import ORDER, csv, example
from tests.web.test_api import client_for

# Who may deliver which feed: the organisation is one of the feed's sources and its role writes every type.
DELIVERS = {
    "duo": {"duo", "examens"},
    "gm0363": {"gemeente"},
    "gm0599": {"gemeente"},
    "coa": {"coa"},
    "school": {"school"},
    "analist": set(),
    "ind": {"ind"},
    "inburgeraar": set(),
}


def upload(client, feed: str, data: bytes, name: str, quarantaine: bool = False):
    return client.post(
        "/api/v1/leveringen",
        {"feed": feed, "bestand": SimpleUploadedFile(name, data), "quarantaine": quarantaine},
        format="multipart",
    )


def test_the_matrix_names_every_account():
    assert set(DELIVERS) == set(ACCOUNTS)


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
@pytest.mark.parametrize("feed", sorted(ORDER))
def test_an_organisation_delivers_only_its_own_feeds(chain, username, feed):
    data, name = example(feed)
    response = upload(client_for(chain[username]), feed, data, name)
    if feed not in DELIVERS[username]:
        assert response.status_code == 403, response.content
        assert response["Content-Type"] == "application/problem+json"
        assert not Levering.objects.exists()
    else:
        # the example persons are not in the small chain: only DUO and the source registers make persons known
        # (store.access: COA too writes only about persons in its reception)
        assert response.status_code in (201, 422), response.content
        if response.status_code == 422:
            assert {f["melding"] for f in response.json()["fouten"]} <= {
                f"{p} hoort niet bij uw caseload" for p in ("VB-0001", "VB-0002", "VB-0003", "VB-0004")
            }
            assert username in ("gm0363", "gm0599", "school", "coa")
        else:
            assert username in ("duo", "ind")


def test_a_delivery_is_201_with_its_summary_and_again_changes_nothing(chain):
    client = client_for(chain["ind"])
    data, name = example("ind")
    first = upload(client, "ind", data, name)
    assert first.status_code == 201
    body = first.json()
    assert (body["feed"], body["bron"], body["status"], body["nieuw"], body["fouten"]) == (
        "ind",
        "IND",
        "verwerkt",
        4,
        [],
    )
    assert Feiten.objects.get(persoon_id="VB-0001").status  # the facts came with the events
    again = upload(client, "ind", data, name).json()
    assert (again["nieuw"], again["al_bekend"], again["vorige"]) == (0, 4, body["id"])
    assert Levering.objects.get(pk=body["id"]).geleverd_door == chain["ind"]


def test_a_bad_delivery_is_422_listing_every_bad_row_and_nothing_is_applied(chain):
    data = csv(
        "kenmerk,persoon,soort,datum,leerroute",
        "G1,A-GM0363,pip_vastgesteld,2025-04-14,b1",
        "G2,A-GM0363,pip_vastgesteld,2025-04-31,b1",
        "G3,A-GM0363,pip_vastgesteld,2025-04-14,b2",
        "G4,B-GM0599,pip_vastgesteld,2025-04-14,b1",  # another municipality's person
    )
    before = Gebeurtenis.objects.count()
    response = upload(client_for(chain["gm0363"]), "gemeente", data, "pip.csv")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422 and body["levering"]
    assert [(f["bestand"], f["regel"], f["veld"]) for f in body["fouten"]] == [
        ("pip.csv", 3, "datum"),
        ("pip.csv", 4, "leerroute"),
        ("pip.csv", 5, "persoon"),
    ]
    assert Gebeurtenis.objects.count() == before


def test_quarantine_applies_the_good_rows_and_shows_the_bad_ones_to_the_deliverer_and_duo(chain):
    data = csv(
        "kenmerk,persoon,soort,datum,leerroute",
        "G1,A-GM0363,pip_vastgesteld,2025-04-14,b1",
        "G2,A-GM0363,pip_vastgesteld,2025-04-31,b1",
    )
    response = upload(client_for(chain["gm0363"]), "gemeente", data, "pip.csv", quarantaine=True)
    assert response.status_code == 201
    body = response.json()
    assert (body["nieuw"], body["in_quarantaine"]) == (1, 1)
    assert Gebeurtenis.objects.filter(id="gemeente/GM0363/G1").exists()
    url = f"/api/v1/leveringen/{body['id']}"
    for username in ACCOUNTS:
        shown = client_for(chain[username]).get(url)
        listed = {r["id"] for r in client_for(chain[username]).get("/api/v1/leveringen").json()["resultaten"]}
        if username in ("gm0363", "duo"):
            assert shown.status_code == 200 and body["id"] in listed
            assert [(f["regel"], f["veld"], f["rij"]["datum"]) for f in shown.json()["fouten"]] == [
                (3, "datum", "2025-04-31")
            ]
        else:
            assert shown.status_code == 404 and body["id"] not in listed, username


def test_the_list_is_paged_newest_first(chain):
    client = client_for(chain["ind"])
    for i in range(3):
        upload(client, "ind", csv("kenmerk,persoon,datum", f"V{i},X{i},2025-01-01"), f"{i}.csv")
    first = client.get("/api/v1/leveringen?aantal=2").json()
    rest = client.get(f"/api/v1/leveringen?aantal=2&cursor={first['volgende']}").json()
    ids = [r["id"] for r in first["resultaten"] + rest["resultaten"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 3 and rest["volgende"] is None


def test_an_upload_without_a_file_or_with_an_unknown_feed_is_400(chain):
    client = client_for(chain["duo"])
    assert client.post("/api/v1/leveringen", {"feed": "duo"}, format="multipart").status_code == 400
    assert upload(client, "belasting", b"x", "x.csv").status_code == 400


def test_coa_reports_the_reception_of_a_permit_holder_the_ind_just_made_known(chain):
    """The IND's permit makes the person known; COA, whose reception they live in until a municipality houses
    them, then delivers their reception and link (before, they were outside its caseload until COA had
    reported them in reception: a deadlock)."""
    for feed, account in (("ind", "ind"), ("coa", "coa")):
        data, name = example(feed)
        response = upload(client_for(chain[account]), feed, data, name)
        assert response.status_code == 201, response.content
    assert Feiten.objects.get(persoon_id="VB-0001").gekoppelde_gemeente == "GM0363"
