"""Runs every legal test case in tests/cases/*.yaml (see tests/cases/README.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
import yaml

import inburgering.law as law
from inburgering.law.explain import soort_van, to_python
from inburgering.law.parameters import euros_to_cents
from tests.conftest import population_of

CASES = Path(__file__).parents[1] / "cases"


def _load():
    for path in sorted(CASES.glob("*.yaml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            for i, geval in enumerate(document["gevallen"]):
                yield pytest.param(document, geval, id=f"{path.stem}[{document['naam'][:40]}]#{i + 1}")


def _expected(naam: str, value):
    soort = "lijst" if naam == "signalen" else soort_van(naam)
    if value is None:
        return None
    if soort == "bedrag":
        return euros_to_cents(value)
    if soort == "datum":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    return value


@pytest.mark.parametrize(("document", "geval"), list(_load()))
def test_case(document, geval):
    events = document["gebeurtenissen"] + geval.get("extra_gebeurtenissen", [])
    population = population_of(events)
    parameters = law.default_parameters()
    for naam, waarden in (geval.get("parameters") or {}).items():
        parameters = parameters.replace(naam, waarden)
    facts = population.evaluate(geval["peildatum"], geval.get("beschikbaar_op"), parameters)
    actual = {}
    for naam in geval["verwacht"]:
        if naam == "signalen":
            actual[naam] = [s.removeprefix("signaal_") for s in law.SIGNALEN if bool(facts[s][0])]
        else:
            value = (
                facts[naam]
                if naam in facts
                else law.Simulation(
                    population.inputs(geval["peildatum"], geval.get("beschikbaar_op")),
                    geval["peildatum"],
                    parameters=parameters,
                )(naam)
            )
            actual[naam] = to_python(soort_van(naam), np.asarray(value)[0])
    expected = {naam: _expected(naam, v) for naam, v in geval["verwacht"].items()}
    if "signalen" in expected:
        expected["signalen"] = sorted(expected["signalen"])
        actual["signalen"] = sorted(actual["signalen"])
    assert actual == expected, f"{document['naam']} op {geval['peildatum']}"
