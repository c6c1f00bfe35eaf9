"""The synthetic population carries the faults the reconciliation checks look for (so the demo's worklists have
findings): persons known twice, hours from a school without enrolment, and the open second IND->DUO gap."""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering.events.population import Population, to_series
from inburgering.synth.population import DUBBEL_INTERVAL, TWEEDE_GAT_VANAF, generate, vreemdelingennummers

TOT = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def facts():
    population = Population(generate(20_000, seed=9, tot=TOT))
    names = (
        "vreemdelingennummer",
        "uren_zonder_aanmelding_datum",
        "wet",
        "plicht_datum",
        "kennisgeving_datum",
        "inburgeringsplichtig",
    )
    values = population.evaluate(TOT, names=names)
    return {n: to_series(n, values[n]) for n in names}


def test_vreemdelingennummers_are_ten_digits_and_distinct_but_for_the_duplicates():
    nummers = vreemdelingennummers(10 * DUBBEL_INTERVAL)
    assert all(len(n) == 10 and n.isdigit() for n in nummers)
    assert len(nummers) - len(set(nummers)) == 10  # persons 996, 1993, ... repeat the number before theirs


def test_some_persons_are_known_twice(facts):
    nummers = facts["vreemdelingennummer"].filter(facts["vreemdelingennummer"] != "")
    assert 10 <= (nummers.value_counts()["count"] > 1).sum() <= 25  # one in 997 of 20,000 persons


def test_some_wi2021_learners_have_hours_from_a_school_they_were_not_enrolled_with(facts):
    zonder = facts["uren_zonder_aanmelding_datum"].is_not_null() & (facts["wet"] == "Wi2021")
    assert zonder.sum() >= 3


def test_the_second_ind_duo_gap_is_open_on_the_end_date(facts):
    plicht = facts["plicht_datum"]
    missing = (
        facts["inburgeringsplichtig"]
        & (facts["wet"] == "Wi2021")
        & (plicht >= TWEEDE_GAT_VANAF)
        & (plicht < TOT - dt.timedelta(weeks=10))  # past the time a notification takes
        & facts["kennisgeving_datum"].is_null()
    )
    assert missing.sum() >= 3
