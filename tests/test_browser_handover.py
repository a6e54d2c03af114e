"""In a browser, the handover of a center: the director replaces TBZ1's head on the people pages,
the new head logs in with the initial password shown once, must choose their own, and enters
and submits the month; the previous head's session loses the center at once, and the months
they submitted keep their name. Screenshots of the pages, desktop and phone."""

import os

import pytest

from centers.models import Headship
from commitments.models import Commitment
from payesh import jalali
from reports.models import MonthlyReport
from tests.browser import log_in
from tests.snapshots import DEMO_PASSWORD as PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWN_PASSWORD = "Sahand-1405-bahar"


def shoot(page, artifacts, name):
    page.screenshot(path=os.path.join(artifacts, f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(artifacts, f"{name}-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_director_replaces_a_head_who_then_enters_the_month(demo, page, live_server, artifacts, browser):
    year, month = jalali.current_year_month()
    submitted_before = set(MonthlyReport.objects.filter(center__code="TBZ1", submitted_by__username="head-tbz1")
                           .values_list("pk", flat=True))
    assert submitted_before

    # the previous head is signed in, in another browser
    old_context = browser.new_context(locale="fa-IR")
    old = old_context.new_page()
    log_in(old, live_server, "head-tbz1", PASSWORD)
    old.wait_for_selector("table#months")

    log_in(page, live_server, "director", PASSWORD)
    page.wait_for_selector("#people-link")
    page.click("#people-link")
    page.wait_for_selector("table#people")
    shoot(page, artifacts, "people")
    page.click("a[href='/people/centers/TBZ1/head/']")
    page.wait_for_selector("#head-form")
    page.fill("#id_username", "head-tbz1-new")
    page.fill("#id_first_name", "مریم")
    page.fill("#id_last_name", "احمدی")
    shoot(page, artifacts, "replace-head")
    page.click("#head-form button[name=preview]")
    page.wait_for_selector("#head-preview")  # seen before it is done, confirmed with a reason
    assert "head-tbz1-new" in page.inner_text("#head-preview")
    assert page.input_value("#id_username") == "head-tbz1-new"  # nothing chosen is lost
    page.fill("#id_reason", "بازنشستگی رئیس مرکز")
    page.click("#confirm-batch")
    page.wait_for_selector("#initial-password")
    initial = page.inner_text("#initial-password").strip()
    assert len(initial) == 12
    shoot(page, artifacts, "initial-password")

    # the very next request of the previous head's open session
    response = old.goto(f"{live_server.url}/reports/centers/TBZ1/{year}/{month}/")
    assert response.status == 404
    old_context.close()

    page.click("button:has-text('خروج')")
    log_in(page, live_server, "head-tbz1-new", initial)
    page.wait_for_selector("#first-login")  # sent to choose a password, whatever page was asked for
    assert page.url.endswith("/accounts/password/")
    page.goto(f"{live_server.url}/reports/centers/TBZ1/")
    page.wait_for_selector("#first-login")
    shoot(page, artifacts, "first-login")
    page.fill("#id_old_password", initial)
    page.fill("#id_new_password1", OWN_PASSWORD)
    page.fill("#id_new_password2", OWN_PASSWORD)
    page.click("#password-form button[type=submit]")
    page.wait_for_selector("#password-changed")
    page.click("a.button")
    page.wait_for_selector("table#months")  # the new head lands on the center's months

    commitments = list(Commitment.objects.filter(center__code="TBZ1", year=year))
    page.click(f"a[href$='/TBZ1/{year}/{month}/']")
    page.wait_for_selector("table#grid")
    for c in commitments:
        page.fill(f"input[name=value_{c.pk}]", jalali.format_number(c.phased_target(month)))
    page.click("button[name=submit]")
    page.wait_for_selector("#report-status.status-submitted")
    report = MonthlyReport.objects.get(center__code="TBZ1", year=year, month=month)
    assert report.submitted_by.username == "head-tbz1-new" and report.figures.count() == len(commitments)
    assert set(MonthlyReport.objects.filter(center__code="TBZ1", submitted_by__username="head-tbz1")
               .values_list("pk", flat=True)) == submitted_before

    page.goto(f"{live_server.url}/dashboard/center/TBZ1/")
    page.wait_for_selector("#headships")
    page.locator("#headships").scroll_into_view_if_needed()
    assert "مریم احمدی" in page.inner_text("#headships")
    assert list(Headship.objects.filter(center__code="TBZ1").values_list("head__username", flat=True)) == [
        "head-tbz1-new", "head-tbz1"]
    outside = [u for u in page.requested_urls if not u.startswith(live_server.url)]
    assert outside == []
