"""The years of record in a browser: the province and a center compared with last year to the
same month, the record of years met, and the chart of the years' curves, in Persian and English,
on a desktop and a phone; the meeting's record."""

import os

import pytest

from demo.builder import demo_plan
from meetings.models import Meeting
from payesh import jalali
from tests.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def years_drawn(page):
    page.wait_for_selector("#chart-years .plot svg.main-svg")
    return page.locator("#chart-years .plot .scatterlayer .trace").count()


def test_the_comparison_and_the_record_show_in_both_languages_and_on_a_phone(demo, page, live_server, artifacts):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    plan = demo_plan()
    sign_in(page, live_server, "director", next_path="/")
    page.wait_for_selector("table#province-table")
    card = page.inner_text("#last-year")  # last year to the same month, on the dashboard itself
    assert jalali.month_name(plan.last_month) in card and "٪" in card
    with page.expect_navigation():
        page.click("#years-link")
    page.wait_for_selector("table#record")
    yoy = page.inner_text("table#year-over-year")
    assert jalali.to_persian_digits(plan.year) in yoy and jalali.to_persian_digits(plan.year - 1) in yoy
    record = page.locator("table#record")
    assert record.locator("thead th").count() == 1 + 3 + 1  # three earlier years and the years in a row
    assert record.locator("tbody tr").count() == 1 + 24
    province = record.locator("tbody tr").first.inner_text()
    assert province.count("✓") == 3 and province.strip().endswith("۳")  # the province met every year
    hurand = record.locator("tbody tr", has_text="هوراند").inner_text()
    assert "—" in hurand and hurand.count("✓") == 2  # opened two years ago
    assert years_drawn(page) == 3 + 2  # three earlier years, this year and its phased target
    screenshot(page.locator("#years"), path=os.path.join(artifacts, "years-province-fa-desktop.png"))

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/dashboard/years/")
    page.wait_for_selector("table#record")
    assert "Years of record" in page.inner_text("#years") and "Years met in a row" in page.inner_text("table#record")
    assert str(plan.year - 1) in page.inner_text("table#year-over-year")
    years_drawn(page)
    screenshot(page.locator("#years"), path=os.path.join(artifacts, "years-province-en-desktop.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/dashboard/center/KLB/")
    page.wait_for_selector("table#record")
    assert page.locator("table#record tbody tr").count() == 1
    assert page.locator("table#year-over-year tbody tr", has_text="Public").count() == 1
    years_drawn(page)
    screenshot(page.locator("#years"), path=os.path.join(artifacts, "years-center-en-phone.png"))
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390 + 1, scroll_width  # wide tables scroll inside their own box

    page.context.clear_cookies()
    sign_in(page, live_server, "director", next_path="/dashboard/center/KLB/")
    page.wait_for_selector("table#record")
    screenshot(page.locator("#years"), path=os.path.join(artifacts, "years-center-fa-phone.png"))

    meeting = Meeting.objects.filter(status="finalized").first()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    page.wait_for_selector("table#record")
    assert page.locator("table#record tbody tr").count() == 1 + 24
    screenshot(page.locator("table#record"), path=os.path.join(artifacts, "years-meeting-fa-desktop.png"))
    assert not errors, errors
