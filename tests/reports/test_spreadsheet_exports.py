"""Every XLSX and CSV Payesh writes, read back as a person's spreadsheet program would: text people
typed stays the exact text (never a live formula), numbers stay numbers, every sheet reads right to
left, and a percentage shows what the pages show (a pace of 99.6% reads 99%, never 100% beside
"slightly behind")."""

import csv
import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from meetings import services as meeting_services
from payesh import spreadsheets
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.course_data import commitments as course_commitments
from tests.course_data import url as course_url
from tests.entry_data import post_data, three_commitments
from tests.entry_data import url as entry_url
from tests.meetings_helpers import figures, meeting
from tests.reports.test_progress import build
from tests.support import client_for

FORMULAS = ["=1+1", '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)"]
DUE = datetime.date(2099, 3, 21)


def fetch(user, url, params=None):
    response = client_for(user).get(url, params or {})
    assert response.status_code == 200, url
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return response


def formulas_in(content):
    """The <f> (formula) elements of every sheet of an XLSX."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [name for name in archive.namelist() if name.startswith("xl/worksheets/")
                and re.search(rb"<f[\s>/]", archive.read(name))]


def workbook(content, language="fa"):
    assert not formulas_in(content), "a cell became a formula"
    book = load_workbook(io.BytesIO(content))
    wrong = [s.title for s in book.worksheets if s.sheet_view.rightToLeft != (language == "fa")]
    assert wrong == [], "every sheet reads in the reader's direction (right to left in Persian)"
    return book


def find(sheet, value):
    """The one cell holding value."""
    cells = [c for row in sheet.iter_rows() for c in row if c.value == value]
    assert len(cells) == 1, (value, [c.coordinate for c in cells])
    return cells[0]


def assert_text(sheet, value):
    cell = find(sheet, value)
    assert cell.data_type == "s", (value, cell.data_type)
    return cell


def assert_whole_number(cell, value):
    assert cell.value == value and cell.data_type == "n" and cell.number_format == "#,##0", (cell.coordinate, cell.value)


# --- the month workbook ----------------------------------------------------------------------------

def test_the_month_workbook_keeps_a_comment_that_starts_with_equals_as_text(people, reference):
    commitments = three_commitments(people.center_a)
    head = client_for(people.head_a)
    response = head.post(entry_url("month", people.center_a),
                         post_data(commitments, ["110", "205", "9"], 0, comments={commitments[0].pk: "=1+1"}))
    assert response.status_code == 302 and Figure.objects.get(value=110).comment == "=1+1"
    book = workbook(fetch(people.head_a, entry_url("xlsx", people.center_a)).content)
    assert book.sheetnames == ["ارقام ماه", "مشخصات فایل"]  # in the reader's language
    grid = book["ارقام ماه"]
    comment = assert_text(grid, "=1+1")
    assert comment.row == 2 and comment.column == 11
    assert_whole_number(grid.cell(2, 10), 110)  # the value
    assert_whole_number(grid.cell(2, 8), 100)  # this month's target
    assert_whole_number(grid.cell(2, 9), 1200)  # the annual target
    assert grid.freeze_panes == "A2" and grid["A1"].font.bold
    about = book["مشخصات فایل"]
    assert [(c.value, c.number_format) for c in (about["B2"], about["B3"])] == [(1405, "0"), (2, "0")]


def test_the_month_workbook_with_such_a_comment_uploads_back_unchanged(people, reference):
    commitments = three_commitments(people.center_a)
    head = client_for(people.head_a)
    head.post(entry_url("month", people.center_a), post_data(commitments, ["110", "205", "9"], 0,
                                                             comments={commitments[0].pk: "=1+1"}))
    report = MonthlyReport.objects.get()
    content = fetch(people.head_a, entry_url("xlsx", people.center_a)).content
    response = head.post(entry_url("upload", people.center_a),
                         {"version": report.version, "workbook": SimpleUploadedFile("month.xlsx", content)})
    assert response.status_code == 302
    assert Figure.objects.get(value=110).comment == "=1+1"


# --- the commitments export and template -----------------------------------------------------------

def test_the_commitments_export_keeps_a_letter_number_that_is_a_formula_as_text(people, reference):
    letter = '=HYPERLINK("http://x","y")'
    c = factories.commitment(people.center_a, target=12000)
    c.letter_number = letter
    c.save()
    book = workbook(fetch(people.planner, reverse("commitments:export"), {"year": 1405}).content)
    sheet = book.worksheets[0]
    cell = assert_text(sheet, letter)
    assert sheet.cell(1, cell.column).value == "شماره نامه"
    year = sheet.cell(cell.row, 1)
    assert (year.value, year.data_type, year.number_format) == (1405, "n", "0")  # reads 1405, not 1,405
    headers = [c.value for c in sheet[1]]
    assert_whole_number(sheet.cell(cell.row, headers.index("تعهد سالانه") + 1), 12000)
    assert_whole_number(sheet.cell(cell.row, headers.index("وزن فروردین") + 1), 1000)  # Farvardin's target


def test_the_commitments_template_reads_right_to_left_with_a_center_named_like_a_formula(people, reference):
    people.center_a.name_fa = "=cmd|' /C calc'!A0"
    people.center_a.save()
    book = workbook(fetch(people.planner, reverse("commitments:template")).content)
    assert book.sheetnames == ["تعهدات", "کدها"]
    assert_text(book["کدها"], "=cmd|' /C calc'!A0")


# --- the course register template ------------------------------------------------------------------

def test_the_courses_template_reads_right_to_left_with_a_center_named_like_a_formula(people, reference):
    course_commitments(people.center_a)
    people.center_a.name_fa = "=1+1"
    people.center_a.save()
    book = workbook(fetch(people.head_a, course_url("xlsx", people.center_a)).content)
    assert book.sheetnames == ["دوره‌ها", "راهنما"]  # in the reader's language
    assert_text(book["راهنما"], "=1+1")


# --- the province dashboard, XLSX and CSV ----------------------------------------------------------

KHORDAD = {"year": "1405", "month": "3"}


@pytest.fixture
def formula_names(people, reference):
    """The dashboard's data (tests/reports/test_progress.py) with a center and counties named like formulas."""
    build(people)
    people.center_b.name_fa, people.center_b.county_fa = "=cmd|' /C calc'!A0", "+1"
    people.center_b.save()
    people.center_a.name_fa, people.center_a.county_fa = "@SUM(A1)", "-2"
    people.center_a.save()
    return people


def test_the_dashboard_xlsx_keeps_center_and_county_names_as_text(formula_names):
    book = workbook(fetch(formula_names.director, reverse("dashboards:export", args=["xlsx"]), KHORDAD).content)
    sheet = book.active
    for name in ("=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-2"):
        assert_text(sheet, name)
    b = find(sheet, "=cmd|' /C calc'!A0").row
    assert_whole_number(sheet.cell(b, 6), 2400)  # after pace and status
    assert sheet.cell(b, 9).value == 0.44 and sheet.cell(b, 9).number_format == "0%"  # achievement 43.75% reads 44%


def test_the_dashboard_csv_neutralises_text_that_would_start_a_formula_and_keeps_numbers(formula_names):
    response = fetch(formula_names.director, reverse("dashboards:export", args=["csv"]), KHORDAD)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_center = {row[1]: row for row in rows[1:]}
    assert set(by_center) == {"'=cmd|' /C calc'!A0", "'@SUM(A1)", "جمع استان"}
    b, a = by_center["'=cmd|' /C calc'!A0"], by_center["'@SUM(A1)"]
    assert (b[2], a[2]) == ("'+1", "'-2")
    # numbers as numbers; a percentage as the page shows it (117 for a pace of 116.7%), its header saying so
    assert b[3] == "117" and b[5:9] == ["2400", "900", "1050", "44"]
    assert rows[0][3] == "سرعت پیشرفت (%)" and rows[0][8] == "تحقق (%)"
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


# --- the meeting minutes ---------------------------------------------------------------------------

def test_the_minutes_xlsx_keeps_remarks_decisions_and_people_as_text(people, reference):
    figures(people, factories)
    m = meeting(people)
    meeting_services.save_remark(m, people.center_a, people.head_a, challenges="=1+1", opportunities="+98 914",
                                 suggestions="-جذب مربی")
    meeting_services.add_action_item(m, '=HYPERLINK("http://x","y")', DUE, responsible_person="=SUM(A1)")
    m = meeting_services.finalize(m, people.staff)
    book = workbook(fetch(people.staff, reverse("meetings:export", args=[m.pk, "xlsx"])).content)
    assert book.sheetnames == ["عملکرد", "نظرات مراکز", "مصوبات"]
    remarks = book["نظرات مراکز"]
    for text in ("=1+1", "+98 914", "-جذب مربی"):
        assert_text(remarks, text)
    items = book["مصوبات"]
    assert_text(items, '=HYPERLINK("http://x","y")')
    assert_text(items, "=SUM(A1)")
    assert_whole_number(items.cell(2, 1), 1)
    snapshot = book["عملکرد"]
    b = find(snapshot, "مرکز ب").row
    assert_whole_number(snapshot.cell(b, 4), 2400)
    assert snapshot.cell(b, 8).value == 1.15 and snapshot.cell(b, 8).number_format == "0%"


# --- a pace of 99.6% reads 99%, beside "slightly behind" -------------------------------------------

@pytest.fixture
def pace_996(people, reference):
    """Center A: 12,000 a year (1,000 a month), 996 in Farvardin: pace 99.6%, slightly behind."""
    factories.commitment(people.center_a, target=12000)
    factories.report(people.center_a, month=1, status="approved", figures=[("public", "fixed_urban", "person_hours", 996)])
    return people


def test_the_dashboard_xlsx_shows_a_pace_of_99_6_percent_as_99(pace_996):
    sheet = workbook(fetch(pace_996.director, reverse("dashboards:export", args=["xlsx"]),
                           {"year": "1405", "month": "1"}).content).active
    row = find(sheet, "مرکز الف").row
    headers = [c.value for c in sheet[spreadsheets.header_row(sheet)]]  # under the title lines
    pace = sheet.cell(row, headers.index("سرعت پیشرفت") + 1)
    assert (pace.value, pace.number_format) == (0.99, "0%")  # displays 99%
    assert sheet.cell(row, headers.index("وضعیت") + 1).value == "کمی عقب"


def test_the_minutes_xlsx_shows_a_pace_of_99_6_percent_as_99(pace_996):
    m = meeting_services.finalize(meeting(pace_996, month=1, date=datetime.date(2026, 4, 25)), pace_996.staff)
    sheet = workbook(fetch(pace_996.staff, reverse("meetings:export", args=[m.pk, "xlsx"])).content)["عملکرد"]
    row = find(sheet, "مرکز الف").row
    assert (sheet.cell(row, 8).value, sheet.cell(row, 8).number_format) == (0.99, "0%")
    assert sheet.cell(row, 9).value == "کمی عقب"
