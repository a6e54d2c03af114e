"""The month's grid as XLSX: download, fill in, upload. A bad upload names each bad row and
writes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from reports.models import Figure, MonthlyReport
from tests.entry_data import post_data, three_commitments, url
from tests.support import client_for


def download(client, center):
    response = client.get(url("xlsx", center))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def upload(client, center, wb, version):
    out = io.BytesIO()
    wb.save(out)
    file = SimpleUploadedFile("month.xlsx", out.getvalue())
    return client.post(url("upload", center), {"version": version, "workbook": file})


@pytest.fixture
def head(people, reference):
    return people, three_commitments(people.center_a), client_for(people.head_a)


def test_round_trip_download_fill_upload_then_download_again(head):
    people, _commitments, client = head
    wb = download(client, people.center_a)
    ws = wb.worksheets[0]
    assert ws.max_row == 4 and ws.cell(2, 5).value == "کارگاه‌های ثابت شهری" and ws.cell(2, 8).value == 100
    ws.cell(2, 10).value = "۱٬۱۰"  # Persian digits and separator, as typed in Excel
    ws.cell(3, 10).value = 9.0  # Excel keeps whole numbers as floats
    ws.cell(3, 11).value = "دو دوره لغو شد"
    ws.cell(4, 10).value = 205
    response = upload(client, people.center_a, wb, 0)
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert report.status == "draft"
    assert sorted(report.figures.values_list("value", flat=True)) == [9, 110, 205]
    assert Figure.objects.get(value=9).comment == "دو دوره لغو شد"
    again = download(client, people.center_a).worksheets[0]
    assert [again.cell(r, 10).value for r in (2, 3, 4)] == [110, 9, 205]


def test_a_bad_upload_names_each_bad_row_and_writes_nothing(head):
    people, commitments, client = head
    client.post(url("month", people.center_a), post_data(commitments, ["100", "200", "10"], 0))
    report = MonthlyReport.objects.get()
    before = (report.version, sorted(report.figures.values_list("value", flat=True)), Figure.history.count())
    wb = download(client, people.center_a)
    ws = wb.worksheets[0]
    ws.cell(2, 10).value = 120  # a good row: still not written
    ws.cell(3, 10).value = -4
    ws.cell(4, 10).value = "۱۲٫۵"  # rows: 2 fixed urban person-hours, 3 person-courses, 4 rural
    ws.append(["public", "prison", "person_hours", None, None, None, None, None, None, 5, ""])
    response = upload(client, people.center_a, wb, report.version)
    assert response.status_code == 200
    html = response.content.decode()
    assert "هیچ چیز از کاربرگ ذخیره نشد" in html
    assert "ردیف ۳: عملکرد نمی‌تواند منفی باشد" in html
    assert "ردیف ۴: یک عدد صحیح بدون اعشار" in html
    assert "ردیف ۵: هیچ تعهدی" in html
    report.refresh_from_db()
    assert (report.version, sorted(report.figures.values_list("value", flat=True)), Figure.history.count()) == before


def test_an_outlier_in_the_workbook_needs_its_comment(head):
    people, _commitments, client = head
    wb = download(client, people.center_a)
    wb.worksheets[0].cell(2, 10).value = 5000
    response = upload(client, people.center_a, wb, 0)
    assert "ردیف ۲" in response.content.decode() and "بیش از ۱۰ برابر" in response.content.decode()
    assert not MonthlyReport.objects.exists()


def test_another_months_workbook_or_a_non_workbook_is_refused(head):
    people, _commitments, client = head
    wb = download(client, people.center_a)
    wb.worksheets[1]["B3"] = 3
    assert "برای مرکز یا ماه دیگری" in upload(client, people.center_a, wb, 0).content.decode()
    response = client.post(url("upload", people.center_a), {"version": 0, "workbook": SimpleUploadedFile("x.xlsx", b"not a zip")})
    assert "کاربرگ XLSX نیست" in response.content.decode()
    assert not MonthlyReport.objects.exists()
