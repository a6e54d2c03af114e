"""The minutes as a Word file that staff edit before sending: every paragraph and table right to
left, Vazirmatn named for complex-script (Persian) text.

python-docx has no switch for right-to-left, so the few WordprocessingML elements that say it
(w:bidi on paragraphs, w:rtl on runs, w:bidiVisual on tables) are added here. In a w:bidi
paragraph Word reads w:jc's "left" and "right" as the start and the end of the line, so a
paragraph that starts at the right edge, as Persian does, is written "left" (START below).
Tables have fixed column widths (a share of the page each), so a center's name fits on a line.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .content import display, minutes_content

FONT = "Vazirmatn"
START = WD_ALIGN_PARAGRAPH.LEFT  # the start of a right-to-left line: its right edge (see above)
TEXT_WIDTH_MM = 180  # A4 less two 15 mm margins
# Shares of the text width per column.
SNAPSHOT_WIDTHS = [7, 23, 11, 11, 11, 11, 9, 10, 10]  # rank, center, county, target, expected, actual, achievement, pace, status
ACTION_WIDTHS = [5, 45, 25, 13, 12]  # row, decision, responsible, due date, status
HEADLINE_WIDTHS = [60, 40]


def record_widths(labels):
    """The record's center column wide, each year and the years in a row alike."""
    return [30] + [10] * (len(labels) - 1)


def _set(parent, tag, **attrs):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    for name, value in attrs.items():
        element.set(qn(name), value)
    return element


def rtl_run(run, bold=False, size=None):
    rpr = run._r.get_or_add_rPr()
    _set(rpr, "w:rFonts", **{"w:ascii": FONT, "w:hAnsi": FONT, "w:cs": FONT})
    if bold:
        run.bold = True
        _set(rpr, "w:bCs")
    if size:
        run.font.size = Pt(size)
        _set(rpr, "w:szCs", **{"w:val": str(int(size * 2))})
    _set(rpr, "w:rtl")
    _set(rpr, "w:lang", **{"w:bidi": "fa-IR"})
    return run


def rtl_paragraph(paragraph, text="", bold=False, size=None, align=START):
    _set(paragraph._p.get_or_add_pPr(), "w:bidi")
    paragraph.alignment = align
    if text:
        rtl_run(paragraph.add_run(text), bold=bold, size=size)
    return paragraph


def add_paragraph(document, text="", **kwargs):
    return rtl_paragraph(document.add_paragraph(), text, **kwargs)


def add_heading(document, text, level):
    return rtl_paragraph(document.add_heading(level=level), text)


def add_table(document, labels, rows, widths):
    """A right-to-left table whose columns take `widths` (shares of the text width)."""
    table = document.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the widths below hold
    table.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual
    total = sum(widths)
    column_widths = [Mm(TEXT_WIDTH_MM * w / total) for w in widths]
    for column, width in zip(table.columns, column_widths):
        column.width = width
    for cell, label in zip(table.rows[0].cells, labels):
        rtl_paragraph(cell.paragraphs[0], label, bold=True, size=9)
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")  # repeated on every page
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            rtl_paragraph(cell.paragraphs[0], text, size=9)
    for row in table.rows:
        for cell, width in zip(row.cells, column_widths):
            cell.width = width
    return table


def render_docx(meeting):
    c = minutes_content(meeting)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    _set(normal.element.get_or_add_rPr(), "w:rFonts", **{"w:cs": FONT})
    _set(normal.element.get_or_add_pPr(), "w:bidi")

    for line in c.heading:
        add_paragraph(document, line, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    rtl_paragraph(document.add_heading(level=0), c.title, align=WD_ALIGN_PARAGRAPH.CENTER)
    for label, text in c.facts:
        add_paragraph(document, f"{label}: {text}")

    add_heading(document, _("Attendees"), 1)
    add_paragraph(document, "، ".join(c.attendees) or "—")
    if c.agenda:
        add_heading(document, _("Agenda"), 1)
        for line in c.agenda.splitlines():
            add_paragraph(document, line)

    add_heading(document, _("The province's headline figures"), 1)
    add_table(document, [_("indicator"), _("value")], [[label, display(v, k)] for label, v, k in c.headline],
              HEADLINE_WIDTHS)
    add_paragraph(document, c.frozen_note, size=9)

    add_heading(document, _("Performance of the centers"), 1)
    widths = SNAPSHOT_WIDTHS if len(c.snapshot.labels) == len(SNAPSHOT_WIDTHS) else [*SNAPSHOT_WIDTHS[:6], 11, *SNAPSHOT_WIDTHS[6:]]
    add_table(document, c.snapshot.labels, [[text for text, _kind in cells] for _s, cells in c.snapshot.displayed()],
              widths)  # with a column of work outside the commitments where there is some

    if c.record.rows:
        add_heading(document, _("Years of record"), 1)
        add_table(document, c.record.labels, [[text for text, _kind in cells] for _s, cells in c.record.displayed()],
                  record_widths(c.record.labels))

    if c.minutes:
        add_heading(document, _("General minutes"), 1)
        for line in c.minutes.splitlines():
            add_paragraph(document, line)

    add_heading(document, _("Remarks of the centers"), 1)
    for center, parts in c.remarks:
        add_heading(document, center, 2)
        for label, text in parts:
            add_paragraph(document, f"{label}: {text}")
    if not c.remarks:
        add_paragraph(document, _("No center raised remarks."))

    add_heading(document, _("Decisions and action items"), 1)
    add_table(document, c.actions.labels, [[text for text, _kind in cells] for _s, cells in c.actions.displayed()],
              ACTION_WIDTHS)

    out = BytesIO()
    document.save(out)
    return out.getvalue()
