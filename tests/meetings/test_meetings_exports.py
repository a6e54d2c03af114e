"""The minutes as PDF (text extracted with pdftotext), XLSX and DOCX, from a finalized meeting."""

import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from meetings import services
from payesh import jalali
from tests import factories
from tests.meetings_helpers import figures, meeting
from tests.support import client_for

DUE = datetime.date(2099, 3, 21)  # far ahead, so the item stays open rather than overdue
DUE_FA = jalali.format_jalali_date(DUE)

# pdftotext marks right-to-left runs with bidi controls and drops zero-width non-joiners
BIDI_CONTROLS = re.compile("[\u200c-\u200f\u202a-\u202e]")


@pytest.fixture
def finalized(people, reference):
    figures(people, factories)
    m = meeting(people, guests="نماینده استانداری")
    m.attendees.set([people.head_a, people.head_b])
    services.save_remark(m, people.center_a, people.head_a, challenges="کمبود مربی برق", suggestions="جذب مربی")
    services.add_action_item(m, "ارائه برنامه جبرانی", DUE, responsible_center=people.center_a)
    return services.finalize(m, people.staff)


def download(people, m, fmt):
    response = client_for(people.staff).get(reverse("meetings:export", args=[m.pk, fmt]))
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    return response.content


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_pdf_is_a4_persian_with_center_names_and_numbers(finalized, people):
    pdf = download(people, finalized, "pdf")
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    text = BIDI_CONTROLS.sub("", text)
    assert "اداره کل آموزش فنی و حرفهای استان آذربایجان شرقی" in text  # the heading (its ZWNJ dropped)
    assert "مرکز الف" in text and "مرکز ب" in text and "مراغه" in text
    # center B: target 2,400, expected 800, actual 920, pace 115%; the province: 1,280 of 1,200 expected
    for number in ("۲٬۴۰۰", "۸۰۰", "۹۲۰", "۱۱۵٪", "۳٬۶۰۰", "۱٬۲۸۰", "۱۰۷٪"):
        assert number in text, number
    assert "کمبود مربی برق" in text and "ارائه برنامه جبرانی" in text and DUE_FA in text
    assert "نماینده استانداری" in text and "مطابق برنامه" in text and "کمی عقب" in text
    assert re.search(r"صفحه\s*۱\s*از\s*۲", text) and re.search(r"صفحه\s*۲\s*از\s*۲", text)  # page numbers
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "595.276 x 841.89" in info  # A4
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "Vazirmatn" in fonts


def test_xlsx_has_right_to_left_sheets_with_real_numbers(finalized, people):
    book = load_workbook(io.BytesIO(download(people, finalized, "xlsx")))
    assert book.sheetnames == ["عملکرد", "نظرات مراکز", "مصوبات"]
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    snapshot = book["عملکرد"]
    header = [c.value for c in snapshot[1]]
    assert header[:6] == ["رتبه", "مرکز", "شهرستان", "تعهد سالانه", "مورد انتظار تاکنون", "عملکرد تاکنون"]
    rows = {row[1]: row for row in snapshot.iter_rows(min_row=2, values_only=True)}
    assert rows["مرکز ب"][:6] == (1, "مرکز ب", "مراغه", 2400, 800, 920)
    assert rows["مرکز الف"][7] == pytest.approx(0.9) and rows["مرکز الف"][8] == "کمی عقب"
    assert rows["استان"][3:6] == (3600, 1200, 1280)
    assert snapshot["H2"].number_format == "0%" and snapshot["D2"].number_format == "#,##0"
    remarks = list(book["نظرات مراکز"].iter_rows(min_row=2, values_only=True))
    assert remarks == [("مرکز الف", "کمبود مربی برق", None, "جذب مربی")]
    items = list(book["مصوبات"].iter_rows(min_row=2, values_only=True))
    assert items == [(1, "ارائه برنامه جبرانی", "مرکز الف", DUE_FA, "باز")]


def test_docx_paragraphs_and_tables_are_right_to_left(finalized, people):
    document = Document(io.BytesIO(download(people, finalized, "docx")))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    cell_paragraphs = [p for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    assert paragraphs and cell_paragraphs
    for p in paragraphs + cell_paragraphs:
        assert p._p.pPr.find(qn("w:bidi")) is not None, p.text
        for run in p.runs:
            assert run._r.rPr.find(qn("w:rtl")) is not None
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in document.tables)
    text = "\n".join(p.text for p in paragraphs + cell_paragraphs)
    assert "جلسه پایش تیر" in text and "کمبود مربی برق" in text and "ارائه برنامه جبرانی" in text
    assert "۲٬۴۰۰" in text and "۹۲۰" in text and "۱۱۵٪" in text


def test_docx_starts_each_line_at_the_right_and_gives_names_room(finalized, people):
    document = Document(io.BytesIO(download(people, finalized, "docx")))
    body = [p for p in document.paragraphs if p.text.strip()]
    # In a w:bidi paragraph Word reads jc "left" as the line's start: the right edge.
    headings = [p for p in body if p.style.name.startswith("Heading")]
    assert headings and all(p._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "left" for p in headings)
    assert all(p._p.pPr.find(qn("w:jc")).get(qn("w:val")) in ("left", "center") for p in body)
    performance = next(t for t in document.tables if t.rows[0].cells[1].text == "مرکز")
    widths = [cell.width for cell in performance.rows[1].cells]
    # the center's name: the widest column, nearly twice an even share (20 mm), after every column got
    # its longest word's width (meetings.exports.docx.column_widths)
    assert widths[1] == max(widths) and widths[1].mm > 35
    assert sum(w.mm for w in widths) == pytest.approx(180, abs=1)
    assert performance.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page


def test_workbook_prints_landscape_fitted_to_width_with_repeated_headers(finalized, people):
    book = load_workbook(io.BytesIO(download(people, finalized, "xlsx")))
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0 and sheet.print_title_rows == "$1:$1"
        assert all(cell.alignment.wrap_text for cell in sheet[1])  # long headers wrap instead of overlapping


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "docx"])
def test_file_names_carry_the_jalali_date_of_the_meeting(finalized, people, fmt):
    response = client_for(people.staff).get(reverse("meetings:export", args=[finalized.pk, fmt]))
    expected = jalali.format_jalali_date(finalized.date, persian=False).replace("/", "-")
    assert f'filename="meeting-{finalized.pk}-{expected}.{fmt}"' in response["Content-Disposition"]
    assert expected.startswith("14")


def test_a_header_that_wraps_gets_a_row_tall_enough(finalized, people):
    sheet = load_workbook(io.BytesIO(download(people, finalized, "xlsx")))["عملکرد"]
    widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
    assert any(len(str(c.value)) > w - 2 for c, w in zip(sheet[1], widths))  # "سرعت پیشرفت" does not fit one line
    assert sheet.row_dimensions[1].height >= 33
