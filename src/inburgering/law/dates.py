"""Calendar arithmetic on whole days, vectorised over NumPy ``datetime64[D]`` arrays.

The law counts in days, weeks, months and years. Weeks and days are plain day counts; months and years are
calendar steps that keep the day of the month and fall back to the month's last day where that day does not
exist (31 January + 1 month = 28 or 29 February; 29 February + 1 year = 28 February). Where a term "ends" N
months after a start, the end-day convention (parameter ``termijn.einde_verschuiving_dagen``) decides whether
the last day is the day before that date or that date itself. ``docs/rules.md`` writes these rules out.

Missing dates are ``NaT`` and stay ``NaT`` through every operation here.
"""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np

DAY = np.timedelta64(1, "D")
NAT = np.datetime64("NaT", "D")


DAY = np.dtype("datetime64[D]")


def as_dates(values) -> np.ndarray:
    """Any date-like input (date, str, list, array) as a ``datetime64[D]`` array or scalar."""
    if isinstance(values, np.ndarray):
        return values if values.dtype == DAY else values.astype(DAY)
    if isinstance(values, dt.datetime):
        return np.datetime64(values.date(), "D")
    if isinstance(values, dt.date | str):
        return np.datetime64(values, "D")
    return np.asarray(values, dtype="datetime64[D]")


# NaT as a day number: the smallest int64. The helpers below work on int64 day numbers (a view, no copy): comparing,
# adding and taking maxima of those is several times cheaper than the same on datetime64, which checks every
# element for NaT. Because NaT is the smallest int64, a maximum ignores it and a comparison with it is easy.
_NAT_DAY = np.iinfo(np.int64).min
_NEVER_DAY = np.iinfo(np.int64).max


def _days(dates) -> np.ndarray:
    """Dates as int64 day numbers since 1970-01-01 (NaT: the smallest int64)."""
    return np.asarray(as_dates(dates)).view(np.int64)


def _dates(days: np.ndarray) -> np.ndarray:
    """Day numbers back as ``datetime64[D]`` (a scalar for a 0-d result)."""
    result = np.asarray(days).view("datetime64[D]")
    return result[()] if result.ndim == 0 else result


# A calendar table for the years the law can meet (birth dates to far-future term ends): for each day its month
# (an index into the month table) times 32 plus its day of the month (0 for the first); for each month its first
# day and its last day of the month. Adding months is then three lookups in small tables instead of NumPy's
# per-element calendar conversion (several times faster on a million dates); a date outside the table takes that
# slower conversion.
_MONTH_STARTS = np.arange(np.datetime64("1850-01"), np.datetime64("2251-01"), dtype="datetime64[M]")
_MONTH_FIRST = _MONTH_STARTS.astype("datetime64[D]").view(np.int64)
_MONTH_LENGTH = np.diff(np.append(_MONTH_FIRST, np.datetime64("2251-01-01", "D").view(np.int64)))
_MONTH_LAST_DAY = _MONTH_LENGTH - 1  # the day of the month of its last day (0 for the first)
_DAY_CODE = (
    np.repeat(np.arange(len(_MONTH_FIRST)), _MONTH_LENGTH) * 32
    + np.concatenate([np.arange(length) for length in _MONTH_LENGTH])
).astype(np.int32)
_FIRST_DAY = int(_MONTH_FIRST[0])


def add_months(dates, months) -> np.ndarray:
    """``dates`` plus whole calendar ``months`` (may be negative or an array), clipped to the month's end."""
    dates = np.asarray(as_dates(dates))
    months = np.asarray(months, dtype=np.int64)
    days = np.atleast_1d(dates.view(np.int64))
    index = days - _FIRST_DAY
    day = np.minimum(np.maximum(index, 0), len(_DAY_CODE) - 1)  # ufuncs: np.clip's wrapper costs per call
    code = _DAY_CODE[day]
    target = (code >> 5) + months
    month = np.minimum(np.maximum(target, 0), len(_MONTH_FIRST) - 1)
    result = _MONTH_FIRST[month] + np.minimum(code & 31, _MONTH_LAST_DAY[month])
    nat = days == _NAT_DAY
    outside = ~nat & ((index != day) | (target != month))
    if outside.any():
        slow = _add_months_numpy(*np.broadcast_arrays(np.atleast_1d(dates), months))
        result = np.where(outside, slow.view(np.int64), result)
    result = np.where(nat, _NAT_DAY, result)
    return _dates(result if dates.ndim or months.ndim else result[0])


def _add_months_numpy(dates: np.ndarray, months: np.ndarray) -> np.ndarray:
    month_start = dates.astype("datetime64[M]")
    day_index = (dates - month_start.astype("datetime64[D]")).astype(np.int64)
    target_month = month_start + months.astype("timedelta64[M]")
    last_day_index = (
        (target_month + 1).astype("datetime64[D]") - target_month.astype("datetime64[D]")
    ).astype(np.int64) - 1
    result = target_month.astype("datetime64[D]") + np.minimum(day_index, last_day_index).astype(
        "timedelta64[D]"
    )
    return np.where(np.isnat(dates), NAT, result)


def whole(numbers) -> np.ndarray:
    """A parameter's numbers of months, weeks or days as whole numbers (int64) for the steps here, 0 where the
    parameter is not in force (NaN)."""
    numbers = np.asarray(numbers, dtype=np.float64)
    return np.where(np.isnan(numbers), 0.0, numbers).astype(np.int64)


def add_years(dates, years) -> np.ndarray:
    """``dates`` plus whole calendar years: 29 February + 1 year is 28 February."""
    return add_months(dates, np.asarray(years, dtype=np.int64) * 12)


def add_days(dates, days) -> np.ndarray:
    """``dates`` plus a number of days (an array or a scalar); NaT stays NaT."""
    current = _days(dates)
    # adding 0 where the date is NaT keeps it NaT, without a branch per element
    return _dates(current + (current != _NAT_DAY) * np.asarray(days, dtype=np.int64))


def add_period(dates, months, days) -> np.ndarray:
    """``dates`` plus a period of calendar months first, then days (ISO 8601 order: P1M2D)."""
    return add_days(add_months(dates, months), days)


def term_end(start, months, end_offset_days) -> np.ndarray:
    """The last day of a term of ``months`` starting on ``start``, under the end-day convention.

    With an offset of -1 a term of 3 years from 2024-07-23 ends on 2027-07-22 (the day before the anniversary);
    with 0 it ends on the anniversary itself.
    """
    return add_days(add_months(start, months), end_offset_days)


def latest(*arrays) -> np.ndarray:
    """Element-wise latest date, ignoring NaT (NaT only where all are NaT)."""
    # NaT is the smallest day number, so the maximum already ignores it
    return _dates(functools.reduce(np.maximum, map(_days, arrays)))


def earliest(*arrays) -> np.ndarray:
    """Element-wise earliest date, ignoring NaT (NaT only where all are NaT)."""
    days = (np.where(d == _NAT_DAY, _NEVER_DAY, d) for d in map(_days, arrays))
    result = functools.reduce(np.minimum, days)
    return _dates(np.where(result == _NEVER_DAY, _NAT_DAY, result))


def known(dates) -> np.ndarray:
    """True where a date is present."""
    return _days(dates) != _NAT_DAY


def on_or_before(dates, limit) -> np.ndarray:
    """True where ``dates`` is present and not after ``limit`` (NaT compares false)."""
    days = _days(dates)
    return (days != _NAT_DAY) & (days <= _days(limit))


def days_between(start, end) -> np.ndarray:
    """Whole days from ``start`` to ``end`` as float (NaN where either is missing)."""
    first, last = _days(start), _days(end)
    missing = (first == _NAT_DAY) | (last == _NAT_DAY)
    return np.where(missing, np.nan, (last - first).astype(np.float64))


def parse_period(text: str) -> tuple[int, int]:
    """An ISO 8601 period of years, months, weeks and days as (months, days); 'P1Y6M' is (18, 0)."""
    import re

    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", text)
    if not match or text == "P":
        raise ValueError(f"geen geldige periode (ISO 8601, bv. P3M of P16W): {text!r}")
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return years * 12 + months, weeks * 7 + days
