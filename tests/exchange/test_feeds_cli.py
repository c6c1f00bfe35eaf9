"""``inburgering import``: exit codes fit for scripts, the summary, the bad-row report and --rapport."""

from __future__ import annotations

import csv as csv_module

import pytest
from typer.testing import CliRunner

from inburgering.cli.main import app
from inburgering.store.models import Gebeurtenis
from tests.exchange.util import EXAMPLES, csv

pytestmark = pytest.mark.django_db
runner = CliRunner()
IND = "kenmerk,persoon,datum,verblijfsgrond,verblijfsdoel,nationaliteit,geboortedatum"


def run(*args: str):
    return runner.invoke(app, ["import", *args])


def test_an_import_then_again_says_nothing_new(tmp_path):
    first = run("ind", str(EXAMPLES / "ind.csv"))
    assert first.exit_code == 0, first.output
    assert "4 rijen, 4 nieuw, 0 al bekend" in first.output
    again = run("ind", str(EXAMPLES / "ind.csv"))
    assert again.exit_code == 0
    assert "Niets nieuws: alle rijen waren al bekend." in again.output
    assert Gebeurtenis.objects.count() == 4


def test_a_refused_file_exits_1_with_the_report_and_writes_nothing(tmp_path):
    path = tmp_path / "ind.csv"
    path.write_bytes(
        csv(IND, "V1,P1,2025-01-10,asiel,asiel,SY,1994-06-01", "V2,P2,2025-01-10,asyl,asiel,SY,1994-06-01")
    )
    rapport = tmp_path / "rapport.csv"
    result = run("ind", str(path), "--rapport", str(rapport))
    assert result.exit_code == 1
    assert "GEWEIGERD" in result.output and "verblijfsgrond" in result.output
    with rapport.open(encoding="utf-8") as handle:
        rows = list(csv_module.reader(handle))
    assert rows == [
        ["bestand", "regel", "veld", "melding"],
        ["ind.csv", "3", "verblijfsgrond", "onbekende waarde 'asyl' (toegestaan: asiel, regulier)"],
    ]
    assert not Gebeurtenis.objects.exists()


def test_quarantine_exits_4_and_applies_the_good_rows(tmp_path):
    path = tmp_path / "ind.csv"
    path.write_bytes(
        csv(IND, "V1,P1,2025-01-10,asiel,asiel,SY,1994-06-01", "V2,P2,2025-01-10,asyl,asiel,SY,1994-06-01")
    )
    result = run("ind", str(path), "--quarantaine")
    assert result.exit_code == 4, result.output
    assert "1 nieuw" in result.output and "1 in quarantaine" in result.output
    assert list(Gebeurtenis.objects.values_list("id", flat=True)) == ["ind/IND/V1"]


@pytest.mark.parametrize(
    "args",
    [
        ("belasting", str(EXAMPLES / "ind.csv")),  # unknown feed
        ("gemeente", str(EXAMPLES / "gemeente.csv")),  # no --bron
        ("ind", str(EXAMPLES / "ind.csv"), "--bron", "DUO"),  # a source that does not deliver it
        ("ind", "bestaat-niet.csv"),
    ],
)
def test_wrong_use_exits_2(args):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert not Gebeurtenis.objects.exists()
