"""The minutes as a workbook: the snapshot with real numbers, the remarks, the action items.

Written by payesh.spreadsheets: every sheet reads right to left with Persian headers, ratios are
numbers formatted as percent, and remarks and decisions stay text whatever they start with.
"""

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment

from payesh import spreadsheets

from .content import INT, RATIO, TEXT, minutes_content

KINDS = {INT: spreadsheets.WHOLE, RATIO: spreadsheets.RATIO, TEXT: spreadsheets.TEXT}


def _sheet(workbook, title, labels, rows, kinds=None, widths=None):
    sheet = spreadsheets.add_sheet(workbook, title, labels, widths=widths)
    kinds = [KINDS.get(kind) for kind in kinds] if kinds else [spreadsheets.TEXT] * len(labels)
    for row in rows:
        spreadsheets.append(sheet, row, kinds)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return sheet


def render_xlsx(meeting):
    c = minutes_content(meeting)
    workbook = spreadsheets.new_workbook()
    province = c.summary.province
    outside = [province["outside"]] if province.get("outside") else []  # as snapshot_table's columns
    snapshot_rows = list(c.snapshot.rows) + [[None, _("province"), "", province["target"], province["expected"],
                                              province["actual"], *outside, province["achievement"], province["pace"], ""]]
    sheet = _sheet(workbook, _("Performance"), c.snapshot.labels, snapshot_rows, c.snapshot.kinds,
                   [7, 28, 14, 16, 16, 16, *([16] if outside else []), 11, 11, 14])
    for cell in sheet[sheet.max_row]:
        cell.font = spreadsheets.BOLD
    if c.record.rows:
        _sheet(workbook, _("Years of record"), c.record.labels, c.record.rows, c.record.kinds, [28] + [11] * (len(c.record.columns) - 1))
    remark_rows = []
    for center, parts in c.remarks:
        texts = dict(parts)
        remark_rows.append([center, texts.get(_("challenges"), ""), texts.get(_("opportunities"), ""), texts.get(_("suggestions"), "")])
    _sheet(workbook, _("Remarks"), [_("center"), _("challenges"), _("opportunities"), _("suggestions")], remark_rows,
           widths=[24, 50, 50, 50])
    _sheet(workbook, _("Action items"), c.actions.labels, c.actions.rows, c.actions.kinds, [6, 60, 30, 12, 10])
    workbook.properties.title = c.title
    return spreadsheets.workbook_bytes(workbook)
