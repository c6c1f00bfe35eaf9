"""Applying deliveries to the store: all or nothing, quarantine, idempotent re-delivery, corrections instead of
silent changes, the moment of receipt as beschikbaar_op, and the projection updated with the events."""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering.exchange.feeds_apply import importeer
from inburgering.exchange.models import Levering, LeveringFout
from inburgering.store.models import Feiten, Gebeurtenis, Persoon
from tests.exchange.util import ORDER, assert_consistent, counts, csv, example

pytestmark = pytest.mark.django_db

IND = "kenmerk,persoon,datum,verblijfsgrond,verblijfsdoel,nationaliteit,geboortedatum"
ROWS = [f"V{i},P{i},2025-01-10,asiel,asiel,SY,1994-06-01" for i in range(1, 6)]
KENNISGEVING = "kenmerk,persoon,soort,datum,wet,corrigeert,intrekking"


def all_examples() -> None:
    for feed, (_, bron) in ORDER.items():
        data, name = example(feed)
        uitkomst = importeer(feed, data, name, bron=bron)
        assert uitkomst.levering.status == Levering.Status.VERWERKT, uitkomst.fouten


def test_every_example_applies_with_its_facts_and_again_changes_nothing():
    all_examples()
    assert_consistent()
    before = counts()
    versions = dict(Persoon.objects.values_list("identificatie", "versie"))
    facts = Feiten.objects.get(persoon_id="VB-0001")
    assert (facts.status, facts.wet, facts.verantwoordelijke_gemeente, facts.lesuren) == (
        "in_traject",
        "Wi2021",
        "GM0363",
        120.5,
    )
    for feed, (_, bron) in ORDER.items():
        data, name = example(feed)
        levering = importeer(feed, data, name, bron=bron).levering
        assert (levering.nieuw, levering.al_bekend, levering.status) == (0, levering.rijen, "verwerkt")
        assert levering.vorige is not None and levering.vorige.sha256 == levering.sha256
    assert counts() == before
    assert dict(Persoon.objects.values_list("identificatie", "versie")) == versions  # nothing written


def test_one_bad_row_and_nothing_is_written_but_the_refusal_and_its_reasons():
    data = csv(IND, *ROWS, "V6,P6,2025-01-10,asiel,asiel,SY,1994-02-30")
    uitkomst = importeer("ind", data, "ind.csv")
    assert uitkomst.geweigerd
    assert counts() == (0, 0, 0)
    levering = uitkomst.levering
    assert (levering.rijen, levering.nieuw, levering.afgekeurd) == (6, 0, 1)
    fout = LeveringFout.objects.get(levering=levering)
    assert (fout.regel, fout.veld, fout.melding) == (7, "geboortedatum", "1994-02-30 is geen bestaande datum")
    assert fout.rij["geboortedatum"] == "1994-02-30"


def test_a_file_that_cannot_be_read_writes_nothing():
    uitkomst = importeer("ind", b"kenmerk,persoon\nV1,P\xe9\n", "ind.csv")
    assert uitkomst.geweigerd and counts() == (0, 0, 0)
    assert LeveringFout.objects.get(levering=uitkomst.levering).veld == "(bestand)"


def test_quarantine_applies_the_good_rows_and_keeps_the_bad_ones_with_the_raw_row():
    data = csv(IND, *ROWS[:2], "V3,P3,2025-01-10,asyl,asiel,SY,1994-06-01", ROWS[3])
    uitkomst = importeer("ind", data, "ind.csv", quarantaine=True)
    levering = uitkomst.levering
    assert (levering.status, levering.nieuw, levering.in_quarantaine) == ("verwerkt", 3, 1)
    assert set(Gebeurtenis.objects.values_list("persoon_id", flat=True)) == {"P1", "P2", "P4"}
    fout = levering.fouten.get()
    assert (fout.regel, fout.veld) == (4, "verblijfsgrond")
    assert fout.rij == dict(
        zip(IND.split(","), ROWS[2].replace("asiel,asiel", "asyl,asiel").split(","), strict=True)
    )
    assert_consistent()


def test_events_are_available_from_the_moment_of_receipt():
    levering = importeer("ind", csv(IND, ROWS[0]), "ind.csv").levering
    event = Gebeurtenis.objects.get()
    assert event.id == "ind/IND/V1"
    assert event.beschikbaar_op == levering.ontvangen
    assert event.geregistreerd_door is None and event.bron == "IND"


def test_a_changed_row_is_an_error_and_a_correction_is_the_way_to_change_it():
    importeer("ind", csv(IND, ROWS[0]), "ind.csv")
    importeer("duo", csv(KENNISGEVING, "K1,P1,kennisgeving_verzonden,2025-03-03,Wi2013,,"), "duo.csv")
    changed = importeer(
        "duo", csv(KENNISGEVING, "K1,P1,kennisgeving_verzonden,2025-03-03,Wi2021,,"), "duo2.csv"
    )
    assert changed.geweigerd
    assert changed.fouten.row(0) == (
        2,
        "kenmerk",
        "al geleverd met andere inhoud (wet); lever een wijziging als nieuwe rij met een eigen kenmerk en "
        "corrigeert=K1",
    )
    corrected = importeer(
        "duo", csv(KENNISGEVING, "K2,P1,kennisgeving_verzonden,2025-03-03,Wi2021,K1,"), "duo3.csv"
    )
    assert corrected.levering.nieuw == 1
    assert Gebeurtenis.objects.get(id="duo/DUO/K2").corrigeert == "duo/DUO/K1"
    assert Feiten.objects.get(persoon_id="P1").wet == "Wi2021"
    withdrawn = importeer(
        "duo", csv(KENNISGEVING, "K3,P1,kennisgeving_verzonden,2025-03-03,Wi2021,K2,ja"), "d4.csv"
    )
    assert withdrawn.levering.nieuw == 1
    assert Feiten.objects.get(persoon_id="P1").kennisgeving_datum is None
    assert_consistent()


def test_a_correction_must_name_a_delivered_row_of_the_same_type_and_person():
    importeer("ind", csv(IND, *ROWS[:2]), "ind.csv")
    importeer("duo", csv(KENNISGEVING, "K1,P1,kennisgeving_verzonden,2025-03-03,Wi2013,,"), "duo.csv")
    data = csv(
        "kenmerk,persoon,soort,datum,wet,reden,corrigeert",
        "K2,P2,kennisgeving_verzonden,2025-03-03,Wi2021,,K1",  # another person
        "K3,P1,plicht_vervallen,2025-03-03,,overig,K1",  # another type
        "K4,P1,kennisgeving_verzonden,2025-03-03,Wi2021,,K9",  # nothing delivered
        "K5,P1,kennisgeving_verzonden,2025-03-03,Wi2021,,K6",  # in this file, good
        "K6,P1,kennisgeving_verzonden,2025-03-01,Wi2021,,",
        "K7,P1,kennisgeving_verzonden,2025-03-01,Wi2021,,K4",  # corrects a refused row
    )
    uitkomst = importeer("duo", data, "duo.csv", quarantaine=True)
    assert [(r, v) for r, v, _ in uitkomst.fouten.iter_rows()] == [
        (2, "corrigeert"),
        (3, "corrigeert"),
        (4, "corrigeert"),
        (7, "corrigeert"),
    ]
    assert uitkomst.levering.nieuw == 2
    assert set(Gebeurtenis.objects.filter(soort="kennisgeving_verzonden").values_list("id", flat=True)) == {
        "duo/DUO/K1",
        "duo/DUO/K5",
        "duo/DUO/K6",
    }
    assert_consistent()


def test_deliveries_raise_the_dossier_version_so_an_older_form_is_refused():
    from inburgering.events.jsonl import event_from_dict
    from inburgering.store.writes import VersieConflict, write

    importeer("ind", csv(IND, ROWS[0]), "ind.csv")
    seen = Persoon.objects.get(pk="P1").versie
    importeer("duo", csv(KENNISGEVING, "K1,P1,kennisgeving_verzonden,2025-03-03,Wi2021,,"), "duo.csv")
    assert Persoon.objects.get(pk="P1").versie == Feiten.objects.get(pk="P1").versie == seen + 1
    event = event_from_dict(
        {
            "id": "x",
            "persoon": "P1",
            "soort": "brede_intake_gestart",
            "geldig_op": "2025-04-01",
            "bron": "GM0363",
            "gegevens": {},
        }
    )
    with pytest.raises(VersieConflict):
        write([event], None, verwacht={"P1": seen})


def test_blocks_hold_whole_persons_and_every_block_has_its_facts():
    rows = [
        f"K{p}-{i},P{p},kennisgeving_verzonden,2025-03-0{i + 1},Wi2021,,"
        for p in range(1, 6)
        for i in range(3)
    ]
    importeer("ind", csv(IND, *ROWS), "ind.csv")
    done = []
    uitkomst = importeer(
        "duo", csv(KENNISGEVING, *rows), "duo.csv", blok=4, voortgang=lambda *a: done.append(a)
    )
    assert uitkomst.levering.nieuw == 15
    # a block starts where a person starts at or after the next multiple of 4 rows: P1 and P2 start in rows 0-3
    assert done == [(0, 15), (6, 15), (3, 15), (3, 15), (3, 15)]
    assert_consistent()


def test_a_resumed_delivery_keeps_its_moment_of_receipt_and_applies_only_the_rest(monkeypatch):
    from inburgering.exchange import feeds_apply

    importeer("ind", csv(IND, *ROWS), "ind.csv")
    rows = [f"K{p},P{p},kennisgeving_verzonden,2025-03-03,Wi2021,," for p in range(1, 6)]
    data = csv(KENNISGEVING, *rows)
    real = feeds_apply._apply
    calls = []

    def dies_in_the_third_block(part, ontvangen):
        calls.append(part.height)
        if len(calls) == 3:
            raise KeyboardInterrupt  # as an operator's Ctrl-C between blocks
        real(part, ontvangen)

    monkeypatch.setattr(feeds_apply, "_apply", dies_in_the_third_block)
    with pytest.raises(KeyboardInterrupt):
        importeer("duo", data, "duo.csv", blok=1)
    first = Levering.objects.get(feed="duo")
    assert (first.status, first.nieuw) == ("onderbroken", 2)
    assert_consistent()
    monkeypatch.setattr(feeds_apply, "_apply", real)
    again = importeer("duo", data, "duo.csv", blok=1).levering
    assert (again.status, again.nieuw, again.al_bekend, again.vorige_id) == ("verwerkt", 3, 2, first.pk)
    assert again.ontvangen == first.ontvangen
    assert set(
        Gebeurtenis.objects.filter(soort="kennisgeving_verzonden").values_list("beschikbaar_op", flat=True)
    ) == {first.ontvangen}
    assert Gebeurtenis.objects.filter(soort="kennisgeving_verzonden").count() == 5
    assert_consistent()


def test_an_import_sees_events_written_by_other_paths_as_the_same():
    """A row stored through the API with the same id and content is known, not a conflict."""
    from inburgering.events.jsonl import event_from_dict
    from inburgering.store.writes import write

    importeer("ind", csv(IND, ROWS[0]), "ind.csv")
    write(
        [
            event_from_dict(
                {
                    "id": "gemeente/GM0363/G1",
                    "persoon": "P1",
                    "soort": "pip_vastgesteld",
                    "geldig_op": "2025-04-14",
                    "bron": "GM0363",
                    "gegevens": {"leerroute": "b1"},
                    "beschikbaar_op": dt.datetime(2025, 4, 14, tzinfo=dt.UTC).isoformat(),
                }
            )
        ],
        None,
    )
    data = csv("kenmerk,persoon,soort,datum,leerroute", "G1,P1,pip_vastgesteld,2025-04-14,b1")
    levering = importeer("gemeente", data, "g.csv", bron="GM0363").levering
    assert (levering.nieuw, levering.al_bekend) == (0, 1)


def test_a_large_block_reads_its_persons_per_type_and_gets_the_same_events():
    from inburgering.store import bulk

    n = bulk.FEW + 50
    personen = [f"P{i:04d}" for i in range(n)]
    importeer(
        "ind", csv(IND, *[f"V{p},{p},2025-01-10,asiel,asiel,SY,1994-06-01" for p in personen]), "ind.csv"
    )
    importeer(
        "duo",
        csv(KENNISGEVING, *[f"K{p},{p},kennisgeving_verzonden,2025-03-03,Wi2021,," for p in personen]),
        "d.csv",
    )
    assert_consistent()
    many = bulk.read_tables(personen)  # more than FEW: per type
    few = bulk._few(bulk._quote(Gebeurtenis._meta.db_table), personen)  # one query over the person index
    assert list(many.personen) == list(few.personen) == personen
    assert many.tabellen.keys() == few.tabellen.keys()
    for soort, frame in many.tabellen.items():
        assert frame.equals(few.tabellen[soort]), soort


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"kenmerk,persoon,datum\nV1,P\xe9,2025-01-10\n", "encoding.csv"),
        (csv("kenmerk,persoon,datum,verblijfsgrond", "V1,P1,2025-01-10,asiel"), "missing-columns.csv"),
        (csv(IND, ROWS[0], "V2,P2,2025-13-01,asiel,asiel,SY,1994-06-01"), "bad-date.csv"),
        (csv(IND, ROWS[0], "V2,P2,2025-01-10,asiel,vakantie,SY,1994-06-01"), "unknown-code.csv"),
        (csv(IND, ROWS[0], ROWS[0].replace("SY", "IQ")), "duplicate.csv"),
        (b'{"kenmerk": "V1", "persoon": "P1"\n', "broken.jsonl"),
    ],
)
def test_a_malformed_file_is_refused_with_its_reasons_and_writes_nothing(data, name):
    uitkomst = importeer("ind", data, name)
    assert uitkomst.geweigerd and not uitkomst.fouten.is_empty()
    assert counts() == (0, 0, 0)
    assert uitkomst.levering.fouten.count() == uitkomst.fouten.height


def test_the_delivery_models_have_their_migration():
    from django.core.management import call_command

    call_command("makemigrations", "exchange", "--check", "--dry-run", verbosity=0)


def test_a_row_stored_by_another_writer_after_the_check_is_kept_once(monkeypatch):
    """Between the check against the store and the block's transaction another writer may store the same id:
    the insert skips it and the facts count it once."""
    import polars as pl

    from inburgering.events.vocabulary import flat_schema
    from inburgering.store import bulk

    importeer("ind", csv(IND, ROWS[0]), "ind.csv")
    data = csv(KENNISGEVING, "K1,P1,kennisgeving_verzonden,2025-03-03,Wi2021,,")
    importeer("duo", data, "duo.csv")
    from inburgering.exchange import feeds_apply

    nothing = pl.DataFrame(schema=flat_schema())
    monkeypatch.setattr(bulk, "read_by_id", lambda ids: nothing)  # the check saw nothing
    seen = []
    real = feeds_apply._replace_facts

    def replace_facts(tables, versies):
        seen.append(tables)
        real(tables, versies)

    monkeypatch.setattr(feeds_apply, "_replace_facts", replace_facts)
    again = importeer("duo", data, "duo-again.csv").levering
    assert again.status == "verwerkt"
    assert seen[0].tabellen["kennisgeving_verzonden"]["id"].to_list() == ["duo/DUO/K1"]  # once, not twice
    assert Gebeurtenis.objects.filter(soort="kennisgeving_verzonden").count() == 1
    assert_consistent()


def test_an_id_stored_meanwhile_for_another_person_refuses_the_block_by_name(monkeypatch):
    """Two deliveries at once that give one kenmerk to two persons: the second cannot store it and says why;
    nothing of its block is written."""
    import polars as pl

    from inburgering.events.vocabulary import flat_schema
    from inburgering.store import bulk

    importeer("ind", csv(IND, ROWS[0], ROWS[1]), "ind.csv")
    importeer("duo", csv(KENNISGEVING, "K1,P1,kennisgeving_verzonden,2025-03-03,Wi2021,,"), "duo.csv")
    monkeypatch.setattr(bulk, "read_by_id", lambda ids: pl.DataFrame(schema=flat_schema()))  # saw nothing
    with pytest.raises(ValueError, match="gelijktijdige levering"):
        importeer("duo", csv(KENNISGEVING, "K1,P2,kennisgeving_verzonden,2025-03-04,Wi2021,,"), "duo2.csv")
    assert list(
        Gebeurtenis.objects.filter(soort="kennisgeving_verzonden").values_list("persoon_id", flat=True)
    ) == ["P1"]
    assert_consistent()
