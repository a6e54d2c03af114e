"""payesh/spreadsheets.py on its own: the cell rules every XLSX and CSV of Payesh follows."""

import csv
import datetime
import io

from payesh import spreadsheets
from tests.reports.test_spreadsheet_exports import workbook


def test_the_writer_keeps_numbers_numeric_and_text_textual():
    book = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(book, "x" * 40, ["a", "b"])
    spreadsheets.append(sheet, ["=1+1", -3, 2.5, 0.996, "", None, "a\x00b", datetime.date(2026, 3, 21), 1405],
                        kinds=[None, None, None, spreadsheets.RATIO] + [None] * 4 + [spreadsheets.PLAIN])
    content = spreadsheets.workbook_bytes(book)
    sheet = workbook(content).active
    assert sheet.title == "x" * 31
    values = [(c.value, c.data_type, c.number_format) for c in sheet[2]]
    assert values[:4] == [("=1+1", "s", "General"), (-3, "n", "#,##0"), (2.5, "n", "#,##0.##"), (0.99, "n", "0%")]
    assert values[4][0] is None and values[5][0] is None
    assert values[6][0] == "ab" and values[7][0] == "1405/01/01"  # a character Excel refuses is dropped; dates Jalali
    assert values[8] == (1405, "n", "0")  # a year reads 1405, not 1,405


def test_csv_cells_start_no_formula_but_numbers_stay_as_they_are():
    text = spreadsheets.csv_text([["=1+1", "+1", "-2", "@x", "\tx", "\rx", "سلام", -2, 3.5, 0.996, None]],
                                 kinds=[None] * 9 + [spreadsheets.RATIO], header=False)
    row = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert row == ["'=1+1", "'+1", "'-2", "'@x", "'\tx", "'\rx", "سلام", "-2", "3.5", "99", ""]


def test_a_download_has_a_safe_file_name():
    response = spreadsheets.xlsx_response(b"x", 'a"b/../c\r\n.xlsx')
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="a-b-..-c-.xlsx"'
