"""Reading and checking deliveries, without a database: every bad row named by line and field, in Dutch; the
good rows exactly the events the vocabulary itself accepts."""

from __future__ import annotations

import datetime as dt

import msgspec
import polars as pl
import pytest
from hypothesis import example as geval
from hypothesis import given, settings
from hypothesis import strategies as st

from inburgering.events.jsonl import EventError, event_from_dict
from inburgering.events.vocabulary import from_columns
from inburgering.exchange.feeds import FEEDS, KENMERK_MAX
from inburgering.exchange.feeds_check import controleer
from inburgering.exchange.feeds_read import BestandFout, lees
from tests.exchange.util import ORDER, csv, example

IND = "kenmerk,persoon,datum,verblijfsgrond,verblijfsdoel,nationaliteit,geboortedatum"
GOED = "V1,P1,2025-01-10,asiel,asiel,SY,1994-06-01"


def check(feed: str, data: bytes, name: str = "levering.csv", bron: str | None = None):
    return controleer(lees(data, name), FEEDS[feed], FEEDS[feed].bron_voor(bron), name)


def errors(result) -> list[tuple[int, str, str]]:
    return [tuple(r) for r in result.fouten.iter_rows()]


@pytest.mark.parametrize("feed", sorted(ORDER))
def test_every_example_is_good_and_becomes_events_the_vocabulary_accepts(feed):
    data, name = example(feed)
    result = check(feed, data, name, ORDER[feed][1])
    assert errors(result) == []
    assert result.goed.height == result.rijen > 0
    for row in result.goed.iter_rows(named=True):
        event = {
            "id": row["id"],
            "persoon": row["persoon"],
            "soort": row["soort"],
            "geldig_op": row["geldig_op"].isoformat(),
            "bron": row["bron"],
            "gegevens": _gegevens(row),
        }
        if row["corrigeert"]:
            event["corrigeert"] = row["corrigeert"]
        event_from_dict(event)  # raises if the import let through what the vocabulary refuses
        assert row["id"] == f"{feed}/{row['bron']}/" + row["id"].split("/", 2)[2]


def _gegevens(row: dict) -> dict:
    record = from_columns(row["soort"], row)
    return {
        k: (v.isoformat() if isinstance(v, dt.date) else str(v) if hasattr(v, "as_tuple") else v)
        for k, v in msgspec.structs.asdict(record).items()
        if v is not None
    }


def test_every_bad_row_is_reported_with_line_field_and_message():
    data = csv(
        IND,
        GOED,
        "V2,P2,2025-02-30,asiel,asiel,SY,1994-06-01",
        "V3,P3,10-01-2025,asyl,asiel,sy,1994-06-01",
        ",P4,2025-01-10,asiel,asiel,SY,",
    )
    result = check("ind", data)
    assert errors(result) == [
        (3, "datum", "2025-02-30 is geen bestaande datum"),
        (4, "datum", "moet een datum JJJJ-MM-DD zijn (kreeg '10-01-2025')"),
        (4, "nationaliteit", "heeft niet de vorm die de soort vraagt (kreeg 'sy')"),
        (4, "verblijfsgrond", "onbekende waarde 'asyl' (toegestaan: asiel, regulier)"),
        (5, "geboortedatum", "ontbreekt (verplicht bij verblijfsvergunning_verleend)"),
        (5, "kenmerk", "ontbreekt"),
    ]
    assert result.goed["id"].to_list() == ["ind/IND/V1"]


def test_semicolons_a_bom_and_decimal_commas_are_read():
    data = b"\xef\xbb\xbf" + csv(
        "kenmerk,persoon,soort,datum,urensoort,uren,keurmerk,contract_bekend",
        "U1,P1,uren_geregistreerd,2025-09-30,nt2,96.5,ja,",
        separator=";",
    ).replace(b"96.5", b"96,5")
    result = check("school", data, bron="TAALSCHOOL:ABC")
    assert errors(result) == []
    row = result.goed.row(0, named=True)
    assert (row["uren"], row["keurmerk"], row["id"]) == (96.5, True, "school/TAALSCHOOL:ABC/U1")


def test_json_lines_are_checked_like_csv_and_a_bad_line_is_one_bad_row():
    data = (
        b'{"kenmerk": "E1", "persoon": "P1", "datum": "2026-03-12", "onderdeel": "lezen", "niveau": "B1", '
        b'"geslaagd": true}\n'
        b"{not json\n"
        b'{"kenmerk": "E2", "persoon": "P1", "datum": "2026-03-12", "onderdeel": "lezen", "niveau": "C2", '
        b'"geslaagd": "misschien"}\n'
        b"[1, 2]\n"
    )
    result = check("examens", data, "examens.jsonl")
    found = errors(result)
    assert [(line, field) for line, field, _ in found] == [
        (2, "(regel)"),
        (3, "geslaagd"),
        (3, "niveau"),
        (4, "(regel)"),
    ]
    assert found[1][2] == "moet ja of nee zijn (true/false, ja/nee, 1/0; kreeg 'misschien')"
    assert result.goed["id"].to_list() == ["examens/CVTE/E1"]
    assert result.rijen == 4


def test_amounts_periods_and_defaults_take_the_columnar_form():
    data = csv(
        "kenmerk,persoon,soort,datum,grond,duur,tot,onderdeel,bedrag,totaal",
        "D1,P1,verlenging_verleend,2026-01-15,ziekte,P1Y2M3W4D,,,,",
        'D2,P1,boete_opgelegd,2026-02-01,,,,leerroute,"1250,5",',
        "D3,P1,lening_besteed,2026-02-01,,,,,,10000",
        "D4,P1,verlenging_verleend,2026-01-15,ziekte,,2026-06-01,,,",
    )
    rows = {r["id"]: r for r in check("duo", data).goed.iter_rows(named=True)}
    assert (rows["duo/DUO/D1"]["duur_maanden"], rows["duo/DUO/D1"]["duur_dagen"]) == (14, 25)
    assert rows["duo/DUO/D2"]["bedrag_cent"] == 125050
    assert rows["duo/DUO/D3"]["totaal_cent"] == 1_000_000
    assert rows["duo/DUO/D4"]["duur_maanden"] is None
    assert rows["duo/DUO/D4"]["tot"] == dt.date(2026, 6, 1)
    pip = check(
        "gemeente",
        csv("kenmerk,persoon,soort,datum,leerroute", "G1,P1,pip_vastgesteld,2025-04-14,b1"),
        bron="GM0363",
    ).goed.row(0, named=True)
    assert pip["afschalen_a2"] is False  # the vocabulary's default, as every other write path stores it


def test_the_vocabulary_rules_across_fields_and_types():
    data = csv(
        "kenmerk,persoon,soort,datum,wet,grond,duur,tot,bedrag,corrigeert,intrekking",
        "D1,P1,verlenging_verleend,2026-01-15,,ziekte,P3M,2026-06-01,,,",
        "D2,P1,verlenging_verleend,2026-01-15,,ziekte,,,,,",
        "D3,P1,kennisgeving_verzonden,2026-01-15,Wi2021,ziekte,,,,,",
        "D4,P1,boete_opgelegd,2026-01-15,,,,,12.345,,",
        "D5,P1,kennisgeving_verzonden,2026-01-15,Wi2021,,,,,,ja",
        "D6,P1,kennisgeving_verzonden,2026-01-15,Wi2021,,,,,D6,",
        "D7,P1,inburgering,2026-01-15,,,,,,,",
        "D8,P1,verlenging_verleend,2026-01-15,,covid,6M,,,,",
    )
    found = errors(check("duo", data))
    assert (2, "duur", "geef precies één van `duur` of `tot`") in found
    assert (3, "duur", "geef precies één van `duur` of `tot`") in found
    assert (
        4,
        "grond",
        "hoort niet bij soort 'kennisgeving_verzonden' (wel bij: verlenging_verleend, "
        "vrijstelling_verleend, ontheffing_aangevraagd, ontheffing_verleend)",
    ) in found
    assert (5, "bedrag", "moet een bedrag ≥ 0 met hoogstens 2 decimalen zijn (kreeg '12.345')") in found
    assert (5, "onderdeel", "ontbreekt (verplicht bij boete_opgelegd)") in found
    assert (6, "intrekking", "een intrekking moet in `corrigeert` zeggen welke rij ze intrekt") in found
    assert (7, "corrigeert", "een rij kan zichzelf niet corrigeren") in found
    assert any(
        line == 8 and field == "soort" and "onbekende soort 'inburgering'" in m for line, field, m in found
    )
    assert any(line == 9 and field == "duur" for line, field, _ in found)


def test_ranges_and_lengths_of_the_vocabulary():
    data = csv(
        "kenmerk,persoon,soort,datum,score",
        "G1,P1,leerbaarheidstoets_afgenomen,2025-03-24,41",
        "G2,P1,leerbaarheidstoets_afgenomen,2025-03-24,veel",
        f"{'K' * (KENMERK_MAX + 1)},P1,leerbaarheidstoets_afgenomen,2025-03-24,12",
    )
    found = errors(check("gemeente", data, bron="GM0363"))
    assert found == [
        (2, "score", "moet ≤ 40 zijn (kreeg 41)"),
        (3, "score", "moet een geheel getal zijn (kreeg 'veel')"),
        (4, "kenmerk", f"mag hoogstens {KENMERK_MAX} tekens zijn"),
    ]
    uren = csv("kenmerk,persoon,soort,datum,urensoort,uren", "U1,P1,uren_geregistreerd,2025-09-30,nt2,0")
    assert errors(check("school", uren, bron="TAALSCHOOL:ABC")) == [(2, "uren", "moet > 0 zijn (kreeg 0)")]


def test_a_key_twice_counts_once_with_the_same_content_and_is_an_error_with_other_content():
    data = csv(IND, GOED, GOED, GOED.replace("SY", "IQ"))
    result = check("ind", data)
    assert errors(result) == [(4, "kenmerk", "staat al op regel 2 met andere inhoud")]
    assert (result.goed.height, result.dubbel, result.rijen) == (1, 1, 3)


def test_a_bron_column_must_be_the_deliverer():
    data = csv(IND + ",bron", GOED + ",IND", GOED.replace("V1", "V2") + ",DUO")
    assert errors(check("ind", data)) == [(3, "bron", "bron 'DUO' is niet de leverende organisatie (IND)")]


def test_a_field_with_a_line_break_is_refused_so_line_numbers_stay_true():
    data = csv(IND, GOED.replace("SY", '"S\nY"'))
    assert (2, "nationaliteit", "een regeleinde in een veld is niet toegestaan") in errors(check("ind", data))


@pytest.mark.parametrize(
    ("data", "name", "where"),
    [
        (csv(IND).replace(b"persoon,", b""), "x.csv", (1, "persoon", "verplichte kolom ontbreekt")),
        (csv(IND + ",kleur", GOED + ",blauw"), "x.csv", (1, "kleur", None)),
        (
            csv("kenmerk,kenmerk,persoon,datum"),
            "x.csv",
            (1, "kenmerk", "kolom staat twee keer in de kopregel"),
        ),
        (b"", "x.csv", (1, "(kop)", "geen kopregel met de kolomnamen")),
        (csv(IND, GOED + ",extra"), "x.csv", (2, "(regel)", None)),
        (b'{"kenmerk": "V1", "kleur": "blauw"}\n', "x.jsonl", (1, "kleur", None)),
        (csv(IND, GOED), "x.xlsx", (0, "(bestand)", "onbekende bestandsvorm: gebruik .csv of .jsonl")),
    ],
)
def test_a_file_with_wrong_columns_or_form_is_refused_whole(data, name, where):
    with pytest.raises(BestandFout) as raised:
        check("ind", data, name)
    error = raised.value.fouten[0]
    assert (error.line, error.field) == where[:2]
    if where[2]:
        assert error.message == where[2]


def test_a_file_that_is_not_utf8_is_refused_naming_line_and_byte():
    data = b"\xef\xbb\xbf" + (IND + "\n" + GOED + "\n").encode() + b"V2,P\xe9,2025-01-10\n"
    with pytest.raises(BestandFout) as raised:
        check("ind", data)
    error = raised.value.fouten[0]
    offset = data.index(b"\xe9") + 1
    assert (error.line, error.field) == (3, "(bestand)")
    assert error.message.startswith(f"geen UTF-8: byte {offset} van het bestand (0xe9, byte 5 van regel 3)")


def test_unknown_feed_and_a_source_that_does_not_deliver_it():
    with pytest.raises(ValueError, match="wordt niet geleverd door 'DUO'"):
        FEEDS["ind"].bron_voor("DUO")
    with pytest.raises(ValueError, match="geef de bron"):
        FEEDS["gemeente"].bron_voor(None)
    assert FEEDS["examens"].bron_voor("DUO") == "DUO"


# What a feed strips from a value (Polars' strip_chars: Unicode White_Space). Python's str.strip also strips the
# four information separators U+001C-U+001F, which a partner's field should not hide behind: they are bad values.
_WITRUIMTE = "".join(c for c in map(chr, range(0x110000)) if c.isspace() and c not in "\x1c\x1d\x1e\x1f")

_WAARDEN = st.one_of(
    st.sampled_from(["", "b1", "z", "onderwijs", "B1", "ja", "nee", "true", "1", "2", "x"]),
    st.text(max_size=4),
)


@settings(max_examples=200, deadline=None)
@given(
    leerroute=_WAARDEN,
    afschalen=_WAARDEN,
    datum=st.sampled_from(["2025-04-14", "2025-02-29", "2025-4-1", ""]),
)
@geval(leerroute="b1", afschalen="\x1f", datum="2025-04-14")  # found by CI: a separator is no blank
def test_a_row_is_good_exactly_when_the_vocabulary_accepts_its_event(leerroute, afschalen, datum):
    """The column-wise checks and the vocabulary's own validation agree, value by value."""
    frame = pl.DataFrame(
        {
            "kenmerk": ["G1"],
            "persoon": ["P1"],
            "soort": ["pip_vastgesteld"],
            "datum": [datum],
            "leerroute": [leerroute],
            "afschalen_a2": [afschalen],
            "_regel": [2],
        }
    )
    from inburgering.exchange.feeds_read import Gelezen

    result = controleer(
        Gelezen(frame, [c for c in frame.columns if c != "_regel"]), FEEDS["gemeente"], "GM0363", "x.csv"
    )
    gegevens = {}
    if leerroute.strip(_WITRUIMTE):
        gegevens["leerroute"] = leerroute.strip(_WITRUIMTE)
    if afschalen.strip(_WITRUIMTE):
        gegevens["afschalen_a2"] = {
            "true": True,
            "ja": True,
            "1": True,
            "false": False,
            "nee": False,
            "0": False,
        }.get(afschalen.strip(_WITRUIMTE).lower(), afschalen)
    event = {
        "id": "x",
        "persoon": "P1",
        "soort": "pip_vastgesteld",
        "geldig_op": datum,
        "bron": "GM0363",
        "gegevens": gegevens,
    }
    try:
        event_from_dict(event)
        accepted = True
    except EventError:
        accepted = False
    has_newline = any(c in v for v in (leerroute, afschalen) for c in "\r\n")
    assert (result.goed.height == 1) == (accepted and not has_newline), result.fouten
