"""Courses in bulk from the month's workbook: checked whole first; a bad row gets its row number
and reason and then nothing at all is written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from courses.models import Course
from reports.models import Figure, MonthlyReport
from tests.course_data import commitments, url
from tests.support import client_for

GOOD = [
    ["public", "fixed_urban", "صنعت", "جوشکاری برق", "7212-53", "۱۴۰۵/۰۲/۰۱", "۱۴۰۵/۰۲/۲۰", 120, "آقایان", 20, 18, 15, "تبریز", "رضایی"],
    ["public", "fixed_urban", "services", "ICDL", "", "1405/01/25", "1405/02/10", "۶۰", "mixed", "۲۵", "۲۵", "۲۰", "تبریز", ""],
    ["public", "rural_nomadic", "فرهنگ و هنر", "قالی‌بافی", "", "1405/02/01", "1405/02/31", 200, "بانوان", 15, 12, 10, "روستای خاروانا", ""],
]


def workbook(client, center, rows):
    response = client.get(url("xlsx", center))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    for row in rows:
        wb.worksheets[0].append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("courses.xlsx", out.getvalue())


@pytest.fixture
def head(people, reference):
    commitments(people.center_a)
    return client_for(people.head_a)


def test_a_good_workbook_adds_every_course_and_the_months_figures_follow(people, head):
    response = head.post(url("upload", people.center_a), {"version": 0, "workbook": workbook(head, people.center_a, GOOD)})
    assert response.status_code == 302
    assert Course.objects.filter(center=people.center_a).count() == 3
    ph = {f.area.code: f.value for f in Figure.objects.filter(measure__code="person_hours").select_related("area")}
    assert ph == {"fixed_urban": 18 * 120 + 25 * 60, "rural_nomadic": 12 * 200}
    assert Course.objects.get(title="قالی‌بافی").gender == "women"


def test_a_bad_row_is_named_with_its_reason_and_nothing_is_written(people, head):
    bad = [row[:] for row in GOOD]
    bad[1][10] = 30  # row 3: completed 30 of 25 enrolled
    bad.append(["public", "prison", "صنعت", "نجاری", "", "1405/02/01", "1405/02/20", 100, "آقایان", 10, 10, 8, "زندان تبریز", ""])
    bad.append(["public", "fixed_urban", "صنعت", "برق ساختمان", "", "1405/02/01", "1405/03/05", 100, "آقایان", 10, 10, 8, "تبریز", ""])
    bad.append(bad[0][:])  # row 7 repeats row 2
    response = head.post(url("upload", people.center_a), {"version": 0, "workbook": workbook(head, people.center_a, bad)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "هیچ چیز از کاربرگ ذخیره نشد" in html
    assert "ردیف ۳: پایان‌یافته: شمار پایان‌یافتگان (۳۰) نمی‌تواند بیشتر از ثبت‌نام‌شدگان (۲۵) باشد." in html
    assert "ردیف ۵: این مرکز امسال برای بخش «public» و حوزه آموزشی «prison» تعهدی ندارد." in html
    assert "ردیف ۶: تاریخ پایان:" in html and "اردیبهشت ۱۴۰۵" in html
    assert "ردیف ۷: تکرار ردیف ۲ است." in html
    assert "ردیف ۲:" not in html and "ردیف ۴:" not in html
    assert not Course.objects.exists() and not Figure.objects.exists() and not MonthlyReport.objects.exists()


def test_the_same_workbook_twice_does_not_count_a_course_twice(people, head):
    head.post(url("upload", people.center_a), {"version": 0, "workbook": workbook(head, people.center_a, GOOD)})
    version = MonthlyReport.objects.get().version
    response = head.post(url("upload", people.center_a), {"version": version, "workbook": workbook(head, people.center_a, GOOD)})
    assert "پیش‌تر در فهرست ثبت شده است" in response.content.decode()
    assert Course.objects.count() == 3


def test_a_file_that_is_not_a_workbook_is_refused(people, head):
    response = head.post(url("upload", people.center_a), {"version": 0, "workbook": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert "این پرونده کاربرگ XLSX نیست." in response.content.decode()
    assert not Course.objects.exists()
