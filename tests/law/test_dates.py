"""Calendar arithmetic: the date rules written down in docs/rules.md."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from inburgering.law.dates import add_months, add_period, add_years, earliest, latest, parse_period, term_end

D = np.datetime64


def test_month_end_is_clipped():
    assert add_months(D("2024-01-31"), 1) == D("2024-02-29")
    assert add_months(D("2023-01-31"), 1) == D("2023-02-28")
    assert add_months(D("2024-03-31"), -1) == D("2024-02-29")


def test_leap_day_plus_a_year_is_28_february():
    assert add_years(D("2024-02-29"), 1) == D("2025-02-28")
    assert add_years(D("2024-02-29"), 4) == D("2028-02-29")


def test_term_end_conventions():
    assert term_end(D("2024-07-23"), 36, -1) == D("2027-07-22")
    assert term_end(D("2024-07-23"), 36, 0) == D("2027-07-23")
    assert term_end(D("2024-02-29"), 36, -1) == D("2027-02-27")


def test_missing_dates_stay_missing():
    dates = np.array(["2024-01-01", "NaT"], dtype="datetime64[D]")
    assert np.isnat(add_months(dates, 3))[1]
    assert np.isnat(add_period(dates, 1, 5))[1]
    assert latest(dates, np.array(["NaT", "NaT"], dtype="datetime64[D]"))[0] == D("2024-01-01")
    assert np.isnat(
        earliest(np.array(["NaT"], dtype="datetime64[D]"), np.array(["NaT"], dtype="datetime64[D]"))
    )[0]


def test_periods():
    assert parse_period("P16W") == (0, 112)
    assert parse_period("P1Y6M") == (18, 0)
    assert parse_period("P3M10D") == (3, 10)


@given(st.dates(dt.date(2007, 1, 1), dt.date(2040, 12, 31)), st.integers(0, 120))
def test_adding_months_never_goes_back_and_keeps_the_month_count(start, months):
    result = add_months(D(start), months)[()].astype(dt.date)
    assert result >= start
    assert (result.year - start.year) * 12 + result.month - start.month == months
    assert result.day == start.day or result.day < start.day


@given(
    st.lists(
        st.one_of(st.none(), st.dates(dt.date(1700, 1, 1), dt.date(2400, 12, 31))), min_size=1, max_size=40
    ),
    st.lists(st.integers(-2400, 2400), min_size=1, max_size=40),
)
def test_the_calendar_table_agrees_with_numpys_calendar_inside_and_outside_its_years(days, months):
    """``add_months`` looks dates up in a table of 1850-2250 and falls back to NumPy's calendar outside it;
    both must give the same answer, NaT included."""
    from inburgering.law.dates import _add_months_numpy

    size = min(len(days), len(months))
    dates = np.array(["NaT" if d is None else d.isoformat() for d in days[:size]], dtype="datetime64[D]")
    steps = np.array(months[:size], dtype=np.int64)
    assert np.array_equal(add_months(dates, steps), _add_months_numpy(dates, steps), equal_nan=True)
