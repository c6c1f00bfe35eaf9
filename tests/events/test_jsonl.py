"""The JSON Lines reader: every kind of bad input names its line and field; a bad file is rejected whole."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from inburgering.events.jsonl import EventError, EventFileError, event_from_dict, read_jsonl, write_jsonl
from tests.conftest import make_event

PERMIT = {
    "soort": "verblijfsvergunning_verleend",
    "geldig_op": "2023-03-01",
    "gegevens": {
        "verblijfsgrond": "asiel",
        "verblijfsdoel": "asiel",
        "nationaliteit": "SY",
        "geboortedatum": "1990-05-17",
    },
}
TOETS = {"soort": "leerbaarheidstoets_afgenomen", "geldig_op": "2023-04-01", "gegevens": {"score": 30}}


def _write(tmp_path, lines) -> str:
    path = tmp_path / "gebeurtenissen.jsonl"
    path.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8"
    )
    return path


def _error(data: dict) -> EventError:
    with pytest.raises(EventError) as caught:
        event_from_dict(data)
    return caught.value


def test_a_valid_event_round_trips_through_its_json_form():
    event = event_from_dict(make_event(PERMIT))
    assert event.gegevens.geboortedatum == dt.date(1990, 5, 17)
    assert event.gegevens.mvv is False
    assert event.beschikbaar_op == dt.datetime(2023, 3, 1, tzinfo=dt.UTC)
    assert event_from_dict(event.to_dict()) == event


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"soort": "onbekend_iets"}, "soort", "onbekende soort"),
        ({"gegevens": {"score": 41}}, "gegevens.score", "≤ 40"),
        ({"gegevens": {"score": -1}}, "gegevens.score", "≥ 0"),
        ({"gegevens": {"score": "30"}}, "gegevens.score", "geheel getal"),
        ({"gegevens": {}}, "gegevens.score", "ontbreekt"),
        ({"gegevens": {"score": 3, "extra": 1}}, "gegevens.extra", "onbekend veld"),
        ({"geldig_op": "2023-02-30"}, "geldig_op", "geen bestaande datum"),
        ({"geldig_op": "1-4-2023"}, "geldig_op", "JJJJ-MM-DD"),
        ({"beschikbaar_op": "2023-04-01T10:00:00"}, "beschikbaar_op", "tijdzone"),
        ({"bron": "Gemeente Utrecht"}, "bron", "onbekende bron"),
        ({"corrigeert": "P1-1"}, "corrigeert", "andere gebeurtenis"),
        ({"intrekking": True}, "intrekking", "corrigeert"),
        ({"id": ""}, "id", "tekst"),
    ],
)
def test_bad_fields_are_named(change, field, fragment):
    data = make_event(TOETS) | change
    error = _error(data)
    assert error.field == field
    assert fragment in error.message


def test_missing_envelope_field_and_unknown_enum_value():
    data = make_event(PERMIT)
    del data["persoon"]
    assert _error(data).field == "persoon"
    wrong = make_event({**PERMIT, "gegevens": {**PERMIT["gegevens"], "verblijfsdoel": "vakantie"}})
    assert _error(wrong).field == "gegevens.verblijfsdoel"
    assert "vakantie" in _error(wrong).message


def test_amounts_are_exact_and_periods_checked():
    loan = make_event(
        {"soort": "lening_besteed", "geldig_op": "2020-01-01", "gegevens": {"totaal": "9500.10"}}
    )
    assert str(event_from_dict(loan).gegevens.totaal) == "9500.10"
    loan["gegevens"]["totaal"] = "12.345"
    assert "2 decimalen" in _error(loan).message
    ext = make_event(
        {"soort": "verlenging_verleend", "geldig_op": "2020-01-01", "gegevens": {"grond": "ziekte"}}
    )
    assert "precies één" in _error(ext).message
    ext["gegevens"]["duur"] = "3 maanden"
    assert _error(ext).field == "gegevens.duur"


def test_a_file_with_errors_is_rejected_whole_and_every_bad_line_is_reported(tmp_path):
    good = make_event(PERMIT, number=1)
    bad_score = make_event(TOETS, number=2) | {"gegevens": {"score": 41}}
    path = _write(tmp_path, [good, "{not json", bad_score, make_event(TOETS, number=4)])
    with pytest.raises(EventFileError) as caught:
        read_jsonl(path)
    assert [(e.line, e.field) for e in caught.value.errors] == [(2, "(regel)"), (3, "gegevens.score")]
    assert "gebeurtenissen.jsonl:3: gegevens.score: moet ≤ 40 zijn (kreeg 41)" in str(caught.value)
    events, errors = read_jsonl(path, report=True)
    assert [e.id for e in events] == ["P1-1", "P1-4"]
    assert len(errors) == 2


def test_redelivery_is_idempotent_but_a_conflicting_id_is_an_error(tmp_path):
    event = make_event(PERMIT)
    path = _write(tmp_path, [event, event])
    assert len(read_jsonl(path)) == 1
    conflict = event | {"geldig_op": "2023-03-02"}
    with pytest.raises(EventFileError) as caught:
        read_jsonl(_write(tmp_path, [event, conflict]))
    assert caught.value.errors[0].line == 2
    assert "regel 1" in caught.value.errors[0].message


def test_write_then_read_gives_the_same_events(tmp_path):
    events = [event_from_dict(make_event(spec, number=i)) for i, spec in enumerate([PERMIT, TOETS])]
    path = tmp_path / "uit.jsonl"
    assert write_jsonl(events, path) == 2
    assert read_jsonl(path) == events


def test_beschikbaar_op_defaults_to_the_moment_of_receipt():
    data = make_event(TOETS)
    del data["beschikbaar_op"]
    moment = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
    assert event_from_dict(data, received=moment).beschikbaar_op == moment
