"""The calibration report: every "ours" is read from the computed tables, derived figures and the checks of the
published figures' inconsistencies are computed, and a wrong published value shows as outside the target."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from typer.testing import CliRunner

from inburgering.cli.main import app
from inburgering.monitor import kalibratie
from inburgering.monitor.basis import Peiling
from inburgering.monitor.report import compute
from inburgering.monitor.tables import TABELLEN
from tests.conftest import population_of
from tests.monitor.test_monitor import PEILDATUM, _asylum, _population_events

CIJFERS = f"""
bronnen: {{T: "een testbron"}}
cijfers:
  - {{id: azc, omschrijving: in een azc, waarde: 1, eenheid: aantal, peildatum: {PEILDATUM}, bron: T, vindplaats: r. 1,
      tabel: asielstatushouders_opvang, waar: {{verblijf: in_opvang}}, kolom: totaal}}
  - {{id: huis, omschrijving: gehuisvest, waarde: 5, eenheid: aantal, peildatum: {PEILDATUM}, bron: T, vindplaats: r. 2,
      tabel: asielstatushouders_opvang, waar: {{verblijf: gehuisvest}}, kolom: totaal}}
  - {{id: pip_pct, omschrijving: met PIP, waarde: 50, eenheid: aandeel, peildatum: {PEILDATUM}, bron: T, vindplaats: r. 3,
      tabel: asielstatushouders_opvang, waar: {{verblijf: totaal}}, teller: {{kolom: met_pip}}, noemer: {{kolom: totaal}}}}
  - {{id: samen, omschrijving: samen, eenheid: aantal, peildatum: {PEILDATUM}, bron: T, vindplaats: afgeleid,
      afgeleid: {{som: [azc, huis]}}}}
tegenstrijdigheden:
  - {{id: t1, figures: "Part 3, 9", omschrijving: twee cijfers, uitleg: verschillende extracten,
      controle: {{gelijk: [azc, huis]}}}}
  - {{id: t2, figures: "1.1", omschrijving: een cel die de wet leeg houdt, uitleg: een andere telling,
      controle: {{nul: [azc]}}}}
niet_vergeleken: []
"""


def _run(population, tekst=CIJFERS, schaal=1.0, drempel=1):
    cijfers = kalibratie.load(tekst)
    tabellen = {p: compute(population, p, drempel) for p in cijfers.peilingen()}
    return kalibratie.compare(cijfers, tabellen, schaal, drempel).vergelijking


def _row(frame, id_):
    return frame.filter(pl.col("id") == id_).row(0, named=True)


def test_ours_is_read_from_the_computed_table_and_follows_the_population():
    population = population_of(_population_events())
    table = compute(population, Peiling(PEILDATUM, PEILDATUM), 1, ["asielstatushouders_opvang"])
    cell = table["asielstatushouders_opvang"].filter(pl.col("verblijf") == "gehuisvest")["totaal"][0]
    report = _run(population)
    assert _row(report, "huis")["ons"] == cell == 1  # B is housed and obliged; C was exempted
    assert _row(report, "azc")["ons"] == 1 and _row(report, "azc")["binnen_doel"]
    assert (
        _row(report, "pip_pct")["ons"] == 0.0
    )  # B's PIP was known only in December: as known on the peildatum
    bigger = population_of(
        _population_events() + _asylum("D", housed=dt.date(2024, 6, 1), pip=dt.date(2024, 8, 1))
    )
    assert _row(_run(bigger), "huis")["ons"] == 2


def test_a_wrong_published_value_is_outside_the_target_and_the_scale_divides_counts():
    population = population_of(_population_events())
    report = _run(population)
    huis = _row(report, "huis")
    assert (huis["gepubliceerd"], huis["ons"], huis["verschil"], huis["binnen_doel"]) == (5, 1, -4, False)
    assert (
        huis["oordeel"].startswith("buiten het doel en de steekproefruis")
        and _row(report, "azc")["oordeel"] == ""
    )
    assert _row(report, "pip_pct")["binnen_doel"] is False  # 0% against 50%
    scaled = _run(population, schaal=0.2)
    assert _row(scaled, "huis")["ons"] == 5 and _row(scaled, "huis")["binnen_doel"]
    assert _row(scaled, "pip_pct")["ons"] == 0.0  # a share is not scaled


def test_derived_figures_and_the_inconsistency_check_are_computed():
    population = population_of(_population_events())
    cijfers = kalibratie.load(CIJFERS)
    tabellen = {p: compute(population, p, 1) for p in cijfers.peilingen()}
    report = kalibratie.compare(cijfers, tabellen)
    samen = _row(report.vergelijking, "samen")
    assert (samen["gepubliceerd"], samen["ons"]) == (6, 2)
    check = report.tegenstrijdigheden.row(0, named=True)
    assert check["klopt"] is False and "azc = 1, huis = 5" in check["gevonden"]
    assert _row(report.vergelijking, "azc")["tegenstrijdigheid"] == "t1, t2"
    empty = report.tegenstrijdigheden.row(1, named=True)
    assert empty["klopt"] is False and empty["gevonden"] == "azc = 1"
    agreeing = kalibratie.load(CIJFERS.replace("waarde: 5", "waarde: 1"))
    assert kalibratie.compare(agreeing, tabellen).tegenstrijdigheden["klopt"].to_list() == [True, False]
    leeg = kalibratie.load(CIJFERS.replace("in een azc, waarde: 1", "in een azc, waarde: 0"))
    checks = kalibratie.compare(leeg, tabellen).tegenstrijdigheden
    assert checks["klopt"].to_list() == [False, True] and checks["gevonden"][1] == "alle cellen zijn 0"


def test_a_duration_is_read_as_it_is_and_judged_relative_to_the_published_value():
    """A mean in days does not scale with the population; 5% of the published value is the target, as for a
    count. A, B and C were all notified 26 days after their permit."""
    duur = (
        "  - {id: duur, omschrijving: dagen tot kennisgeving, waarde: 25, eenheid: dagen, "
        f"peildatum: {PEILDATUM}, bron: T, vindplaats: r. 4,\n"
        "      tabel: doorlooptijden, waar: {doorlooptijd: vergunning_tot_kennisgeving}, kolom: gemiddelde}\n"
    )
    tekst = CIJFERS.replace("tegenstrijdigheden:\n", duur + "tegenstrijdigheden:\n", 1)
    population = population_of(_population_events())
    for schaal in (1.0, 0.2):
        row = _row(_run(population, tekst, schaal=schaal), "duur")
        assert (row["ons"], row["verschil"], row["verschil_pct"], row["binnen_doel"]) == (26, 1, 4.0, True)
        assert row["ruis"] == 0  # no spread between the three
    te_laag = _row(
        _run(population, tekst.replace("waarde: 25, eenheid: dagen", "waarde: 20, eenheid: dagen")), "duur"
    )
    assert te_laag["binnen_doel"] is False


def test_a_suppressed_cell_gives_no_comparison():
    report = _run(population_of(_population_events()), drempel=10)
    azc = _row(report, "azc")
    assert azc["ons"] is None and azc["binnen_doel"] is None and "onderdrukt" in azc["toelichting"]


def test_the_published_figures_name_real_tables_columns_and_figures():
    cijfers = kalibratie.load()
    ids = {c.id for c in cijfers.cijfers}
    for c in cijfers.cijfers:
        assert c.bron in cijfers.bronnen, c.id
        if c.afgeleid:
            [(_, delen)] = c.afgeleid.items()
            assert set(delen) <= ids, c.id
        else:
            assert c.tabel in TABELLEN, c.id
    for t in cijfers.tegenstrijdigheden:
        assert set(kalibratie._ids(t.get("controle"))) <= ids, t["id"]
    # figures.md Part 3, 1: the ELIP cells of 1 July 2023 add up to 2,436, not to the published 2,341
    population = population_of(_population_events())
    tabellen = {p: compute(population, p, 10) for p in cijfers.peilingen()}
    report = kalibratie.compare(cijfers, tabellen)
    assert _row(report.vergelijking, "elip_20230701_celsom")["gepubliceerd"] == 2436
    checks = {r["id"]: r["klopt"] for r in report.tegenstrijdigheden.iter_rows(named=True)}
    assert checks["elip_20230701_som"] is False and checks["elip_20220501_som"] is True
    assert checks["leerbaarheid_afgekapt"] is False
    assert checks["elip_cohort_2022"] is False  # Wi2013 cells in the cohort '22/'23 (R-REG-02 keeps it empty)


def test_unknown_columns_and_fields_are_refused():
    population = population_of(_population_events())
    with pytest.raises(KeyError, match="verblyf"):
        _run(population, CIJFERS.replace("{verblijf: in_opvang}", "{verblyf: in_opvang}"))
    with pytest.raises(TypeError):
        kalibratie.load(CIJFERS.replace("vindplaats: r. 1,", "vindplaats: r. 1, kolum: x,"))


def test_cli_kalibratie(tmp_path):
    runner = CliRunner()
    events = tmp_path / "p.parquet"
    result = runner.invoke(app, ["synth", "--personen", "600", "--tot", "2025-07-01", "--out", str(events)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["kalibratie", str(events), "--schaal", "0.001", "--format", "html", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "kalibratie.html").read_text(encoding="utf-8")
    assert "Tegenstrijdigheden" in text and "111.639" in text
    assert ".;" not in text  # a toelichting's full stop is not followed by the next part's semicolon
    # Dutch notation: the scale with a decimal comma, the peildatums as day-month-year
    assert "Schaal 0,001 van het land" in text and "<td>30-06-2025</td>" in text and "2025-06-30" not in text
    terminal = runner.invoke(app, ["kalibratie", str(events), "--schaal", "0.001"])
    assert terminal.exit_code == 0 and "30-06-2025" in terminal.stdout and "2025-06-30" not in terminal.stdout
