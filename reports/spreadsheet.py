"""A month's grid as an XLSX workbook, and reading a filled-in one back.

The upload is checked whole before anything is written: every row is read, and the month checked,
with the same rules as the form (reports.grid.check_entries: each row, then the outliers and the
validation rules); if any row is wrong, the user gets each bad row's number and reason and
nothing is saved. Rows are matched by the sector, area and measure
codes in the first three columns, so a reordered sheet still reads correctly; a row missing from
the file keeps its saved value.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl.styles import PatternFill

from payesh import display, jalali, spreadsheets
from payesh.i18n import in_every_language, local_name
from payesh.xlsx import UnsafeWorkbook, read_workbook

from .grid import check_entries, check_value

# The sheets are named in the reader's language; a workbook in any language, or one downloaded
# before they were ("grid" and "about"), reads back.
GRID_SHEET = gettext_noop("Month's figures")
ABOUT_SHEET = gettext_noop("About this workbook")
OLD_NAMES = {GRID_SHEET: "grid", ABOUT_SHEET: "about"}
VALUE_COLUMN = 10  # 1-based, "value"
COMMENT_COLUMN = 11
MAX_ROWS = 2000


class SpreadsheetProblems(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(f"{row}: {reason}" for row, reason in problems))
        self.problems = problems  # [(row number or None, reason)]


def headers():
    """The grid's columns in the reader's language; rows are read back by the codes of the first three."""
    return [_("Sector code"), _("Training area code"), _("Measure code"), _("Sector"), _("Training area"), _("Measure"),
            _("Unit"), _("This month's target"), _("Annual target"), _("Value"), _("Comment")]


def _sheet_names(title):
    return in_every_language(title) | {OLD_NAMES[title]}


def month_workbook(grid):
    """The grid as XLSX bytes, with the saved values filled in, in the reader's language."""
    wb = spreadsheets.new_workbook()
    ws = spreadsheets.add_sheet(wb, _(GRID_SHEET), headers(), widths=(10, 16, 16, 14, 26, 24, 10, 14, 14, 14, 30))
    editable = PatternFill("solid", fgColor="FFF7D6")
    for row in grid.rows:
        c = row.commitment
        number = spreadsheets.append(ws, [
            c.sector.code, c.area.code, c.measure.code, local_name(c.sector), local_name(c.area), local_name(c.measure),
            local_name(c.measure, "unit"), row.month_target, c.target, row.saved.value if row.saved else None,
            row.saved.comment if row.saved else ""])
        ws.cell(number, VALUE_COLUMN).fill = editable
        ws.cell(number, COMMENT_COLUMN).fill = editable
    spreadsheets.fit_widths(ws, maximum=40)
    ws.column_dimensions["K"].width = 30  # room to write a comment
    about = spreadsheets.add_sheet(wb, _(ABOUT_SHEET), widths=(10, 14, 30))
    # read back by position: the center's code, the year and the month in the second column
    spreadsheets.append(about, [_("Center"), grid.center.code, local_name(grid.center)])
    spreadsheets.append(about, [_("Year"), grid.year], kinds=[None, spreadsheets.PLAIN])
    spreadsheets.append(about, [_("Month"), grid.month, display.month_name(grid.month)],
                        kinds=[None, spreadsheets.PLAIN])
    return spreadsheets.workbook_bytes(wb)


def read_month_workbook(grid, upload):
    """The month's checked entries ({commitment pk: reports.grid.Entry}) from an uploaded
    workbook, or SpreadsheetProblems with every bad row (a rule's message beside each row it
    names; a row not in the file, which keeps its saved value, by its sector, area and measure)."""
    grid_names, about_names = _sheet_names(GRID_SHEET), _sheet_names(ABOUT_SHEET)
    try:
        wb = read_workbook(upload, sheets=grid_names | about_names, max_rows=MAX_ROWS, header_rows=1)
    except UnsafeWorkbook as problem:
        raise SpreadsheetProblems([(None, str(problem))]) from None
    grid_sheet = next((name for name in wb.sheetnames if name in grid_names), None)
    about_sheet = next((name for name in wb.sheetnames if name in about_names), None)
    if grid_sheet is None or about_sheet is None:
        raise SpreadsheetProblems([(None, _("Use the workbook downloaded from this page: its sheets are missing."))])
    _check_about(grid, wb, about_sheet)
    by_key = {(r.commitment.sector.code, r.commitment.area.code, r.commitment.measure.code): r for r in grid.rows}
    typed = {r.commitment.pk: (r.saved.value if r.saved else "", r.saved.comment if r.saved else "")
             for r in grid.rows}
    problems, seen, numbers = [], {}, {}
    for number, cells in wb.rows(grid_sheet, min_row=2):
        cells = list(cells) + [None] * (COMMENT_COLUMN - len(cells))
        key = tuple(str(v or "").strip() for v in cells[:3])
        row = by_key.get(key)
        if row is None:
            problems.append((number, _("No commitment of this center has these codes (%(codes)s).") % {
                "codes": " / ".join(key)}))
            continue
        if key in seen:
            problems.append((number, _("Repeats row %(row)s.") % {"row": jalali.to_persian_digits(seen[key])}))
            continue
        seen[key] = number
        value, comment = cells[VALUE_COLUMN - 1], str(cells[COMMENT_COLUMN - 1] or "").strip()
        if len(comment) > 300:
            problems.append((number, _("The comment is longer than 300 characters.")))
            continue
        _value, message = check_value(row, value, comment)
        if message:
            problems.append((number, message))
            continue
        typed[row.commitment.pk] = ("" if value is None else value, comment)
        numbers[row.commitment.pk] = number
    if problems:
        raise SpreadsheetProblems(problems)
    entries, errors = check_entries(grid, typed)
    if errors:
        rows = {r.commitment.pk: r for r in grid.rows}
        raise SpreadsheetProblems(sorted(
            ((numbers[pk], message) if pk in numbers else (None, f"{_row_name(rows[pk])}: {message}")
             for pk, message in errors.items()), key=lambda problem: problem[0] or 0))
    return entries


def _row_name(row):
    c = row.commitment
    return f"{local_name(c.sector)} – {local_name(c.area)} – {local_name(c.measure)}"


def _check_about(grid, wb, sheet):
    """The center's code, the year and the month, in the second column of the first three rows."""
    about = {n: (r[1] if len(r) > 1 else None) for n, r in wb.rows(sheet) if n <= 3}
    try:
        same = (str(about.get(1)) == grid.center.code and int(about.get(2)) == grid.year
                and int(about.get(3)) == grid.month)
    except (TypeError, ValueError):
        same = False
    if not same:
        raise SpreadsheetProblems([(None, _("This workbook is for another center or month; download this month's workbook."))])
