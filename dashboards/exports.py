"""Exports of exactly what a table shows: rows produced once, one renderer per format."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

RATIO_FORMAT = "0%"
NUMBER_FORMAT = "#,##0"


def table_rows(table):
    """(headers, rows, total row, ratio column indexes) in the table's current order and columns."""
    columns = [c for c in table.columns if c.visible]
    headers = [str(c.verbose_name) for c in columns]
    rows = [[table.export_value(c.name, row.record) for c in columns] for row in table.rows]
    total = [table.export_value(c.name, table.total) for c in columns]
    ratios = {i for i, c in enumerate(columns) if getattr(c.column, "ratio", False)}
    return headers, rows, total, ratios


def as_csv(filename, headers, rows, total, ratios):
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the Persian headers as UTF-8
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in [*rows, total]:
        writer.writerow(["" if v is None else (round(v, 4) if i in ratios else v) for i, v in enumerate(row)])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def as_xlsx(filename, headers, rows, total, ratios, title="Payesh"):
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = True
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in [*rows, total]:
        sheet.append(row)
        for i, cell in enumerate(sheet[sheet.max_row]):
            if isinstance(cell.value, (int, float)):
                cell.number_format = RATIO_FORMAT if i in ratios else NUMBER_FORMAT
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for i, header in enumerate(headers, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = max(12, len(header) + 4)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
