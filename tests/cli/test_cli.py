"""The command line as a script and a person use it: output forms, explanations, exit codes and messages."""

from __future__ import annotations

import datetime as dt
import json
import re

import polars as pl
import pytest
from typer.testing import CliRunner

from inburgering.cli.main import EXIT_INPUT, EXIT_UNKNOWN_PERSON, app
from inburgering.events.population import Population
from inburgering.events.table import EventTables
from inburgering.synth.population import nationaal_aantal
from tests.conftest import make_event

runner = CliRunner()
HISTORY = [
    {
        "soort": "verblijfsvergunning_verleend",
        "geldig_op": "2024-01-15",
        "gegevens": {
            "verblijfsgrond": "asiel",
            "verblijfsdoel": "asiel",
            "nationaliteit": "SY",
            "geboortedatum": "1990-01-01",
        },
    },
    {"soort": "opvang_gestart", "geldig_op": "2024-01-10"},
    {"soort": "gekoppeld_aan_gemeente", "geldig_op": "2024-01-20", "gegevens": {"gemeente": "GM0344"}},
    {"soort": "kennisgeving_verzonden", "geldig_op": "2024-02-01", "gegevens": {"wet": "Wi2021"}},
    {"soort": "opvang_beeindigd", "geldig_op": "2024-06-03"},
    {"soort": "ingeschreven_in_gemeente", "geldig_op": "2024-06-03", "gegevens": {"gemeente": "GM0344"}},
    # the PIP is delivered half a year late
    {
        "soort": "pip_vastgesteld",
        "geldig_op": "2024-07-22",
        "beschikbaar_op": "2025-01-20",
        "gegevens": {"leerroute": "b1"},
    },
]


@pytest.fixture
def events_file(tmp_path):
    path = tmp_path / "gebeurtenissen.jsonl"
    lines = [make_event(spec, persoon=p, number=i) for p in ("P1", "P2") for i, spec in enumerate(HISTORY)]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_evaluate_as_json_gives_the_facts_per_person(events_file):
    result = runner.invoke(
        app, ["evaluate", str(events_file), "--peildatum", "2024-09-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["persoon"] for r in rows] == ["P1", "P2"]
    assert rows[0]["pip_uiterlijk"] == "2024-08-12"
    assert rows[0]["pip_tijdig"] is True
    assert rows[0]["verantwoordelijke_gemeente"] == "GM0344"


def test_as_known_on_an_earlier_day_the_late_pip_is_not_there_yet(events_file):
    args = ["evaluate", str(events_file), "--peildatum", "2024-09-01", "--format", "csv"]
    now = pl.read_csv(runner.invoke(app, args).stdout.encode())
    then = pl.read_csv(runner.invoke(app, [*args, "--beschikbaar-op", "2024-12-31"]).stdout.encode())
    assert now["pip_datum"].to_list() == ["2024-07-22"] * 2
    assert then["pip_datum"].null_count() == 2
    assert "pip_termijn_verstreken" in then["signalen"][0]


def test_evaluate_writes_parquet_and_the_table_view(events_file, tmp_path):
    out = tmp_path / "feiten.parquet"
    result = runner.invoke(
        app,
        ["evaluate", str(events_file), "--peildatum", "2024-09-01", "--format", "parquet", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert pl.read_parquet(out).height == 2
    table = runner.invoke(app, ["evaluate", str(events_file), "--peildatum", "2024-09-01"])
    assert "GM0344" in table.stdout


def test_explain_cites_articles_values_and_the_events(events_file):
    result = runner.invoke(app, ["explain", str(events_file), "P1", "--peildatum", "2024-09-01"])
    assert result.exit_code == 0, result.output
    assert "Bi2021 art. 5.3" in result.stdout
    assert "2024-08-12" in result.stdout or "12-08-2024" in result.stdout
    assert "pip_vastgesteld" in result.stdout
    as_json = runner.invoke(
        app,
        [
            "explain",
            str(events_file),
            "P1",
            "--peildatum",
            "2024-09-01",
            "--beschikbaar-op",
            "2024-12-31",
            "--format",
            "json",
        ],
    )
    data = json.loads(as_json.stdout)
    assert data["persoon"] == "P1"
    late = [e for e in data["gebeurtenissen"] if e["soort"] == "pip_vastgesteld"]
    assert late[0]["telt"] is False and late[0]["reden"] == "nog niet bekend"


def test_exit_codes_name_the_problem(events_file, tmp_path):
    unknown = runner.invoke(app, ["explain", str(events_file), "P9", "--peildatum", "2024-09-01"])
    assert unknown.exit_code == EXIT_UNKNOWN_PERSON
    assert "P9" in unknown.stderr
    bad = tmp_path / "fout.jsonl"
    bad.write_text(
        json.dumps(
            make_event(
                {
                    "soort": "leerbaarheidstoets_afgenomen",
                    "geldig_op": "2024-01-01",
                    "gegevens": {"score": 41},
                }
            )
        )
        + "\n",
        encoding="utf-8",
    )
    refused = runner.invoke(app, ["evaluate", str(bad), "--peildatum", "2024-09-01"])
    assert refused.exit_code == EXIT_INPUT
    assert "fout.jsonl:1: gegevens.score" in refused.stderr
    missing = runner.invoke(app, ["evaluate", str(tmp_path / "weg.jsonl"), "--peildatum", "2024-09-01"])
    assert missing.exit_code == EXIT_INPUT
    wrong_date = runner.invoke(app, ["evaluate", str(events_file), "--peildatum", "1-9-2024"])
    assert wrong_date.exit_code == 2
    assert "JJJJ-MM-DD" in wrong_date.output


def test_synth_writes_the_same_population_as_json_lines_and_parquet(tmp_path):
    for name in ("p.jsonl", "p.parquet"):
        result = runner.invoke(
            app, ["synth", "--personen", "300", "--tot", "2024-12-31", "--out", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    facts = [
        runner.invoke(
            app,
            [
                "evaluate",
                str(tmp_path / name),
                "--peildatum",
                "2024-12-31",
                "--format",
                "csv",
                "--out",
                str(csv),
            ],
        )
        for name, csv in (("p.jsonl", tmp_path / "a.csv"), ("p.parquet", tmp_path / "b.csv"))
    ]
    assert all(r.exit_code == 0 for r in facts)
    a, b = pl.read_csv(tmp_path / "a.csv"), pl.read_csv(tmp_path / "b.csv")
    assert a.height > 250 and a.equals(b)


def test_synth_refuses_an_unknown_file_kind(tmp_path):
    result = runner.invoke(app, ["synth", "--personen", "10", "--out", str(tmp_path / "p.csv")])
    assert result.exit_code == 2
    assert ".parquet of .jsonl" in result.output


def test_demo_writes_the_monitor_at_the_reference_dates_and_the_calibration(tmp_path):
    from inburgering.monitor import kalibratie

    result = runner.invoke(
        app,
        [
            "demo",
            "--personen",
            "1500",
            "--tot",
            "2025-07-01",
            "--peildatum",
            "2025-06-30",
            "--out",
            str(tmp_path),
            "--geen-web",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "van de nationale populatie" in result.stdout
    peilingen = kalibratie.load().peilingen()
    for peiling in peilingen:
        report = tmp_path / f"monitor-{peiling.peildatum}.html"
        text = report.read_text(encoding="utf-8")
        assert "<svg" in text and "Synthetische populatie (geen echte personen): 1.500 personen" in text
        assert report.resolve().as_uri() in result.stdout.replace("\n", "")
    revisie = tmp_path / "revisie-2023-02-28.html"
    assert "zoals bekend op 28-02-2023 (de kolommen _toen)" in revisie.read_text(encoding="utf-8")
    assert revisie.resolve().as_uri() in result.stdout.replace("\n", "")
    text = (tmp_path / "kalibratie.html").read_text(encoding="utf-8")
    assert "Tegenstrijdigheden" in text and f"monitor-{peilingen[0].peildatum}.html" in text
    assert pl.read_parquet(tmp_path / "feiten.parquet").height == 1500
    # The monitor's reports hide small counts; the calibration of this synthetic population hides none, so it
    # compares figures that the same counts under the threshold would take out.
    assert "Lege cellen zijn niet gepubliceerd" in (
        tmp_path / f"monitor-{peilingen[0].peildatum}.html"
    ).read_text(encoding="utf-8")
    assert "zonder onderdrukking van kleine aantallen" in text
    population = Population(EventTables.read_parquet(tmp_path / "gebeurtenissen.parquet"))
    fractie = 1500 / nationaal_aantal(dt.date(2025, 7, 1))
    onderdrukt, _ = kalibratie.run(population, fractie, 10)
    niet_vergeleken = re.search(r"(\d+) niet te vergelijken", result.stdout.replace("\n", " "))
    assert int(niet_vergeleken.group(1)) < onderdrukt.vergelijking["ons"].null_count()
    early = runner.invoke(app, ["demo", "--personen", "10", "--tot", "2024-01-01", "--out", str(tmp_path)])
    assert early.exit_code == 2


@pytest.mark.django_db(transaction=True)
def test_demo_loads_the_population_into_the_store_with_a_login_per_role(tmp_path):
    from inburgering.store.models import Feiten, Gebeurtenis, Medewerker

    result = runner.invoke(
        app, ["demo", "--personen", "400", "--tot", "2025-07-01", "--out", str(tmp_path), "--niet-serveren"]
    )
    assert result.exit_code == 0, result.output
    events = pl.read_parquet(tmp_path / "gebeurtenissen.parquet")
    assert Gebeurtenis.objects.count() == events.height
    assert Feiten.objects.count() == events["persoon"].n_unique()
    assert set(Medewerker.objects.values_list("rol", flat=True)) == set(Medewerker.Rol.values)
    for username in ("duo", "coa", "taalschool", "analist", "inburgeraar"):
        assert username in result.stdout
    # each account on one line with its token, whatever the terminal's width, so the token can be copied
    duo = Medewerker.objects.get(gebruiker__username="duo").gebruiker
    assert re.search(rf"^\s+duo\s.* API-token {duo.auth_token.key}$", result.stdout, re.MULTILINE)
    from inburgering.exchange.models.notificaties import Notificatie

    obliged = Feiten.objects.filter(inburgeringsplichtig=True).exclude(verantwoordelijke_gemeente="").count()
    assert Notificatie.objects.filter(kanaal="nieuw_plichtig").count() == obliged > 0
    assert re.search(
        r"^Signalen aan gemeenten \(notificaties\): nieuw_plichtig [0-9.]+, .*\)$",
        result.stdout,
        re.MULTILINE,
    )
