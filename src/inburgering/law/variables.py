"""Named legal variables, evaluated vectorised over a population, with a trace for one person.

A variable is a function of a :class:`Simulation`: it asks the simulation for other variables, for inputs (facts
taken from the events) and for parameters on a date, and returns one value per person as a NumPy array. Each
variable carries its Dutch description, its article and the rule-catalogue id, so the same definition serves the
whole population (fast, no trace) and one person (traced: every value used, every parameter in force on the date
it was read, every article). There is no second hand-written copy of any rule for the explanation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from inburgering.law.dates import as_dates
from inburgering.law.parameters import ParameterSet, default_parameters
from inburgering.law.tekst import Tekst

SOORTEN = ("datum", "ja_nee", "getal", "bedrag", "tekst", "lijst")


@dataclass(frozen=True)
class Variable:
    """A derived legal fact: how it is computed and where in the law it comes from."""

    naam: str
    omschrijving: str
    artikel: str
    regel: str
    soort: str
    formule: Callable[[Simulation], np.ndarray]
    geldig_vanaf: dt.date | None = None
    geldig_tot: dt.date | None = None

    @cached_property
    def toelichting(self) -> str:
        """The rule in words: the formula's docstring."""
        return " ".join((self.formule.__doc__ or "").split())


@dataclass(frozen=True)
class Invoer:
    """A fact taken from the events (by ``inburgering.events``), the input of the rules."""

    naam: str
    omschrijving: str
    soort: str


@dataclass(frozen=True)
class Reeks:
    """A ragged input: zero or more rows per person (e.g. the extensions granted), sorted by person then date."""

    persoon: np.ndarray
    kolommen: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.persoon)


VARIABLES: dict[str, Variable] = {}
INVOER: dict[str, Invoer] = {}


def variable(
    omschrijving: str,
    *,
    artikel: str,
    regel: str,
    soort: str,
    geldig_vanaf: dt.date | None = None,
    geldig_tot: dt.date | None = None,
):
    """Register a function as a legal variable named after the function."""
    if soort not in SOORTEN:
        raise ValueError(f"onbekende soort {soort!r}")

    def register(formule: Callable[[Simulation], np.ndarray]) -> Callable[[Simulation], np.ndarray]:
        name = formule.__name__
        if name in VARIABLES or name in INVOER:
            raise ValueError(f"variabele {name} bestaat al")
        VARIABLES[name] = Variable(
            name, omschrijving, artikel, regel, soort, formule, geldig_vanaf, geldig_tot
        )
        return formule

    return register


def invoer(naam: str, omschrijving: str, soort: str) -> None:
    """Declare an input fact that the events layer must provide."""
    if naam in INVOER or naam in VARIABLES:
        raise ValueError(f"invoer {naam} bestaat al")
    INVOER[naam] = Invoer(naam, omschrijving, soort)


@dataclass
class ParameterRead:
    """One parameter looked up for the traced person: on which date, which value, in force since when."""

    naam: str
    datum: dt.date | None
    waarde: object
    vanaf: dt.date | None


@dataclass
class TraceNode:
    """What one variable used for the traced person."""

    naam: str
    waarde: object = None
    gebruikt: list[str] = field(default_factory=list)
    parameters: list[ParameterRead] = field(default_factory=list)


class Simulation:
    """Evaluates variables for ``n`` persons on a peildatum; caches each variable once computed."""

    def __init__(
        self,
        inputs: dict[str, np.ndarray | Tekst | Reeks],
        peildatum,
        *,
        parameters: ParameterSet | None = None,
        trace: bool = False,
    ):
        missing = INVOER.keys() - inputs.keys()
        if missing:
            raise KeyError(f"invoer ontbreekt: {', '.join(sorted(missing))}")
        self.inputs = inputs
        self.peildatum = as_dates(peildatum)
        self.parameters = parameters or default_parameters()
        lengths = {len(v) for v in inputs.values() if not isinstance(v, Reeks)}
        if len(lengths) > 1:
            raise ValueError(f"invoer van ongelijke lengte: {sorted(lengths)}")
        self.n = lengths.pop() if lengths else 0
        self._values: dict[str, np.ndarray | Tekst] = {}
        self._trace: dict[str, TraceNode] | None = {} if trace else None
        self._stack: list[TraceNode] = []

    def __call__(self, name: str) -> np.ndarray | Tekst:
        """The value of a variable or input for every person (text as a ``Tekst``)."""
        if self._stack:
            used = self._stack[-1].gebruikt
            if name not in used:
                used.append(name)
        if name in self._values:
            return self._values[name]
        if name in self.inputs:
            value = self.inputs[name]
        elif name in VARIABLES:
            value = self._compute(VARIABLES[name])
        else:
            raise KeyError(f"onbekende variabele of invoer {name!r}")
        self._values[name] = value
        return value

    def _compute(self, var: Variable) -> np.ndarray | Tekst:
        node = TraceNode(var.naam) if self._trace is not None else None
        if node is not None:
            self._stack.append(node)
        try:
            value = var.formule(self)
        finally:
            if node is not None:
                self._stack.pop()
        if isinstance(value, Tekst):
            if len(value) != self.n:
                raise ValueError(f"{var.naam}: {len(value)} waarden voor {self.n} personen")
        elif var.soort == "tekst":
            # a text built from NumPy strings would be correct but slow and wide; say where to fix it
            raise TypeError(f"{var.naam}: een tekst is een Tekst (gebruik where_text of select_text)")
        elif not (isinstance(value, np.ndarray) and value.shape == (self.n,)):
            value = np.broadcast_to(np.asarray(value), (self.n,))
        if node is not None:
            node.waarde = value[0] if self.n else None
            self._trace[var.naam] = node
        return value

    def param(self, name: str, at=None) -> np.ndarray:
        """A parameter's value on ``at`` (per person) or on the peildatum."""
        parameter = self.parameters[name]
        dates = self.peildatum if at is None else at
        self._record(parameter, dates)
        return parameter.at(dates)

    def param_isin(self, name: str, values: np.ndarray, at=None) -> np.ndarray:
        """Whether each value is on the list parameter ``name`` in force on ``at`` (or the peildatum)."""
        parameter = self.parameters[name]
        dates = self.peildatum if at is None else at
        self._record(parameter, dates)
        return parameter.isin(values, dates)

    def param_value(self, name: str, at=None) -> object:
        """A parameter's single value on one date (for tables); ``at`` defaults to the peildatum."""
        parameter = self.parameters[name]
        date = self.peildatum if at is None else as_dates(at)
        self._record(parameter, date)
        return parameter.value_on(date)

    def _record(self, parameter, dates) -> None:
        if not self._stack:
            return
        first = as_dates(dates)
        first = first if np.ndim(first) == 0 else (first[0] if len(first) else np.datetime64("NaT"))
        date = None if np.isnat(first) else first.astype(dt.date)
        i = parameter.period(first) if date else -1
        read = ParameterRead(
            parameter.naam,
            date,
            parameter.values[i] if i >= 0 else None,
            parameter.starts[i] if i >= 0 else None,
        )
        reads = self._stack[-1].parameters
        if all((r.naam, r.datum) != (read.naam, read.datum) for r in reads):
            reads.append(read)

    @property
    def trace(self) -> dict[str, TraceNode]:
        """What each computed variable used (only with ``trace=True``)."""
        if self._trace is None:
            raise RuntimeError("deze simulatie is zonder trace gemaakt")
        return self._trace
