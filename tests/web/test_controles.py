"""The reconciliation pages and API over the small chain plus a few persons with findings: every role sees only
what store.access allows (the tenancy matrix of the checks), analysts only suppressed counts, and the pages are
reachable from the start page. The browser test with axe is in test_controles_browser.py."""

from __future__ import annotations

import pytest

from inburgering.exchange.controles import CONTROLES, run
from tests.chain import ACCOUNTS, PASSWORD
from tests.exchange.test_controles import _leerling, d, ingeschreven, store, vergunning
from tests.web.test_api import client_for

# Who sees which findings, besides the chain's own persons (who have none): see ``findings``.
ZIET = {
    "duo": {"X-GM0599", "Y-GM0363", "Z-OPVANG", "UREN-ABC", "W-ABC"},
    "gm0363": {"Y-GM0363", "Z-OPVANG", "UREN-ABC"},
    "gm0599": {"X-GM0599"},
    "coa": {"Z-OPVANG"},
    "school": {"W-ABC"},
    "analist": set(),
    "ind": set(),
    "inburgeraar": set(),
}


@pytest.fixture
def findings(chain):
    store("X-GM0599", vergunning(-100), ingeschreven(-90, "GM0599"))
    store("Y-GM0363", vergunning(-100), ingeschreven(-90, "GM0363"))
    store(
        "Z-OPVANG",
        vergunning(-100),
        {"soort": "opvang_gestart", "geldig_op": d(-100)},
        {"soort": "gekoppeld_aan_gemeente", "geldig_op": d(-90), "gegevens": {"gemeente": "GM0363"}},
    )
    _leerling("UREN-ABC")  # Amsterdam, hours from XYZ
    store(
        "W-ABC",
        vergunning(-2000),
        ingeschreven(-1990, "GM0344"),
        {
            "soort": "urenverklaring_ingediend",
            "geldig_op": d(-20),
            "bron": "TAALSCHOOL:ABC",
            "gegevens": {"uren": 600, "contract_bekend": False},
        },
    )
    run()
    return chain


@pytest.mark.parametrize("username", sorted(ACCOUNTS))
def test_findings_in_the_api_hold_only_what_the_role_may_see(findings, username):
    client = client_for(findings[username])
    checks = client.get("/api/v1/controles")
    assert checks.status_code == 200
    assert [c["code"] for c in checks.json()] == list(CONTROLES)
    seen = set()
    for code in CONTROLES:
        response = client.get(f"/api/v1/controles/{code}/bevindingen?aantal=500")
        if username == "analist":
            assert response.status_code == 403
            continue
        if username in ("ind",):
            assert response.status_code == 403
            continue
        assert response.status_code == 200, response.content
        seen |= {r["persoon"] for r in response.json()["resultaten"]}
    assert seen == ZIET[username]


def test_the_analyst_gets_every_municipality_with_small_counts_suppressed(findings):
    checks = client_for(findings["analist"]).get("/api/v1/controles").json()
    kennis = next(c for c in checks if c["code"] == "geen_kennisgeving")
    rows = {r["gemeente"]: r["open"] for r in kennis["per_gemeente"]}
    assert set(rows) >= {"GM0363", "GM0599", "totaal"}
    assert all(n is None or n == 0 or n >= 10 for n in rows.values())
    assert rows["GM0599"] is None  # one person: never shown


def test_a_municipality_counts_its_own_findings(findings):
    checks = client_for(findings["gm0363"]).get("/api/v1/controles").json()
    kennis = next(c for c in checks if c["code"] == "geen_kennisgeving")
    assert {r["gemeente"]: r["open"] for r in kennis["per_gemeente"]} == {"GM0363": 2, "totaal": 2}
    assert kennis["parameters"][0]["naam"] == "controle.kennisgeving_weken"
    assert kennis["parameters"][0]["waarde"] == 8


def test_keyset_pages_of_findings(findings):
    client = client_for(findings["duo"])
    first = client.get("/api/v1/controles/geen_kennisgeving/bevindingen?aantal=1").json()
    assert len(first["resultaten"]) == 1 and first["volgende"]
    second = client.get(
        f"/api/v1/controles/geen_kennisgeving/bevindingen?aantal=1&cursor={first['volgende']}"
    ).json()
    assert second["resultaten"][0]["persoon"] != first["resultaten"][0]["persoon"]
    bad = client.get("/api/v1/controles/geen_kennisgeving/bevindingen?cursor=nope")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/controles/nope/bevindingen").status_code == 404


def _login(client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


def test_pages_overview_and_worklist_per_role(findings, client):
    _login(client, "gm0363")
    start = client.get("/")
    assert 'href="/controles/"' in start.content.decode()
    overzicht = client.get("/controles/").content.decode()
    assert "Ingeschreven in een gemeente, geen kennisgeving van DUO" in overzicht  # Dutch first
    lijst = client.get("/controles/geen_kennisgeving/").content.decode()
    assert 'href="/personen/Y-GM0363/"' in lijst and "X-GM0599" not in lijst
    uren = client.get("/controles/uren_zonder_contract/").content.decode()
    assert "XYZ" in uren and "vraag de school of er een contract is" in uren
    assert client.get("/controles/nope/").status_code == 404


def test_the_analyst_sees_the_overview_but_no_worklist(findings, client):
    _login(client, "analist")
    assert client.get("/controles/").status_code == 200
    assert client.get("/controles/geen_kennisgeving/").status_code == 404


def test_the_school_sees_its_own_hour_findings_without_dossier_links(findings, client):
    _login(client, "school")
    page = client.get("/controles/uren_zonder_contract/").content.decode()
    assert "W-ABC" in page and "/personen/W-ABC/" not in page
    assert "Y-GM0363" not in client.get("/controles/geen_kennisgeving/").content.decode()


def test_the_administrator_sees_findings_and_runs_read_only(findings, client, django_user_model):
    admin = django_user_model.objects.create_superuser("beheerder", password=PASSWORD)
    client.force_login(admin)
    assert client.get("/beheer/exchange/bevinding/").status_code == 200
    assert client.get("/beheer/exchange/controlerun/").status_code == 200
    assert client.get("/beheer/exchange/bevinding/add/").status_code == 403
