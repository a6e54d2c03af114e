"""The commitments workbook: one layout for the template, the export and the import.

One row per year x center x sector x area x measure. Columns are found by their Persian header,
so the export (which adds name columns) can be edited and imported back. The twelve monthly
columns are optional weights: all empty, or all filled with numbers that add up to 1, to 100 (%)
or to the annual target itself (the export writes the monthly targets, so it re-imports as is).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from centers.models import Center
from payesh import jalali, spreadsheets
from payesh.xlsx import UnsafeWorkbook, read_workbook

from .models import MONTHS, Measure, Sector, TrainingArea

# (field, Persian header). The headers are the file's format, the same in every UI language.
KEY_COLUMNS = [
    ("year", "سال"),
    ("center", "کد مرکز"),
    ("sector", "کد بخش"),
    ("area", "کد حوزه آموزشی"),
    ("measure", "کد شاخص"),
]
VALUE_COLUMNS = [
    ("target", "تعهد سالانه"),
    ("letter_number", "شماره نامه"),
    ("letter_date", "تاریخ نامه (شمسی)"),
    ("reason", "دلیل تغییر"),
]
WEIGHT_COLUMNS = [(f"w{m}", f"وزن {jalali.month_name(m)}") for m in MONTHS]
COLUMNS = KEY_COLUMNS + VALUE_COLUMNS + WEIGHT_COLUMNS
REQUIRED = ["year", "center", "sector", "area", "measure", "target", "letter_number", "letter_date"]
NAME_COLUMNS = [("center_name", "نام مرکز"), ("sector_name", "نام بخش"), ("area_name", "نام حوزه"), ("measure_name", "نام شاخص"),
                ("status", "وضعیت")]
HEADER_OF = dict(COLUMNS + NAME_COLUMNS)
# The export: each code beside its name, so a printed page reads without the codes sheet.
EXPORT_FIELDS = ["year", "center", "center_name", "sector", "sector_name", "area", "area_name", "measure", "measure_name",
                 *(field for field, _header in VALUE_COLUMNS + WEIGHT_COLUMNS), "status"]
SHEET_TITLE = "تعهدات"
CODES_TITLE = "کدها"
MAX_ROWS = 20_000


@dataclass
class SheetRow:
    """The cells of one data row by field, with the row's number as the spreadsheet shows it."""

    number: int
    cells: dict


@dataclass
class Sheet:
    rows: list
    columns: dict  # field -> column letter
    missing: list  # required fields whose header is absent


def _sheet(wb, title, columns):
    return spreadsheets.add_sheet(wb, title, [header for _field, header in columns])


def template_bytes(year=None):
    """An empty workbook with the headers and, on a second sheet, the codes it accepts."""
    wb = spreadsheets.new_workbook()
    ws = _sheet(wb, SHEET_TITLE, COLUMNS)
    codes = _sheet(wb, CODES_TITLE, [("kind", "نوع"), ("code", "کد"), ("name", "نام")])
    for center in Center.objects.active().order_by("code"):
        spreadsheets.append(codes, ["مرکز", center.code, center.name_fa])
    for sector in Sector.objects.all():
        spreadsheets.append(codes, ["بخش", sector.code, sector.name_fa])
    for area in TrainingArea.objects.filter(active=True):
        spreadsheets.append(codes, ["حوزه آموزشی", area.code, area.name_fa])
    for measure in Measure.objects.all():
        spreadsheets.append(codes, ["شاخص", measure.code, f"{measure.name_fa} ({measure.unit_fa})"])
    if year:
        spreadsheets.write_cell(ws.cell(row=2, column=1), year, spreadsheets.PLAIN)
    return spreadsheets.workbook_bytes(wb)


def export_bytes(commitments):
    """The given commitments in the import's columns (monthly columns = monthly targets), each
    code beside its name; it imports back as it is (columns are found by their headers)."""
    from .models import CommitmentStatus

    wb = spreadsheets.new_workbook()
    ws = _sheet(wb, SHEET_TITLE, [(field, HEADER_OF[field]) for field in EXPORT_FIELDS])
    labels = dict(CommitmentStatus.choices)
    for c in commitments:
        values = {
            "year": c.year, "center": c.center.code, "center_name": c.center.name_fa, "sector": c.sector.code,
            "sector_name": c.sector.name_fa, "area": c.area.code, "area_name": c.area.name_fa, "measure": c.measure.code,
            "measure_name": c.measure.name_fa, "target": c.target, "letter_number": c.letter_number,
            "letter_date": jalali.format_jalali_date(c.letter_date, persian=False) if c.letter_date else "", "reason": "",
            **{f"w{m}": value for m, value in zip(MONTHS, c.phased)}, "status": str(labels[c.status]),
        }
        spreadsheets.append(ws, [values[field] for field in EXPORT_FIELDS], kinds=[spreadsheets.PLAIN])
    spreadsheets.fit_widths(ws, maximum=40)
    return spreadsheets.workbook_bytes(wb)


def cell_text(value):
    """A cell as the text a person typed: whole floats without '.0', dates as Y/M/D."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.datetime, datetime.date)):
        # A spreadsheet that took 1405/02/10 for a Gregorian date keeps the digits we want.
        return f"{value.year}/{value.month}/{value.day}"
    return str(value).strip()


def read_sheet(data, title=SHEET_TITLE, columns=COLUMNS, required=REQUIRED):
    """Rows of the sheet `title` (or the first sheet) keyed by field, found by their headers in
    `columns`; raises UnsafeWorkbook (a ValueError whose message says why) if it cannot be read
    as a workbook. The commitments workbook's by default (the national letter's: letter.py)."""
    wb = read_workbook(data, sheets=lambda names: [title] if title in names else names[:1], max_rows=MAX_ROWS,
                       header_rows=1)
    if not wb.sheets:
        raise UnsafeWorkbook(_("This file is not an XLSX workbook."))
    name = next(iter(wb.sheets))
    header = wb.row(name, 1)
    by_header = {header_text: field for field, header_text in columns}
    positions = {}
    for i, value in enumerate(header):
        field = by_header.get(cell_text(value))
        if field and field not in positions:
            positions[field] = i
    result = []
    for number, values in wb.rows(name, min_row=2):
        cells = {f: (values[i] if i < len(values) else None) for f, i in positions.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue
        result.append(SheetRow(number, cells))
    return Sheet(
        rows=result,
        columns={f: get_column_letter(i + 1) for f, i in positions.items()},
        missing=[f for f in required if f not in positions],
    )
