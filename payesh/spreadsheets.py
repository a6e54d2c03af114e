"""Every spreadsheet Payesh writes, XLSX or CSV, is written here: one look and one set of cell rules.

- Sheets read in the reader's direction (right to left in Persian, left to right in English, so
  an English title line is not cut at the sheet's edge), with one header style (wrapped, so long headers never overlap),
  column widths and a frozen header row; they print landscape on A4, fitted to the page's width,
  with the header row repeated on every page. A sheet may start with title lines that say what
  it holds (a board's province, measure, as-of month, filters, when it was made): the header row
  follows them after a blank line. `fit_widths` makes each column as wide as its widest value, so
  a center's long name is never cut.
- Numbers stay numbers: whole ones formatted "#,##0"; a ratio (a percentage) is written as the
  percentage the pages show (display.percent_shown) over 100 with the format "0%", so a pace of
  0.996 reads 99% in Excel and LibreOffice, never 100% beside "slightly behind". A CSV has no
  formats: there a ratio is the percentage itself (99 for 0.996), and its header says "(%)".
- Text people typed (remarks, comments, letter numbers, center names) stays text, never a
  formula: in XLSX it is a string cell (openpyxl would turn "=..." into a formula); in CSV a text
  cell that a spreadsheet program would read as a formula (=, +, -, @, tab, carriage return, as
  OWASP's CSV injection guidance lists) gets a leading apostrophe. Real numbers are unchanged.
- Downloads leave as attachments with a safe file name and the right content type.

The cell kinds: TEXT, WHOLE, NUMBER, RATIO, POINTS for a change between two ratios (in percentage
points, with its sign: +21), and PLAIN for a whole number read as a label (a year, a month: 1405,
not 1,405); a value without a kind is a number if it is an int or a float, and text otherwise.
"""

import csv
import datetime
import io
import math
import re
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language_bidi
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from payesh import jalali
from payesh.display import percent_shown, points_shown

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

TEXT, WHOLE, NUMBER, RATIO, POINTS, PLAIN = "text", "whole", "number", "ratio", "points", "plain"
WHOLE_FORMAT = "#,##0"
PLAIN_FORMAT = "0"
NUMBER_FORMAT = "#,##0.##"
RATIO_FORMAT = "0%"
POINTS_FORMAT = "+0;-0;0"

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
MIN_WIDTH, MAX_WIDTH = 8, 60  # a column's width in characters, when fitted to its values

# What makes a spreadsheet program read a typed cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
MAX_SHEET_TITLE = 31


def ratio_value(ratio):
    """The number a ratio cell holds: the percentage shown on the pages, over 100 (0.996 -> 0.99)."""
    if ratio is None:
        return None
    return percent_shown(ratio) / 100


def _is_number(value):
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def text_of(value):
    """Any non-number as the text a cell shows: dates as Jalali (1405/02/10), lazy strings resolved."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return jalali.format_jalali_date(value, persian=False)
    return str(value)


def looks_like_formula(text):
    return text.startswith(FORMULA_STARTS)


# --- XLSX ---------------------------------------------------------------------------------------

def new_workbook():
    """An empty workbook (no sheet yet): add them with add_sheet."""
    book = Workbook()
    book.remove(book.active)
    return book


def add_sheet(book, title, headers=(), widths=None, title_lines=()):
    """A sheet in the reader's direction (right to left in Persian); with headers, a styled header row that stays in view when scrolling.

    title_lines: what the sheet holds, one line a row above the header (the first in bold), then
    a blank row; each line is one cell that runs on over the empty cells beside it.
    widths: one per column; without them a column is as wide as its header (10 at least)."""
    sheet = book.create_sheet(str(title)[:MAX_SHEET_TITLE])
    sheet.sheet_view.rightToLeft = get_language_bidi()
    print_setup(sheet)
    for index, line in enumerate(title_lines):
        row = append(sheet, [line], kinds=[TEXT])
        sheet.cell(row, 1).font = TITLE_FONT if index == 0 else BOLD
    if title_lines:
        append(sheet, [])
    if headers:
        row = append(sheet, headers, kinds=[TEXT] * len(headers))
        for cell in sheet[row]:
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        sheet.freeze_panes = f"A{row + 1}"
        sheet.print_title_rows = f"{row}:{row}"
    if widths is None:
        widths = [max(10, len(str(header)) + 4) for header in headers]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if headers:
        _fit_header_height(sheet)
    return sheet


def _fit_header_height(sheet):
    """Spreadsheet programs do not grow a row for wrapped text on opening: give the header row
    the lines its longest header needs in its column's width."""
    row = header_row(sheet)
    lines = 1
    for cell in sheet[row]:
        width = sheet.column_dimensions[get_column_letter(cell.column)].width or 10
        lines = max(lines, _wrapped_lines(str(cell.value or ""), max(1, width - 2)))
    sheet.row_dimensions[row].height = 15 * lines + 3


def _wrapped_lines(text, width):
    """The lines a text wraps to at `width` characters, breaking between words."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
        lines += (len(word) - 1) // width  # a word longer than the column goes on over lines
    return lines


def header_row(sheet):
    """The number of the sheet's header row (1 unless title lines come first)."""
    return int(sheet.print_title_rows.split(":")[0].strip("$")) if sheet.print_title_rows else 1


def _shown_length(cell):
    """How many characters a cell shows: a number as its format writes it, text by its longest line."""
    value = cell.value
    if value is None:
        return 0
    if _is_number(value):
        if cell.number_format == RATIO_FORMAT:
            return len(f"{value * 100:.0f}%")
        if cell.number_format in (PLAIN_FORMAT, POINTS_FORMAT):
            return len(str(value)) + 1
        return len(f"{value:,.2f}".rstrip("0").rstrip(".")) if cell.number_format == NUMBER_FORMAT else len(f"{value:,.0f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def fit_widths(sheet, minimum=MIN_WIDTH, maximum=MAX_WIDTH):
    """Each column as wide as its widest value below the title lines (a header, which wraps, by half
    its length or its longest word), from `minimum` to `maximum` characters; a longer text wraps
    if its cells wrap. The header row then gets the height its wrapped headers need."""
    first = header_row(sheet) if sheet.print_title_rows else 1
    widest = {}
    for row in sheet.iter_rows(min_row=first):
        for cell in row:
            if cell.row == first and sheet.print_title_rows:  # a header: on two lines at most
                text = str(cell.value or "")
                length = max([math.ceil(len(text) / 2)] + [len(word) for word in text.split()])
            else:
                length = _shown_length(cell)
            widest[cell.column] = max(widest.get(cell.column, 0), length)
    for column, length in widest.items():
        # Persian letters in a spreadsheet's fallback font run about a tenth wider than its digits.
        width = min(maximum, max(minimum, math.ceil(length * 1.1) + 3))
        sheet.column_dimensions[get_column_letter(column)].width = width
    if sheet.print_title_rows:
        _fit_header_height(sheet)
    return sheet


def print_setup(sheet):
    """Landscape A4, as wide as the page and as many pages long as needed, centred."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4


def write_text(cell, value):
    """A user's text into a cell as a string, whatever it starts with: never a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text_of(value))[:MAX_CELL_TEXT]
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=..." a formula ("f"); a string cell has no <f> element
    if looks_like_formula(text):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def write_cell(cell, value, kind=None):
    """One value into a cell by its kind (see the module's docstring)."""
    if value is None or value == "":
        cell.value = None
    elif kind == RATIO and _is_number(value):
        cell.value, cell.number_format = ratio_value(value), RATIO_FORMAT
    elif kind == POINTS and _is_number(value):
        cell.value, cell.number_format = points_shown(value), POINTS_FORMAT
    elif kind == PLAIN and _is_number(value):
        cell.value, cell.number_format = value, PLAIN_FORMAT
    elif kind != TEXT and _is_number(value):
        whole = kind == WHOLE or isinstance(value, int) or float(value).is_integer()
        cell.value, cell.number_format = value, WHOLE_FORMAT if whole else NUMBER_FORMAT
    else:
        write_text(cell, value)
    return cell


def append(sheet, values, kinds=None, font=None):
    """A row under the last one (an empty list leaves a blank row); kinds line up with values
    (None: by the value). Returns the row's number."""
    values = list(values)
    sheet.append([None] * len(values))  # places the row where openpyxl's append would
    row = sheet.max_row
    kinds = list(kinds or [])
    for index, value in enumerate(values):
        cell = write_cell(sheet.cell(row=row, column=index + 1), value, kinds[index] if index < len(kinds) else None)
        if font is not None:
            cell.font = font
    return row


def workbook_bytes(book):
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- CSV ----------------------------------------------------------------------------------------

def csv_value(value, kind=None):
    """One CSV cell: numbers as they are, a ratio as the percentage the pages show (99 for 0.996);
    text neutralised with "'" when a spreadsheet program would read it as a formula."""
    if value is None:
        return ""
    if _is_number(value) and kind != TEXT:
        if kind in (RATIO, POINTS):
            shown = percent_shown(value) if kind == RATIO else points_shown(value)
            return int(shown) if float(shown).is_integer() else shown
        return value
    text = text_of(value)
    return "'" + text if looks_like_formula(text) else text


def csv_header(header, kind=None):
    """A CSV column's header: a ratio column's says that its numbers are percentages."""
    return f"{text_of(header)} (%)" if kind == RATIO else header


def csv_text(rows, kinds=None, header=True):
    """Rows (the first the header, unless header=False) as CSV text with a BOM, so spreadsheet
    programs read the Persian as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    kinds = list(kinds or [])
    for index, row in enumerate(rows):
        kind_of = [kinds[i] if i < len(kinds) else None for i in range(len(row))]
        if index == 0 and header:
            row = [csv_header(v, k) for v, k in zip(row, kind_of)]
        writer.writerow([csv_value(v, k) for v, k in zip(row, kind_of)])
    return out.getvalue()


# --- Downloads ----------------------------------------------------------------------------------

def safe_filename(name):
    """Letters, digits, dots, dashes and underscores only: no quotes, slashes or control characters."""
    cleaned = re.sub(r"[^\w.\-]+", "-", str(name)).strip(".-") or "payesh"
    return cleaned[:150]


def attachment(content, filename, content_type):
    """A download the browser saves as `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    return response


def xlsx_response(book_or_bytes, filename):
    content = book_or_bytes if isinstance(book_or_bytes, bytes) else workbook_bytes(book_or_bytes)
    return attachment(content, filename, XLSX_CONTENT_TYPE)


def csv_response(rows, filename, kinds=None, header=True):
    return attachment(csv_text(rows, kinds, header), filename, CSV_CONTENT_TYPE)
