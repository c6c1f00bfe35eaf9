"""Signals to municipalities derived from small hand-made histories: each change once, to the right
municipality only, nothing twice, and a run that fails halfway leaves nothing behind. A move is told to both
municipalities, and to nobody else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from inburgering.events.jsonl import event_from_dict
from inburgering.exchange import notificaties
from inburgering.exchange.models.notificaties import Abonnement, Aflevering, Notificatie, Signaalstand
from inburgering.exchange.notificaties import maak
from inburgering.exchange.notificaties_abonnementen import AbonnementFout, controleer_kanalen
from inburgering.store.models import Organisatie
from inburgering.store.projection import today
from inburgering.store.writes import write
from tests.conftest import make_event

T0 = dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)


def _write(persoon: str, number: int, **spec) -> None:
    write([event_from_dict(make_event(spec, persoon=persoon, number=number))], None)


def _d(days: int) -> str:
    return (today() + dt.timedelta(days=days)).isoformat()


def _made(kanaal: str, since: int = 0) -> set[tuple]:
    return {
        (n.persoon, n.gemeente, n.actie)
        for n in Notificatie.objects.filter(kanaal=kanaal).order_by("id")[since:]
    }


def _elip_person(persoon: str = "F-ELIP", totaal: str = "9600") -> None:
    """A Wi2013 family migrant in Amsterdam with an extended term and most of the loan used."""
    specs = [
        {
            "soort": "verblijfsvergunning_verleend",
            "geldig_op": "2020-06-01",
            "gegevens": {
                "verblijfsgrond": "regulier",
                "verblijfsdoel": "gezinsvorming",
                "nationaliteit": "MA",
                "geboortedatum": "1990-01-01",
                "mvv": True,
            },
        },
        {"soort": "ingeschreven_in_gemeente", "geldig_op": "2020-06-10", "gegevens": {"gemeente": "GM0363"}},
        {"soort": "kennisgeving_verzonden", "geldig_op": "2020-07-01", "gegevens": {"wet": "Wi2013"}},
        {
            "soort": "verlenging_verleend",
            "geldig_op": _d(-100),
            "gegevens": {"grond": "ziekte", "tot": _d(500)},
        },
        {"soort": "lening_besteed", "geldig_op": _d(-10), "gegevens": {"totaal": totaal}},
    ]
    write([event_from_dict(make_event(s, persoon=persoon, number=i + 1)) for i, s in enumerate(specs)], None)


def test_the_first_run_signals_every_obliged_person_to_their_municipality_only(chain):
    assert maak(T0) == {"nieuw_plichtig": 5, "elip": 0, "correcties": 0, "verhuizing": 0}
    assert _made("nieuw_plichtig") == {
        ("A-GM0363", "GM0363", "create"),
        ("C-OPVANG", "GM0363", "create"),  # still in reception, linked to Amsterdam
        ("D-SCHOOL", "GM0363", "create"),
        ("B-GM0599", "GM0599", "create"),
        ("E-GM0344", "GM0344", "create"),
    }
    bericht = Notificatie.objects.get(persoon="A-GM0363").bericht()
    assert bericht == {
        "kanaal": "nieuw_plichtig",
        "hoofdObject": "http://127.0.0.1:8000/api/v1/personen/A-GM0363",
        "resource": "persoon",
        "resourceUrl": "http://127.0.0.1:8000/api/v1/personen/A-GM0363",
        "actie": "create",
        "aanmaakdatum": "2026-03-02T06:00:00Z",
        "kenmerken": {
            "gemeente": "GM0363",
            "wet": "Wi2021",
            "doelgroep": "asielstatushouder",
            "plichtDatum": _d(-300),
        },
    }


def test_a_second_run_signals_nothing_again(chain):
    maak(T0)
    assert maak(T0 + dt.timedelta(days=1)) == {
        "nieuw_plichtig": 0,
        "elip": 0,
        "correcties": 0,
        "verhuizing": 0,
    }
    assert Notificatie.objects.count() == 5


def test_a_move_is_news_for_the_new_municipality(chain):
    maak(T0)
    _write(
        "A-GM0363", 50, soort="ingeschreven_in_gemeente", geldig_op=_d(-1), gegevens={"gemeente": "GM0599"}
    )
    assert maak(T0 + dt.timedelta(days=1))["nieuw_plichtig"] == 1
    assert _made("nieuw_plichtig", since=5) == {("A-GM0363", "GM0599", "create")}


def test_corrections_and_withdrawals_go_to_the_persons_municipality_once(chain):
    maak(T0)
    # A's notification said Wi2021: corrected (same law, other date); E's reception start withdrawn
    _write(
        "A-GM0363",
        51,
        soort="kennisgeving_verzonden",
        geldig_op=_d(-99),
        gegevens={"wet": "Wi2021"},
        corrigeert="A-GM0363-4",
    )
    _write(
        "E-GM0344", 51, soort="opvang_gestart", geldig_op=_d(-300), corrigeert="E-GM0344-2", intrekking=True
    )
    # a correction of medical advice is not for a municipality
    _write(
        "B-GM0599",
        52,
        soort="medisch_advies_uitgebracht",
        geldig_op=_d(-5),
        gegevens={"permanent_niet_in_staat": False},
    )
    _write(
        "B-GM0599",
        53,
        soort="medisch_advies_uitgebracht",
        geldig_op=_d(-5),
        gegevens={"permanent_niet_in_staat": True},
        corrigeert="B-GM0599-52",
    )
    assert maak(T0 + dt.timedelta(days=1))["correcties"] == 2
    assert _made("correcties") == {("A-GM0363", "GM0363", "update"), ("E-GM0344", "GM0344", "destroy")}
    withdrawal = Notificatie.objects.get(kanaal="correcties", persoon="E-GM0344")
    assert withdrawal.kenmerken == {
        "gemeente": "GM0344",
        "soort": "opvang_gestart",
        "gebeurtenis": "E-GM0344-51",
        "corrigeert": "E-GM0344-2",
    }
    assert withdrawal.resource_url.endswith("/api/v1/personen/E-GM0344/gebeurtenissen")
    assert Signaalstand.objects.filter(kanaal="correcties", sleutel="B-GM0599-53", gemeente="").exists()
    assert maak(T0 + dt.timedelta(days=2))["correcties"] == 0


def test_the_elip_list_signals_who_comes_on_it_and_again_after_leaving(chain):
    _elip_person()
    first = maak(T0)
    assert first["elip"] == 1 and _made("elip") == {("F-ELIP", "GM0363", "create")}
    assert Notificatie.objects.get(kanaal="elip").kenmerken == {
        "gemeente": "GM0363",
        "signaal": "elip",
        "termijnEinde": _d(500),
    }
    assert maak(T0 + dt.timedelta(days=1))["elip"] == 0
    # DUO corrects the amount used: off the list
    _write(
        "F-ELIP",
        6,
        soort="lening_besteed",
        geldig_op=_d(-10),
        gegevens={"totaal": "5000"},
        corrigeert="F-ELIP-5",
    )
    assert maak(T0 + dt.timedelta(days=2))["elip"] == 0
    assert not Signaalstand.objects.filter(kanaal="elip").exists()
    _write("F-ELIP", 7, soort="lening_besteed", geldig_op=_d(-1), gegevens={"totaal": "9800"})
    assert maak(T0 + dt.timedelta(days=3))["elip"] == 1
    assert Notificatie.objects.filter(kanaal="elip", persoon="F-ELIP").count() == 2


def test_a_baseline_records_the_present_without_notifying(chain):
    _elip_person()
    assert maak(T0, nulmeting=True) == {"nieuw_plichtig": 0, "elip": 0, "correcties": 0, "verhuizing": 0}
    assert not Notificatie.objects.exists()
    assert maak(T0 + dt.timedelta(days=1)) == {
        "nieuw_plichtig": 0,
        "elip": 0,
        "correcties": 0,
        "verhuizing": 0,
    }
    _write(
        "B-GM0599", 60, soort="ingeschreven_in_gemeente", geldig_op=_d(-1), gegevens={"gemeente": "GM0344"}
    )
    assert _made("nieuw_plichtig") == set()
    assert maak(T0 + dt.timedelta(days=2))["nieuw_plichtig"] == 1


def test_a_run_that_fails_halfway_leaves_nothing_and_the_next_completes_it(chain, monkeypatch):
    _subscribe("GM0363", [{"naam": "nieuw_plichtig"}])

    def kapot(*args):
        raise RuntimeError("stroom weg")

    with monkeypatch.context() as m:
        m.setattr(notificaties, "_fanout", kapot)
        with pytest.raises(RuntimeError):
            maak(T0)
    assert not Notificatie.objects.exists() and not Signaalstand.objects.exists()
    assert maak(T0)["nieuw_plichtig"] == 5
    assert maak(T0 + dt.timedelta(hours=1))["nieuw_plichtig"] == 0
    assert Notificatie.objects.count() == 5 and Aflevering.objects.count() == 3


def _subscribe(code: str, kanalen: list[dict]) -> Abonnement:
    return Abonnement.objects.create(
        organisatie=Organisatie.objects.get(code=code),
        callback_url=f"http://ontvanger.invalid/{code}",
        auth="Bearer geheim",
        kanalen=kanalen,
    )


def test_each_subscription_receives_only_its_own_persons_and_channels(chain):
    amsterdam = _subscribe("GM0363", [{"naam": "nieuw_plichtig"}, {"naam": "correcties"}])
    utrecht = _subscribe("GM0599", [{"naam": "elip"}])
    duo = _subscribe("DUO", [{"naam": "nieuw_plichtig", "filters": {"gemeente": "GM0344"}}])
    # edited past the API's checks (in the admin): still nothing of another municipality
    sneaky = _subscribe("GM0599", [{"naam": "nieuw_plichtig", "filters": {"gemeente": "GM0363"}}])
    coa = _subscribe("COA", [{"naam": "nieuw_plichtig"}])
    maak(T0)
    received = {
        a.pk: {n.persoon for n in Notificatie.objects.filter(afleveringen__abonnement=a)}
        for a in (amsterdam, utrecht, duo, sneaky, coa)
    }
    assert received == {
        amsterdam.pk: {"A-GM0363", "C-OPVANG", "D-SCHOOL"},
        utrecht.pk: set(),
        duo.pk: {"E-GM0344"},
        sneaky.pk: set(),
        coa.pk: set(),
    }
    assert set(Aflevering.objects.values_list("status", "pogingen").distinct()) == {("wacht", 0)}
    assert all(a.volgende_poging == T0 for a in Aflevering.objects.all())


def test_subscriptions_are_checked_for_channel_filters_and_own_municipality(chain):
    gemeente = Organisatie.objects.get(code="GM0363")
    assert controleer_kanalen(gemeente, [{"naam": "elip", "filters": {"gemeente": "GM0363"}}]) == [
        {"naam": "elip", "filters": {"gemeente": "GM0363"}}
    ]
    cases = [
        (
            [{"naam": "elip", "filters": {"gemeente": "GM0599"}}],
            "kanalen.0.filters.gemeente",
            "eigen inwoners",
        ),
        ([{"naam": "radio"}], "kanalen.0.naam", "onbekend kanaal"),
        ([{"naam": "elip"}, {"naam": "elip"}], "kanalen.1.naam", "twee keer"),
        ([{"naam": "elip", "filters": {"wet": "Wi2013"}}], "kanalen.0.filters.wet", "niet filteren"),
        ([], "kanalen", "ten minste"),
    ]
    for kanalen, veld, bericht in cases:
        with pytest.raises(AbonnementFout, match=bericht) as fout:
            controleer_kanalen(gemeente, kanalen)
        assert fout.value.veld == veld
    duo = Organisatie.objects.get(code="DUO")
    assert controleer_kanalen(duo, [{"naam": "elip", "filters": {"gemeente": "GM0599"}}])


def test_the_run_is_recorded(chain):
    from inburgering.exchange.models.notificaties import Signaalrun

    maak(T0)
    run = Signaalrun.objects.get()
    assert run.moment == T0 and run.aantallen["nieuw_plichtig"] == 5 and run.peildatum == today()
    assert timezone.is_aware(run.moment)


def _verhuizingen(since: int = 0) -> list[tuple[str, str, dict]]:
    return [
        (n.persoon, n.gemeente, n.kenmerken)
        for n in Notificatie.objects.filter(kanaal="verhuizing").order_by("id")[since:]
    ]


def _move(persoon: str, number: int, gemeente: str) -> None:
    _write(
        persoon, number, soort="ingeschreven_in_gemeente", geldig_op=_d(-1), gegevens={"gemeente": gemeente}
    )


def _kenmerken(gemeente: str, richting: str, vorige: str, nieuwe: str, buitenland: bool = False) -> dict:
    return {
        "gemeente": gemeente,
        "richting": richting,
        "vorigeGemeente": vorige,
        "nieuweGemeente": nieuwe,
        "naarBuitenland": buitenland,
    }


def test_a_move_is_told_to_both_municipalities_once_and_its_withdrawal_again(chain):
    assert maak(T0)["verhuizing"] == 0  # everyone seen for the first time: nobody moved
    assert Signaalstand.objects.filter(kanaal="verhuizing").count() == 5
    _move("A-GM0363", 50, "GM0599")
    assert maak(T0 + dt.timedelta(days=1))["verhuizing"] == 2
    assert sorted(_verhuizingen()) == [
        ("A-GM0363", "GM0363", _kenmerken("GM0363", "uit", "GM0363", "GM0599")),
        ("A-GM0363", "GM0599", _kenmerken("GM0599", "in", "GM0363", "GM0599")),
    ]
    bericht = Notificatie.objects.filter(kanaal="verhuizing").first().bericht()
    assert (bericht["resource"], bericht["actie"]) == ("persoon", "update")
    assert (
        bericht["hoofdObject"] == bericht["resourceUrl"] == "http://127.0.0.1:8000/api/v1/personen/A-GM0363"
    )

    assert maak(T0 + dt.timedelta(days=2))["verhuizing"] == 0
    # the BRP withdraws the registration: back in Amsterdam, which both hear again
    _write(
        "A-GM0363",
        51,
        soort="ingeschreven_in_gemeente",
        geldig_op=_d(-1),
        gegevens={"gemeente": "GM0599"},
        corrigeert="A-GM0363-50",
        intrekking=True,
    )
    assert maak(T0 + dt.timedelta(days=3))["verhuizing"] == 2
    assert sorted(_verhuizingen(since=2)) == [
        ("A-GM0363", "GM0363", _kenmerken("GM0363", "in", "GM0599", "GM0363")),
        ("A-GM0363", "GM0599", _kenmerken("GM0599", "uit", "GM0599", "GM0363")),
    ]
    assert maak(T0 + dt.timedelta(days=4))["verhuizing"] == 0


def test_leaving_the_country_is_told_to_the_municipality_left_as_a_move_abroad(chain):
    """Emigration (BRP: vertrokken) ends the obligation and leaves the responsible municipality as it was (the
    monitor counts the outflow per municipality); the municipality still hears that the person left its
    caseload, for the country, and nobody else hears anything."""
    maak(T0)
    _write("A-GM0363", 60, soort="vertrokken", geldig_op=_d(-1))
    assert maak(T0 + dt.timedelta(days=1))["verhuizing"] == 1
    assert _verhuizingen() == [("A-GM0363", "GM0363", _kenmerken("GM0363", "uit", "GM0363", "", True))]
    assert Signaalstand.objects.get(kanaal="verhuizing", sleutel="A-GM0363").gemeente == ""
    assert maak(T0 + dt.timedelta(days=2))["verhuizing"] == 0


def test_between_two_runs_only_the_first_and_the_last_municipality_count(chain):
    maak(T0)
    _write(
        "A-GM0363", 50, soort="ingeschreven_in_gemeente", geldig_op=_d(-3), gegevens={"gemeente": "GM0599"}
    )
    _write(
        "A-GM0363", 51, soort="ingeschreven_in_gemeente", geldig_op=_d(-2), gegevens={"gemeente": "GM0344"}
    )
    # and B away and back again
    _write(
        "B-GM0599", 50, soort="ingeschreven_in_gemeente", geldig_op=_d(-3), gegevens={"gemeente": "GM0363"}
    )
    _write(
        "B-GM0599", 51, soort="ingeschreven_in_gemeente", geldig_op=_d(-2), gegevens={"gemeente": "GM0599"}
    )
    assert maak(T0 + dt.timedelta(days=1))["verhuizing"] == 2
    assert sorted(_verhuizingen()) == [
        ("A-GM0363", "GM0344", _kenmerken("GM0344", "in", "GM0363", "GM0344")),
        ("A-GM0363", "GM0363", _kenmerken("GM0363", "uit", "GM0363", "GM0344")),
    ]


def test_without_a_municipality_only_the_side_with_one_hears(chain):
    maak(T0)
    # D's only registration withdrawn: no municipality any more; later a registration in Den Haag
    _write(
        "D-SCHOOL",
        50,
        soort="ingeschreven_in_gemeente",
        geldig_op=_d(-390),
        gegevens={"gemeente": "GM0363"},
        corrigeert="D-SCHOOL-2",
        intrekking=True,
    )
    assert maak(T0 + dt.timedelta(days=1))["verhuizing"] == 1
    assert _verhuizingen() == [("D-SCHOOL", "GM0363", _kenmerken("GM0363", "uit", "GM0363", ""))]
    assert Signaalstand.objects.get(kanaal="verhuizing", sleutel="D-SCHOOL").gemeente == ""
    _move("D-SCHOOL", 51, "GM0518")
    assert maak(T0 + dt.timedelta(days=2))["verhuizing"] == 1
    assert _verhuizingen(since=1) == [("D-SCHOOL", "GM0518", _kenmerken("GM0518", "in", "", "GM0518"))]


def test_a_person_seen_for_the_first_time_did_not_move(chain):
    maak(T0)
    _write(
        "G-NIEUW",
        1,
        soort="verblijfsvergunning_verleend",
        geldig_op=_d(-30),
        gegevens={
            "verblijfsgrond": "regulier",
            "verblijfsdoel": "gezinsvorming",
            "nationaliteit": "MA",
            "geboortedatum": "1990-01-01",
            "mvv": True,
        },
    )
    _move("G-NIEUW", 2, "GM0344")
    aantallen = maak(T0 + dt.timedelta(days=1))
    assert (aantallen["verhuizing"], aantallen["nieuw_plichtig"]) == (0, 1)
    assert Signaalstand.objects.get(kanaal="verhuizing", sleutel="G-NIEUW").gemeente == "GM0344"


def test_many_first_sights_refresh_the_statistics_postgresql_plans_the_next_run_with(chain, monkeypatch):
    """On PostgreSQL the catalogue's row count of the state is the one the run ended with (ANALYZE ran after every
    channel's rows were in; the next runs are planned with it); SQLite keeps no such statistics, and there the
    run just has to work."""
    monkeypatch.setattr(notificaties, "ANALYSEREN_VANAF", 0)
    maak(T0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Signaalstand._meta.db_table])
            assert (
                cursor.fetchone()[0]
                == Signaalstand.objects.count()
                > Signaalstand.objects.filter(kanaal="verhuizing").count()
            )


def test_the_baseline_records_where_everyone_is_so_that_the_next_move_is_news(chain):
    assert maak(T0, nulmeting=True)["verhuizing"] == 0
    assert dict(Signaalstand.objects.filter(kanaal="verhuizing").values_list("sleutel", "gemeente")) == {
        "A-GM0363": "GM0363",
        "B-GM0599": "GM0599",
        "C-OPVANG": "GM0363",
        "D-SCHOOL": "GM0363",
        "E-GM0344": "GM0344",
    }
    _move("B-GM0599", 50, "GM0344")
    assert maak(T0 + dt.timedelta(days=1), nulmeting=True)["verhuizing"] == 0  # recorded, not told
    assert not Notificatie.objects.exists()
    assert maak(T0 + dt.timedelta(days=2))["verhuizing"] == 0
    _move("B-GM0599", 51, "GM0599")
    assert maak(T0 + dt.timedelta(days=3))["verhuizing"] == 2


def test_moves_are_for_the_two_municipalities_only(chain):
    amsterdam = _subscribe("GM0363", [{"naam": "verhuizing"}])
    utrecht = _subscribe("GM0599", [{"naam": "verhuizing", "filters": {"richting": "in"}}])
    utrecht_weg = _subscribe("GM0599", [{"naam": "verhuizing", "filters": {"richting": "uit"}}])
    # made past the API's checks (in the admin): DUO and COA still receive no move
    duo = _subscribe("DUO", [{"naam": "verhuizing"}])
    coa = _subscribe("COA", [{"naam": "verhuizing"}])
    maak(T0)
    _move("A-GM0363", 50, "GM0599")
    _move("E-GM0344", 50, "GM0518")  # a move between two others: none of the subscribers hears it
    assert maak(T0 + dt.timedelta(days=1))["verhuizing"] == 4
    received = {
        a.pk: [
            (n.persoon, n.kenmerken["richting"])
            for n in Notificatie.objects.filter(afleveringen__abonnement=a)
        ]
        for a in (amsterdam, utrecht, utrecht_weg, duo, coa)
    }
    assert received == {
        amsterdam.pk: [("A-GM0363", "uit")],
        utrecht.pk: [("A-GM0363", "in")],
        utrecht_weg.pk: [],
        duo.pk: [],
        coa.pk: [],
    }


def test_duo_may_not_subscribe_to_moves(chain):
    duo = Organisatie.objects.get(code="DUO")
    with pytest.raises(AbonnementFout, match="alleen voor gemeenten") as fout:
        controleer_kanalen(duo, [{"naam": "elip"}, {"naam": "verhuizing"}])
    assert fout.value.veld == "kanalen.1.naam"
    gemeente = Organisatie.objects.get(code="GM0363")
    assert controleer_kanalen(gemeente, [{"naam": "verhuizing", "filters": {"richting": "uit"}}])
