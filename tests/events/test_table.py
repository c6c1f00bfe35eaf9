"""The columnar form: built from records, frames or Parquet, with the same checks on each way in."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from inburgering.events.jsonl import event_from_dict
from inburgering.events.table import EventTableError, EventTables, read_events
from inburgering.events.vocabulary import SOORTEN, field_kinds, table_schema
from tests.conftest import make_event

DOCS = Path(__file__).parents[2] / "docs" / "events.md"
SPECS = [
    {
        "soort": "verblijfsvergunning_verleend",
        "geldig_op": "2022-06-01",
        "gegevens": {
            "verblijfsgrond": "asiel",
            "verblijfsdoel": "asiel",
            "nationaliteit": "ER",
            "geboortedatum": "1995-01-01",
        },
    },
    {"soort": "lening_besteed", "geldig_op": "2022-07-01", "gegevens": {"totaal": "9500.55"}},
    {
        "soort": "verlenging_verleend",
        "geldig_op": "2023-01-01",
        "gegevens": {"grond": "geboorte", "duur": "P1Y16W"},
    },
    {"soort": "kennisgeving_verzonden", "geldig_op": "2022-06-10", "gegevens": {"wet": "Wi2013"}},
    {
        "soort": "kennisgeving_verzonden",
        "geldig_op": "2022-06-10",
        "beschikbaar_op": "2022-09-01",
        "gegevens": {"wet": "Wi2021"},
        "corrigeert": "{persoon}-4",
    },
]


def _events(persoon="B"):
    events = []
    for i, spec in enumerate(SPECS):
        if "corrigeert" in spec:
            spec = {**spec, "corrigeert": spec["corrigeert"].format(persoon=persoon)}
        events.append(event_from_dict(make_event(spec, persoon=persoon, number=i + 1)))
    return events


def test_from_events_builds_typed_sorted_tables():
    tables = EventTables.from_events([*_events("B"), *_events("A")])
    assert tables.personen.tolist() == ["A", "B"]
    assert tables.n_events == 10
    loan = tables.tabellen["lening_besteed"]
    assert loan.schema == pl.Schema(table_schema("lening_besteed"))
    assert loan["totaal_cent"].to_list() == [950055, 950055]
    ext = tables.tabellen["verlenging_verleend"].row(0, named=True)
    assert (ext["duur_maanden"], ext["duur_dagen"], ext["tot"]) == (12, 112, None)
    notices = tables.tabellen["kennisgeving_verzonden"]
    assert notices["persoon"].to_list() == [0, 0, 1, 1]


def test_the_same_event_twice_counts_once_but_other_content_under_the_same_id_is_refused():
    events = _events()
    assert EventTables.from_events([*events, *events]).n_events == len(events)
    changed = event_from_dict(make_event({**SPECS[1], "gegevens": {"totaal": 1}}, persoon="B", number=2))
    with pytest.raises(EventTableError, match="B-2"):
        EventTables.from_events([*events, changed])


def test_a_correction_must_name_an_event_of_the_same_type_and_person():
    dangling = event_from_dict(make_event({**SPECS[4], "corrigeert": "B-2"}, persoon="B", number=9))
    with pytest.raises(EventTableError, match="dezelfde soort en persoon"):
        EventTables.from_events([*_events(), dangling])
    other_person = event_from_dict(make_event({**SPECS[4], "corrigeert": "B-4"}, persoon="C", number=9))
    with pytest.raises(EventTableError, match="dezelfde soort en persoon"):
        EventTables.from_events([*_events(), other_person])


def test_parquet_and_records_round_trip(tmp_path):
    tables = EventTables.from_events([*_events("B"), *_events("A")])
    path = tmp_path / "g.parquet"
    tables.write_parquet(path)
    again = read_events(path)
    assert again.personen.tolist() == tables.personen.tolist()
    assert set(again.tabellen) == set(tables.tabellen)
    for soort, frame in tables.tabellen.items():
        assert again.tabellen[soort].equals(frame)
    assert sorted(e.to_dict()["id"] for e in again.to_events()) == sorted(
        e.id for e in [*_events("B"), *_events("A")]
    )
    # records back and forth give the same columns (a period comes back normalised: P1Y16W as P12M112D)
    rebuilt = EventTables.from_events(again.to_events())
    assert all(rebuilt.tabellen[s].equals(f) for s, f in tables.tabellen.items())


def test_a_bad_parquet_file_is_refused_with_the_reason(tmp_path):
    flat = EventTables.from_events(_events()).to_flat()
    path = tmp_path / "g.parquet"
    flat.with_columns(
        pl.when(pl.col("soort") == "lening_besteed")
        .then(None)
        .otherwise(pl.col("totaal_cent"))
        .alias("totaal_cent")
    ).write_parquet(path)
    with pytest.raises(EventTableError, match=r"lening_besteed: gegevens\.totaal ontbreekt"):
        read_events(path)
    flat.with_columns(pl.lit("xyz").alias("soort")).write_parquet(path)
    with pytest.raises(EventTableError, match="onbekende soort"):
        read_events(path)
    flat.with_columns(
        pl.when(pl.col("soort") == "kennisgeving_verzonden")
        .then(pl.lit("Wi1999"))
        .otherwise(pl.col("wet"))
        .alias("wet")
    ).write_parquet(path)
    with pytest.raises(EventTableError, match="Wi1999"):
        read_events(path)


def test_read_events_checks_the_path(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_events(tmp_path / "niet-er.jsonl")
    other = tmp_path / "g.csv"
    other.write_text("x")
    with pytest.raises(ValueError, match="onbekende bestandsvorm"):
        read_events(other)


def test_one_person_and_unknown_persons():
    tables = EventTables.from_events([*_events("B"), *_events("A")])
    alone = tables.for_person("B")
    assert alone.personen.tolist() == ["B"] and alone.n_events == 5
    assert set(alone.tabellen["lening_besteed"]["persoon"].to_list()) == {0}
    with pytest.raises(KeyError, match="komt niet voor"):
        tables.person_index("Z")


def test_every_type_and_field_is_documented_in_docs_events_md():
    text = DOCS.read_text(encoding="utf-8")
    table_rows = {
        m[1]: m[2] for m in re.finditer(r"^\| `(\w+)` \| [^|]+ \|\s*(.*?)\s*\|$", text, re.MULTILINE)
    }
    for soort, cls in SOORTEN.items():
        assert soort in table_rows, f"{soort} ontbreekt in docs/events.md"
        for field in field_kinds(cls):
            assert f"`{field}`" in table_rows[soort] or f"`{field}`" in text, f"{soort}.{field} ontbreekt"


def test_frames_from_outside_get_the_same_repeat_and_conflict_rules():
    tables = EventTables.from_events(_events())
    loan = tables.tabellen["lening_besteed"]
    doubled = tables.tabellen | {"lening_besteed": pl.concat([loan, loan])}
    assert EventTables.from_frames(tables.personen, doubled).n_events == tables.n_events
    changed = loan.with_columns(pl.lit(1, dtype=pl.Int64).alias("totaal_cent"))
    with pytest.raises(EventTableError, match="verschillende inhoud"):
        EventTables.from_frames(
            tables.personen, tables.tabellen | {"lening_besteed": pl.concat([loan, changed])}
        )
    permit = tables.tabellen["verblijfsvergunning_verleend"]
    clash = tables.tabellen | {
        "verblijfsvergunning_verleend": permit.with_columns(pl.lit(loan["id"][0]).alias("id"))
    }
    with pytest.raises(EventTableError, match="meer dan één soort"):
        EventTables.from_frames(tables.personen, clash)


def test_unsorted_frames_are_sorted():
    tables = EventTables.from_events([*_events("B"), *_events("A")])
    notices = tables.tabellen["kennisgeving_verzonden"]
    shuffled = EventTables.from_frames(
        tables.personen, tables.tabellen | {"kennisgeving_verzonden": notices.reverse()}
    )
    assert shuffled.tabellen["kennisgeving_verzonden"].equals(notices)
