"""The reconciliation checks on small hand-made histories: found when they should be, not when they should not,
closed (not deleted) when resolved, and seen per organisation as store.access says. Dates are relative to today,
as the store's projection is evaluated on today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from inburgering.events.jsonl import event_from_dict
from inburgering.exchange.controles import (
    CONTROLES,
    OnbekendeControle,
    laatst_gedraaid,
    run,
    uren_stap,
    zichtbaar,
)
from inburgering.exchange.models import Bevinding, Controlerun
from inburgering.store.projection import today
from inburgering.store.writes import write
from tests.conftest import make_event, population_of

pytestmark = pytest.mark.django_db


def d(days: int) -> dt.date:
    return today() + dt.timedelta(days=days)


def vergunning(days: int, **gegevens) -> dict:
    return {
        "soort": "verblijfsvergunning_verleend",
        "geldig_op": d(days),
        "gegevens": {
            "verblijfsgrond": "asiel",
            "verblijfsdoel": "asiel",
            "nationaliteit": "SY",
            "geboortedatum": "1990-01-01",
            **gegevens,
        },
    }


def ingeschreven(days: int, gemeente: str = "GM0363") -> dict:
    return {"soort": "ingeschreven_in_gemeente", "geldig_op": d(days), "gegevens": {"gemeente": gemeente}}


def kennisgeving(days: int, wet: str = "Wi2021", **extra) -> dict:
    return {"soort": "kennisgeving_verzonden", "geldig_op": d(days), "gegevens": {"wet": wet}, **extra}


_counter = iter(range(1, 10**6))


def store(persoon: str, *specs: dict) -> None:
    """Write events through the normal write path (as a trusted import), each with a fresh id."""
    write(
        [event_from_dict(make_event(s, persoon=persoon, number=next(_counter))) for s in specs],
        None,
    )


def open_(code: str) -> dict[str, Bevinding]:
    return {b.persoon_id: b for b in Bevinding.objects.filter(controle=code, open=True)}


def test_obliged_without_notification_after_8_weeks_is_found_and_closed_when_it_arrives():
    store("LAAT", vergunning(-100), ingeschreven(-90))
    store("VERS", vergunning(-20), ingeschreven(-20))  # within the 8 weeks
    store("GEMELD", vergunning(-100), ingeschreven(-90), kennisgeving(-80))
    run(codes=["geen_kennisgeving"])
    found = open_("geen_kennisgeving")
    assert set(found) == {"LAAT"}
    assert found["LAAT"].sinds == d(-100) + dt.timedelta(weeks=8)
    assert found["LAAT"].gemeente == "GM0363"

    store("LAAT", kennisgeving(-1))
    [uitkomst] = run(codes=["geen_kennisgeving"])
    assert (uitkomst.open, uitkomst.nieuw, uitkomst.gesloten) == (0, 0, 1)
    gesloten = Bevinding.objects.get(controle="geen_kennisgeving", persoon_id="LAAT")
    assert not gesloten.open and gesloten.gesloten_op is not None
    assert Controlerun.objects.filter(controle="geen_kennisgeving").count() == 2


def test_a_later_peildatum_moves_the_threshold():
    store("VERS", vergunning(-20), ingeschreven(-20))
    run(d(40), codes=["geen_kennisgeving"])
    assert set(open_("geen_kennisgeving")) == {"VERS"}


def test_a_finding_still_found_is_seen_again_and_not_duplicated():
    store("LAAT", vergunning(-100), ingeschreven(-90))
    run(codes=["geen_kennisgeving"])
    eerst = Bevinding.objects.get(controle="geen_kennisgeving")
    [uitkomst] = run(codes=["geen_kennisgeving"])
    again = Bevinding.objects.get(controle="geen_kennisgeving")
    assert (uitkomst.open, uitkomst.nieuw) == (1, 0)
    assert again.pk == eerst.pk and again.eerst_gezien == eerst.eerst_gezien
    assert laatst_gedraaid("geen_kennisgeving") > eerst.laatst_gezien  # open: seen by the last run
    tweede = laatst_gedraaid("geen_kennisgeving")
    store("LAAT", kennisgeving(-1))
    run(codes=["geen_kennisgeving"])
    assert Bevinding.objects.get(pk=eerst.pk).laatst_gezien == tweede  # closed: last seen by the run before


def test_notification_under_the_wrong_law_is_found_until_corrected():
    store("FOUT", vergunning(-200), ingeschreven(-190), kennisgeving(-150, "Wi2013", id="FOUT-KG"))
    store("GOED", vergunning(-200), ingeschreven(-190), kennisgeving(-150))
    run(codes=["onjuiste_wet"])
    assert set(open_("onjuiste_wet")) == {"FOUT"}
    assert open_("onjuiste_wet")["FOUT"].sinds == d(-150)
    store("FOUT", kennisgeving(-150, "Wi2021", corrigeert="FOUT-KG"))
    run(codes=["onjuiste_wet"])
    assert open_("onjuiste_wet") == {}
    assert Bevinding.objects.filter(controle="onjuiste_wet", open=False).count() == 1


def test_registered_in_a_municipality_without_a_notification():
    # registered 70 days ago (past the 8 weeks), the permit long before: found; registered 30 days ago: not yet
    store("INGESCHREVEN", vergunning(-400), ingeschreven(-70, "GM0599"))
    store("NET", vergunning(-400), ingeschreven(-30))
    store("GEMELD", vergunning(-400), ingeschreven(-70), kennisgeving(-60))
    run(codes=["inschrijving_zonder_kennisgeving"])
    found = open_("inschrijving_zonder_kennisgeving")
    assert set(found) == {"INGESCHREVEN"}
    assert found["INGESCHREVEN"].gemeente == "GM0599"


def test_housed_without_a_pip_after_10_weeks_even_without_a_notification():
    opvang = [{"soort": "opvang_gestart", "geldig_op": d(-300)}]
    housed = lambda days: [{"soort": "opvang_beeindigd", "geldig_op": d(days)}, ingeschreven(days)]  # noqa: E731
    store("ZONDER_PIP", vergunning(-300), *opvang, *housed(-80))  # no notification: the worklist misses them
    store("NET_GEHUISVEST", vergunning(-300), *opvang, *housed(-40), kennisgeving(-200))
    store(
        "MET_PIP",
        vergunning(-300),
        *opvang,
        *housed(-80),
        kennisgeving(-200),
        {"soort": "pip_vastgesteld", "geldig_op": d(-10), "gegevens": {"leerroute": "b1"}},
    )
    run(codes=["geen_pip_na_huisvesting"])
    found = open_("geen_pip_na_huisvesting")
    assert set(found) == {"ZONDER_PIP"}
    assert found["ZONDER_PIP"].sinds == d(-80) + dt.timedelta(weeks=10)


def test_in_reception_and_linked_without_a_broad_intake_closes_when_it_starts():
    def linked(persoon: str, days: int) -> None:
        store(
            persoon,
            vergunning(-300),
            {"soort": "opvang_gestart", "geldig_op": d(-300)},
            {"soort": "gekoppeld_aan_gemeente", "geldig_op": d(days), "gegevens": {"gemeente": "GM0344"}},
            kennisgeving(-250),
        )

    linked("LANG_GEKOPPELD", -60)
    linked("NET_GEKOPPELD", -20)
    run(codes=["opvang_zonder_brede_intake"])
    assert set(open_("opvang_zonder_brede_intake")) == {"LANG_GEKOPPELD"}
    store("LANG_GEKOPPELD", {"soort": "brede_intake_gestart", "geldig_op": d(-1), "bron": "GM0344"})
    run(codes=["opvang_zonder_brede_intake"])
    assert open_("opvang_zonder_brede_intake") == {}


def _leerling(persoon: str) -> None:
    """Wi2021, a PIP, enrolled with school ABC; hours from ABC (fine) and from XYZ (no contract) 50 days ago."""
    store(
        persoon,
        vergunning(-400),
        ingeschreven(-390),
        kennisgeving(-380),
        {"soort": "pip_vastgesteld", "geldig_op": d(-320), "gegevens": {"leerroute": "b1"}},
        {"soort": "aangemeld_bij_taalschool", "geldig_op": d(-310), "gegevens": {"taalschool": "ABC"}},
        {
            "soort": "uren_geregistreerd",
            "geldig_op": d(-60),
            "bron": "TAALSCHOOL:ABC",
            "gegevens": {"urensoort": "nt2", "uren": 40},
        },
        {
            "soort": "uren_geregistreerd",
            "geldig_op": d(-50),
            "bron": "TAALSCHOOL:XYZ",
            "gegevens": {"urensoort": "nt2", "uren": 80},
        },
    )


def _stap(persoon: str, peildatum: dt.date | None = None) -> str | None:
    run(peildatum, codes=["uren_zonder_contract"])
    b = open_("uren_zonder_contract").get(persoon)
    return b and b.stap


def test_hours_without_a_contract_school_denies_refuse_and_report():
    _leerling("UREN")
    assert _stap("UREN") == "navraag_school"
    b = open_("uren_zonder_contract")["UREN"]
    assert (b.taalschool, b.sinds) == ("XYZ", d(-50))
    store("UREN", {"soort": "urenverklaring_navraag", "geldig_op": d(-5), "gegevens": {"taalschool": "XYZ"}})
    assert _stap("UREN") == "wacht_op_school"
    answer = {"contract_bekend": False}
    store(
        "UREN",
        {
            "soort": "urenverklaring_navraag_beantwoord",
            "geldig_op": d(-2),
            "bron": "TAALSCHOOL:XYZ",
            "gegevens": answer,
        },
    )
    assert _stap("UREN") == "afwijzen_en_melden"
    store(
        "UREN",
        {"soort": "urenverklaring_beoordeeld", "geldig_op": d(-1), "gegevens": {"oordeel": "afgewezen"}},
    )
    assert _stap("UREN") is None
    assert Bevinding.objects.get(controle="uren_zonder_contract").open is False


def test_hours_without_a_contract_school_silent_ask_for_proof_then_judged():
    _leerling("STIL")
    store("STIL", {"soort": "urenverklaring_navraag", "geldig_op": d(-40), "gegevens": {"taalschool": "XYZ"}})
    assert _stap("STIL", d(-30)) == "wacht_op_school"
    assert _stap("STIL") == "bewijs_vragen"  # 4 weeks passed without an answer
    store(
        "STIL",
        {
            "soort": "urenverklaring_beoordeeld",
            "geldig_op": d(-3),
            "gegevens": {"oordeel": "bewijs_gevraagd"},
        },
    )
    assert _stap("STIL") == "wacht_op_bewijs"
    store(
        "STIL",
        {"soort": "urenverklaring_beoordeeld", "geldig_op": d(-1), "gegevens": {"oordeel": "goedgekeurd"}},
    )
    assert _stap("STIL") is None


def test_hours_the_school_confirms_close_the_finding():
    _leerling("BEVESTIGD")
    store(
        "BEVESTIGD",
        {"soort": "urenverklaring_navraag", "geldig_op": d(-5), "gegevens": {"taalschool": "XYZ"}},
    )
    store(
        "BEVESTIGD",
        {
            "soort": "urenverklaring_navraag_beantwoord",
            "geldig_op": d(-2),
            "bron": "TAALSCHOOL:XYZ",
            "gegevens": {"contract_bekend": True},
        },
    )
    assert _stap("BEVESTIGD") is None


def test_an_hour_statement_without_a_known_contract_is_found_for_wi2013_too():
    store(
        "VERKLARING",
        vergunning(-2000),
        ingeschreven(-1990),
        {
            "soort": "urenverklaring_ingediend",
            "geldig_op": d(-20),
            "bron": "TAALSCHOOL:QQ",
            "gegevens": {"uren": 600, "contract_bekend": False},
        },
    )
    store(
        "MET_CONTRACT",
        vergunning(-2000),
        ingeschreven(-1990),
        {
            "soort": "urenverklaring_ingediend",
            "geldig_op": d(-20),
            "bron": "TAALSCHOOL:QQ",
            "gegevens": {"uren": 600, "contract_bekend": True},
        },
    )
    assert _stap("VERKLARING") == "navraag_school"
    assert set(open_("uren_zonder_contract")) == {"VERKLARING"}
    assert open_("uren_zonder_contract")["VERKLARING"].taalschool == "QQ"


def test_hours_of_a_wi2013_learner_without_enrolment_are_not_a_finding():
    """Under Wi2013 the person contracts the school; no municipality enrols them, so no enrolment is expected."""
    store(
        "WI2013",
        vergunning(-2000),
        ingeschreven(-1990),
        {
            "soort": "uren_geregistreerd",
            "geldig_op": d(-30),
            "bron": "TAALSCHOOL:QQ",
            "gegevens": {"urensoort": "nt2", "uren": 40},
        },
    )
    run(codes=["uren_zonder_contract"])
    assert open_("uren_zonder_contract") == {}


def test_the_hour_step_before_any_hours_is_none():
    leeg = dict.fromkeys(
        (
            "uren_zonder_aanmelding_datum",
            "urenverklaring_datum",
            "urenverklaring_beoordeeld_datum",
            "navraag_datum",
            "navraag_antwoord_datum",
        )
    )
    assert (
        uren_stap({**leeg, "wet": "Wi2021", "urenverklaring_contract_bekend": False}, d(0), lambda _: 4)
        is None
    )


def test_hour_statements_from_before_the_check_began_are_left_to_rest():
    """K-391 §3.4: DUO checks every new statement since spring 2023; earlier ones are not reopened."""
    store(
        "OUD",
        vergunning(-4000),
        ingeschreven(-3990),
        {
            "soort": "urenverklaring_ingediend",
            "geldig_op": "2022-06-01",
            "bron": "TAALSCHOOL:QQ",
            "gegevens": {"uren": 600, "contract_bekend": False},
        },
    )
    run(codes=["uren_zonder_contract"])
    assert open_("uren_zonder_contract") == {}


def test_proof_asked_straight_away_waits_for_the_proof():
    store(
        "BEWIJS",
        vergunning(-2000),
        ingeschreven(-1990),
        {
            "soort": "urenverklaring_ingediend",
            "geldig_op": d(-30),
            "bron": "TAALSCHOOL:QQ",
            "gegevens": {"uren": 600, "contract_bekend": False},
        },
        {
            "soort": "urenverklaring_beoordeeld",
            "geldig_op": d(-10),
            "gegevens": {"oordeel": "bewijs_gevraagd"},
        },
    )
    assert _stap("BEWIJS") == "wacht_op_bewijs"


def test_a_person_known_twice_by_vreemdelingennummer_until_one_permit_is_withdrawn():
    store("EEN", vergunning(-200, vreemdelingennummer="1234567890"), ingeschreven(-190))
    store("TWEE", {**vergunning(-150, vreemdelingennummer="1234567890"), "id": "TWEE-V"}, ingeschreven(-140))
    store("ANDER", vergunning(-150, vreemdelingennummer="9999999999"), ingeschreven(-140))
    run(codes=["dubbel_bekend"])
    assert set(open_("dubbel_bekend")) == {"EEN", "TWEE"}
    eerst = open_("dubbel_bekend")["EEN"].sinds
    run(d(3), codes=["dubbel_bekend"])
    assert open_("dubbel_bekend")["EEN"].sinds == eerst  # since the first run, kept while open
    store(
        "TWEE",
        {**vergunning(-150, vreemdelingennummer="1234567890"), "corrigeert": "TWEE-V", "intrekking": True},
    )
    run(codes=["dubbel_bekend"])
    assert open_("dubbel_bekend") == {}


def test_the_engine_input_hours_without_enrolment_follows_withdrawals():
    """The input the hour check reads is bitemporal like every other: a withdrawn delivery no longer counts."""
    specs = [
        vergunning(-400),
        {"soort": "aangemeld_bij_taalschool", "geldig_op": d(-300), "gegevens": {"taalschool": "ABC"}},
        {
            "soort": "uren_geregistreerd",
            "geldig_op": d(-50),
            "bron": "TAALSCHOOL:XYZ",
            "gegevens": {"urensoort": "nt2", "uren": 8},
            "id": "U1",
        },
    ]
    names = ("uren_zonder_aanmelding_datum", "uren_zonder_aanmelding_school")
    from inburgering.events.population import to_series

    values = population_of(specs).evaluate(d(0), names=names)
    assert to_series(names[1], values[names[1]]).to_list() == ["XYZ"]
    withdrawn = {**specs[2], "id": "U2", "corrigeert": "U1", "intrekking": True}
    values = population_of([*specs, withdrawn]).evaluate(d(0), names=names)
    assert to_series(names[1], values[names[1]]).to_list() == [""]
    assert to_series(names[0], values[names[0]]).to_list() == [None]


def test_unknown_check_is_refused_by_name():
    with pytest.raises(OnbekendeControle, match="onbekende controle 'nope'"):
        run(codes=["nope"])
    with pytest.raises(CommandError, match="onbekende controle"):
        call_command("controleer", check=["nope"])


def test_management_command_runs_every_check(capsys):
    store("LAAT", vergunning(-100), ingeschreven(-90))
    call_command("controleer")
    output = capsys.readouterr().out
    for code in CONTROLES:
        assert code in output
    assert Controlerun.objects.count() == len(CONTROLES)


def test_findings_are_scoped_per_organisation(chain):
    """DUO sees all; a municipality its own persons; COA those in reception; a school only hour findings about
    its own hours; analysts, source registers and the newcomer none."""
    from inburgering.store.access import toegang

    store("X-GM0599", vergunning(-100), ingeschreven(-90, "GM0599"))
    store("Y-GM0363", vergunning(-100), ingeschreven(-90, "GM0363"))
    store(
        "Z-OPVANG",
        vergunning(-100),
        {"soort": "opvang_gestart", "geldig_op": d(-100)},
        {"soort": "gekoppeld_aan_gemeente", "geldig_op": d(-90), "gegevens": {"gemeente": "GM0363"}},
    )
    _leerling("UREN-ABC")  # hours from XYZ; the chain's school is ABC
    store(
        "UREN-XYZ-ABC",
        vergunning(-2000),
        ingeschreven(-1990),
        {
            "soort": "urenverklaring_ingediend",
            "geldig_op": d(-20),
            "bron": "TAALSCHOOL:ABC",
            "gegevens": {"uren": 600, "contract_bekend": False},
        },
    )
    run()
    seen = {
        user: {
            (b.controle, b.persoon_id) for code in CONTROLES for b in zichtbaar(toegang(chain[user]), code)
        }
        for user in chain
    }
    kennis = {p for c, p in seen["duo"] if c == "geen_kennisgeving"}
    assert {"X-GM0599", "Y-GM0363", "Z-OPVANG"} <= kennis
    assert {p for _, p in seen["gm0599"]} == {"X-GM0599"}
    assert "Y-GM0363" in {p for _, p in seen["gm0363"]} and "X-GM0599" not in {p for _, p in seen["gm0363"]}
    assert {p for _, p in seen["coa"]} == {"Z-OPVANG"}
    assert seen["school"] == {("uren_zonder_contract", "UREN-XYZ-ABC")}
    assert seen["analist"] == seen["ind"] == seen["inburgeraar"] == set()


def test_the_school_asked_about_hours_may_answer_through_its_own_access(chain):
    """DUO's query puts the person in the school's caseload (store.access), so the school can answer it as
    itself; before the query it cannot write about that person."""
    from inburgering.store.access import Geweigerd, toegang

    _leerling("GEVRAAGD")  # hours from XYZ; the chain's school account is ABC
    store(
        "GEVRAAGD-2",
        vergunning(-2000),
        ingeschreven(-1990),
        {
            "soort": "urenverklaring_ingediend",
            "geldig_op": d(-20),
            "bron": "TAALSCHOOL:ABC",
            "gegevens": {"uren": 600, "contract_bekend": False},
        },
    )
    school = toegang(chain["school"])
    antwoord = event_from_dict(
        make_event(
            {
                "soort": "urenverklaring_navraag_beantwoord",
                "geldig_op": d(0),
                "bron": "TAALSCHOOL:ABC",
                "gegevens": {"contract_bekend": False},
            },
            persoon="GEVRAAGD-2",
            number=900,
        )
    )
    with pytest.raises(Geweigerd, match="caseload"):
        write([antwoord], school)
    navraag = {"soort": "urenverklaring_navraag", "geldig_op": d(-1), "gegevens": {"taalschool": "ABC"}}
    write([event_from_dict(make_event(navraag, persoon="GEVRAAGD-2", number=901))], toegang(chain["duo"]))
    write([antwoord], school)
    assert _stap("GEVRAAGD-2") == "afwijzen_en_melden"


def test_the_command_line_runs_the_checks_on_the_configured_database():
    from typer.testing import CliRunner

    from inburgering.cli.main import app

    store("FOUT", vergunning(-200), ingeschreven(-190), kennisgeving(-150, "Wi2013"))
    result = CliRunner().invoke(app, ["controleer", "--check", "onjuiste_wet"])
    assert result.exit_code == 0, result.output
    assert "onjuiste" in result.output and "Kennisgeving" in result.output  # Dutch (Rich wraps the cells)
    assert set(open_("onjuiste_wet")) == {"FOUT"}
    wrong = CliRunner().invoke(app, ["controleer", "--check", "nope"])
    assert wrong.exit_code == 2 and "onbekende controle" in wrong.output
