"""The minutes as a workbook: the snapshot with real numbers, the remarks, the action items.

Every sheet reads right to left with Persian headers; ratios are numbers formatted as percent.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .content import INT, RATIO, minutes_content

HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
FORMATS = {INT: "#,##0", RATIO: "0%"}


def _sheet(workbook, title, labels, rows, kinds=None, widths=None):
    sheet = workbook.create_sheet(title)
    sheet.sheet_view.rightToLeft = True
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for row in rows:
        sheet.append(row)
    if kinds:
        for index, kind in enumerate(kinds, start=1):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if kind in FORMATS:
                    cell.number_format = FORMATS[kind]
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    return sheet


def render_xlsx(meeting):
    c = minutes_content(meeting)
    workbook = Workbook()
    workbook.remove(workbook.active)
    province = c.summary.province
    snapshot_rows = list(c.snapshot.rows) + [[None, _("province"), "", province["target"], province["expected"],
                                              province["actual"], province["achievement"], province["pace"], ""]]
    sheet = _sheet(workbook, _("Performance"), c.snapshot.labels, snapshot_rows, c.snapshot.kinds,
                   [7, 28, 14, 16, 16, 16, 11, 11, 14])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    remark_rows = []
    for center, parts in c.remarks:
        texts = dict(parts)
        remark_rows.append([center, texts.get(_("challenges"), ""), texts.get(_("opportunities"), ""), texts.get(_("suggestions"), "")])
    _sheet(workbook, _("Remarks"), [_("center"), _("challenges"), _("opportunities"), _("suggestions")], remark_rows,
           widths=[24, 50, 50, 50])
    _sheet(workbook, _("Action items"), c.actions.labels, c.actions.rows, c.actions.kinds, [6, 60, 30, 12, 10])
    workbook.properties.title = c.title
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
