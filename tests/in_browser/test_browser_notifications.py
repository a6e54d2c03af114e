"""In the browser: the run of the cycle shows in the header's count; the head opens the
notification and lands on the month it speaks of; the count goes down."""

import os

import pytest
from django.core.management import call_command

from tests import browser as browser_helpers
from tests.browser import screenshot
from tests.notifications_helpers import month_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_head_sees_the_count_opens_the_late_notice_and_lands_on_the_month(page, live_server, artifacts, people,
                                                                           reference, settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    settings.PAYESH_ACTION_DUE_DAYS = 7
    month_data(people)
    call_command("run_cycle", today="1405/05/06", no_mail=True)  # late notice and action item due, for head-b

    browser_helpers.sign_in(page, live_server, "head-b", next_path="/")
    page.wait_for_selector("#inbox-link")
    assert page.inner_text("#inbox-link .inbox-count") == "۲"
    page.click("#inbox-link")
    page.wait_for_selector("#inbox")
    assert page.locator("#inbox li.unread").count() == 2
    screenshot(page, path=os.path.join(artifacts, "inbox-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, path=os.path.join(artifacts, "inbox-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("#inbox li:has-text('تأخیر') a")
    page.wait_for_url("**/reports/centers/CB/1405/4/")
    assert page.inner_text("#inbox-link .inbox-count") == "۱"

    page.click("#inbox-link")
    page.click("#inbox li:has-text('اقدام') a")
    page.wait_for_selector("#action-item")
    assert "برنامه جبرانی مرکز ب" in page.inner_text("#action-item")
    assert page.locator("#inbox-link .inbox-count").count() == 0
    screenshot(page, path=os.path.join(artifacts, "action-item-desktop.png"), full_page=True)
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


NOTE = "نفرساعت حوزه روستایی دو برابر ماه قبل است؛ با دفتر دوره‌ها تطبیق دهید."
VIEWS = [(language, width, height) for language in ("fa", "en") for width, height in ((1366, 900), (390, 844))]


def signed_in(browser, live_server, username, language, width, height):
    """A new browser page of `username`, in `language`, at `width`."""
    from tests.in_browser.test_browser_pages import AXE

    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(path=str(AXE))
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    browser_helpers.sign_in(page, live_server, username, next_path="/")
    page.wait_for_selector("#inbox-link")
    return page


def looked_at(page, artifacts, name):
    """No sideways scroll and no serious axe-core violation; a screenshot to look at."""
    from tests.in_browser.test_browser_pages import AXE_RUN, HELD, overflow

    assert overflow(page) <= 0
    assert page.evaluate(AXE_RUN, HELD) == []
    screenshot(page, path=os.path.join(artifacts, f"{name}.png"), full_page=True)


def test_a_returned_month_reaches_its_head_at_once_in_both_languages_and_widths(page, browser, live_server, artifacts,
                                                                                 people, reference, settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    month_data(people)  # center A's Tir is submitted
    browser_helpers.sign_in(page, live_server, "planner", next_path="/reports/centers/CA/1405/4/")
    page.wait_for_selector("#id_comment")
    page.fill("#id_comment", NOTE)
    page.click("button[name=return]")
    page.wait_for_selector("#return-comment")

    for language, width, height in VIEWS:
        head = signed_in(browser, live_server, "head-a", language, width, height)
        assert head.inner_text("#inbox-link .inbox-count") == ("۱" if language == "fa" else "1")
        head.click("#inbox-link")
        item = head.locator("#inbox li.kind-returned")
        title = item.locator("a.open .title").inner_text()
        assert title == ("برگشت برای اصلاح: مرکز الف، تیر ۱۴۰۵" if language == "fa"
                         else "Returned for correction: Center CA, Tir 1405")
        assert NOTE in item.locator(".summary").inner_text()  # the note itself, without opening anything
        looked_at(head, artifacts, f"inbox-returned-{language}-{width}")
        head.context.close()
    page.context.clear_cookies()
    browser_helpers.sign_in(page, live_server, "head-a", next_path="/")
    page.click("#inbox-link")
    page.click("#inbox li.kind-returned a.open")
    page.wait_for_url("**/reports/centers/CA/1405/4/")
    assert NOTE in page.inner_text("#return-comment")


def test_the_directors_digest_reads_as_a_short_summary_with_its_lists_behind_details(browser, live_server, artifacts,
                                                                                    people, reference, settings):
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    month_data(people)
    call_command("run_cycle", today="1405/05/06", no_mail=True)
    for language, width, height in VIEWS:
        page = signed_in(browser, live_server, "director", language, width, height)
        page.click("#inbox-link")
        digest = page.locator("#inbox li.kind-digest")
        summary = digest.locator(".summary").inner_text()
        assert summary.startswith("سرعت پیشرفت ۶۴٪ (عقب)" if language == "fa" else "Pace 64% (behind)"), summary
        lists = digest.locator("details .body")
        assert not lists.is_visible()  # the lists wait behind "details"
        assert digest.locator("a").count() == 2  # the title and the PDF: the text is no link
        digest.locator("details summary").click()
        assert ("مرکز ب" if language == "fa" else "Center CB") in lists.inner_text()
        looked_at(page, artifacts, f"inbox-digest-{language}-{width}")
        page.context.close()
