"""Reading an uploaded XLSX safely, for every upload in Payesh: one path, read_workbook.

An upload costs what its content is worth. An XLSX is a zip of XML parts; before any XML is read
the upload is checked: its size (PAYESH_MAX_UPLOAD_BYTES), that it is a zip at all, that it holds
at most PAYESH_MAX_WORKBOOK_PARTS parts (counted in the bytes of the zip's central directory
before zipfile builds its list of members), that no part unpacks to more than
PAYESH_MAX_WORKBOOK_PART_BYTES and all of them to no more than PAYESH_MAX_UNPACKED_BYTES or with
an absurd compression ratio (a "zip bomb" would otherwise fill the app server's memory). An XML
part that carries a DTD or entity declarations (a real workbook never does; they are how XXE and
"billion laughs" attacks work) is refused as it is read: each piece of it is checked before the
parser is given it, so the parser never sees a declaration, and a part is unpacked only as far
as it is parsed.

Then only what the form needs is parsed, by lxml's C parser (entities never resolved, nothing
fetched, nesting deeper than 256 refused at once), never openpyxl's whole object model:
- the sheets' names and parts (workbook.xml and its relationships) and which styles are dates;
- the chosen sheets' rows by the numbers the file gives them (`<row r=...>`): a row missing from
  the file costs nothing, and a row past the form's row limit that holds a value refuses the file
  without reading further (rows come in ascending order, as Excel writes and requires them);
- at most `max_columns` cells a row, each read by openpyxl's own cell parser (numbers, dates,
  booleans, the cached value of a formula), so values are what openpyxl would give;
- of the shared strings only those the read cells use, up to the last of them: a table padded
  with strings no read cell uses is never read, and a cell using a string past the
  PAYESH_MAX_SHARED_STRINGS-th refuses the file before the table is read. The table is parsed
  in pieces, with no Python work for a string no cell uses.
Any XML, zip or format error is caught while the rows are read, so callers get plain rows and
nothing they do can meet such an error half-way. Each refusal says why, in the user's language,
and nothing has been written.
"""

import io
import itertools
import posixpath
import zipfile
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree
from openpyxl.cell.text import Text
from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH
from openpyxl.worksheet._reader import WorkSheetParser

from payesh import display

MAX_RATIO = 200  # real workbooks compress XML about 5-20 times
MAX_COLUMNS = 100  # columns read per row: a forged row cannot make the server read 16,384 cells
DECLARATIONS = [marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
OVERLAP = max(len(marker) for marker in DECLARATIONS) - 1
CHUNK = 64 * 1024
CENTRAL_DIRECTORY, END_OF_CENTRAL_DIRECTORY = b"PK\x01\x02", b"PK\x05\x06"

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
ROW, CELL, VALUE, INLINE = f"{MAIN}row", f"{MAIN}c", f"{MAIN}v", f"{MAIN}is"
TABLE, STRING = f"{MAIN}sst", f"{MAIN}si"


class UnsafeWorkbook(ValueError):
    """The upload cannot be read as a workbook; the message is for the user."""


def size_text(n):
    """A size as people say it, in the page's digits: '5 MB', '500 KB', '900 bytes'."""
    for unit, label in ((1024 * 1024, _("%(size)s MB")), (1024, _("%(size)s KB"))):
        if n >= unit:
            amount = n / unit
            return label % {"size": display.number(amount, 0 if amount == int(amount) else 1)}
    return _("%(size)s bytes") % {"size": display.number(n)}


def too_large_message():
    return _("The file is larger than %(limit)s; remove what is not needed and try again.") % {
        "limit": size_text(settings.PAYESH_MAX_UPLOAD_BYTES)}


def not_a_workbook():
    return UnsafeWorkbook(_("This file is not an XLSX workbook."))


def too_many_rows(sheet, max_rows):
    return UnsafeWorkbook(_("The sheet “%(sheet)s” has more than %(max)s rows; split it into smaller files.") % {
        "sheet": sheet, "max": display.number(max_rows)})


def check_size(upload):
    """UnsafeWorkbook when an uploaded file (or bytes) is larger than PAYESH_MAX_UPLOAD_BYTES."""
    size = len(upload) if isinstance(upload, bytes) else getattr(upload, "size", None)
    if size is not None and size > settings.PAYESH_MAX_UPLOAD_BYTES:
        raise UnsafeWorkbook(too_large_message())


@dataclass
class UploadedWorkbook:
    """What an upload holds, read whole: its sheet names and each read sheet's non-empty rows as
    (row number, values), values without the empty cells at the end of the row."""

    sheetnames: list
    sheets: dict

    def __contains__(self, name):
        return name in self.sheets

    def rows(self, name, min_row=1):
        return [(number, values) for number, values in self.sheets[name] if number >= min_row]

    def row(self, name, number):
        """The values of one row; an empty tuple when the row is empty."""
        return next((values for n, values in self.sheets[name] if n == number), ())


def read_workbook(upload, sheets=None, max_rows=10_000, max_columns=MAX_COLUMNS, header_rows=0):
    """The rows of an uploaded XLSX (an uploaded file or bytes), read whole: an UploadedWorkbook.

    sheets: the names to read (those missing from the file are skipped), or a function from the
    file's sheet names to those to read; None reads every sheet.
    A sheet with a value past its first header_rows + max_rows rows is refused, with a message
    that names max_rows (what the form promises: "up to 2,000 rows" under its header). Raises
    UnsafeWorkbook, whose message is for the user, for anything that is not a sound, reasonable
    workbook."""
    data = _read_bytes(upload)
    _check_part_count(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            package = _Package(archive)
            names = list(package.sheets)
            chosen = sheets(list(names)) if callable(sheets) else sheets
            wanted = [name for name in names if chosen is None or name in chosen]
            read = {name: package.rows(name, max_rows, max_columns, header_rows) for name in wanted}
            strings = package.shared_strings()
    except UnsafeWorkbook:
        raise
    except Exception:  # zip, XML (truncated, too deep, forbidden entities) or format errors: not a workbook
        raise not_a_workbook() from None
    return UploadedWorkbook(sheetnames=names, sheets={name: _filled(rows, strings) for name, rows in read.items()})


def _read_bytes(upload):
    check_size(upload)
    limit = settings.PAYESH_MAX_UPLOAD_BYTES
    data = upload if isinstance(upload, bytes) else upload.read(limit + 1)
    if len(data) > limit:
        raise UnsafeWorkbook(too_large_message())
    return data


def too_many_parts():
    return UnsafeWorkbook(_("This file holds far more parts than a real workbook; it was not read. Put its data in "
                            "the workbook downloaded from this page and upload that one."))


def declares_a_dtd():
    return UnsafeWorkbook(_("This workbook carries XML declarations (a DTD) that a real workbook never has; "
                            "it was not read."))


def _check_part_count(data):
    """Refuse a zip of more than PAYESH_MAX_WORKBOOK_PARTS members before zipfile reads its
    directory into a list (45,000 members cost a fifth of a second of CPU there): every member has
    one entry in the central directory, which ends at the "end of central directory" record and
    starts with its signature, so counting the signature there counts the members, or more (zip64,
    or a size that does not fit: then everything before the record is counted). What is no zip is
    left to zipfile to refuse."""
    end = data.rfind(END_OF_CENTRAL_DIRECTORY, max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or len(data) < end + 22:
        return
    size = int.from_bytes(data[end + 12:end + 16], "little")
    start = end - size if size <= end else 0
    if data.count(CENTRAL_DIRECTORY, start, end) > settings.PAYESH_MAX_WORKBOOK_PARTS:
        raise too_many_parts()


def _check_archive(archive):
    members = archive.infolist()
    if len(members) > settings.PAYESH_MAX_WORKBOOK_PARTS:
        raise too_many_parts()
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > settings.PAYESH_MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise UnsafeWorkbook(_("This workbook unpacks to far more than a real one; it was not read."))
    if any(m.file_size > settings.PAYESH_MAX_WORKBOOK_PART_BYTES for m in members):
        raise UnsafeWorkbook(_("Part of this workbook (a sheet, or its texts) takes more than %(limit)s once "
                               "opened; remove what is not needed or split it into smaller files.") % {
            "limit": size_text(settings.PAYESH_MAX_WORKBOOK_PART_BYTES)})


class _Guarded:
    """A part as the parser reads it: each piece is checked for <!DOCTYPE and <!ENTITY (in UTF-8
    or UTF-16, across the pieces' seams) before the parser is given it. zipfile stops at the size
    the archive declares for the part, and refuses a part that holds more."""

    def __init__(self, part):
        self.part, self.tail = part, b""

    def read(self, size=CHUNK):
        chunk = self.part.read(size if size and size > 0 else CHUNK)
        window = self.tail + chunk
        if any(marker in window for marker in DECLARATIONS):
            raise declares_a_dtd()
        self.tail = window[-OVERLAP:]
        return chunk


def _elements(archive, path, tags, events=("end",)):
    """(event, element) of the part's elements with these tags, parsed as a stream; each element
    is emptied after its "end" (and the ones before it dropped), so memory holds one at a time."""
    with archive.open(path) as part:
        for event, element in etree.iterparse(_Guarded(part), events=events, tag=tags, resolve_entities=False,
                                              no_network=True, load_dtd=False, huge_tree=False):
            yield event, element
            if event == "end":
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]


def _targets(archive, path):
    """{relationship id: (type, part path)} of a part's relationships (`_rels/NAME.rels`)."""
    folder, name = posixpath.split(path)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found = {}
    for _event, rel in _elements(archive, rels, RELATIONSHIPS):
        target = rel.get("Target") or ""
        target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found[rel.get("Id")] = ((rel.get("Type") or "").rsplit("/", 1)[-1], target)
    return found


class _Shared(int):
    """A cell's index into the shared strings, until the strings the read cells use are read."""


class _NotedStrings:
    """What openpyxl's cell parser is given as the shared strings: it notes each index used."""

    def __init__(self):
        self.used = set()

    def __getitem__(self, index):
        if index < 0:
            raise IndexError(index)
        self.used.add(index)
        return _Shared(index)


class _Package:
    """The parts of a workbook that read_workbook needs, each parsed once and only when needed."""

    def __init__(self, archive):
        self.archive = archive
        root = "".join(target for kind, target in _targets(archive, "").values() if kind == "officeDocument")
        parts = _targets(archive, root)
        date1904, self.sheets = False, {}
        for _event, element in _elements(archive, root, (f"{MAIN}sheet", f"{MAIN}workbookPr")):
            if element.tag == f"{MAIN}workbookPr":
                date1904 = element.get("date1904", "").lower() in ("1", "true")
            elif (kind_part := parts.get(element.get(R_ID))) and kind_part[0] == "worksheet":
                self.sheets[element.get("name")] = kind_part[1]
        self.strings_part = next((p for kind, p in parts.values() if kind == "sharedStrings"), None)
        styles = next((p for kind, p in parts.values() if kind == "styles"), None)
        dates, durations = _date_styles(archive, styles) if styles else (set(), set())
        self.noted = _NotedStrings()
        self.cells = WorkSheetParser(None, self.noted, data_only=True, epoch=CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH,
                                     date_formats=dates, timedelta_formats=durations)

    def rows(self, name, max_rows, max_columns, header_rows=0):
        """[(row number, values)] of a sheet's rows that hold a value, in the file's order."""
        rows, previous = [], 0
        for _event, element in _elements(self.archive, self.sheets[name], ROW):
            number = int(element.get("r") or previous + 1)
            if number <= previous:
                raise not_a_workbook()  # rows out of order: no spreadsheet program writes them
            previous = number
            if number > header_rows + max_rows:
                if element.find(f"{CELL}/{VALUE}") is not None or element.find(f"{CELL}/{INLINE}") is not None:
                    raise too_many_rows(name, max_rows)
                continue  # an empty row past the limit (formatted cells, say) is skipped
            values = self.values(number, element, max_columns)
            if any(v is not None for v in values):
                rows.append((number, values))
        return rows

    def values(self, number, element, max_columns):
        """The values of a row's first max_columns columns, by the column each cell names."""
        self.cells.row_counter, self.cells.col_counter = number, 0
        values = [None] * max_columns
        for child in itertools.islice(element, max_columns):  # cells come in column order
            cell = self.cells.parse_cell(child)
            if 1 <= cell["column"] <= max_columns:
                values[cell["column"] - 1] = cell["value"]
        return values

    def shared_strings(self):
        """{index: text} of the shared strings the read cells use, read up to the last of them."""
        used = self.noted.used
        if not used:
            return {}
        if self.strings_part is None:
            raise not_a_workbook()
        last = max(used)
        if last >= settings.PAYESH_MAX_SHARED_STRINGS:
            raise UnsafeWorkbook(_("This workbook holds more than %(max)s different texts; remove what is not "
                                   "needed or split it into smaller files.") % {
                "max": display.number(settings.PAYESH_MAX_SHARED_STRINGS)})
        return _strings(self.archive, self.strings_part, sorted(used))


def _strings(archive, path, wanted):
    """{index: text} of the table's strings at the wanted indexes (ascending), parsed piece by
    piece up to the last of them. After each piece the table's strings parsed whole so far are
    taken (the wanted ones read as openpyxl.reader.strings.read_string_table reads one) and
    dropped in one call, so neither Python nor memory spends anything on the others."""
    parser = etree.XMLPullParser(events=("start",), tag=TABLE, resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False)
    strings, table, dropped, pending = {}, None, 0, iter(wanted)
    index = next(pending)
    with archive.open(path) as part:
        guarded = _Guarded(part)
        while index is not None and (chunk := guarded.read(CHUNK)):
            parser.feed(chunk)
            for _event, element in parser.read_events():
                table = element if table is None else table
            if table is None:
                continue
            done = len(table) - 1  # the last string may be only partly parsed
            while index is not None and index < dropped + done:
                strings[index] = _string_text(table[index - dropped])
                index = next(pending, None)
            if done > 0:
                del table[:done]
                dropped += done
        if index is not None and table is not None:  # the whole part was read
            parser.close()
            while index is not None and index < dropped + len(table):
                strings[index] = _string_text(table[index - dropped])
                index = next(pending, None)
    if index is not None:
        raise not_a_workbook()  # a cell names a string the table does not have
    return strings


def _string_text(element):
    if element.tag != STRING:
        raise not_a_workbook()  # the table holds only strings
    return Text.from_tree(element).content.replace("x005F_", "")


def _date_styles(archive, path):
    """(cell style indexes whose number format is a date, those that are a duration), as openpyxl
    finds them (openpyxl.styles.stylesheet: _normalise_numbers)."""
    custom, formats, inside = {}, [], False
    tags = (f"{MAIN}numFmt", f"{MAIN}cellXfs", f"{MAIN}xf")
    for event, element in _elements(archive, path, tags, events=("start", "end")):
        if element.tag == f"{MAIN}cellXfs":
            inside = event == "start"
        elif event == "end" and element.tag == f"{MAIN}numFmt":
            custom[int(element.get("numFmtId"))] = element.get("formatCode")
        elif event == "end" and inside:
            formats.append(int(element.get("numFmtId") or 0))

    @cache
    def kind(fmt_id):
        fmt = custom[fmt_id] if fmt_id in custom else builtin_format_code(fmt_id)
        return is_date_format(fmt), is_timedelta_format(fmt)

    return ({i for i, f in enumerate(formats) if kind(f)[0]}, {i for i, f in enumerate(formats) if kind(f)[1]})


def _filled(rows, strings):
    """The rows with their shared strings in place, without rows left blank and without the empty
    cells at the end of each row."""
    filled = []
    for number, values in rows:
        values = [strings[v] if isinstance(v, _Shared) else v for v in values]
        if all(v is None or (isinstance(v, str) and v.strip() == "") for v in values):
            continue
        while values[-1] is None:
            values.pop()
        filled.append((number, tuple(values)))
    return filled
