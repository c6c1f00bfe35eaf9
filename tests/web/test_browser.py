"""End to end in a real headless Chromium (Playwright): a municipal case worker works the PIP worklist, records a
PIP, sees the deadline and the worklist change; another municipality cannot open that dossier; and every page
passes axe-core's WCAG 2.1 AA rules."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.chain import PASSWORD

pytestmark = pytest.mark.browser
# Playwright's sync API keeps an event loop in this thread; Django's database calls of the test itself (fixtures)
# are still synchronous, which its async-safety check cannot tell (the documented setting for Playwright tests).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or not AXE.exists():
        message = (
            "browser tests need Debian's chromium (apt-get install chromium) and node_modules (scripts/test)"
        )
        if os.environ.get("INBURGERING_CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")


def assert_accessible(page) -> None:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    problems = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert problems == [], f"{page.url}: {problems}"


@pytest.mark.django_db(transaction=True)
def test_a_case_worker_records_a_pip_from_the_worklist(chain_tx, live_server, page):
    base = live_server.url
    login(page, base, "gm0363")
    assert_accessible(page)
    page.get_by_role("link", name="PIP vast te stellen").click()
    row = page.get_by_role("row", name=re.compile("A-GM0363"))
    assert "nog 10 dagen" in row.inner_text()
    assert_accessible(page)
    row.get_by_role("link", name="A-GM0363").click()
    page.wait_for_url(re.compile("/personen/A-GM0363/"))
    assert page.get_by_test_id("status").inner_text() == "wacht_op_pip"
    assert page.get_by_test_id("feit-termijn_einde").inner_text().strip() == "—"
    assert_accessible(page)
    page.get_by_role("link", name="PIP vastgesteld").click()
    page.wait_for_url(re.compile("/vastleggen/pip_vastgesteld/"))
    assert_accessible(page)
    page.get_by_label("Leerroute").select_option("b1")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_url(re.compile("/personen/A-GM0363/"))
    assert "Vastgelegd" in page.get_by_role("status").first.inner_text()
    assert page.get_by_test_id("status").inner_text() == "in_traject"
    assert re.fullmatch(r"\d\d-\d\d-\d{4}", page.get_by_test_id("feit-termijn_einde").inner_text().strip())
    assert page.locator("tr[data-soort=pip_vastgesteld]").count() == 1
    page.get_by_role("link", name=re.compile("Hoe elk feit uit de wet volgt")).click()
    assert page.get_by_test_id("uitleg-leerroute").inner_text().strip() == "b1"
    assert_accessible(page)
    page.goto(f"{base}/werklijsten/pip_termijn/")
    assert "Niemand op deze lijst." in page.content()
    page.get_by_role("button", name="Uitloggen").click()

    login(page, base, "gm0599")
    response = page.goto(f"{base}/personen/A-GM0363/")
    assert response.status == 404
    assert "A-GM0363" not in page.inner_text("main")
    assert_accessible(page)
