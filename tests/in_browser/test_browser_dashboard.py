import os

import pytest

from payesh import jalali
from reports.progress import as_of
from tests.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def charts_drawn(page):
    """How many charts plotly draws, once it has drawn an SVG in every one shown (at a phone's
    width some charts are HTML lists instead, and their plots are not drawn)."""
    page.wait_for_selector(".plot svg.main-svg")
    shown = "Array.from(document.querySelectorAll('.plot')).filter(e => e.offsetParent)"
    assert page.evaluate(f"{shown}.every(e => e.querySelector('svg.main-svg'))")
    return page.evaluate(f"{shown}.length")


def test_director_changes_month_and_area_and_the_charts_draw(demo, page, live_server, artifacts):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    year, month = as_of.default_month()  # the last month whose deadline has passed
    sign_in(page, live_server, "director", next_path="/")
    page.wait_for_selector("table#province-table")
    assert page.locator("table#province-table tbody tr").count() == 24
    assert charts_drawn(page) == 5
    assert page.input_value("#id_month") == str(month)
    screenshot(page, path=os.path.join(artifacts, "dashboard-province-desktop.png"), full_page=True)

    earlier = month - 1 if month > 1 else 1
    with page.expect_navigation():
        page.select_option("#id_month", str(earlier))
    assert f"month={earlier}" in page.url
    assert jalali.month_name(earlier) in page.inner_text("h1")
    assert charts_drawn(page) == 5

    with page.expect_navigation():
        page.select_option("#id_area", "rural_nomadic")
    assert "area=rural_nomadic" in page.url and page.input_value("#id_month") == str(earlier)
    assert page.input_value("#id_area") == "rural_nomadic"
    assert charts_drawn(page) == 5

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/dashboard/")
    charts_drawn(page)
    screenshot(page, path=os.path.join(artifacts, "dashboard-province-phone.png"), full_page=True)

    page.click("table#province-table tbody tr:first-child a")
    page.wait_for_selector("#by-area")
    assert charts_drawn(page) == 3  # the years' curves, monthly, cumulative; the areas as HTML bars
    screenshot(page, path=os.path.join(artifacts, "dashboard-center-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    assert charts_drawn(page) == 4  # with the areas' bars
    screenshot(page, path=os.path.join(artifacts, "dashboard-center-desktop.png"), full_page=True)

    outside = [u for u in page.requested_urls if not u.startswith(live_server.url)]
    assert outside == [] and errors == []
