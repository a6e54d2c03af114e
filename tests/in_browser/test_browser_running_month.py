"""The running month and the work outside the commitments as a director sees them, in Persian and
English, on a desktop and a phone: on 16 Azar 1405 the board as of Azar says "so far", shows the
open month's card instead of a reporting rate, keeps the pace of the months due, and shows the
work outside the commitments beside the actual (numbers: tests/reports/test_progress_running_month.py)."""

import os

import pytest
from django.utils import timezone

from tests import factories
from tests.browser import screenshot, sign_in
from tests.reports.test_progress_running_month import build, moment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOWN = {
    "fa": {"as_of": "آذر ۱۴۰۵ تا امروز (روز ۱۶ از ۳۰)", "reported": "۰ از ۲ مرکز گزارش داده‌اند", "option": "آذر (تا امروز)",
           "outside": "خارج از تعهدات", "pace": "۸۷٪", "amount": "۵۰۰", "so_far": "۰٪ تا امروز", "center_pace": "۷۹٪"},
    "en": {"as_of": "Azar 1405 so far (day 16 of 30)", "reported": "0 of 2 centers reported", "option": "Azar (so far)",
           "outside": "Outside the commitments", "pace": "87%", "amount": "500", "so_far": "0% so far", "center_pace": "79%"},
}


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("width", [1366, 390])
def test_the_running_month_so_far_and_the_work_outside_the_commitments(page, live_server, artifacts, monkeypatch,
                                                                       language, width):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    factories.reference()
    people = factories.people(factories.province())
    build(people)
    # B's private institutes trained 500 person-hours in Aban, with no commitment for them
    factories.report(people.center_b, month=8, figures=[("private", "private_institutes", "person_hours", 500)])
    now = moment(1405, 9, 16)
    monkeypatch.setattr(timezone, "now", lambda: now)
    page.set_viewport_size({"width": width, "height": 900})
    if language == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    sign_in(page, live_server, "director", next_path="/dashboard/?year=1405&month=9")
    page.wait_for_selector("table#province-table")
    words = SHOWN[language]

    assert page.inner_text("#as-of") == words["as_of"]
    card = page.locator("#open-month")
    assert card.is_visible() and words["reported"] in card.inner_text()
    assert page.locator(".reporting-rate").count() == 0  # no 0% rate for a month not yet due
    assert page.locator("#id_month option").last.inner_text() == words["option"]
    assert page.locator("#id_month option").count() == 9  # no month after the running one
    assert page.inner_text("#headline .pace") == words["pace"]  # 2080 / 2400: Azar lowers no one's pace
    outside = page.locator("#outside")
    assert outside.is_visible() and words["outside"] in outside.inner_text() and words["amount"] in outside.inner_text()
    assert page.locator("#province-table th", has_text=words["outside"]).count() == 1
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, scroll_width  # the page never scrolls sideways
    screenshot(page, path=os.path.join(artifacts, f"running-month-{language}-{width}.png"), full_page=True)

    page.goto(f"{live_server.url}/dashboard/reporting/?year=1405&month=9")  # Azar's rate is a rate so far
    assert page.inner_text("#as-of") == words["as_of"]
    assert page.locator("table#rates tbody tr").last.locator("td").last.inner_text() == words["so_far"]
    page.goto(f"{live_server.url}/dashboard/center/CB/?year=1405&month=9")
    assert page.inner_text("#as-of") == words["as_of"]
    assert page.inner_text("#headline .pace") == words["center_pace"]  # 1260 / 1600: Aban is due, Azar not yet
    assert words["amount"] in page.inner_text("#outside")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert not errors, errors
