"""The reconciliation pages in headless Chromium: from the start page to the overview and a check's worklist, on to
the dossier, with axe-core's WCAG 2.1 AA rules on every page."""

from __future__ import annotations

import re

import pytest

from inburgering.exchange.controles import run
from tests.exchange.test_controles import ingeschreven, store, vergunning
from tests.web.test_browser import assert_accessible, browser, login, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_case_worker_opens_a_reconciliation_worklist(chain_tx, live_server, page):  # noqa: F811
    store("Y-GM0363", vergunning(-100), ingeschreven(-90, "GM0363"))
    run()
    base = live_server.url
    login(page, base, "gm0363")
    page.get_by_role("link", name=re.compile("Controles: ")).click()
    page.wait_for_url(re.compile("/controles/$"))
    assert_accessible(page)
    page.get_by_role("link", name="Verplicht, geen kennisgeving van DUO").click()
    page.wait_for_url(re.compile("/controles/geen_kennisgeving/"))
    assert_accessible(page)
    page.get_by_role("link", name="Y-GM0363").click()
    page.wait_for_url(re.compile("/personen/Y-GM0363/"))
