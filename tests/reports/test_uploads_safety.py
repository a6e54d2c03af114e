"""Every spreadsheet upload goes through payesh.xlsx.read_workbook: too large, not a workbook and
a zip bomb each get a clear message, and nothing is read or written."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from payesh.xlsx import UnsafeWorkbook, read_workbook


def xlsx_bytes():
    wb = Workbook()
    wb.active.append(["کد", 1200])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb(unpacked_mb=60):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (unpacked_mb * 1024 * 1024))
    return out.getvalue()


def test_a_real_workbook_opens():
    wb = read_workbook(xlsx_bytes())
    assert wb.sheetnames == ["Sheet"] and wb.rows("Sheet") == [(1, ("کد", 1200))]


def test_a_file_that_is_not_a_workbook_is_refused_in_persian():
    with pytest.raises(UnsafeWorkbook) as err:
        read_workbook(b"name,value\nTBZ1,1200\n")
    assert str(err.value) == "این پرونده کاربرگ XLSX نیست."


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024  # small on the wire
    with pytest.raises(UnsafeWorkbook) as err:
        read_workbook(bomb)
    assert "باز نشد" in str(err.value) or "خوانده نشد" in str(err.value)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.PAYESH_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(UnsafeWorkbook) as err:
        read_workbook(xlsx_bytes() + b"\0" * 2000)
    assert "۱٬۰۰۰ بایت" in str(err.value)


@pytest.mark.parametrize("kind", ["bomb", "csv"])
def test_the_month_upload_refuses_it_and_writes_nothing(people, reference, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from reports.models import Figure, MonthlyReport
    from tests import factories

    factories.commitment(people.center_a)
    client = Client()
    client.force_login(people.head_a)
    data = zip_bomb() if kind == "bomb" else b"a,b\n1,2\n"
    upload = SimpleUploadedFile("month.xlsx", data)
    response = client.post(reverse("entry:upload", args=["CA", 1405, 1]), {"version": 0, "workbook": upload})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "خوانده نشد" in html or "XLSX نیست" in html
    assert not MonthlyReport.objects.exists() and not Figure.objects.exists()


def test_the_commitments_import_refuses_a_bomb(people, reference):
    from commitments.importing import WorkbookInvalid, check_workbook

    with pytest.raises(WorkbookInvalid) as err:
        check_workbook(zip_bomb())
    assert "خوانده نشد" in err.value.problems[0].message
