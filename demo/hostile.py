"""Hostile workbooks, built by code from a good one: the kinds an outside probe sent to the three
upload forms (issue 22). `bench_bounds` times each on every form; the tests pin their refusals.

Each builder takes a good workbook's bytes (its first sheet is the one the form reads) and
returns a file that passes the compression-ratio check, as the probe's did (an incompressible
member pads it), so what is measured is the reader, not that check.
"""

import io
import os
import re
import zipfile

from payesh.xlsx import MAX_RATIO

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
STRINGS_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
RELATIONSHIPS_NS = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET_REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
STYLES = "xl/styles.xml"
PADDING = "xl/media/image1.png"  # incompressible, so a file passes the compression-ratio check


def rewrite(data, change=None, extra=()):
    """The workbook with its parts changed (change(name, body) -> body) and parts added
    ([(name, body)]), padded with an incompressible part when it would fail the ratio check."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info.filename) for info in source.infolist() if info.filename != PADDING}
    if change:
        parts = {name: change(name, body) for name, body in parts.items()}
    parts.update(dict(extra))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
        packed = sum(info.compress_size for info in target.infolist())
        unpacked = sum(len(body) for body in parts.values())
        if unpacked > packed * MAX_RATIO // 2:
            target.writestr(zipfile.ZipInfo(PADDING), os.urandom(unpacked * 2 // MAX_RATIO - packed),
                            compress_type=zipfile.ZIP_STORED)
    return out.getvalue()


def _in_sheet(body, before, xml):
    return body.replace(before, xml + before, 1)


def sparse_row(data, row=1_048_576):
    """One text cell at a far row number (1,048,576 is Excel's last row): a 10 KB file."""
    cell = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (row, row)
    return rewrite(data, lambda name, body: _in_sheet(body, b"</sheetData>", cell) if name == SHEET else body)


def huge_strings(data, size=45 * 1024 * 1024, used=None):
    """A shared-strings table of `size` bytes of strings; with used (an index, -1 the last), a
    cell after the last row uses that string (so a reader must go through the table so far)."""
    count = size // len(b"<si><t>x</t></si>")
    table = b'<sst xmlns="%s">%s</sst>' % (MAIN, b"<si><t>x</t></si>" * count)

    def change(name, body):
        if name == "[Content_Types].xml":
            return body.replace(b"</Types>", b'<Override PartName="/%s" ContentType="%s"/></Types>' % (
                STRINGS.encode(), STRINGS_TYPE))
        if name == "xl/_rels/workbook.xml.rels":
            return body.replace(b"</Relationships>", b'<Relationship Id="rIdStrings" Type="%s" Target="sharedStrings.xml"/>'
                                b"</Relationships>" % STRINGS_REL)
        if name == SHEET and used is not None:
            last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', body) or [0]) + 1
            return _in_sheet(body, b"</sheetData>", b'<row r="%d"><c r="A%d" t="s"><v>%d</v></c></row>' % (last, last, used % count))
        return body

    return rewrite(data, change, extra=[(STRINGS, table)])


def empty_rows(data, part_limit, value_at=1_048_576):
    """As many empty rows (`<row r="N"/>`, as a range formatted far down leaves) as fit in a
    sheet just under the part limit, after the workbook's own rows; then, unless value_at is
    None, a value in that row."""
    def change(name, body):
        if name != SHEET:
            return body
        number = max(int(n) for n in re.findall(rb'<row r="(\d+)"', body) or [0]) + 1
        room, rows = part_limit - len(body) - 4096, []
        while room > 32 and number < (value_at or 1_048_576):
            rows.append(b'<row r="%d"/>' % number)
            room, number = room - len(rows[-1]), number + 1
        if value_at:
            rows.append(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (value_at, value_at))
        return _in_sheet(body, b"</sheetData>", b"".join(rows))

    return rewrite(data, change)


def many_listed(data, count=100_000, sheets=True):
    """A workbook whose list of sheets names `count` more sheets, or (sheets=False) whose
    relationships name `count` more parts."""
    def change(name, body):
        if name == "xl/workbook.xml" and sheets:
            listed = b"".join(b'<sheet name="s%d" sheetId="%d" r:id="rIdX%d"/>' % (n, n + 100, n) for n in range(count))
            body = body.replace(b"<sheets>", b'<sheets xmlns:r="%s">' % RELATIONSHIPS_NS, 1)
            return body.replace(b"</sheets>", listed + b"</sheets>", 1)
        if name == "xl/_rels/workbook.xml.rels" and not sheets:
            return body.replace(b"</Relationships>", b"".join(b'<Relationship Id="rIdX%d" Type="%s" Target="worksheets/x.xml"/>'
                                                               % (n, WORKSHEET_REL) for n in range(count)) + b"</Relationships>")
        return body

    return rewrite(data, change)


def many_formats(data, count=400_000):
    """A styles part with `count` cell formats (Excel itself stops at 64,000), all dates."""
    return rewrite(data, lambda name, body: body.replace(b"</cellXfs>", b'<xf numFmtId="14"/>' * count + b"</cellXfs>", 1)
                   if name == STYLES else body)


def wide_row(data, part_limit):
    """One row with as many (empty, formatted) cells as fit in a sheet just under the part limit."""
    cells = b'<c s="0"/>' * ((part_limit - 64 * 1024) // len(b'<c s="0"/>'))
    return rewrite(data, lambda name, body: _in_sheet(body, b"</sheetData>", b'<row r="1048576">%s</row>' % cells)
                   if name == SHEET else body)


def filler(data, part_limit):
    """The sheet's data preceded by as many empty elements (`<x/>`) as fit under the part limit:
    nothing a reader takes, the most elements a part can hold (what lxml must still parse)."""
    return rewrite(data, lambda name, body: body.replace(b"<sheetData", b"<x/>" * ((part_limit - len(body) - 4096) // 4)
                                                         + b"<sheetData", 1) if name == SHEET else body)


def many_parts(data, count=45_000):
    """As many (empty) XML parts as fit in an upload of 5 MB."""
    return rewrite(data, extra=[(f"xl/p/{i}.xml", b"") for i in range(count)])


def deep_xml(data, depth=1_000_000):
    """Elements nested `depth` deep inside the sheet's data."""
    return rewrite(data, lambda name, body: _in_sheet(body, b"</sheetData>", b"<x>" * depth + b"</x>" * depth)
                   if name == SHEET else body)


def kinds(part_limit, strings_limit):
    """{name: builder} of the probe's kinds, of the same kinds at the bounds Payesh sets (a table
    of strings just under the part limit, whose last string, or the last one Payesh reads, a cell
    uses; a sheet of empty rows just under it), and of the other parts a reader reads (the list of
    sheets, the relationships, the styles) made as long as a part may be."""
    return {
        "sparse row 1,048,576": sparse_row,
        "sparse row 100,000,000": lambda data: sparse_row(data, 100_000_000),
        "45 MB shared strings": huge_strings,
        "shared strings at the part limit, its last one used": lambda data: huge_strings(data, part_limit - 4096, used=-1),
        "shared strings at the part limit, the last one read used": lambda data: huge_strings(
            data, part_limit - 4096, used=strings_limit - 1),
        "45,000 parts": many_parts,
        "XML nested 1,000,000 deep": deep_xml,
        "empty rows filling the part limit, then a value at row 1,048,576": lambda data: empty_rows(data, part_limit),
        "one row of cells filling the part limit": lambda data: wide_row(data, part_limit),
        "empty elements filling the part limit before the rows": lambda data: filler(data, part_limit),
        "40,000 relationships": lambda data: many_listed(data, 40_000, sheets=False),
        "100,000 sheets listed": many_listed,
        "400,000 cell formats": many_formats,
    }
