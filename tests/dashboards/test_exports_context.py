"""Exports carry their context (issue 23 §5): a board's workbook says what it holds above its table
and is named for its province and filters; a center's long name fits its column; the years page
has its workbook; the commitments export names what its codes stand for; the entry and course
workbooks speak the reader's language and read back in either; the Word minutes name a font Word
on Windows has and split no heading mid-word."""

import datetime
import io
import math

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from openpyxl.utils import get_column_letter

from accounts import roles
from courses.models import Course
from meetings import services as meeting_services
from payesh import spreadsheets
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.course_data import commitments as course_commitments
from tests.course_data import url as course_url
from tests.courses.test_courses_xlsx import GOOD as GOOD_COURSES
from tests.dashboards.test_years import build as build_years
from tests.entry_data import three_commitments
from tests.entry_data import url as entry_url
from tests.meetings_helpers import figures, meeting
from tests.reports.test_entry_xlsx import upload
from tests.reports.test_progress import build
from tests.reports.test_spreadsheet_exports import client_for, fetch, workbook

KHORDAD = {"year": "1405", "month": "3"}
LONG_NAME = "مرکز آموزش فنی و حرفه‌ای شماره ۲ خواهران"  # 38 characters: cut to 12 before


@pytest.fixture
def board(people, reference):
    build(people)
    people.center_b.name_fa = LONG_NAME
    people.center_b.save()
    return people


def xlsx(user, params, language="fa"):
    client = client_for(user)
    client.cookies["django_language"] = language
    response = client.get(reverse("dashboards:export", args=["xlsx"]), params)
    assert response.status_code == 200
    return response, workbook(response.content, language).active


def test_the_dashboard_xlsx_says_what_it_holds_above_its_table(board):
    made = timezone.localtime()
    response, sheet = xlsx(board.director, {**KHORDAD, "sector": "public", "approved": "1"})
    header = spreadsheets.header_row(sheet)
    lines = [sheet.cell(row, 1).value for row in range(1, header - 1)]
    assert lines[0] == "پیشرفت تعهدات" and sheet["A1"].font.bold
    assert lines[1:4] == ["استان: آذربایجان شرقی", "شاخص: نفرساعت آموزش (نفرساعت)", "تا پایان خرداد ۱۴۰۵"]
    assert lines[4] == "فیلترها: بخش: دولتی؛ حوزه آموزشی: همه حوزه‌ها؛ فقط گزارش‌های تأییدشده: بله"
    assert lines[5].startswith("تاریخ تهیه: ۱۴۰۵/") and str(made.minute).zfill(2).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")) in lines[5]
    assert sheet.cell(header - 1, 1).value is None  # a blank row, then the table
    assert [c.value for c in sheet[header]][:3] == ["رتبه", "مرکز", "شهرستان"]
    assert sheet.freeze_panes == f"A{header + 1}" and sheet.print_title_rows == f"${header}:${header}"


def national():
    """Who reads the national view: a national role (accounts.roles)."""
    return factories.user("observer", roles.NATIONAL_OBSERVER)


def test_the_dashboard_xlsx_in_english_says_it_in_english(board):
    _response, sheet = xlsx(national(), {**KHORDAD, "province": "all"}, language="en")
    assert not sheet.sheet_view.rightToLeft  # English reads left to right: its title lines are not cut
    lines = [sheet.cell(row, 1).value for row in range(1, 5)]
    assert lines == ["Progress against commitments", "Province: all provinces",
                     "Measure: Trainee person-hours (person-hour)", "To the end of Khordad 1405"]


def test_a_long_center_name_fits_its_column(board):
    _response, sheet = xlsx(board.director, KHORDAD)
    name = next(c for row in sheet.iter_rows() for c in row if c.value == LONG_NAME)
    width = sheet.column_dimensions[get_column_letter(name.column)].width
    assert width >= len(LONG_NAME)  # 12 before: the name was cut after a third of it
    heights = sheet.row_dimensions[spreadsheets.header_row(sheet)].height
    assert heights >= 15 * 2  # "مورد انتظار تاکنون" wraps in its column: the header row has room for it


def test_the_national_and_a_province_export_have_different_file_names(board):
    names, observer = set(), national()
    for params in (KHORDAD, {**KHORDAD, "province": "all"}, {**KHORDAD, "area": "rural_nomadic"}):
        for fmt in ("xlsx", "csv"):
            response = client_for(observer).get(reverse("dashboards:export", args=[fmt]), params)
            names.add(response["Content-Disposition"])
    assert names == {f'attachment; filename="payesh-{where}-1405-03-person_hours{extra}.{fmt}"'
                     for where, extra in (("east-azarbaijan", ""), ("all-provinces", ""), ("east-azarbaijan", "-rural_nomadic"))
                     for fmt in ("xlsx", "csv")}


# --- the years page -------------------------------------------------------------------------------

@pytest.fixture
def years_data(people, reference, province):
    build_years(people, province)
    return people


def test_the_years_page_has_an_export_of_its_two_tables(years_data):
    client = client_for(years_data.director)
    page = client.get(reverse("dashboards:years"), KHORDAD).content.decode()
    assert f'{reverse("dashboards:years_export")}?year=1405&amp;month=3' in page
    response = client.get(reverse("dashboards:years_export"), KHORDAD)
    assert response["Content-Disposition"] == 'attachment; filename="payesh-years-east-azarbaijan-1405-03-person_hours.xlsx"'
    book = workbook(response.content)
    assert book.sheetnames == ["مقایسه با سال گذشته", "کارنامه سال‌ها"]
    yoy = book["مقایسه با سال گذشته"]
    header = spreadsheets.header_row(yoy)
    assert yoy["A1"].value == "مقایسه با سال گذشته و کارنامه سال‌ها" and yoy["A4"].value == "تا پایان خرداد ۱۴۰۵"
    headers = [c.value for c in yoy[header]]
    assert headers[2:4] == ["تعهد سالانه ۱۴۰۵", "عملکرد تاکنون ۱۴۰۵"] and headers[-1] == "تغییر سرعت پیشرفت (واحد درصد)"
    province = [c.value for c in yoy[header + 1]]
    # 1405 as of Khordad: 1,110 of 4,200, pace 105.7%; 1404: 870 of 4,100, pace 84.8%; +20.9 points
    assert province[1:4] == ["آذربایجان شرقی", 4200, 1110] and province[5] == pytest.approx(1.06)
    assert province[6:8] == [4100, 870] and province[9] == pytest.approx(0.85)
    change = yoy.cell(header + 1, len(headers))
    assert (change.value, change.number_format) == (21, "+0;-0;0")  # points, shown "+21", never "+21%"
    groups = {row[0] for row in yoy.iter_rows(min_row=header + 2, values_only=True)}
    assert groups == {"به تفکیک بخش", "به تفکیک حوزه آموزشی", "به تفکیک مرکز"}
    record = book["کارنامه سال‌ها"]
    rows = {row[0]: row[1:] for row in record.iter_rows(min_row=spreadsheets.header_row(record) + 1, values_only=True)}
    assert rows["آذربایجان شرقی"] == (1.06, 0.89, 1.13, 1)  # 105.6%, 88.9%, 113.4%; one year in a row
    assert rows["مرکز پ"] == (None, None, 1.1, 1)  # opened in 1404


def test_the_national_view_has_no_years_export(years_data):
    response = client_for(years_data.director).get(reverse("dashboards:years_export"), {**KHORDAD, "province": "all"})
    assert response.status_code == 404


# --- the commitments export ------------------------------------------------------------------------

def test_the_commitments_export_names_each_code_beside_it(people, reference):
    factories.commitment(people.center_a, target=12000)
    factories.commitment(people.center_b, sector="private", area="rural_nomadic", measure="courses", target=24)
    sheet = workbook(fetch(people.planner, reverse("commitments:export"), {"year": 1405}).content).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:9] == ["سال", "کد مرکز", "نام مرکز", "کد بخش", "نام بخش", "کد حوزه آموزشی", "نام حوزه", "کد شاخص", "نام شاخص"]
    rows = [row[:9] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert (1405, "CB", "مرکز ب", "private", "خصوصی", "rural_nomadic", "روستایی و عشایری", "courses", "تعداد دوره") in rows
    name = sheet.column_dimensions["C"].width
    assert name >= len("مرکز الف")


# --- the entry and course workbooks ----------------------------------------------------------------

def download(user, url, language):
    client = client_for(user)
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return workbook(response.content, language)


@pytest.mark.parametrize("language, sheets, codes, about", [
    ("fa", ["ارقام ماه", "مشخصات فایل"], ["کد بخش", "کد حوزه آموزشی", "کد شاخص", "بخش"], ["مرکز", "سال", "ماه"]),
    ("en", ["Month's figures", "About this workbook"], ["Sector code", "Training area code", "Measure code", "Sector"],
     ["Center", "Year", "Month"]),
])
def test_the_month_workbook_names_its_sheets_and_code_columns_in_the_readers_language(people, reference, language, sheets,
                                                                                     codes, about):
    three_commitments(people.center_a)
    book = download(people.head_a, entry_url("xlsx", people.center_a), language)
    assert book.sheetnames == sheets
    assert [c.value for c in book.worksheets[0][1]][:4] == codes
    assert [row[0] for row in book.worksheets[1].iter_rows(values_only=True)] == about


@pytest.mark.parametrize("written_in, names", [("en", None), ("fa", None), ("fa", ("grid", "about"))])
def test_a_month_workbook_reads_back_whatever_language_it_was_written_in(people, reference, written_in, names):
    three_commitments(people.center_a)
    book = download(people.head_a, entry_url("xlsx", people.center_a), written_in)
    if names:  # a workbook downloaded before its sheets were named in the reader's language
        for sheet, name in zip(book.worksheets, names):
            sheet.title = name
    for row, value in zip((2, 3, 4), (110, 9, 205)):  # fixed urban person-hours, person-courses, rural
        book.worksheets[0].cell(row, 10).value = value
    response = upload(client_for(people.head_a), people.center_a, book, 0)  # the page in Persian
    assert response.status_code == 302, response.content.decode()
    assert sorted(Figure.objects.filter(report=MonthlyReport.objects.get()).values_list("value", flat=True)) == [9, 110, 205]


@pytest.mark.parametrize("language, sheets", [("fa", ["دوره‌ها", "راهنما"]), ("en", ["Courses", "Guide"])])
def test_the_course_workbook_names_its_sheets_in_the_readers_language_and_reads_back(people, reference, language, sheets):
    course_commitments(people.center_a)
    book = download(people.head_a, course_url("xlsx", people.center_a), language)
    assert book.sheetnames == sheets
    assert book.worksheets[0]["A1"].value == ("کد بخش" if language == "fa" else "Sector code")
    book.worksheets[0].append(GOOD_COURSES[0])
    out = io.BytesIO()
    book.save(out)
    response = client_for(people.head_a).post(course_url("upload", people.center_a),  # the page in Persian
                                              {"version": 0, "workbook": SimpleUploadedFile("courses.xlsx", out.getvalue())})
    assert response.status_code == 302, response.content.decode()
    assert Course.objects.get().title == GOOD_COURSES[0][3]


# --- the Word minutes --------------------------------------------------------------------------------

# Word draws the minutes in Tahoma, which the machines here need not have; Vazirmatn (ours) is: its
# bold Persian words, shaped, run at most 1.35 times narrower than Tahoma Bold's (measured with
# HarfBuzz on the minutes' headings: 1.13 to 1.35), so a width measured in Vazirmatn times 1.35 is
# Tahoma's or more.
TAHOMA_OVER_VAZIRMATN = 1.35
WORD_CELL_MARGIN_MM = 1.9  # each side, when the table does not say


@pytest.fixture
def minutes(people, reference):
    figures(people, factories)
    people.center_b.county_fa = "بستان‌آباد"
    people.center_b.save()
    return meeting_services.finalize(meeting(people, date=datetime.date(2026, 7, 25)), people.staff)


def test_the_word_minutes_name_tahoma_for_persian_text(minutes, people):
    document = Document(io.BytesIO(fetch(people.staff, reverse("meetings:export", args=[minutes.pk, "docx"])).content))
    runs = [r for p in document.paragraphs for r in p.runs] + [
        r for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs for r in p.runs]
    fonts = {r._r.rPr.rFonts.get(qn("w:cs")) for r in runs}
    assert fonts == {"Tahoma"}  # on every Windows; Vazirmatn is not


def test_no_column_of_the_word_minutes_is_narrower_than_its_longest_word(minutes, people, settings):
    image_font = pytest.importorskip("PIL.ImageFont")
    features = pytest.importorskip("PIL.features")
    if not features.check("raqm"):
        pytest.skip("Pillow without libraqm cannot shape Persian text")
    font_path = settings.BASE_DIR / "static" / "fonts" / "vazirmatn" / "Vazirmatn-Bold.ttf"
    font = image_font.truetype(str(font_path), 900, layout_engine=image_font.Layout.RAQM)
    document = Document(io.BytesIO(fetch(people.staff, reverse("meetings:export", args=[minutes.pk, "docx"])).content))
    too_narrow = []
    for table in document.tables:
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        margin = (int(margins[0].get(qn("w:w"))) / 1440 * 25.4) if margins is not None else WORD_CELL_MARGIN_MM
        for row in table.rows:
            for cell in row.cells:
                for word in cell.text.split():
                    size = 9  # the tables' size, in points
                    width = font.getlength(word, direction="rtl", language="fa") / 900 * size * 25.4 / 72
                    if width * TAHOMA_OVER_VAZIRMATN + 2 * margin > cell.width.mm:
                        too_narrow.append((word, round(width * TAHOMA_OVER_VAZIRMATN + 2 * margin, 1), round(cell.width.mm, 1)))
    assert too_narrow == []
    assert math.isclose(sum(c.width.mm for c in document.tables[1].rows[0].cells), 180, abs_tol=1)


def test_the_years_export_keeps_the_pages_doors(years_data):
    """A director of another province gets no workbook of this one, as they get no page of it."""
    other = factories.user("director-b", roles.DIRECTOR, province=factories.province("west-azarbaijan", "آذربایجان غربی"))
    client = client_for(other)
    params = {**KHORDAD, "province": "east-azarbaijan"}
    assert client.get(reverse("dashboards:years"), params).status_code == 404
    assert client.get(reverse("dashboards:years_export"), params).status_code == 404  # 200 with the province's numbers before
