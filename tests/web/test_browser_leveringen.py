"""The deliveries pages in headless Chromium: a municipality delivers a file with a bad row from the menu, sees it
refused with the line, field and message, and both pages are accessible (axe-core, WCAG 2.1 AA)."""

from __future__ import annotations

import pytest

from inburgering.store.models import Gebeurtenis
from tests.web.test_browser import assert_accessible, browser, login, page  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_municipality_delivers_a_file_and_reads_its_bad_rows(chain_tx, live_server, page, tmp_path):  # noqa: F811
    base = live_server.url
    login(page, base, "gm0363")
    page.get_by_role("link", name="Leveringen", exact=True).click()
    page.wait_for_url(f"{base}/leveringen/")
    assert_accessible(page)
    bestand = tmp_path / "intake.csv"
    bestand.write_text(
        "kenmerk,persoon,soort,datum\nBI-1,A-GM0363,brede_intake_gestart,2025-04-01\n"
        "BI-2,A-GM0363,brede_intake_afgerond,2025-02-30\n",
        encoding="utf-8",
    )
    page.get_by_label("Feed").select_option("gemeente")
    page.get_by_label("Bestand").set_input_files(str(bestand))
    page.get_by_role("button", name="Leveren").click()
    page.wait_for_url(f"{base}/leveringen/*/")
    assert page.get_by_test_id("levering-status").inner_text() == "geweigerd"
    assert page.get_by_test_id("fout-melding").inner_text().startswith("2025-02-30 is geen bestaande d")
    assert_accessible(page)
    assert not Gebeurtenis.objects.filter(id__startswith="gemeente/GM0363/").exists()
