"""Dated legal parameters, read from the YAML files in ``law/params/``.

Every number, date, amount and list that the law sets lives in a parameter with a value per start date, the legal
reference it comes from, the confidence of that reference and, where no source confirmed it, the assumption that
was made (``zekerheid: onbevestigd`` requires ``aanname``). Rules never write such a value in code; they look it up
for the date that matters (the test date for the cut-off score, the peildatum for a signal), vectorised over a
population. A value of ``null`` means the rule is not in force from that date.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources

import numpy as np
import yaml

from inburgering.law.dates import as_dates
from inburgering.law.tekst import Tekst

ZEKERHEDEN = ("hoog", "middel", "laag", "onbevestigd")
# libyaml's safe loader where PyYAML has it: the same result, ten times faster than the pure-Python one (which
# took about 45 ms of every first evaluation); tests/law/test_parameters.py compares the two.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TYPES = ("getal", "bedrag", "datum", "ja_nee", "tekst", "lijst", "tabel")


class ParameterError(ValueError):
    """A parameter file that does not follow the format; the message names the file and the parameter."""


@dataclass(frozen=True)
class Parameter:
    """One dated parameter: its values by start date and where they come from."""

    naam: str
    omschrijving: str
    type: str
    starts: tuple[dt.date, ...]
    values: tuple[object, ...]
    bron: str
    regel: str
    zekerheid: str
    aanname: str | None
    eenheid: str | None

    @cached_property
    def _start_days(self) -> np.ndarray:
        """The start dates as day numbers: int64 comparisons are cheaper than datetime64 ones, and NaT (the
        smallest int64) then falls before every start by itself."""
        return np.array(self.starts, dtype="datetime64[D]").view(np.int64)

    def _positions(self, days: np.ndarray) -> np.ndarray:
        """Per day number the count of start dates on or before it: 0 before the first start (and for NaT, the
        smallest day number), i where the value of the i-th start is in force. Comparing with each of a
        parameter's few starts is several times cheaper than a binary search per person."""
        if len(self._start_days) > 8 or days.size < 64:  # a binary search is one call, cheap for a few dates
            return np.searchsorted(self._start_days, days, side="right")
        positions = np.zeros(days.shape, dtype=np.uint8)
        for start in self._start_days:
            positions += days >= start
        return positions

    def index_on(self, dates) -> np.ndarray:
        """Index of the value in force on each date (-1 before the first start date and for NaT)."""
        return self._positions(np.asarray(as_dates(dates)).view(np.int64)).astype(np.intp) - 1

    def period(self, date) -> int:
        """Index of the value in force on one date (-1 before the first start and for NaT): plain Python, as
        an explanation looks up one date at a time."""
        day = int(np.asarray(as_dates(date)).view(np.int64))
        return bisect.bisect_right(self._start_day_list, day) - 1

    @cached_property
    def _start_day_list(self) -> list[int]:
        return self._start_days.tolist()

    def value_on(self, date) -> object:
        """The value in force on one date (None before the first start or where the value is null)."""
        i = self.period(date)
        return None if i < 0 else self.values[i]

    def start_on(self, date) -> dt.date | None:
        """The start date of the value in force on one date."""
        i = self.period(date)
        return None if i < 0 else self.starts[i]

    def at(self, dates) -> np.ndarray | Tekst:
        """The values in force on each of ``dates`` as an array (numbers, cents, dates or booleans; texts as a
        ``Tekst``).

        A date that is NaT, before the first start, or on which the value is null gives the type's missing value:
        NaN for numbers, NaT for dates, False for ``ja_nee``, '' for ``tekst``. Amounts (``bedrag``) come as
        exact int64 cents, and an amount not in force is 0: a rule that is not in force sets no amount.
        """
        if self.type in ("lijst", "tabel"):
            raise TypeError(f"{self.naam}: een {self.type} zoek je op met isin() of value_on()")
        picked = self._lookup[self._positions(np.atleast_1d(np.asarray(as_dates(dates)).view(np.int64)))]
        if self.type == "tekst":
            picked = Tekst(picked, self._text_values)
        return picked if np.ndim(dates) else picked[0]

    @cached_property
    def _text_values(self) -> tuple[str, ...]:
        """For a ``tekst``: '' (not in force) and each distinct value, the list its codes point into."""
        return tuple(dict.fromkeys(["", *(v or "" for v in self.values)]))

    @cached_property
    def _lookup(self) -> np.ndarray:
        """Position 0: the type's missing value (before the first start, NaT); position i: the value in force
        from the i-th start (null as missing). For a ``tekst`` the codes into ``_text_values``."""
        if self.type == "tekst":
            return np.array([self._text_values.index(v or "") for v in ("", *self.values)], dtype=np.uint8)
        return self._table((None, *self.values))

    def isin(self, values: Tekst | np.ndarray, dates) -> np.ndarray:
        """For a ``lijst``: whether each value is on the list in force on its date.

        One lookup per person in a small table (period x value), so the cost does not grow with the list."""
        if self.type != "lijst":
            raise TypeError(f"{self.naam} is geen lijst")
        values = values if isinstance(values, Tekst) else Tekst.van(values)
        positions = self._positions(np.asarray(as_dates(dates)).view(np.int64))
        # row 0: before the first start; row i: the list in force from the i-th start
        table = np.zeros((len(self.values) + 1, len(values.waarden)), dtype=bool)
        for i, members in enumerate(self.values, start=1):
            if members:
                wanted = set(members)
                table[i] = [v in wanted for v in values.waarden]
        return table[np.broadcast_to(positions, values.codes.shape), values.codes]

    def _table(self, values) -> np.ndarray:
        """``values`` as an array of this type; None as the type's missing value."""
        if self.type == "datum":
            return np.array([v if v is not None else "NaT" for v in values], dtype="datetime64[D]")
        if self.type == "ja_nee":
            return np.array([bool(v) for v in values], dtype=bool)
        if self.type == "bedrag":
            return np.array([0 if v is None else v for v in values], dtype=np.int64)
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


def euros_to_cents(value) -> int:
    """An amount in euros (number or string, at most 2 decimals) as exact whole cents."""
    amount = Decimal(str(value))
    cents = amount * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"bedrag met meer dan 2 decimalen: {value!r}")
    return int(cents)


def _convert(kind: str, value, where: str):
    if value is None:
        return None
    if kind == "bedrag":
        return euros_to_cents(value)
    if kind == "datum":
        if not isinstance(value, dt.date):
            raise ParameterError(f"{where}: verwacht een datum, kreeg {value!r}")
        return value
    if kind == "ja_nee":
        if not isinstance(value, bool):
            raise ParameterError(f"{where}: verwacht ja/nee (true/false), kreeg {value!r}")
        return value
    if kind == "getal":
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ParameterError(f"{where}: verwacht een getal, kreeg {value!r}")
        return value
    if kind == "tekst":
        return str(value)
    if kind == "lijst":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            # YAML reads a bare NO (Norway) as false: such a list must be refused, not silently wrong
            raise ParameterError(
                f"{where}: verwacht een lijst van teksten, kreeg {value!r} (zet codes als NO tussen aanhalingstekens)"
            )
        return tuple(value)
    return value  # tabel: kept as the mapping written in the file


def _parse(name: str, spec: dict, file: str) -> Parameter:
    where = f"{file}: {name}"
    required = {"omschrijving", "type", "waarden", "bron", "regel", "zekerheid"}
    missing = required - spec.keys()
    if missing:
        raise ParameterError(f"{where}: ontbreekt {', '.join(sorted(missing))}")
    unknown = spec.keys() - required - {"aanname", "eenheid"}
    if unknown:
        raise ParameterError(f"{where}: onbekend veld {', '.join(sorted(unknown))}")
    if spec["type"] not in TYPES:
        raise ParameterError(f"{where}: type moet een van {TYPES} zijn")
    if spec["zekerheid"] not in ZEKERHEDEN:
        raise ParameterError(f"{where}: zekerheid moet een van {ZEKERHEDEN} zijn")
    if spec["zekerheid"] == "onbevestigd" and not spec.get("aanname"):
        raise ParameterError(f"{where}: onbevestigd zonder aanname; schrijf de aanname erbij")
    waarden = spec["waarden"]
    if not isinstance(waarden, dict) or not waarden:
        raise ParameterError(f"{where}: waarden moet per startdatum een waarde geven")
    for start in waarden:
        if not isinstance(start, dt.date):
            raise ParameterError(f"{where}: startdatum {start!r} is geen datum (JJJJ-MM-DD)")
    starts = tuple(sorted(waarden))
    values = tuple(_convert(spec["type"], waarden[s], f"{where} op {s}") for s in starts)
    return Parameter(
        naam=name,
        omschrijving=spec["omschrijving"],
        type=spec["type"],
        starts=starts,
        values=values,
        bron=spec["bron"],
        regel=spec["regel"],
        zekerheid=spec["zekerheid"],
        aanname=spec.get("aanname"),
        eenheid=spec.get("eenheid"),
    )


class ParameterSet:
    """All parameters by name. ``replace`` gives a changed copy, for policy variants and tests."""

    def __init__(self, parameters: dict[str, Parameter]):
        self._parameters = dict(parameters)

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise KeyError(f"onbekende parameter {name!r}") from None

    def __iter__(self):
        return iter(sorted(self._parameters.values(), key=lambda p: p.naam))

    def __len__(self) -> int:
        return len(self._parameters)

    def replace(self, name: str, waarden: dict) -> ParameterSet:
        """A copy in which parameter ``name`` has the given values by start date (same type and source)."""
        old = self[name]
        starts = tuple(sorted(waarden))
        values = tuple(_convert(old.type, waarden[s], name) for s in starts)
        changed = dataclasses.replace(old, starts=starts, values=values)
        return ParameterSet({**self._parameters, name: changed})


def load_text(text: str, file: str) -> dict[str, Parameter]:
    """Parse one parameter file's text."""
    try:
        data = yaml.load(text, Loader=YAML_LOADER) or {}
    except yaml.YAMLError as error:
        raise ParameterError(f"{file}: geen geldige YAML: {error}") from None
    if not isinstance(data, dict):
        raise ParameterError(f"{file}: verwacht parameters per naam")
    return {name: _parse(name, spec or {}, file) for name, spec in data.items()}


@cache
def default_parameters() -> ParameterSet:
    """The parameters shipped in ``inburgering/law/params``."""
    found: dict[str, Parameter] = {}
    for entry in sorted(resources.files("inburgering.law.params").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            for name, parameter in load_text(entry.read_text(encoding="utf-8"), entry.name).items():
                if name in found:
                    raise ParameterError(f"{entry.name}: parameter {name} staat ook in een ander bestand")
                found[name] = parameter
    return ParameterSet(found)
