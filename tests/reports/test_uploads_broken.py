"""A workbook whose sheet XML is cut short, or that declares a DTD with entities (XXE, "billion
laughs"), posted to each of the three uploads by the role that uploads there: the page answers 200
with a Persian message, and nothing is written. The size limit is the setting's, and says so."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from commitments.models import Commitment, FiscalYear, ProvinceCommitment
from courses.models import Course
from payesh import xlsx
from reports.models import Figure, MonthlyReport
from tests import factories
from tests.commitments.test_commitments_import import GOOD as GOOD_COMMITMENTS
from tests.commitments.test_commitments_import import filled_template
from tests.commitments.test_commitments_national import filled as filled_letter
from tests.commitments.test_commitments_national import row as letter_row
from tests.course_data import commitments as course_commitments
from tests.course_data import url as course_url
from tests.courses.test_courses_xlsx import GOOD as GOOD_COURSES
from tests.entry_data import three_commitments
from tests.entry_data import url as entry_url
from tests.support import client_for

NOT_A_WORKBOOK = "این پرونده کاربرگ XLSX نیست."
DECLARES_A_DTD = "این پرونده تعریف‌های XML (DTD) دارد که هیچ کاربرگ واقعی ندارد؛ خوانده نشد."

LAUGHS = b"".join(
    [b'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">']
    + [b'<!ENTITY lol%d "%s">' % (n, b"".join(b"&lol%d;" % (n - 1) for _ in range(10))) for n in range(1, 10)]
    + [b"]>"])
DTDS = {
    "entity": (b'<!DOCTYPE worksheet [<!ENTITY e "injected">]>', b"&e;"),
    "xxe": (b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', b"&xxe;"),
    "billion-laughs": (LAUGHS, b"&lol9;"),
}
BROKEN = ["truncated", *DTDS]


def rewrite_sheet(data, change):
    """The workbook with its first sheet's XML changed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            target.writestr(info.filename, change(body) if info.filename == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


def broken(data, kind):
    if kind == "truncated":
        return rewrite_sheet(data, lambda xml: xml[: len(xml) * 3 // 5])
    declaration, reference = DTDS[kind]

    def declare(xml):
        end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
        xml = xml[:end] + declaration + xml[end:]
        return re.sub(rb"<t>[^<]*</t>", b"<t>" + reference + b"</t>", xml, count=1)

    return rewrite_sheet(data, declare)


def saved(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class MonthUpload:
    """The month's grid, filled in and uploaded by the center's head."""

    def __init__(self, people):
        self.people = people
        three_commitments(people.center_a)
        self.client = client_for(people.head_a)

    def good(self):
        book = load_workbook(io.BytesIO(self.client.get(entry_url("xlsx", self.people.center_a)).content))
        for row, value in ((2, 110), (3, 9), (4, 205)):
            book.worksheets[0].cell(row, 10).value = value
        return saved(book)

    def post(self, data):
        return self.client.post(entry_url("upload", self.people.center_a),
                                {"version": 0, "workbook": SimpleUploadedFile("month.xlsx", data)})

    def nothing_written(self):
        return not MonthlyReport.objects.exists() and not Figure.objects.exists()


class CoursesUpload:
    """The month's course register, filled in and uploaded by the center's head."""

    def __init__(self, people):
        self.people = people
        course_commitments(people.center_a)
        self.client = client_for(people.head_a)

    def good(self):
        book = load_workbook(io.BytesIO(self.client.get(course_url("xlsx", self.people.center_a)).content))
        for row in GOOD_COURSES:
            book.worksheets[0].append(row)
        return saved(book)

    def post(self, data):
        return self.client.post(course_url("upload", self.people.center_a),
                                {"version": 0, "workbook": SimpleUploadedFile("courses.xlsx", data)})

    def nothing_written(self):
        return not Course.objects.exists() and not MonthlyReport.objects.exists() and not Figure.objects.exists()


class CommitmentsImport:
    """The year's commitments workbook, imported by a planner."""

    def __init__(self, people):
        self.client = client_for(people.planner)

    def good(self):
        return filled_template(GOOD_COMMITMENTS)

    def post(self, data):
        return self.client.post(reverse("commitments:import"), {"workbook": SimpleUploadedFile("commitments.xlsx", data)})

    def nothing_written(self):
        return not Commitment.objects.exists() and not FiscalYear.objects.exists()


class NationalLetterImport:
    """The national organization's letter of every province's totals, imported by a national planner."""

    def __init__(self, people):
        self.client = client_for(factories.user("national", roles.NATIONAL_PLANNER))
        self.province = people.center_a.province

    def good(self):
        return filled_letter([letter_row(self.province.code, target=50000, date="1404/12/20")])

    def post(self, data):
        return self.client.post(reverse("commitments:letter"), {"workbook": SimpleUploadedFile("letter.xlsx", data)})

    def nothing_written(self):
        return not ProvinceCommitment.objects.exists() and not FiscalYear.objects.exists()


UPLOADS = {"month": MonthUpload, "courses": CoursesUpload, "commitments": CommitmentsImport,
           "national letter": NationalLetterImport}


@pytest.fixture(params=list(UPLOADS))
def upload(request, people, reference):
    return UPLOADS[request.param](people)


@pytest.mark.parametrize("kind", BROKEN)
def test_a_broken_or_entity_laden_workbook_gets_a_persian_message_and_nothing_is_written(upload, kind):
    response = upload.post(broken(upload.good(), kind))
    assert response.status_code == 200
    assert (NOT_A_WORKBOOK if kind == "truncated" else DECLARES_A_DTD) in response.content.decode()
    assert upload.nothing_written()


def test_the_good_workbooks_these_are_made_from_are_read(upload):
    """The broken workbooks above differ from a good one only in the sheet XML."""
    response = upload.post(upload.good())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not upload.nothing_written()


@pytest.mark.parametrize("limit, said", [(1024 * 1024, "۱ مگابایت"), (1536 * 1024, "۱٫۵ مگابایت")])
def test_the_upload_limit_is_the_settings_and_the_message_says_it(upload, limit, said):
    good = upload.good()
    with override_settings(PAYESH_MAX_UPLOAD_BYTES=limit):  # 1 KB over: the request itself is not refused (413)
        response = upload.post(good + b"\0" * (limit + 1024 - len(good)))
    assert response.status_code == 200
    assert f"پرونده از {said} بزرگ‌تر است" in response.content.decode()
    assert upload.nothing_written()


def test_a_raised_limit_is_the_limit_of_every_upload(upload):
    """No upload keeps a limit of its own: under a raised setting, 6 MB is not refused for its size."""
    with override_settings(PAYESH_MAX_UPLOAD_BYTES=8 * 1024 * 1024):
        response = upload.post(b"PK" + b"\0" * (6 * 1024 * 1024))
    html = response.content.decode()
    assert response.status_code == 200 and "بزرگ‌تر است" not in html and NOT_A_WORKBOOK in html
    assert upload.nothing_written()


# --- payesh/xlsx.read_workbook on its own -----------------------------------------------------------

def test_read_workbook_reads_every_row_of_a_good_workbook_with_its_row_number(db):
    book = load_workbook(io.BytesIO(filled_template([[1405, "CA"], [], [1405, "CB"]])))
    wb = xlsx.read_workbook(saved(book))
    assert wb.sheetnames == ["تعهدات", "کدها"]
    rows = wb.rows("تعهدات", min_row=2)
    assert rows == [(2, (1405, "CA")), (4, (1405, "CB"))]


@pytest.mark.parametrize("kind", BROKEN)
def test_read_workbook_refuses_a_broken_or_entity_laden_workbook(db, kind):
    with pytest.raises(xlsx.UnsafeWorkbook):
        xlsx.read_workbook(broken(filled_template([[1405, "CA"]] * 50), kind))


def test_a_bare_doctype_is_refused_too(db):
    with pytest.raises(xlsx.UnsafeWorkbook) as err:
        xlsx.read_workbook(rewrite_sheet(filled_template([]), lambda body: b"<!DOCTYPE worksheet>" + body))
    assert "DTD" in str(err.value)


def test_a_sheet_with_too_many_rows_is_refused_with_its_name(db):
    with pytest.raises(xlsx.UnsafeWorkbook) as err:
        xlsx.read_workbook(filled_template([[1405, "CA"]] * 5), max_rows=3)
    assert "تعهدات" in str(err.value)


def test_openpyxl_refuses_entities_itself_with_defusedxml_installed():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML, "defusedxml (requirements.txt) is not installed"


@pytest.mark.parametrize("size, said", [(5 * 1024 * 1024, "۵ مگابایت"), (1536 * 1024, "۱٫۵ مگابایت"),
                                        (500 * 1024, "۵۰۰ کیلوبایت"), (900, "۹۰۰ بایت")])
def test_sizes_read_as_people_say_them(size, said):
    assert xlsx.size_text(size) == said
