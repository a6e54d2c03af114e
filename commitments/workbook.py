"""The commitments workbook: one layout for the template, the export and the import.

One row per year x center x sector x area x measure. Columns are found by their Persian header,
so the export (which adds name columns) can be edited and imported back. The twelve monthly
columns are optional weights: all empty, or all filled with numbers that add up to 1, to 100 (%)
or to the annual target itself (the export writes the monthly targets, so it re-imports as is).
"""

import datetime
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from centers.models import Center
from payesh import jalali
from payesh.xlsx import open_workbook

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
NAME_COLUMNS = [("center_name", "نام مرکز"), ("area_name", "نام حوزه"), ("measure_name", "نام شاخص"), ("status", "وضعیت")]
HEADER_OF = dict(COLUMNS + NAME_COLUMNS)
SHEET_TITLE = "تعهدات"
CODES_TITLE = "کدها"
MAX_ROWS = 20_000

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


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


def _styled_sheet(ws, columns):
    ws.sheet_view.rightToLeft = True
    ws.append([header for _, header in columns])
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for i, (_, header) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(header) + 4)
    ws.freeze_panes = "A2"


def _save(wb):
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def template_bytes(year=None):
    """An empty workbook with the headers and, on a second sheet, the codes it accepts."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    _styled_sheet(ws, COLUMNS)
    codes = wb.create_sheet(CODES_TITLE)
    _styled_sheet(codes, [("kind", "نوع"), ("code", "کد"), ("name", "نام")])
    for center in Center.objects.active().order_by("code"):
        codes.append(["مرکز", center.code, center.name_fa])
    for sector in Sector.objects.all():
        codes.append(["بخش", sector.code, sector.name_fa])
    for area in TrainingArea.objects.filter(active=True):
        codes.append(["حوزه آموزشی", area.code, area.name_fa])
    for measure in Measure.objects.all():
        codes.append(["شاخص", measure.code, f"{measure.name_fa} ({measure.unit_fa})"])
    if year:
        ws.cell(row=2, column=1, value=year)
    return _save(wb)


def export_bytes(commitments):
    """The given commitments in the import layout (monthly columns = monthly targets) plus names."""
    from .models import CommitmentStatus

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    columns = COLUMNS + NAME_COLUMNS
    _styled_sheet(ws, columns)
    labels = dict(CommitmentStatus.choices)
    for c in commitments:
        ws.append([
            c.year, c.center.code, c.sector.code, c.area.code, c.measure.code, c.target, c.letter_number,
            jalali.format_jalali_date(c.letter_date, persian=False) if c.letter_date else "", "",
            *c.phased, c.center.name_fa, c.area.name_fa, c.measure.name_fa, str(labels[c.status]),
        ])
    return _save(wb)


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


def read_sheet(data):
    """Rows of the first sheet keyed by field; raises ValueError if it is not a workbook."""
    wb = open_workbook(data)  # UnsafeWorkbook (a ValueError) says why it cannot be read
    ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, ()) or ()
    by_header = {header_text: field for field, header_text in COLUMNS}
    positions = {}
    for i, value in enumerate(header):
        field = by_header.get(cell_text(value))
        if field and field not in positions:
            positions[field] = i
    result = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise ValueError("too many rows")
        cells = {f: (values[i] if i < len(values) else None) for f, i in positions.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue
        result.append(SheetRow(number, cells))
    wb.close()
    return Sheet(
        rows=result,
        columns={f: get_column_letter(i + 1) for f, i in positions.items()},
        missing=[f for f in REQUIRED if f not in positions],
    )
