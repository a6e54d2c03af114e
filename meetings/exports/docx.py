"""The minutes as a Word file that staff edit before sending: every paragraph and table right to
left, in Tahoma.

The font: the pages and the PDF use Vazirmatn (served and embedded by us), but a Word file only
names its font, and Word on a directorate's Windows machine has no Vazirmatn: it would fall back
to a font of its choosing, with other widths. Tahoma ships with every Windows (and macOS), has
the Persian letters and digits, and reads well at small sizes; LibreOffice maps it to a font of
the same widths. Embedding Vazirmatn instead would weigh about 200 KB more a file and is dropped
by some editors when the file is saved again.

python-docx has no switch for right-to-left, so the few WordprocessingML elements that say it
(w:bidi on paragraphs, w:rtl on runs, w:bidiVisual on tables) are added here. In a w:bidi
paragraph Word reads w:jc's "left" and "right" as the start and the end of the line, so a
paragraph that starts at the right edge, as Persian does, is written "left" (START below).
Tables have fixed column widths (a share of the page each), so a center's name fits on a line,
and each column is at least as wide as its longest word, so no heading or number is split
mid-word (`column_widths`).
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

FONT = "Tahoma"
START = WD_ALIGN_PARAGRAPH.LEFT  # the start of a right-to-left line: its right edge (see above)
TEXT_WIDTH_MM = 180  # A4 less two 15 mm margins
TABLE_FONT_PT = 9
CELL_MARGIN_MM = 1  # each side of a cell (Word's own is 1.9 mm): room for one more column
CELL_MARGINS_MM = 2 * CELL_MARGIN_MM + 1  # both sides, and a little air
# The width of a character in ems: Tahoma's bold Persian letters, joined as Word draws them, run
# up to 0.72 em, its digits and separators 0.6 em (measured with HarfBuzz); rather wide than cut.
EM_PER_LETTER, EM_PER_DIGIT = 0.72, 0.6
MM_PER_POINT = 25.4 / 72
# Shares of the text width per column.
SNAPSHOT_WIDTHS = [7, 23, 11, 11, 11, 11, 9, 10, 10]  # rank, center, county, target, expected, actual, achievement, pace, status
ACTION_WIDTHS = [5, 45, 25, 13, 12]  # row, decision, responsible, due date, status
HEADLINE_WIDTHS = [60, 40]


def record_widths(labels):
    """The record's center column wide, each year and the years in a row alike."""
    return [30] + [10] * (len(labels) - 1)


def word_width_mm(word, size=TABLE_FONT_PT):
    """How wide a word can run in bold Tahoma at `size` points, in millimetres."""
    ems = sum(EM_PER_DIGIT if not ch.isalpha() else EM_PER_LETTER for ch in word)
    return ems * size * MM_PER_POINT


def column_widths(labels, rows, shares, total=TEXT_WIDTH_MM):
    """Each column's width in mm: its share of `total`, but never narrower than its longest word
    (in the header or a cell) with the cell's margins; what the wider ones take comes out of the
    columns with room to spare, in proportion to that room."""
    columns = list(zip(labels, *rows)) if rows else [(label,) for label in labels]
    need = [max(word_width_mm(word) for text in column for word in (str(text).split() or [""])) + CELL_MARGINS_MM
            for column in columns]
    widths = [total * share / sum(shares) for share in shares]
    for _round in range(len(widths)):
        short = sum(max(0, n - w) for n, w in zip(need, widths))
        if short <= 0.01:
            break
        spare = [max(0, w - n) for n, w in zip(need, widths)]
        if sum(spare) <= 0:
            break
        taken = min(short, sum(spare))
        widths = [max(w, n) if n > w else w - taken * room / sum(spare) for n, w, room in zip(need, widths, spare)]
    return widths


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


def _cell_margins(table):
    """CELL_MARGIN_MM on each side of every cell (w:tblCellMar, in its place among the table's
    properties: Word refuses a file whose elements come out of the schema's order)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(round(CELL_MARGIN_MM / 25.4 * 1440)))  # twentieths of a point
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        properties.append(margins)


def add_table(document, labels, rows, shares):
    """A right-to-left table whose columns take their `shares` of the text width, each at least
    as wide as its longest word (column_widths)."""
    table = document.add_table(rows=1, cols=len(labels))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the widths below hold
    table.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual
    _cell_margins(table)
    widths = [Mm(w) for w in column_widths(labels, rows, shares)]
    for column, width in zip(table.columns, widths):
        column.width = width
    for cell, label in zip(table.rows[0].cells, labels):
        rtl_paragraph(cell.paragraphs[0], label, bold=True, size=TABLE_FONT_PT)
    _set(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")  # repeated on every page
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            rtl_paragraph(cell.paragraphs[0], text, size=TABLE_FONT_PT)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
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
