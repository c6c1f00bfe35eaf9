"""The daily job (``manage.py notificaties``) end to end against a real local receiver, the baseline option, and
putting a failed delivery back in the queue from the admin."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Notificatie
from inburgering.store.models import Organisatie
from tests.exchange.test_notificaties_bezorging import Ontvanger


def _run(*args: str) -> str:
    out = StringIO()
    call_command("notificaties", *args, stdout=out)
    return out.getvalue()


def test_the_daily_job_makes_and_delivers(chain, callback_lokaal):
    with Ontvanger(fouten=0) as ontvanger:
        Abonnement.objects.create(
            organisatie=Organisatie.objects.get(code="GM0363"),
            callback_url=ontvanger.url,
            auth="Token gm0363",
            kanalen=[{"naam": "nieuw_plichtig"}],
        )
        output = _run()
        assert "nieuw_plichtig: 5, elip: 0, correcties: 0" in output
        assert "3 bezorgd, 0 later opnieuw, 0 mislukt" in output
        assert "0 bezorgd" in _run("--bezorg")
    assert sorted(body["hoofdObject"].rsplit("/", 1)[1] for _, _, body in ontvanger.verzoeken) == [
        "A-GM0363",
        "C-OPVANG",
        "D-SCHOOL",
    ]


def test_the_baseline_makes_no_notifications(chain):
    assert "nulmeting vastgelegd (nieuw_plichtig: 0" in _run("--maak", "--nulmeting")
    assert not Notificatie.objects.exists()
    assert "nieuw_plichtig: 0" in _run("--maak")


def test_a_failed_delivery_is_put_back_in_the_queue_from_the_admin(chain):
    _run("--maak")
    abonnement = Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code="GM0599"),
        callback_url="http://127.0.0.1:9/",
        auth="x",
        kanalen=[{"naam": "nieuw_plichtig"}],
    )
    aflevering = Aflevering.objects.create(
        notificatie=Notificatie.objects.get(gemeente="GM0599"),
        abonnement=abonnement,
        status="mislukt",
        pogingen=8,
    )
    get_user_model().objects.create_superuser("beheer", password="beheer-wachtwoord-1")
    client = Client()
    client.login(username="beheer", password="beheer-wachtwoord-1")
    response = client.post(
        "/beheer/exchange/aflevering/",
        {"action": "opnieuw", "_selected_action": [aflevering.pk]},
        follow=True,
    )
    assert response.status_code == 200
    aflevering.refresh_from_db()
    assert (aflevering.status, aflevering.pogingen) == ("wacht", 0) and aflevering.volgende_poging is not None


def test_the_admin_refuses_a_callback_to_an_internal_address(chain):
    get_user_model().objects.create_superuser("beheer", password="beheer-wachtwoord-1")
    client = Client()
    client.login(username="beheer", password="beheer-wachtwoord-1")
    response = client.post(
        "/beheer/exchange/abonnement/add/",
        {
            "organisatie": Organisatie.objects.get(code="GM0363").pk,
            "callback_url": "http://169.254.169.254/latest/meta-data/",
            "auth": "x",
            "kanalen": '[{"naam": "elip"}]',
        },
    )
    assert response.status_code == 200  # the form again, not a redirect to the list
    assert "een intern adres (link-local)" in response.content.decode()
    assert not Abonnement.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_command_line_runs_the_same_job_on_the_demo_database(chain_tx, tmp_path):
    from typer.testing import CliRunner

    from inburgering.cli.main import app

    runner = CliRunner()
    missing = runner.invoke(app, ["notificaties", "maak", "--data", str(tmp_path)])
    assert missing.exit_code == 2 and "Geen database" in missing.output
    (tmp_path / "inburgering.sqlite3").touch()  # the test database stands in for the demo's
    made = runner.invoke(app, ["notificaties", "maak", "--data", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert Notificatie.objects.count() == 5
    delivered = runner.invoke(app, ["notificaties", "bezorg", "--data", str(tmp_path)])
    assert delivered.exit_code == 0 and "0 bezorgd" in delivered.output
