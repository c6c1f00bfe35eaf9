"""Properties that must hold for every history, checked on random ones (Hypothesis)."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import inburgering.law as law
from tests.conftest import population_of
from tests.law.strategies import history

PEILDATA = st.dates(min_value=dt.date(2008, 1, 1), max_value=dt.date(2032, 1, 1))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMPARED = (*law.FEITEN, *law.SIGNALEN)


def _row(facts: dict, i: int) -> dict:
    return {name: np.asarray(facts[name])[i].item() for name in COMPARED}


@SETTINGS
@given(
    st.lists(st.integers(0, 10**6), min_size=2, max_size=5, unique=True).flatmap(
        lambda ids: st.tuples(*[history(f"P{i:07d}") for i in ids])
    ),
    PEILDATA,
)
def test_a_population_evaluates_as_each_person_alone(histories, peildatum):
    together = population_of([e for h in histories for e in h]).evaluate(peildatum)
    ids = sorted(h[0]["persoon"] for h in histories)
    for h in histories:
        alone = population_of(h, persoon=h[0]["persoon"]).evaluate(peildatum)
        assert _row(together, ids.index(h[0]["persoon"])) == _row(alone, 0)


@SETTINGS
@given(history(), PEILDATA, st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2035, 1, 1)))
def test_as_known_on_equals_dropping_what_came_later(events, peildatum, known):
    end_of_day = f"{known}T23:59:59.999999Z"
    kept = [e for e in events if e["beschikbaar_op"] <= end_of_day]
    as_known = population_of(events).evaluate(peildatum, known)
    if not kept:
        assert not as_known["inburgeringsplichtig"][0]
        return
    # the person must still exist in the dropped history for the comparison; give it an empty permit-less start
    dropped = population_of(kept).evaluate(peildatum)
    assert _row(as_known, 0) == _row(dropped, 0)


@SETTINGS
@given(history(), PEILDATA, st.sampled_from(["P16W", "P3M", "P6M", "P1Y"]), st.integers(0, 3000))
def test_an_extension_never_shortens_the_term(events, peildatum, duur, offset):
    before = population_of(events).evaluate(peildatum)["termijn_einde"][0]
    start = events[0]["geldig_op"]
    extension = {
        "id": "X",
        "soort": "verlenging_verleend",
        "geldig_op": start + dt.timedelta(days=offset),
        "gegevens": {"grond": "bio", "duur": duur},
    }
    after = population_of([*events, extension]).evaluate(peildatum)["termijn_einde"][0]
    if np.isnat(before):
        return
    assert not np.isnat(after) and after >= before


@SETTINGS
@given(history(), PEILDATA, st.data())
def test_a_correction_replaces_and_a_withdrawal_removes_from_when_it_is_known(events, peildatum, data):
    index = data.draw(st.integers(0, len(events) - 1))
    original = events[index]
    known_at = "2040-01-01T00:00:00Z"
    withdrawal = {
        "id": "W",
        "soort": original["soort"],
        "geldig_op": original["geldig_op"],
        "beschikbaar_op": known_at,
        "gegevens": original.get("gegevens", {}),
        "corrigeert": original["id"],
        "intrekking": True,
    }
    with_withdrawal = population_of([*events, withdrawal])
    without = [e for e in events if e is not original]
    if without:
        assert _row(with_withdrawal.evaluate(peildatum), 0) == _row(
            population_of(without).evaluate(peildatum), 0
        )
    # before the withdrawal was known, the original still counts
    assert _row(with_withdrawal.evaluate(peildatum, dt.date(2039, 12, 31)), 0) == _row(
        population_of(events).evaluate(peildatum, dt.date(2039, 12, 31)), 0
    )
    correction = {
        **withdrawal,
        "id": "C",
        "intrekking": False,
        "geldig_op": original["geldig_op"] - dt.timedelta(days=1),
    }
    replaced = [e for e in events if e is not original] + [
        {**correction, "corrigeert": None, "id": original["id"]}
    ]
    assert _row(population_of([*events, correction]).evaluate(peildatum), 0) == _row(
        population_of([{k: v for k, v in e.items() if v is not None} for e in replaced]).evaluate(peildatum),
        0,
    )
