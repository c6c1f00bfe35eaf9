"""The monitor's tables on small hand-made histories with known answers, suppression, revisions and exports."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from inburgering.cli.main import app
from inburgering.events.population import Population
from inburgering.events.table import EventTables
from inburgering.monitor.basis import Peiling, basis
from inburgering.monitor.report import DREMPEL, compute, publish, revisions, write
from inburgering.monitor.suppress import TOTAAL, Structuur, hidden_cells, links, sums
from inburgering.monitor.tables import GESLACHTEN, KOPPELINGEN, TABELLEN
from inburgering.notatie import getal
from inburgering.synth.population import generate
from tests.conftest import population_of

PEILDATUM = dt.date(2024, 10, 1)


def _asylum(persoon: str, *, housed: dt.date | None, pip: dt.date | None, pip_known: dt.date | None = None):
    events = [
        {
            "persoon": persoon,
            "soort": "verblijfsvergunning_verleend",
            "geldig_op": "2024-01-15",
            "gegevens": {
                "verblijfsgrond": "asiel",
                "verblijfsdoel": "asiel",
                "nationaliteit": "SY",
                "geboortedatum": "1990-01-01",
            },
        },
        {"persoon": persoon, "soort": "opvang_gestart", "geldig_op": "2023-11-01"},
        {
            "persoon": persoon,
            "soort": "gekoppeld_aan_gemeente",
            "geldig_op": "2024-02-01",
            "gegevens": {"gemeente": "GM0344"},
        },
        {
            "persoon": persoon,
            "soort": "kennisgeving_verzonden",
            "geldig_op": "2024-02-10",
            "gegevens": {"wet": "Wi2021"},
        },
    ]
    if housed:
        events += [
            {"persoon": persoon, "soort": "opvang_beeindigd", "geldig_op": housed},
            {
                "persoon": persoon,
                "soort": "ingeschreven_in_gemeente",
                "geldig_op": housed,
                "gegevens": {"gemeente": "GM0344"},
            },
        ]
    if pip:
        events.append(
            {
                "persoon": persoon,
                "soort": "pip_vastgesteld",
                "geldig_op": pip,
                "beschikbaar_op": pip_known or pip,
                "gegevens": {"leerroute": "b1"},
            }
        )
    return events


def _population_events():
    return (
        _asylum("A", housed=None, pip=None)
        + _asylum("B", housed=dt.date(2024, 4, 1), pip=dt.date(2024, 5, 20), pip_known=dt.date(2024, 12, 1))
        + _asylum("C", housed=dt.date(2024, 5, 1), pip=None)
        + [
            {
                "persoon": "C",
                "soort": "vrijstelling_verleend",
                "geldig_op": "2024-09-01",
                "gegevens": {"grond": "diploma"},
            }
        ]
    )


def _population():
    return population_of(_population_events())


def test_reception_and_pip_table_counts_each_person_once():
    population = _population()
    table = compute(population, Peiling(PEILDATUM), drempel=1, namen=["asielstatushouders_opvang"])
    rows = {r["verblijf"]: r for r in table["asielstatushouders_opvang"].iter_rows(named=True)}
    # C was exempted on 1 September, so is no longer obliged; B's PIP counts (everything delivered)
    assert (rows["in_opvang"]["met_pip"], rows["in_opvang"]["zonder_pip"]) == (0, 1)
    assert (rows["gehuisvest"]["met_pip"], rows["gehuisvest"]["zonder_pip"]) == (1, 0)
    assert rows[TOTAAL]["totaal"] == 2 and rows[TOTAAL]["met_pip_pct"] == 50.0


def test_inflow_and_outflow_by_cohort_and_reason():
    table = compute(_population(), Peiling(PEILDATUM), drempel=1, namen=["instroom_uitstroom"])[
        "instroom_uitstroom"
    ]
    assert table.select("cohort", "wet", "ingestroomd", "nog_plichtig", "vrijgesteld").rows() == [
        ("2024", "Wi2021", 3, 2, 1),
        (TOTAAL, "Wi2021", 3, 2, 1),
    ]
    assert table["uitgestroomd_pct"].to_list() == [33.3, 33.3]


def _family(persoon: str, registered: str, kennisgeving: str | None, pip: str) -> list[dict]:
    events = [
        {
            "persoon": persoon,
            "soort": "verblijfsvergunning_verleend",
            "geldig_op": "2023-11-01",
            "gegevens": {
                "verblijfsgrond": "regulier",
                "verblijfsdoel": "gezinshereniging",
                "nationaliteit": "MA",
                "geboortedatum": "1995-01-01",
            },
        },
        {
            "persoon": persoon,
            "soort": "ingeschreven_in_gemeente",
            "geldig_op": registered,
            "gegevens": {"gemeente": "GM0344"},
        },
        {"persoon": persoon, "soort": "pip_vastgesteld", "geldig_op": pip, "gegevens": {"leerroute": "z"}},
    ]
    if kennisgeving:
        events.append(
            {
                "persoon": persoon,
                "soort": "kennisgeving_verzonden",
                "geldig_op": kennisgeving,
                "gegevens": {"wet": "Wi2021"},
            }
        )
    return events


def test_the_pip_tables_count_a_pip_in_the_cohort_of_its_kennisgeving():
    # D became obliged in December 2023 and was notified in January 2024: cohort 2023 in the inflow table, 2024 in
    # the PIP tables (as S1 counts them). E was never notified (a lost delivery): the year the obligation arose.
    population = population_of(
        _family("D", "2023-12-20", "2024-01-08", "2024-02-20")
        + _family("E", "2023-12-27", None, "2024-03-01")
    )
    tables = compute(
        population, Peiling(PEILDATUM), drempel=1, namen=["leerroute_leerbaarheid", "instroom_uitstroom"]
    )
    assert tables["instroom_uitstroom"].filter(pl.col("cohort") == "2023")["ingestroomd"].to_list() == [2]
    routes = tables["leerroute_leerbaarheid"].filter(pl.col("leerbaarheid") == TOTAAL)
    assert sorted(routes.select("cohort", "z").rows()) == [("2023", 1), ("2024", 1)]


def test_inflow_by_target_group_and_sex_reads_the_last_counting_permit():
    events = _population_events()
    events[0]["gegevens"] = events[0]["gegevens"] | {"geslacht": "man"}  # A
    b = next(i for i, e in enumerate(events) if e["persoon"] == "B")
    events[b] = events[b] | {"id": "B-vergunning", "gegevens": events[b]["gegevens"] | {"geslacht": "vrouw"}}
    # IND corrects B's permit on 1 March 2024: B is a man
    events.append(events[b] | {"id": "B-fix", "corrigeert": "B-vergunning", "beschikbaar_op": "2024-03-01"})
    events[-1]["gegevens"] = events[b]["gegevens"] | {"geslacht": "man"}
    population = population_of(events)

    def row(beschikbaar_op):
        peiling = Peiling(PEILDATUM, beschikbaar_op)
        table = compute(population, peiling, drempel=1, namen=["instroom_doelgroep"])["instroom_doelgroep"]
        return table.filter(pl.col("doelgroep") == TOTAAL).select("ingestroomd", *GESLACHTEN).row(0)

    assert row(None) == (3, 2, 0, 1)  # C's permit says nothing
    assert row(dt.date(2024, 2, 15)) == (3, 1, 1, 1)


def test_a_late_pip_shows_as_a_revision():
    report = revisions(
        _population(), Peiling(PEILDATUM), dt.date(2024, 9, 1), 1, ["asielstatushouders_opvang"]
    )
    housed = report["asielstatushouders_opvang"].filter(pl.col("verblijf") == "gehuisvest").row(0, named=True)
    assert (housed["met_pip_toen"], housed["met_pip_nu"], housed["met_pip_verschil"]) == (0, 1, 1)


def test_every_table_has_a_revision_and_it_hides_what_either_report_hides():
    """All twelve tables (one of them a single row without keys) revise; each side shows the values of the report
    as published then or now and nothing it hides, and the difference is nu - toen where both are shown."""
    population, peiling, toen = _population(), Peiling(PEILDATUM), dt.date(2024, 9, 1)
    report = revisions(population, peiling, toen, drempel=2)
    assert set(report) == set(TABELLEN)
    nu = compute(population, peiling, 2)
    eerder = compute(population, Peiling(PEILDATUM, toen), 2)
    for naam, frame in report.items():
        for telling in TABELLEN[naam].structuur.tellingen:
            # each side holds exactly the published values (a row that did not exist then is empty then)
            for kant, tabel in (("nu", nu), ("toen", eerder)):
                gezien = sorted(frame[f"{telling}_{kant}"].drop_nulls().to_list())
                assert gezien == sorted(tabel[naam][telling].drop_nulls().to_list()), (naam, telling, kant)
            verschil = frame[f"{telling}_nu"] - frame[f"{telling}_toen"]
            assert frame[f"{telling}_verschil"].equals(verschil.alias(f"{telling}_verschil"), null_equal=True)


def test_one_municipality_only_sees_its_own():
    population = _population()
    assert (
        compute(population, Peiling(PEILDATUM, gemeente="GM0344"), 1, ["wi2007"])["wi2007"]["ooit_plichtig"][
            0
        ]
        == 0
    )
    other = compute(population, Peiling(PEILDATUM, gemeente="GM0363"), 1, ["asielstatushouders_opvang"])
    assert other["asielstatushouders_opvang"].filter(pl.col("verblijf") == TOTAAL)["totaal"][0] == 0


def test_small_counts_are_hidden_and_shares_follow():
    table = compute(_population(), Peiling(PEILDATUM), drempel=10, namen=["asielstatushouders_opvang"])
    frame = table["asielstatushouders_opvang"]
    assert frame["zonder_pip"].null_count() > 0 and frame["met_pip_pct"].null_count() > 0


@st.composite
def _matrix(draw):
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    cells = [[draw(st.sampled_from([0, 1, 3, 9, 10, 25, 400])) for _ in range(cols)] for _ in range(rows)]
    names = [f"c{j}" for j in range(cols)]
    frame = pl.DataFrame(
        {"rij": [f"r{i}" for i in range(rows)], **{n: [r[j] for r in cells] for j, n in enumerate(names)}}
    )
    frame = frame.with_columns(pl.sum_horizontal(names).alias("totaal"))
    total = (
        frame.select(pl.exclude("rij").sum()).with_columns(pl.lit(TOTAAL).alias("rij")).select(frame.columns)
    )
    return pl.concat([frame, total]), Structuur((*names, "totaal"), tuple(names), "totaal", "rij")


@settings(max_examples=200, deadline=None)
@given(_matrix(), st.integers(2, 20))
def test_no_hidden_cell_follows_from_one_published_sum(table, drempel):
    frame, structuur = table
    hidden = hidden_cells(frame, structuur, drempel)
    for column in structuur.tellingen:
        for i, value in enumerate(frame[column]):
            if 0 < value < drempel:
                assert (i, column) in hidden
    for parts, total in sums(frame, structuur):
        if total not in hidden:
            assert sum(cell in hidden for cell in parts) != 1


def test_exports_read_back(tmp_path):
    peiling = Peiling(PEILDATUM)
    tables = compute(_population(), peiling, drempel=1)
    csvs = write(tables, peiling, "csv", tmp_path)
    assert {p.stem for p in csvs} == set(TABELLEN)
    opvang = pl.read_csv(tmp_path / "asielstatushouders_opvang.csv", schema_overrides={"verblijf": pl.String})
    assert opvang.equals(tables["asielstatushouders_opvang"])
    write(tables, peiling, "parquet", tmp_path)
    assert pl.read_parquet(tmp_path / "elip.parquet").equals(tables["elip"])
    [xlsx] = write(tables, peiling, "xlsx", tmp_path)
    with zipfile.ZipFile(xlsx) as book:
        workbook = book.read("xl/workbook.xml").decode()
    assert all(f'name="{naam[:31]}"' in workbook for naam in TABELLEN)
    [html] = write(tables, peiling, "html", tmp_path)
    text = html.read_text(encoding="utf-8")
    assert all(TABELLEN[naam].titel.replace("'", "&#x27;") in text for naam in TABELLEN)
    aandeel = next(
        v
        for frame in tables.values()
        for k in frame.columns
        if frame[k].dtype == pl.Float64
        for v in frame[k]
        if v is not None and v % 1
    )
    assert f"<td class='n'>{aandeel:.1f}</td>".replace(".", ",") in text


def test_cli_monitor(tmp_path):
    runner = CliRunner()
    events = tmp_path / "p.parquet"
    assert (
        runner.invoke(
            app, ["synth", "--personen", "400", "--tot", "2024-12-31", "--out", str(events)]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        app, ["monitor", str(events), "--peildatum", "2024-12-31", "--format", "html", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "monitor.html").exists()
    bad = runner.invoke(app, ["monitor", str(events), "--peildatum", "2024-12-31", "--gemeente", "Utrecht"])
    assert bad.exit_code == 2

    # the revision: every table as known then beside as known now, written as CSV and as one HTML page
    revisie = [
        "monitor",
        str(events),
        "--peildatum",
        "2024-06-30",
        "--revisie",
        "2024-07-01",
        "--out",
        str(tmp_path),
    ]
    result = runner.invoke(app, [*revisie, "--format", "csv", "--tabel", "instroom_uitstroom"])
    assert result.exit_code == 0, result.output
    frame = pl.read_csv(tmp_path / "revisie-instroom_uitstroom.csv", schema_overrides={"cohort": pl.String})
    assert {"ingestroomd_toen", "ingestroomd_nu", "ingestroomd_verschil"} <= set(frame.columns)
    assert (frame["ingestroomd_nu"] - frame["ingestroomd_toen"]).equals(
        frame["ingestroomd_verschil"], null_equal=True
    )
    assert frame["ingestroomd_verschil"].max() > 0  # notifications and permits delivered after 1 July 2024
    result = runner.invoke(app, [*revisie, "--format", "html"])
    assert result.exit_code == 0, result.output
    pagina = (tmp_path / "revisie.html").read_text(encoding="utf-8")
    assert "Revisie van de monitor inburgering" in pagina and "zoals bekend op 01-07-2024" in pagina
    assert all(TABELLEN[naam].titel.replace("'", "&#x27;") in pagina for naam in TABELLEN)
    result = runner.invoke(app, [*revisie, "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "revisie.xlsx") as book:
        workbook = book.read("xl/workbook.xml").decode()
        tekst = book.read("xl/sharedStrings.xml").decode()
    assert all(f'name="{naam[:31]}"' in workbook for naam in TABELLEN)
    assert "ingestroomd_verschil" in tekst and "zoals bekend op 01-07-2024 (de kolommen _toen)" in tekst
    assert runner.invoke(app, [*revisie, "--format", "svg"]).exit_code == 2
    assert runner.invoke(app, [*revisie[:-4], "--revisie", "gisteren"]).exit_code == 2

    # In the terminal (80 columns here) a table wider than it is printed whole: every header and every
    # number as it is, not cut short to fit.
    tabel = ["--tabel", "instroom_uitstroom", "--drempel", "1", "--format", "table"]
    result = runner.invoke(app, ["monitor", str(events), "--peildatum", "2024-12-31", *tabel])
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    [frame] = compute(
        Population(EventTables.read_parquet(events)), Peiling(dt.date(2024, 12, 31)), 1, [tabel[1]]
    ).values()
    for rij in frame.iter_rows():
        regel = " ".join("·" if v is None else getal(v) if isinstance(v, int | float) else v for v in rij)
        assert regel in re.sub(r"[│\s]+", " ", result.stdout), regel


@pytest.fixture(scope="module")
def synthetic_counts():
    """All tables' counts (unsuppressed) of a small synthetic population, where many cells are small."""
    population = Population(generate(1500, seed=11, tot=dt.date(2025, 6, 30)))
    peiling = Peiling(dt.date(2025, 6, 30))
    frame = basis(population, peiling)
    return {naam: tabel.maak(frame, peiling) for naam, tabel in TABELLEN.items()}


def _cell(counts, cell):
    naam, i, kolom = cell
    return counts[naam][kolom][i]


def test_the_declared_links_between_tables_hold(synthetic_counts):
    relations = links(synthetic_counts, KOPPELINGEN)
    assert {k.totaal[0] for k in KOPPELINGEN} <= set(synthetic_counts)
    assert len(relations) >= len(KOPPELINGEN)
    for parts, total in relations:
        assert sum(_cell(synthetic_counts, p) for p in parts) == _cell(synthetic_counts, total), (
            parts,
            total,
        )


def _violations(published, counts):
    """Published sums (within a table or across tables) with exactly one hidden part: a hidden cell that follows
    from the published ones by subtraction."""
    hidden = {
        (naam, i, kolom)
        for naam, frame in published.items()
        for kolom in TABELLEN[naam].structuur.tellingen
        for i in np.flatnonzero(frame[kolom].is_null().to_numpy() & (counts[naam][kolom].to_numpy() > 0))
    }
    relations = links(counts, KOPPELINGEN) + [
        ([(naam, i, c) for i, c in parts], (naam, *total))
        for naam, frame in counts.items()
        for parts, total in sums(frame, TABELLEN[naam].structuur)
    ]
    return [
        (parts, total)
        for parts, total in relations
        if total not in hidden and sum(p in hidden for p in parts) == 1
    ]


def test_a_cell_hidden_in_one_table_cannot_be_recomputed_from_another(synthetic_counts):
    separately = {naam: publish({naam: frame})[naam] for naam, frame in synthetic_counts.items()}
    assert _violations(separately, synthetic_counts), "this population should need suppression across tables"
    together = publish(synthetic_counts)
    assert _violations(together, synthetic_counts) == []
    for naam, frame in together.items():  # and every small count is hidden
        for kolom in TABELLEN[naam].structuur.tellingen:
            small = (synthetic_counts[naam][kolom] > 0) & (synthetic_counts[naam][kolom] < DREMPEL)
            assert frame.filter(small)[kolom].null_count() == int(small.sum()), (naam, kolom)
