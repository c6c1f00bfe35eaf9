"""The published reports in a real headless Chromium: the monitor's HTML report, its revision and the calibration
page are documents for civil servants and the public, so they pass axe-core's WCAG 2.1 AA rules as the web pages
do."""

from __future__ import annotations

import datetime as dt

import pytest

from inburgering.events.population import Population
from inburgering.monitor import kalibratie
from inburgering.monitor.basis import Peiling
from inburgering.monitor.report import compute, revision_html, revisions, write
from inburgering.synth.population import generate
from tests.web.test_browser import assert_accessible, browser, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def population():
    return Population(generate(1500, seed=12, tot=dt.date(2025, 7, 1)))


def test_the_monitor_report_is_accessible(population, page, tmp_path):  # noqa: F811
    peiling = Peiling(dt.date(2023, 2, 28))
    [report] = write(compute(population, peiling), peiling, "html", tmp_path)
    page.goto(report.as_uri())
    assert page.locator("h1").inner_text() == "Monitor inburgering"
    assert page.locator("section table").count() >= 10
    # every chart is one image with a name that says which table it shows
    grafieken = page.locator("figure svg")
    assert grafieken.count() >= 5
    for i in range(grafieken.count()):
        assert grafieken.nth(i).get_attribute("role") == "img"
        assert grafieken.nth(i).get_attribute("aria-label").startswith("Grafiek bij de tabel ")
    assert_accessible(page)


def test_the_revision_page_is_accessible(population, page, tmp_path):  # noqa: F811
    peiling, toen = Peiling(dt.date(2023, 2, 28)), dt.date(2023, 2, 28)
    path = tmp_path / "revisie.html"
    path.write_text(revision_html(revisions(population, peiling, toen), peiling, toen), encoding="utf-8")
    page.goto(path.as_uri())
    assert page.locator("h1").inner_text() == "Revisie van de monitor inburgering"
    assert_accessible(page)


def test_the_calibration_page_is_accessible(population, page, tmp_path):  # noqa: F811
    rapport, _ = kalibratie.run(population, schaal=1500 / 886_344, drempel=1)
    path = tmp_path / "kalibratie.html"
    path.write_text(kalibratie.html_report(rapport), encoding="utf-8")
    page.goto(path.as_uri())
    assert page.locator("figure svg[role=img][aria-label]").count() >= 1
    assert_accessible(page)
