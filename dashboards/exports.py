"""Exports of exactly what a table shows: rows produced once, written by payesh.spreadsheets.

A board's file says what it holds: its XLSX starts with title lines (the board, the province,
the measure, the as-of month, the other filters and when it was made) and its file name names
the province (or the country), the year and month, the measure and any filter, so the national
and a province's files, or two filters of one month, never share a name.
"""

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from payesh import display, spreadsheets
from payesh.i18n import is_persian, local_name


def table_rows(table):
    """(headers, rows, total row, ratio column indexes) in the table's current order and columns."""
    columns = [c for c in table.columns if c.visible]
    headers = [str(c.verbose_name) for c in columns]
    rows = [[table.export_value(c.name, row.record) for c in columns] for row in table.rows]
    total = [table.export_value(c.name, table.total) for c in columns]
    ratios = {i for i, c in enumerate(columns) if getattr(c.column, "ratio", False)}
    return headers, rows, total, ratios


def _kinds(headers, ratios):
    return [spreadsheets.RATIO if i in ratios else None for i in range(len(headers))]


def file_name(prefix, selection, as_of):
    """`payesh-east-azarbaijan-1405-08-person_hours` (with `-public`, `-rural_nomadic`,
    `-approved` for the filters chosen); `all-provinces` for the national view; `1405-09-so-far`
    as of the running month (reports/progress/as_of.py)."""
    month = f"{selection.month:02d}" + ("-so-far" if as_of.running else "")
    parts = [prefix, selection.province.code if selection.province else "all-provinces",
             str(selection.year), month, selection.measure.code]
    parts += [choice.code for choice in (selection.sector, selection.area) if choice is not None]
    if selection.approved_only:
        parts.append("approved")
    return "-".join(parts)


def _labelled(label, value):
    return f"{capfirst(str(label))}: {value}"


def title_lines(title, filters, selection, as_of, now=None):
    """The lines above a board's table, in the page's language: the board, the province, the
    measure with its unit, what the numbers are as of (`as_of.label`, the engine's words: "so far"
    for the running month), the filters the page offers and when the file was made."""
    fields = filters.fields
    lines = [str(title),
             _labelled(_("Province"), local_name(selection.province) if selection.province else _("all provinces")),
             _labelled(_("Measure"), f"{local_name(selection.measure)} ({local_name(selection.measure, 'unit')})"),
             capfirst(as_of.label)]
    chosen = []
    for name, value in (("sector", selection.sector), ("area", selection.area)):
        if name in fields:
            chosen.append(_labelled(fields[name].label, local_name(value) if value is not None else fields[name].empty_label))
    if "approved" in fields:
        chosen.append(_labelled(fields["approved"].label, _("yes") if selection.approved_only else _("no")))
    if chosen:
        lines.append(_labelled(_("Filters"), "؛ ".join(chosen) if is_persian() else "; ".join(chosen)))
    lines.append(_labelled(_("Made on"), display.date_time(now or timezone.now())))
    return lines


def as_csv(filename, headers, rows, total, ratios):
    return spreadsheets.csv_response([headers, *rows, total], f"{filename}.csv", _kinds(headers, ratios))


def as_xlsx(filename, headers, rows, total, ratios, title="Payesh", title_lines=()):
    book = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(book, title, headers, title_lines=title_lines)
    kinds = _kinds(headers, ratios)
    for row in rows:
        spreadsheets.append(sheet, row, kinds)
    spreadsheets.append(sheet, total, kinds, font=spreadsheets.BOLD)
    spreadsheets.fit_widths(sheet)
    if title_lines:
        book.properties.title = title_lines[0]
    return spreadsheets.xlsx_response(book, f"{filename}.xlsx")


YEARS_KINDS = [spreadsheets.TEXT, spreadsheets.TEXT] + [spreadsheets.WHOLE, spreadsheets.WHOLE, spreadsheets.RATIO,
                                                        spreadsheets.RATIO] * 2 + [spreadsheets.POINTS]


def years_xlsx(filename, found, comparisons, records, title_lines):
    """The years page as a workbook: year over year on one sheet, the years of record on another,
    each under the page's title lines."""
    book = spreadsheets.new_workbook()
    measures = (_("Annual target"), _("Actual to date"), _("Achievement"), _("Pace"))
    headers = [_("Breakdown"), _("Name"), *(f"{label} {display.digits(year)}" for year in (found.year, found.last_year)
                                        for label in measures), _("Change in pace (percentage points)")]
    sheet = spreadsheets.add_sheet(book, _("Year over year"), headers, title_lines=title_lines)
    group = ""
    for heading, label, _code, cmp in comparisons:
        group = heading or group
        row = spreadsheets.append(sheet, [group, label, *_side(cmp.this), *_side(cmp.last), cmp.pace_change], YEARS_KINDS)
        if heading is None and not group:  # the province (or the center) itself
            for cell in sheet[row]:
                cell.font = spreadsheets.BOLD
    spreadsheets.fit_widths(sheet)

    record_lines = [*title_lines, _("Each year's final achievement against its target as it stands (revised where it "
                                    "was revised); a year is met when its actual reaches its target. Years in a row: met "
                                    "every year up to last year.")]
    sheet = spreadsheets.add_sheet(book, _("Years of record"), [_("Name"), *(display.digits(y) for y in found.record_years),
                                                                  _("Years met in a row")], title_lines=record_lines)
    kinds = [spreadsheets.TEXT, *([spreadsheets.RATIO] * len(found.record_years)), None]
    for label, _code, record in records:
        years_met = f"{display.number(record.years_met)}+" if record.complete else record.years_met
        spreadsheets.append(sheet, [label, *(line.achievement if line.has_commitment else None for _y, line, _met in record.years),
                                    years_met], kinds)
    spreadsheets.fit_widths(sheet)
    book.properties.title = title_lines[0]
    return spreadsheets.xlsx_response(book, f"{filename}.xlsx")


def _side(line):
    return [round(line.target), round(line.actual), line.achievement, line.pace]
