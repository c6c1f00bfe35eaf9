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


DATES = st.lists(
    st.one_of(st.none(), st.dates(dt.date(1800, 1, 1), dt.date(2300, 12, 31))), min_size=1, max_size=30
)


@given(DATES, DATES, st.integers(-20000, 20000))
def test_day_number_helpers_agree_with_numpys_datetime_arithmetic(first, second, shift):
    """The helpers compute on int64 day numbers for speed; they must mean what datetime64 means, NaT included."""
    from inburgering.law.dates import add_days, days_between, known, on_or_before

    size = min(len(first), len(second))
    a = np.array(["NaT" if d is None else d.isoformat() for d in first[:size]], dtype="datetime64[D]")
    b = np.array(["NaT" if d is None else d.isoformat() for d in second[:size]], dtype="datetime64[D]")
    assert np.array_equal(known(a), ~np.isnat(a))
    assert np.array_equal(on_or_before(a, b), ~np.isnat(a) & ~np.isnat(b) & (a <= b))
    assert np.array_equal(on_or_before(a, b[0]), ~np.isnat(a) & ~np.isnat(b[0]) & (a <= b[0]))
    assert np.array_equal(add_days(a, shift), a + np.timedelta64(shift, "D"), equal_nan=True)
    assert np.array_equal(add_days(a, np.full(size, shift)), a + np.timedelta64(shift, "D"), equal_nan=True)
    delta = b - a
    assert np.array_equal(
        days_between(a, b), np.where(np.isnat(delta), np.nan, delta.astype(float)), equal_nan=True
    )
    both = np.where(np.isnat(a), b, np.where(np.isnat(b), a, np.maximum(a, b)))
    assert np.array_equal(latest(a, b), both, equal_nan=True)
    both = np.where(np.isnat(a), b, np.where(np.isnat(b), a, np.minimum(a, b)))
    assert np.array_equal(earliest(a, b), both, equal_nan=True)


def test_whole_numbers_of_a_parameter_are_zero_where_it_is_not_in_force():
    from inburgering.law.dates import whole

    assert whole(np.array([36.0, np.nan, -1.0, 6.0])).tolist() == [36, 0, -1, 6]
    assert whole(np.float64(np.nan)) == 0 and whole(18.0) == 18
    assert whole(np.array([36.0])).dtype == np.int64
