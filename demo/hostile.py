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


def rewrite(data, change=None, extra=()):
    """The workbook with its parts changed (change(name, body) -> body) and parts added
    ([(name, body)]), padded with an incompressible part when it would fail the ratio check."""
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
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
            target.writestr(zipfile.ZipInfo("xl/media/image1.png"), os.urandom(unpacked * 2 // MAX_RATIO - packed),
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


def many_parts(data, count=45_000):
    """As many (empty) XML parts as fit in an upload of 5 MB."""
    return rewrite(data, extra=[(f"xl/p/{i}.xml", b"") for i in range(count)])


def deep_xml(data, depth=1_000_000):
    """Elements nested `depth` deep inside the sheet's data."""
    return rewrite(data, lambda name, body: _in_sheet(body, b"</sheetData>", b"<x>" * depth + b"</x>" * depth)
                   if name == SHEET else body)


def kinds(part_limit, strings_limit):
    """{name: builder} of the probe's kinds, and of the same kinds at the bounds Payesh sets (a
    table of strings just under the part limit, whose last string, or the last one Payesh reads,
    a cell uses)."""
    return {
        "sparse row 1,048,576": sparse_row,
        "sparse row 100,000,000": lambda data: sparse_row(data, 100_000_000),
        "45 MB shared strings": huge_strings,
        "shared strings at the part limit, its last one used": lambda data: huge_strings(data, part_limit - 4096, used=-1),
        "shared strings at the part limit, the last one read used": lambda data: huge_strings(
            data, part_limit - 4096, used=strings_limit - 1),
        "45,000 parts": many_parts,
        "XML nested 1,000,000 deep": deep_xml,
    }
