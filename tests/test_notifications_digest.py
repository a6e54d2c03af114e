"""The director's digest stays one page however many centers are behind or missing (issue 23 §2):
each list shows its first rows and counts the rest, with the link to the page listing them all;
the inbox shows the digest as a short summary in the reader's language, the lists behind it."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils.translation import override

from meetings.models import ActionItem, Meeting
from notifications import cycle, digest
from notifications.models import Kind, Notification
from payesh import jalali
from tests import factories
from tests.meetings_helpers import client_for
from tests.notifications_helpers import day

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = re.compile("[\u200c-\u200f\u202a-\u202e]")  # pdftotext marks the direction of each run

LONG_TEXT = ("پیگیری تأمین اعتبار تجهیز کارگاه‌های جوشکاری و برق صنعتی مرکز با هماهنگی معاونت توسعه مدیریت و "
             "منابع و ارسال گزارش پیشرفت به دبیرخانه جلسه پایش پیش از جلسه بعد، همراه با برنامه زمانی و فهرست "
             "تجهیزات مورد نیاز هر کارگاه و برآورد هزینه آن")


@pytest.fixture
def worst_month(people, reference, settings):
    """30 centers, most with names of 100 letters (the longest a name may be), every one behind and
    none reporting Tir; 12 overdue action items with long texts."""
    settings.PAYESH_REPORT_DEADLINE_DAY = 5
    settings.PAYESH_SITE_URL = "https://payesh.example.org"
    province = people.center_a.province
    centers = [people.center_a, people.center_b] + [
        factories.center(province, f"W{i:02d}", name_fa=long_name(i), head=None) for i in range(28)]
    for i, center in enumerate(centers):
        factories.commitment(center, target=1200 + i)
        for month in (1, 2, 3):
            factories.report(center, month=month, status="approved",
                             figures=[("public", "fixed_urban", "person_hours", 40 + i)])
    meeting = Meeting.objects.create(province=province, date=datetime.date(2026, 6, 1), title="جلسه پایش", year=1405,
                                     month=2, chair=people.director, created_by=people.staff)
    for i in range(12):
        ActionItem.objects.create(meeting=meeting, text=f"{LONG_TEXT} ({i})", responsible_center=centers[i],
                                  due_date=datetime.date(2026, 7, 1))
    cycle.run(now=day("1405/05/06"), send_mail=False)
    return Notification.objects.get(kind=Kind.DIGEST)


def long_name(i):
    name = f"مرکز آموزش فنی و حرفه‌ای شماره {jalali.to_persian_digits(i + 1)} برادران شهرستان تبریز، شهرک صنعتی"
    return (name + " سلیمی و آموزشگاه‌های آزاد وابسته")[:100]


def pages(pdf):
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="pdfinfo (poppler-utils) is not installed")
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_digest_of_a_month_nobody_reported_is_one_page_in_both_languages(worst_month, language):
    with override(language):
        _name, pdf, _type = digest.attachment(worst_month)
    assert pages(pdf) == 1
    text = BIDI_CONTROLS.sub("", subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True,
                                                check=True).stdout.decode())
    # 30 behind and 30 missing: 8 of each shown; 12 action items overdue: 3 shown
    more = (("و ۲۲ مورد دیگر در داشبورد", "و ۲۲ مورد دیگر در فهرست گزارشهای دیرکرد", "و ۹ مورد دیگر در صفحه جلسات پایش")
            if language == "fa" else
            ("and 22 more on the dashboard", "and 22 more on the list of late reports", "and 9 more on the meetings' page"))
    squeezed = re.sub(r"\s", "", text)  # pdftotext spaces Persian words and digits its own way
    assert all(re.sub(r"\s", "", m) in squeezed for m in more), text
    links = subprocess.run(["pdfinfo", "-url", "-"], input=pdf, capture_output=True, check=True).stdout.decode().split()
    assert [link for link in links if link.startswith("https://")] == [
        "https://payesh.example.org/dashboard/?year=1405&month=4&sort=pace",
        "https://payesh.example.org/reports/late/?year=1405&month=4", "https://payesh.example.org/meetings/"]


def test_the_digests_text_cuts_its_lists_and_links_to_the_pages_that_list_them_all(worst_month):
    body = worst_month.body
    summary = body.split("\n\n")[0]
    assert summary == ("سرعت پیشرفت ۴۰٪ (عقب). گزارش‌داده: ۰ از ۳۰ مرکز. عقب از برنامه: ۳۰ مرکز. "
                       "دیرکرد، برگشتی یا ارسال‌نشده: ۳۰. اقدامات سررسیدگذشته: ۱۲.")
    assert sum(1 for line in body.splitlines() if line.endswith(": ارسال‌نشده")) == 8
    assert "… و ۲۲ مورد دیگر: https://payesh.example.org/dashboard/?year=1405&month=4&sort=pace" in body
    assert "… و ۲۲ مورد دیگر: https://payesh.example.org/reports/late/?year=1405&month=4" in body
    assert "… و ۹ مورد دیگر: https://payesh.example.org/meetings/" in body
    assert worst_month.texts["en"][1].startswith("Pace 40% (behind). Reported: 0 of 30 centers.")


@pytest.mark.parametrize(("language", "summary", "title"), [
    ("fa", "سرعت پیشرفت ۴۰٪ (عقب). گزارش‌داده: ۰ از ۳۰ مرکز.", "خلاصه ماهانه آذربایجان شرقی، تیر ۱۴۰۵"),
    ("en", "Pace 40% (behind). Reported: 0 of 30 centers.", "Monthly digest of East Azerbaijan, Tir 1405"),
])
def test_the_inbox_shows_the_digest_as_a_short_summary_in_the_readers_language(worst_month, people, language, summary,
                                                                              title):
    client = client_for(people.director)
    client.cookies["django_language"] = language
    html = client.get(reverse("notifications:inbox")).content.decode()
    item = html[html.index("kind-digest"):]
    item = item[:item.index("</li>")]
    assert f'<span class="title" dir="auto">{title}</span></a>' in item  # the title alone is the link
    assert re.search(rf'<p class="summary" dir="auto">{re.escape(summary)}', item)
    details = item[item.index("<details>"):]
    assert "<a " not in item[:item.index("<details>")].replace('<a class="open"', "", 1)
    assert ("مرکز آموزش فنی و حرفه‌ای شماره ۱" if language == "fa" else "Center W00") in details
    assert '<a href="https://payesh.example.org/reports/late/?year=1405&amp;month=4"' in details

