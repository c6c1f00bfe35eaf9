"""The standard tables not covered by test_monitor.py, each on a small hand-made history whose answer is worked
out by hand in the comments: ELIP, term overruns and fines, lead times, dispensations, PIP timeliness, deviation
from the learnability test and the comparison of municipalities."""

from __future__ import annotations

import datetime as dt

import polars as pl

from inburgering.monitor.basis import Peiling
from inburgering.monitor.report import compute
from inburgering.monitor.suppress import TOTAAL
from tests.conftest import population_of
from tests.monitor.test_monitor import PEILDATUM, _asylum


def _tables(events: list[dict], peildatum: dt.date, *namen: str) -> dict[str, pl.DataFrame]:
    return compute(population_of(events), Peiling(peildatum), drempel=1, namen=list(namen))


def _wi2013(persoon: str, vergunning: str, *, asiel: bool = True) -> list[dict]:
    """Permit and notice under the Wi2013 (the obligation arose before 2022): the term is three years from the
    permit."""
    gegevens = (
        {"verblijfsgrond": "asiel", "verblijfsdoel": "asiel", "nationaliteit": "SY"}
        if asiel
        else {"verblijfsgrond": "regulier", "verblijfsdoel": "gezinshereniging", "nationaliteit": "IN"}
    )
    kennisgeving = (dt.date.fromisoformat(vergunning) + dt.timedelta(days=30)).isoformat()
    return [
        {
            "persoon": persoon,
            "soort": "verblijfsvergunning_verleend",
            "geldig_op": vergunning,
            "gegevens": gegevens | {"geboortedatum": "1988-05-05"},
        },
        {
            "persoon": persoon,
            "soort": "kennisgeving_verzonden",
            "geldig_op": kennisgeving,
            "gegevens": {"wet": "Wi2013"},
        },
    ]


def _event(persoon: str, soort: str, geldig_op: str, bron: str | None = None, **gegevens) -> dict:
    event = {"persoon": persoon, "soort": soort, "geldig_op": geldig_op, "gegevens": gegevens}
    return event | ({"bron": bron} if bron else {})


def _lening(persoon: str, datum: str, totaal: str) -> dict:
    return _event(persoon, "lening_besteed", datum, totaal=totaal)


def test_elip_counts_asylum_migrants_under_the_wi2013_by_cohort_with_and_without_the_early_signal():
    events = [
        # cohort 2021, EUR 9,600: ELIP; the term ends on 29 February 2024, within 12 months of the peildatum
        *_wi2013("E1", "2021-03-01"),
        _lening("E1", "2022-06-01", "9600.00"),
        # cohort 2021, EUR 7,800 and less than 12 months left: the early signal only
        *_wi2013("E2", "2021-03-01"),
        _lening("E2", "2022-06-01", "7800.00"),
        # cohort 2019, EUR 9,600 but exempted: no longer obliged, so in neither
        *_wi2013("E3", "2019-06-01"),
        _lening("E3", "2021-06-01", "9600.00"),
        _event("E3", "vrijstelling_verleend", "2022-01-10", grond="diploma"),
        # a family migrant with EUR 9,600: ELIP as a signal, but the table counts asylum migrants (S4)
        *_wi2013("E4", "2021-03-01", asiel=False),
        _lening("E4", "2022-06-01", "9600.00"),
        # cohort 2019, EUR 9,600, the term overrun in 2022 and still obliged: ELIP, no early signal (no term left)
        *_wi2013("E5", "2019-06-01"),
        _lening("E5", "2021-06-01", "9600.00"),
    ]
    elip = _tables(events, dt.date(2023, 5, 1), "elip")["elip"]
    assert elip.select("cohort", "elip", "elip_en_vroeg").rows() == [
        ("2019", 1, 1),
        ("2021", 1, 2),
        (TOTAAL, 2, 3),
    ]


def test_term_overruns_and_fines_per_law():
    events = [
        # term to 31 August 2022, no exams passed, no fine: overrun, without a fine, in the last year's backlog
        *_wi2013("F1", "2019-09-01", asiel=False),
        # the same, fined on 15 November 2022: a new term of two years runs, and a fine in the last twelve months
        *_wi2013("F2", "2019-09-01", asiel=False),
        _event("F2", "boete_opgelegd", "2022-11-15", onderdeel="examen", bedrag="875.00"),
        # a term still running (to 2023-05-31)
        *_wi2013("F3", "2020-06-01", asiel=False),
        # term to 31 August 2021, no fine: overrun without a fine, but more than a year ago
        *_wi2013("F4", "2018-09-01", asiel=False),
    ]
    tabel = _tables(events, dt.date(2023, 2, 1), "termijn_boete")["termijn_boete"]
    kolommen = (
        "plichtig",
        "termijn_overschreden",
        "zonder_boete",
        "achterstand_laatste_jaar",
        "boete_laatste_jaar",
    )
    assert tabel.select("wet", *kolommen).rows() == [("Wi2013", 4, 2, 2, 1, 1), (TOTAAL, 4, 2, 2, 1, 1)]


def _medisch(persoon: str) -> list[dict]:
    """Housed on 1 April 2024, asked for a medical dispensation on 1 March 2024, got it on 1 June 2024 (92 days)."""
    return [
        *_asylum(persoon, housed=dt.date(2024, 4, 1), pip=None),
        _event(persoon, "ontheffing_aangevraagd", "2024-03-01", grond="medisch"),
        _event(persoon, "medisch_advies_uitgebracht", "2024-05-15", permanent_niet_in_staat=True),
        _event(persoon, "ontheffing_verleend", "2024-06-01", grond="medisch"),
    ]


def _wi2021_events() -> list[dict]:
    return (
        _asylum("A", housed=None, pip=None)  # in reception: no PIP term yet
        + _asylum("B", housed=dt.date(2024, 4, 1), pip=dt.date(2024, 5, 20))  # PIP 49 days after housing
        + _asylum("L", housed=dt.date(2024, 4, 1), pip=dt.date(2024, 8, 5))  # PIP after 126 days
        + _asylum("N", housed=dt.date(2024, 4, 1), pip=None)  # no PIP, the 10 weeks long past
        + _medisch("M")
    )


def test_lead_times_in_days_for_the_wi2021():
    tabel = _tables(_wi2021_events(), PEILDATUM, "doorlooptijden")["doorlooptijden"]
    rows = {r["doorlooptijd"]: r for r in tabel.iter_rows(named=True)}
    # every permit on 15 January 2024, every notice on 10 February: 26 days for all five
    assert (
        rows["vergunning_tot_kennisgeving"]["personen"],
        rows["vergunning_tot_kennisgeving"]["mediaan"],
    ) == (5, 26)
    # from the start of the PIP term (housing, 1 April, after the notice) to the PIP: B 49, L 126 days
    start = rows["start_tot_pip"]
    assert (start["personen"], start["p25"], start["p90"]) == (2, 49, 126)
    ontheffing = rows["aanvraag_tot_ontheffing"]
    assert (ontheffing["personen"], ontheffing["gemiddelde"], ontheffing["mediaan"]) == (1, 92, 92)


def test_the_medical_assessment_counts_every_law_and_the_decisions_of_the_last_twelve_months():
    events = [
        *_medisch("M"),  # Wi2021: asked 1 March 2024, dispensed 1 June 2024, 92 days
        # Wi2013: asked 1 February 2024, dispensed 1 August 2024, 182 days
        *_wi2013("W", "2020-06-01"),
        _event("W", "ontheffing_aangevraagd", "2024-02-01", grond="medisch"),
        _event("W", "ontheffing_verleend", "2024-08-01", grond="medisch"),
        # dispensed on 1 September 2023, more than twelve months before the peildatum: not counted
        *_wi2013("V", "2020-06-01"),
        _event("V", "ontheffing_aangevraagd", "2023-03-01", grond="medisch"),
        _event("V", "ontheffing_verleend", "2023-09-01", grond="medisch"),
    ]
    tabel = _tables(events, PEILDATUM, "doorlooptijden")["doorlooptijden"]
    medisch = tabel.filter(pl.col("doorlooptijd") == "medische_ontheffing_laatste_jaar").row(0, named=True)
    assert (medisch["personen"], medisch["gemiddelde"], medisch["p90"]) == (2, 137.0, 182)


def _agi(persoon: str, urensoort: str, uren: int) -> list[dict]:
    """A Wi2013 asylum migrant from June 2019 with ``uren`` hours of ``urensoort`` and a dispensation for
    demonstrable effort (AGI) in August 2022."""
    return [
        *_wi2013(persoon, "2019-06-01"),
        _event(persoon, "uren_geregistreerd", "2021-06-01", "TAALSCHOOL:42", urensoort=urensoort, uren=uren),
        _event(persoon, "ontheffing_aangevraagd", "2022-06-01", grond="agi"),
        _event(persoon, "ontheffing_verleend", "2022-08-01", grond="agi"),
    ]


def test_dispensations_per_law_and_ground():
    events = [
        *_wi2021_events(),
        *_agi("G1", "alfabetisering", 320),  # the literacy route: at least 300 hours of literacy
        *_agi("G2", "nt2", 600),  # the course route
        *_wi2013("G3", "2019-06-01"),  # still obliged
    ]
    tabel = _tables(events, PEILDATUM, "ontheffingen")["ontheffingen"]
    kolommen = ("wet", "ooit_plichtig", "ontheven", "medisch", "agi_alfabetisering", "agi_cursus", "overig")
    assert tabel.select(kolommen).rows() == [
        ("Wi2013", 3, 2, 0, 1, 1, 0),
        ("Wi2021", 5, 1, 1, 0, 0, 0),
        (TOTAAL, 8, 3, 1, 1, 1, 0),
    ]
    assert tabel["ontheven_pct"].to_list() == [66.7, 20.0, 37.5]


def test_pip_timeliness_by_days_from_the_start_of_the_pip_term():
    tabel = _tables(_wi2021_events(), PEILDATUM, "pip_tijdigheid")["pip_tijdigheid"]
    kolommen = ("cohort", "pips", "dagen_t_m_70", "dagen_71_105", "dagen_106_140", "dagen_141_182")
    assert tabel.select(*kolommen, "dagen_meer_dan_182").rows() == [
        ("2024", 2, 1, 0, 1, 0, 0),
        (TOTAAL, 2, 1, 0, 1, 0, 0),
    ]


def test_deviation_from_the_learnability_test():
    """A route other than the test advises counts as a deviation: the Z-route after haalbaar, B1 after niet
    haalbaar. Without a result there is nothing to deviate from."""
    events = []
    # the cut-off is 28 from 12 April 2023: 40 is haalbaar, 10 niet haalbaar
    for persoon, score, route in (
        ("T1", 40, "b1"),
        ("T2", 10, "b1"),
        ("T3", 40, "z"),
        ("T5", 40, "onderwijs"),
    ):
        events += [
            *_asylum(persoon, housed=dt.date(2024, 4, 1), pip=None),
            _event(persoon, "leerbaarheidstoets_afgenomen", "2024-04-20", score=score),
            _event(persoon, "pip_vastgesteld", "2024-05-20", leerroute=route),
        ]
    events += _asylum("T4", housed=dt.date(2024, 4, 1), pip=dt.date(2024, 5, 20))  # no test result
    tabel = _tables(events, PEILDATUM, "afwijking_leerbaarheid")["afwijking_leerbaarheid"]
    assert tabel.select("cohort", "getoetst", "afwijkend").rows() == [("2024", 4, 2)]  # T2 and T3


def test_the_comparison_of_municipalities_counts_the_obliged_of_each():
    events = _wi2021_events()
    tabel = _tables(events, PEILDATUM, "gemeenten")["gemeenten"]
    kolommen = ("gemeente", "plichtig", "in_opvang", "pip_termijn_verstreken", "termijn_overschreden", "elip")
    # M is dispensed, so no longer obliged; A is in reception; N's ten weeks have passed without a PIP
    assert tabel.select(kolommen).rows() == [("GM0344", 4, 1, 1, 0, 0), (TOTAAL, 4, 1, 1, 0, 0)]
