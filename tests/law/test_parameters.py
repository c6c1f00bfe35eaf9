"""Dated parameters: the format, lookups by date, and that no guess is hidden."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import numpy as np
import pytest

from inburgering.law.parameters import ParameterError, default_parameters, euros_to_cents, load_text


def test_every_unconfirmed_parameter_states_its_assumption():
    for parameter in default_parameters():
        assert parameter.bron and parameter.regel
        if parameter.zekerheid == "onbevestigd":
            assert parameter.aanname


def test_value_by_date_including_the_boundary():
    cesuur = default_parameters()["leerbaarheidstoets.cesuur"]
    dates = np.array(["2023-04-11", "2023-04-12", "2021-12-31", "NaT"], dtype="datetime64[D]")
    values = cesuur.at(dates)
    assert values[:2].tolist() == [31, 28]
    assert np.isnan(values[2:]).all()
    assert cesuur.start_on(np.datetime64("2024-01-01")) == dt.date(2023, 4, 12)


def test_amounts_are_exact_cents():
    assert default_parameters()["elip.grens"].at(np.datetime64("2023-01-01")) == 950_000
    assert euros_to_cents("0.10") + euros_to_cents("0.20") == euros_to_cents("0.30")
    with pytest.raises(ValueError):
        euros_to_cents("1.005")


def test_list_membership_is_dated():
    eer = default_parameters()["reikwijdte.eer_zwitserland"]
    dates = np.array(["2013-06-30", "2013-07-01", "2020-12-31", "2021-01-01"], dtype="datetime64[D]")
    assert eer.isin(np.array(["HR", "HR", "GB", "GB"]), dates).tolist() == [False, True, True, False]
    assert eer.isin(np.array(["NO"]), dates[:1]).tolist() == [True]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "x:\n  omschrijving: a\n  type: getal\n  waarden: {2020-01-01: 1}\n  bron: b\n  regel: r\n  zekerheid: onbevestigd\n",
            "aanname",
        ),
        (
            "x:\n  omschrijving: a\n  type: getal\n  waarden: {2020-01-01: 1}\n  bron: b\n  zekerheid: hoog\n",
            "regel",
        ),
        (
            "x:\n  omschrijving: a\n  type: getal\n  waarden: {januari: 1}\n  bron: b\n  regel: r\n  zekerheid: hoog\n",
            "startdatum",
        ),
        (
            "x:\n  omschrijving: a\n  type: getal\n  waarden: {2020-01-01: veel}\n  bron: b\n  regel: r\n  zekerheid: hoog\n",
            "getal",
        ),
        (
            "x:\n  omschrijving: a\n  type: lijst\n  waarden: {2020-01-01: [IS, NO]}\n  bron: b\n  regel: r\n  zekerheid: hoog\n",
            "aanhalingstekens",
        ),
        ("x: [\n", "YAML"),
    ],
)
def test_malformed_parameter_files_are_refused_with_the_reason(text, message):
    with pytest.raises(ParameterError, match=message):
        load_text(text, "test.yaml")


def test_replace_gives_a_policy_variant_without_touching_the_original():
    base = default_parameters()
    variant = base.replace("pip.termijn_weken", {dt.date(2022, 1, 1): 8})
    assert variant["pip.termijn_weken"].value_on(np.datetime64("2024-01-01")) == 8
    assert base["pip.termijn_weken"].value_on(np.datetime64("2024-01-01")) == 10


@pytest.mark.parametrize(
    ("soort", "waarde", "in_force", "missing"),
    [
        ("getal", "3", 3.0, None),  # None: NaN
        ("bedrag", "12.50", 1250, 0),
        ("datum", "2021-06-01", np.datetime64("2021-06-01"), np.datetime64("NaT")),
        ("ja_nee", "true", True, False),
        ("tekst", "Wi2021", "Wi2021", ""),
    ],
)
def test_before_the_first_start_and_on_a_missing_date_a_parameter_gives_its_types_missing_value(
    soort, waarde, in_force, missing
):
    for waarden in ("{2020-01-01: %s}", "{2020-01-01: %s, 2030-01-01: null}"):  # one start, and two
        text = (
            f"x:\n  omschrijving: a\n  type: {soort}\n  waarden: {waarden % waarde}\n  bron: b\n  regel: r\n"
        )
        parameter = load_text(text + "  zekerheid: hoog\n", "test.yaml")["x"]
        dates = np.array(["2019-12-31", "2020-01-01", "NaT", "2029-12-31"], dtype="datetime64[D]")
        got = np.asarray(parameter.at(dates)).tolist()
        expected = [missing, in_force, missing, in_force]
        if missing is None:
            assert np.isnan(got[0]) and np.isnan(got[2]) and got[1::2] == expected[1::2]
        else:
            assert got == [np.asarray(v).item() for v in expected]
        assert np.asarray(parameter.at(np.datetime64("2020-06-01"))).item() == np.asarray(in_force).item()


def test_the_fast_yaml_loader_reads_every_parameter_file_as_the_python_one_does():
    import yaml

    from inburgering.law import parameters

    files = [e for e in resources.files("inburgering.law.params").iterdir() if e.name.endswith(".yaml")]
    assert files
    for entry in files:
        text = entry.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=parameters.YAML_LOADER) == yaml.load(text, Loader=yaml.SafeLoader)


def test_every_parameter_gives_the_value_in_force_around_each_of_its_start_dates():
    """The vectorised lookup (comparisons with the starts, or a binary search for long histories) against the
    plain rule: the value of the last start on or before the date; nothing before the first start or on NaT."""
    import bisect

    missing = {"getal": None, "bedrag": 0, "datum": None, "ja_nee": False, "tekst": ""}
    for parameter in default_parameters():
        if parameter.type not in missing:
            continue
        days = [d + dt.timedelta(days=k) for d in parameter.starts for k in (-1, 0, 1)]
        dates = np.array([*days, None], dtype="datetime64[D]")
        got = [np.asarray(v).item() for v in np.asarray(parameter.at(dates)).tolist()]
        for day, value in zip([*days, None], got, strict=True):
            i = -1 if day is None else bisect.bisect_right(parameter.starts, day) - 1
            want = (
                parameter.values[i] if i >= 0 and parameter.values[i] is not None else missing[parameter.type]
            )
            if want is None:
                assert value is None or (isinstance(value, float) and np.isnan(value)), (parameter.naam, day)
            else:
                assert value == want, (parameter.naam, day, value, want)
