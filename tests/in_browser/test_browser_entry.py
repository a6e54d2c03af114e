"""In a browser: a center head enters a month with Persian digits and submits it; the planner
approves it from the review queue. Screenshots of the grid and the queue, desktop and phone."""


import pytest

from commitments.models import Commitment
from payesh import jalali
from reports.models import MonthlyReport
from tests.browser import shoot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_enters_and_submits_a_month_then_planner_approves(demo, page, live_server, artifacts):
    year, month = jalali.current_year_month()  # the month in progress: no demo report yet
    commitments = list(Commitment.objects.filter(center__code="TBZ1", year=year))
    assert len(commitments) >= 60

    sign_in(page, live_server, "head-tbz1", next_path="/")
    page.wait_for_selector("table#months")  # a head lands on their center's months
    page.click(f"a[href$='/TBZ1/{year}/{month}/']")
    page.wait_for_selector("table#grid")
    for c in commitments:
        page.fill(f"input[name=value_{c.pk}]", jalali.format_number(c.phased_target(month)))
    first = commitments[0]
    page.fill(f"input[name=value_{first.pk}]", "-۵")
    page.click("button[name=submit]")
    assert "منفی" in page.inner_text("table#grid")  # refused next to the field, all else kept
    assert page.input_value(f"input[name=value_{commitments[1].pk}]") == jalali.format_number(commitments[1].phased_target(month))
    assert not MonthlyReport.objects.filter(center__code="TBZ1", year=year, month=month).exists()
    page.fill(f"input[name=value_{first.pk}]", jalali.format_number(first.phased_target(month)))
    shoot(page, artifacts, "entry-grid")
    page.click("button[name=submit]")
    page.wait_for_selector("#report-status.status-submitted")
    assert "برای بررسی ارسال شد" in page.inner_text(".messages")
    report = MonthlyReport.objects.get(center__code="TBZ1", year=year, month=month)
    assert report.figures.count() == len(commitments)
    assert report.figures.get(area=first.area, sector=first.sector, measure=first.measure).value == first.phased_target(month)
    shoot(page, artifacts, "entry-submitted")

    page.click("button:has-text('خروج')")
    sign_in(page, live_server, "planner", next_path="/")
    page.goto(f"{live_server.url}/reports/review/")
    page.wait_for_selector("table#queue")
    shoot(page, artifacts, "review-queue")
    row = page.locator(f"tr:has(a[href$='/TBZ1/{year}/{month}/'])")
    row.locator("button[name=approve]").click()
    page.wait_for_selector(".messages")
    assert "تأیید شد" in page.inner_text(".messages")
    report.refresh_from_db()
    assert report.status == "approved" and report.approved_by.username == "planner"
    outside = [u for u in page.requested_urls if not u.startswith(live_server.url)]
    assert outside == []
