import os

import pytest

from meetings.models import Meeting
from tests import factories
from tests.browser import screenshot, sign_in
from tests.meetings_helpers import figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_record_a_meeting_end_to_end_and_download_the_pdf(page, live_server, artifacts, people, reference):
    figures(people, factories)
    sign_in(page, live_server, "staff", next_path="/")
    page.click("nav.nav >> text=جلسات پایش")
    page.click("text=ثبت جلسه پایش")
    page.fill("#id_date", "۱۴۰۵/۰۵/۱۰")
    page.fill("#id_title", "جلسه پایش تیر ۱۴۰۵")
    page.select_option("#id_chair", label="director")
    page.fill("#id_year", "1405")
    page.select_option("#id_month", label="تیر")
    page.check("#id_attendees label:has-text('head-a') input")
    page.fill("#id_guests", "نماینده استانداری")
    page.fill("#id_agenda", "مرور عملکرد مراکز")
    page.click("main button[type=submit]")
    page.wait_for_selector("table#snapshot")
    assert "جلسه ثبت شد" in page.inner_text(".messages")
    assert "ارقام زنده" in page.inner_text("#figures-note")

    # remarks of center A, written by staff during the meeting
    page.click("table#snapshot tr:has-text('مرکز الف') >> text=ثبت نظرات")
    page.fill("#id_challenges", "کمبود مربی برق صنعتی")
    page.fill("#id_suggestions", "جذب مربی حق‌التدریس")
    page.click("main button[type=submit]")
    assert "کمبود مربی برق صنعتی" in page.inner_text("#remark-CA")

    # an action item for center A
    page.fill("#id_text", "ارائه برنامه جبرانی تا پایان شهریور")
    page.select_option("#id_responsible_center", label="مرکز الف")
    page.fill("#id_due_date", "۱۴۰۵/۰۶/۳۱")
    page.click("#add-action-item button[type=submit]")
    assert "ارائه برنامه جبرانی" in page.inner_text("table#action-items")
    screenshot(page, path=os.path.join(artifacts, "meeting-draft-desktop.png"), full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#finalize")
    page.wait_for_selector("#export-pdf")
    assert "نهایی" in page.inner_text("h1")
    assert "ارقام در زمان نهایی شدن جلسه" in page.inner_text("#figures-note")
    assert page.locator("#add-action-item").count() == 0
    screenshot(page, path=os.path.join(artifacts, "meeting-finalized-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, path=os.path.join(artifacts, "meeting-finalized-phone.png"), full_page=True)

    with page.expect_download() as info:
        page.click("#export-pdf")
    download = info.value
    path = os.path.join(artifacts, "meeting-e2e.pdf")
    download.save_as(path)
    with open(path, "rb") as f:
        assert f.read(5) == b"%PDF-"
    meeting = Meeting.objects.get()
    assert meeting.is_finalized and meeting.remarks.count() == 1 and meeting.action_items.count() == 1
    outside = [u for u in page.requested_urls if not u.startswith(live_server.url)]
    assert outside == []
