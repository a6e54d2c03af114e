"""Exports of exactly what a table shows: rows produced once, written by payesh.spreadsheets."""

from payesh import spreadsheets


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


def as_csv(filename, headers, rows, total, ratios):
    return spreadsheets.csv_response([headers, *rows, total], f"{filename}.csv", _kinds(headers, ratios))


def as_xlsx(filename, headers, rows, total, ratios, title="Payesh"):
    book = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(book, title, headers, widths=[max(12, len(header) + 4) for header in headers])
    kinds = _kinds(headers, ratios)
    for row in rows:
        spreadsheets.append(sheet, row, kinds)
    spreadsheets.append(sheet, total, kinds, font=spreadsheets.BOLD)
    return spreadsheets.xlsx_response(book, f"{filename}.xlsx")
