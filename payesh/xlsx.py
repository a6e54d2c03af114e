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
fetched, nesting deeper than 256 refused at once), never openpyxl's whole object model. Each part
is fed to the parser a piece at a time (_sections): what has been read is dropped after each
piece, and Python looks only at the elements it needs, so an element no one needs costs only
lxml's parsing of it, and memory holds about a piece and one row. A part is read no further than
what the form needs from it, and all the parts a read parses hold at most
PAYESH_MAX_WORKBOOK_PART_BYTES of XML together (lxml parses 16 MB of the smallest elements in
half a second of CPU; a real read is a fraction of that):
- the sheets' names and parts (workbook.xml and its relationships, at most one a part) and which
  styles are dates (at most MAX_CELL_FORMATS cell formats, Excel's own limit);
- the chosen sheets' rows by the numbers the file gives them (`<row r=...>`): a row missing from
  the file costs nothing, and a row past the form's row limit that holds a value refuses the file
  (rows come in ascending order, as Excel writes and requires them). Past the limit the rows are
  searched for a value by XPath, never one by one in Python, and at most MAX_EMPTY_ROWS of them
  are skipped;
- at most `max_columns` cells a row, each read by openpyxl's own cell parser (numbers, dates,
  booleans, the cached value of a formula), so values are what openpyxl would give;
- of the shared strings only those the read cells use, up to the last of them: a table padded
  with strings no read cell uses is never read, and a cell using a string past the
  PAYESH_MAX_SHARED_STRINGS-th refuses the file before the table is read.
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
# Empty rows skipped past a form's row limit (a range formatted far down: Excel writes a row for
# each); more refuse, so a forged sheet of a million of them costs no more than this many.
MAX_EMPTY_ROWS = 100_000
# What one child of a part's section (a row, a shared string, a cell format) may take of the part:
# a real row or text takes a few KB (Excel's longest text, 32,767 characters, about 100 KB).
MAX_ELEMENT_BYTES = 1024 * 1024
DECLARATIONS = [marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
OVERLAP = max(len(marker) for marker in DECLARATIONS) - 1
CHUNK = 64 * 1024
CENTRAL_DIRECTORY, END_OF_CENTRAL_DIRECTORY = b"PK\x01\x02", b"PK\x05\x06"

MAX_CELL_FORMATS = 64_000  # Excel's own limit of a workbook's cell formats

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MAIN = f"{{{MAIN_NS}}}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"
RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WORKBOOK, WORKBOOK_PROPERTIES, SHEETS = f"{MAIN}workbook", f"{MAIN}workbookPr", f"{MAIN}sheets"
WORKSHEET, SHEET_DATA, ROW = f"{MAIN}worksheet", f"{MAIN}sheetData", f"{MAIN}row"
STYLESHEET = f"{MAIN}styleSheet"
TABLE, STRING = f"{MAIN}sst", f"{MAIN}si"
NUMBER_FORMATS, NUMBER_FORMAT, CELL_FORMATS, CELL_FORMAT = f"{MAIN}numFmts", f"{MAIN}numFmt", f"{MAIN}cellXfs", f"{MAIN}xf"
# Whether a row after the first `skip` of a sheet's first `count` rows holds a value.
VALUES_AFTER = etree.XPath("boolean(m:row[position() > $skip and position() <= $count]/m:c[m:v or m:is])",
                           namespaces={"m": MAIN_NS})


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


def too_many_empty_rows(sheet, max_rows):
    return UnsafeWorkbook(_("The sheet “%(sheet)s” has more than %(empty)s empty rows after its first %(max)s "
                            "(formatted far down, perhaps); delete them and try again.") % {
        "sheet": sheet, "empty": display.number(MAX_EMPTY_ROWS), "max": display.number(max_rows)})


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


class _Budget:
    """A workbook's zip, whose parts a read may parse up to PAYESH_MAX_WORKBOOK_PART_BYTES in all
    (what one part may hold): parsing costs about the same for every byte, so however the file
    spreads its XML over the parts a form reads, the read costs at most one full part."""

    def __init__(self, archive):
        self.archive, self.left = archive, settings.PAYESH_MAX_WORKBOOK_PART_BYTES

    def open(self, path):
        return self.archive.open(path)


class _Guarded:
    """A part as the parser reads it: each piece is checked for <!DOCTYPE and <!ENTITY (in UTF-8
    or UTF-16, across the pieces' seams) before the parser is given it, and counted against the
    read's budget. zipfile stops at the size the archive declares for the part, and refuses a part
    that holds more."""

    def __init__(self, part, budget):
        self.part, self.budget, self.tail = part, budget, b""

    def read(self, size=CHUNK):
        chunk = self.part.read(size if size and size > 0 else CHUNK)
        window = self.tail + chunk
        if any(marker in window for marker in DECLARATIONS):
            raise declares_a_dtd()
        self.budget.left -= len(chunk)
        if self.budget.left < 0:
            raise UnsafeWorkbook(_("This workbook holds more than %(limit)s for this form to read; remove what is not "
                                   "needed or split it into smaller files.") % {
                "limit": size_text(settings.PAYESH_MAX_WORKBOOK_PART_BYTES)})
        self.tail = window[-OVERLAP:]
        return chunk


def _sections(archive, path, root, tags, until=None):
    """Parse a part piece by piece (each piece checked by _Guarded first) and yield, after each
    piece, (section, count): the section being read (the outermost element with one of these
    tags) and how many of its first children are parsed whole. Those children are dropped when
    the caller asks for more, and so is everything parsed whole outside the sections, so memory
    holds about a piece and one child, and a child the caller does not look at costs nothing in
    Python. At a section's end it is yielded with every child left.
    The part's root element must have the tag `root` and start in the first piece; a child of a
    section may take at most MAX_ELEMENT_BYTES of the part. With `until`, the part is read no
    further than the end of that section (what comes after is not needed). Raises lxml's errors
    (truncated, too deep, not XML) as they come.
    The caller must not keep a child (a name bound to it) past its turn: lxml then makes the rest
    of the parse cost time in the square of the part (a row of 80,000 cells took a second)."""
    tags = tags if isinstance(tags, tuple) else (tags,)
    parser = etree.XMLPullParser(events=("start", "end"), tag=(root, *tags), resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False)
    top, section, spanning = None, None, 0
    with archive.open(path) as part:
        guarded = _Guarded(part, archive)
        while True:
            chunk = guarded.read(CHUNK)
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for event, element in parser.read_events():
                if top is None and event == "start" and element.tag == root:
                    top = element
                if element.tag not in tags:
                    continue
                if event == "start" and section is None:
                    section = element
                elif event == "end" and element is section:
                    yield section, len(section)
                    if section.tag == until:
                        return
                    section.clear()
                    section = None
            element = None  # no name may hold an element lxml will drop (see above)
            if top is None:
                raise not_a_workbook()  # a part's root element opens at its start
            _drop_done(top, section)
            if section is not None and len(section) > 1:
                count, spanning = len(section) - 1, 0  # the last child may be only partly parsed
                yield section, count
                del section[:count]
            elif section is not None:
                spanning += 1  # a whole piece and no child completed: the child grows
                if spanning * CHUNK > MAX_ELEMENT_BYTES:
                    raise UnsafeWorkbook(_("A row of this workbook, or one of its texts, is larger than %(limit)s; it "
                                           "was not read.") % {"limit": size_text(MAX_ELEMENT_BYTES)})
            if not chunk:
                return


def _drop_done(element, section):
    """Drop the children parsed whole along the open elements from `element` down to the section
    (whose children the caller takes), or all the way down when no section is open."""
    while element is not None and element is not section:
        if (count := len(element)) > 1:
            del element[:count - 1]
        element = element[-1] if len(element) else None


def _targets(archive, path):
    """{relationship id: (type, part path)} of a part's relationships (`_rels/NAME.rels`): one a
    part at most."""
    folder, name = posixpath.split(path)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found, listed = {}, 0
    for section, count in _sections(archive, rels, RELATIONSHIPS, RELATIONSHIPS):
        listed += count
        if listed > settings.PAYESH_MAX_WORKBOOK_PARTS:
            raise too_many_parts()
        found.update(_relationship(folder, rel) for rel in section[:count] if rel.tag == RELATIONSHIP)
    return found


def _relationship(folder, rel):
    target = rel.get("Target") or ""
    target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return rel.get("Id"), ((rel.get("Type") or "").rsplit("/", 1)[-1], target)


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
        self.archive = archive = _Budget(archive)
        root = "".join(target for kind, target in _targets(archive, "").values() if kind == "officeDocument")
        parts = _targets(archive, root)
        date1904, self.sheets, listed = False, {}, 0
        for section, count in _sections(archive, root, WORKBOOK, (WORKBOOK_PROPERTIES, SHEETS), until=SHEETS):
            if section.tag == WORKBOOK_PROPERTIES:
                date1904 = section.get("date1904", "").lower() in ("1", "true")
                continue
            listed += count
            if listed > settings.PAYESH_MAX_WORKBOOK_PARTS:  # a sheet is a part
                raise too_many_parts()
            listing = [(sheet.get("name"), parts.get(sheet.get(R_ID))) for sheet in section[:count]]
            self.sheets.update((name, kind_part[1]) for name, kind_part in listing if kind_part and kind_part[0] == "worksheet")
        self.strings_part = next((p for kind, p in parts.values() if kind == "sharedStrings"), None)
        styles = next((p for kind, p in parts.values() if kind == "styles"), None)
        dates, durations = _date_styles(archive, styles) if styles else (set(), set())
        self.noted = _NotedStrings()
        self.cells = WorkSheetParser(None, self.noted, data_only=True, epoch=CALENDAR_MAC_1904 if date1904 else WINDOWS_EPOCH,
                                     date_formats=dates, timedelta_formats=durations)

    def rows(self, name, max_rows, max_columns, header_rows=0):
        """[(row number, values)] of a sheet's rows that hold a value, in the file's order. Rows
        up to the limit are read one by one (there are at most that many, as their numbers
        rise); past it, lxml's XPath looks for a value in the rest, so empty rows there (a range
        formatted far down, or a million forged ones) cost no Python."""
        rows, previous, limit, past, empty = [], 0, header_rows + max_rows, False, 0
        for section, count in _sections(self.archive, self.sheets[name], WORKSHEET, SHEET_DATA, until=SHEET_DATA):
            start = 0
            while not past and start < count:
                number, values = self.row(section[start], previous, limit, max_columns)
                if number > limit:
                    past = True
                    break
                start, previous = start + 1, number
                if any(v is not None for v in values):
                    rows.append((number, values))
            if past and VALUES_AFTER(section, skip=start, count=count):
                raise too_many_rows(name, max_rows)
            if past and (empty := empty + count - start) > MAX_EMPTY_ROWS:
                raise too_many_empty_rows(name, max_rows)
        return rows

    def row(self, element, previous, limit, max_columns):
        """(row number, values) of a sheet's row, the values None past the limit."""
        if element.tag != ROW:
            raise not_a_workbook()  # a sheet's data holds rows only
        number = int(element.get("r") or previous + 1)
        if number <= previous:
            raise not_a_workbook()  # rows out of order: no spreadsheet program writes them
        return number, None if number > limit else self.values(number, element, max_columns)

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
    """{index: text} of the table's strings at the wanted indexes (ascending), parsed up to the
    last of them; the wanted ones read as openpyxl.reader.strings.read_string_table reads one,
    the others never looked at."""
    strings, dropped, pending = {}, 0, iter(wanted)
    index = next(pending)
    for table, count in _sections(archive, path, TABLE, TABLE):
        while index is not None and index < dropped + count:
            strings[index] = _string_text(table[index - dropped])
            index = next(pending, None)
        dropped += count
        if index is None:
            return strings
    raise not_a_workbook()  # a cell names a string the table does not have


def _string_text(element):
    if element.tag != STRING:
        raise not_a_workbook()  # the table holds only strings
    return Text.from_tree(element).content.replace("x005F_", "")


def _date_styles(archive, path):
    """(cell style indexes whose number format is a date, those that are a duration), as openpyxl
    finds them (openpyxl.styles.stylesheet: _normalise_numbers). At most MAX_CELL_FORMATS formats
    of each kind, as Excel itself."""
    custom, formats, listed = {}, [], {NUMBER_FORMATS: 0, CELL_FORMATS: 0}
    for section, count in _sections(archive, path, STYLESHEET, (NUMBER_FORMATS, CELL_FORMATS), until=CELL_FORMATS):
        listed[section.tag] += count
        if listed[section.tag] > MAX_CELL_FORMATS:
            raise UnsafeWorkbook(_("This workbook has more than %(max)s cell formats, more than Excel itself allows; it "
                                   "was not read. Put its data in the workbook downloaded from this page and upload "
                                   "that one.") % {"max": display.number(MAX_CELL_FORMATS)})
        if section.tag == NUMBER_FORMATS:
            custom.update((int(f.get("numFmtId")), f.get("formatCode")) for f in section[:count] if f.tag == NUMBER_FORMAT)
        else:
            formats.extend(int(xf.get("numFmtId") or 0) for xf in section[:count] if xf.tag == CELL_FORMAT)

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
