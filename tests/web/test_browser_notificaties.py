"""The signals page in headless Chromium: reached from the menu, accessible (axe-core, WCAG 2.1 AA), and its
download gives the municipality's CSV file."""

from __future__ import annotations

from pathlib import Path

import pytest

from inburgering.exchange.notificaties import maak
from tests.web.test_browser import assert_accessible, browser, login, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_municipality_opens_its_signals_and_downloads_a_list(chain_tx, live_server, page):  # noqa: F811
    maak()
    base = live_server.url
    login(page, base, "gm0363")
    page.get_by_role("link", name="Signalen", exact=True).click()
    page.wait_for_url(f"{base}/signalen/")
    assert "A-GM0363" in page.inner_text("main") and "B-GM0599" not in page.inner_text("main")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("download-nieuw-plichtig").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename.startswith("nieuw-plichtig-GM0363-")
    assert text.splitlines()[0] == "persoon,gemeente,wet,doelgroep,plicht_datum,gemeld_op"
    assert {line.split(",")[0] for line in text.splitlines()[1:]} == {"A-GM0363", "C-OPVANG", "D-SCHOOL"}
