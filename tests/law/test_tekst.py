"""Texts as codes must mean exactly what the same texts as strings mean: every operation is checked against
NumPy on plain strings, on value lists that differ (so that a raw code compared across lists would show)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import inburgering.law as law
from inburgering.law.tekst import Tekst, code_type, concatenate, select_text, where_text
from inburgering.law.variables import VARIABLES, Variable

WOORDEN = st.sampled_from(["", "asiel", "gezinsvorming", "Wi2013", "Wi2021", "b1", "z"])
RIJ = st.lists(WOORDEN, min_size=1, max_size=30)
SETTINGS = settings(deadline=None)  # a shared machine can be slow; these are about values, not speed


def _tekst(strings: list[str], order: int) -> Tekst:
    """The strings as a Tekst whose value list is in one of several orders (and holds a value nobody has)."""
    waarden = sorted({*strings, "ongebruikt"}, reverse=bool(order % 2))
    return Tekst(np.array([waarden.index(v) for v in strings], dtype=np.uint8), waarden)


@SETTINGS
@given(RIJ, st.data())
def test_comparisons_are_those_of_the_strings(strings, data):
    other = data.draw(st.lists(WOORDEN, min_size=len(strings), max_size=len(strings)))
    a, b = _tekst(strings, 0), _tekst(other, 1)
    plain, plain_other = np.array(strings), np.array(other)
    assert np.array_equal(a == b, plain == plain_other)
    assert np.array_equal(a != b, plain != plain_other)
    assert np.array_equal(a == "asiel", plain == "asiel")
    assert np.array_equal(a != "niet_in_de_lijst", np.ones(len(strings), bool))
    assert np.array_equal(a.isin(("b1", "z")), np.isin(plain, ("b1", "z")))
    assert np.array_equal(np.asarray(a), plain)
    assert [a[i] for i in range(len(a))] == strings


@SETTINGS
@given(RIJ, st.data())
def test_where_and_select_give_what_numpy_gives_on_strings(strings, data):
    n = len(strings)
    other = data.draw(st.lists(WOORDEN, min_size=n, max_size=n))
    masks = [np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n))) for _ in range(3)]
    a, b = _tekst(strings, 0), _tekst(other, 1)
    plain, plain_other = np.array(strings), np.array(other)
    assert np.array_equal(np.asarray(where_text(masks[0], a, b)), np.where(masks[0], plain, plain_other))
    assert np.array_equal(
        np.asarray(where_text(masks[0], "vast", b)), np.where(masks[0], "vast", plain_other)
    )
    chosen = select_text(masks, [a, "vast", b], default="anders")
    assert np.array_equal(np.asarray(chosen), np.select(masks, [plain, "vast", plain_other], "anders"))


@SETTINGS
@given(st.lists(RIJ, min_size=1, max_size=4))
def test_concatenating_texts_with_different_value_lists_keeps_every_value(parts):
    together = concatenate([_tekst(p, i) for i, p in enumerate(parts)])
    assert np.asarray(together).tolist() == [v for p in parts for v in p]


def test_codes_grow_with_the_number_of_values():
    assert code_type(256) == np.uint8 and code_type(257) == np.uint16
    many = Tekst.van([f"GM{i:04d}" for i in range(300)])
    assert many.codes.dtype == np.uint16 and many[299] == "GM0299"
    merged = where_text(np.arange(300) % 2 == 0, many, "geen")
    assert merged[0] == "GM0000" and merged[1] == "geen" and merged.codes.dtype == np.uint16


def test_a_list_parameter_is_looked_up_the_same_for_codes_and_strings():
    eer = law.default_parameters()["reikwijdte.eer_zwitserland"]
    landen = np.array(["GB", "DE", "SY", "NO", "", "GB"])
    dates = np.array(
        ["2019-06-01", "2019-06-01", "2019-06-01", "2008-01-01", "2022-01-01", "2022-01-01"], "M8[D]"
    )
    expected = [
        eer.value_on(d) is not None and v in eer.value_on(d) for v, d in zip(landen, dates, strict=True)
    ]
    assert eer.isin(Tekst.van(landen), dates).tolist() == expected == eer.isin(landen, dates).tolist()
    assert expected[0] and not expected[-1]  # the UK left: the lookup really depends on the date


def test_a_text_parameter_is_empty_before_its_first_start_and_on_a_missing_date():
    wet = law.default_parameters()["wet.toepasselijk"]
    dates = np.array(["2006-12-31", "2007-01-01", "2013-01-01", "NaT", "2024-02-29"], dtype="datetime64[D]")
    assert np.asarray(wet.at(dates)).tolist() == ["", "Wi2007", "Wi2013", "", "Wi2021"]
    assert wet.at(dt.date(2015, 1, 1)) == "Wi2013"


def test_a_text_variable_given_as_numpy_strings_is_refused(monkeypatch):
    def als_strings(s):
        return np.where(s("mvv"), "ja", "nee")

    monkeypatch.setitem(VARIABLES, "proef", Variable("proef", "proef", "-", "-", "tekst", als_strings))
    simulation = law.Simulation(law.inputs.empty_inputs(3), dt.date(2024, 1, 1))
    with pytest.raises(TypeError, match="where_text"):
        simulation("proef")
