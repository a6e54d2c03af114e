"""In the browser: the run of the cycle shows in the header's count; the head opens the
notification and lands on the month it speaks of; the count goes down."""

import os

import pytest
from django.core.management import call_command

from tests import browser
from tests.notifications_helpers import month_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_sees_the_count_opens_the_late_notice_and_lands_on_the_month(page, live_server, artifacts, people,
                                                                           reference, settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    settings.PAYESH_ACTION_DUE_DAYS = 7
    month_data(people)
    call_command("run_cycle", today="1405/05/06", no_mail=True)  # late notice and action item due, for head-b

    browser.log_in(page, live_server, "head-b")
    page.wait_for_selector("#inbox-link")
    assert page.inner_text("#inbox-link .inbox-count") == "۲"
    page.click("#inbox-link")
    page.wait_for_selector("#inbox")
    assert page.locator("#inbox li.unread").count() == 2
    page.screenshot(path=os.path.join(artifacts, "inbox-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=os.path.join(artifacts, "inbox-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("#inbox li:has-text('تأخیر') a")
    page.wait_for_url("**/reports/centers/CB/1405/4/")
    assert page.inner_text("#inbox-link .inbox-count") == "۱"

    page.click("#inbox-link")
    page.click("#inbox li:has-text('اقدام') a")
    page.wait_for_selector("#action-item")
    assert "برنامه جبرانی مرکز ب" in page.inner_text("#action-item")
    assert page.locator("#inbox-link .inbox-count").count() == 0
    page.screenshot(path=os.path.join(artifacts, "action-item-desktop.png"), full_page=True)
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
