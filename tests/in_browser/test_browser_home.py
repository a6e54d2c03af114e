import os

import pytest

from tests.browser import log_in, screenshot
from tests.snapshots import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_logs_in_and_sees_the_24_centers_right_to_left(demo, page, live_server, artifacts):
    log_in(page, live_server, "director", DEMO_PASSWORD)
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/centers/")
    page.wait_for_selector("table#centers")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    rows = page.locator("table#centers tbody tr")
    assert rows.count() == 24
    assert "مرکز شماره ۱ تبریز" in page.inner_text("table#centers")
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    screenshot(page, path=os.path.join(artifacts, "home-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, path=os.path.join(artifacts, "home-phone.png"), full_page=True)
    outside = [u for u in page.requested_urls if not u.startswith(live_server.url)]
    assert outside == []
