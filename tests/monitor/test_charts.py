"""The charts: drawn from the published tables only, rendered to valid SVG and PNG without the network."""

from __future__ import annotations

import datetime as dt
import json
import socket
import xml.etree.ElementTree as ET

import pytest

from inburgering.events.population import Population
from inburgering.monitor import charts
from inburgering.monitor.basis import Peiling
from inburgering.monitor.report import compute, write
from inburgering.synth.population import generate

PEILING = Peiling(dt.date(2023, 2, 28))


@pytest.fixture(scope="module")
def published():
    return compute(Population(generate(1500, seed=12, tot=dt.date(2023, 2, 28))), PEILING)


@pytest.fixture
def offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("geen netwerk in deze test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_every_chart_renders_to_valid_svg_offline(published, offline):
    drawn = 0
    for naam, frame in published.items():
        grafiek = charts.chart(naam, frame)
        if grafiek is None:
            continue
        root = ET.fromstring(charts.svg(grafiek))
        assert root.tag.endswith("svg"), naam
        assert float(root.get("width")) > 100, naam
        drawn += 1
    assert drawn == len(charts.GRAFIEKEN)
    assert charts.png(charts.chart("elip", published["elip"])).startswith(b"\x89PNG")


def test_charts_read_as_dutch(offline):
    """Thousands with a dot, decimals with a comma, Dutch month names: 9.875 is nine thousand, not nine."""
    import altair as alt

    waarden = [{"peildatum": "2022-03-01", "n": 9875.5}, {"peildatum": "2022-06-01", "n": 12000.0}]
    grafiek = (
        alt.Chart(alt.Data(values=waarden))
        .mark_line()
        .encode(x="peildatum:T", y=alt.Y("n:Q", axis=alt.Axis(format=",.1f")))
    )
    teksten = [t.text for t in ET.fromstring(charts.svg(grafiek)).iter() if t.tag.endswith("text")]
    assert "10.000,0" in teksten and "mrt 06" in teksten, teksten
    assert "10,000.0" not in teksten and "Mar 06" not in teksten


def test_a_chart_draws_only_published_cells(published):
    frame = published["instroom_uitstroom"]
    hidden = {
        (row["cohort"], kolom)
        for row in frame.iter_rows(named=True)
        for kolom in ("nog_plichtig", "voldaan", "vertrokken", "overleden")
        if row[kolom] is None and row["cohort"] != "totaal"
    }
    assert hidden, "this population should have hidden cells"
    spec = json.loads(charts.chart("instroom_uitstroom", frame).to_json())
    [rows] = spec["datasets"].values()
    drawn = {(r["cohort"], r["stand"]) for r in rows}
    assert not hidden & drawn
    assert any(
        r["stand"] == charts.REST for r in rows
    )  # the hidden part of a published total, as one segment


def test_the_html_report_holds_the_charts_inline_and_svg_files_are_written(published, tmp_path, offline):
    [html] = write(published, PEILING, "html", tmp_path)
    text = html.read_text(encoding="utf-8")
    assert text.count("<svg") == len(charts.GRAFIEKEN)
    assert "http" not in text.split("<body>")[0]  # nothing to fetch
    svgs = write(published, PEILING, "svg", tmp_path)
    assert {p.stem for p in svgs} == set(charts.GRAFIEKEN)
