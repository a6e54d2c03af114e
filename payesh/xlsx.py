"""Reading an uploaded XLSX safely, for every upload in Payesh: one path, read_workbook.

An XLSX is a zip of XML files. Before openpyxl reads anything the upload is checked: its size
(PAYESH_MAX_UPLOAD_BYTES), that it is a zip at all, that it does not unpack to more than
PAYESH_MAX_UNPACKED_BYTES or with an absurd compression ratio (a "zip bomb" would otherwise fill
the memory of the app server), and that none of its XML parts carries a DTD or entity
declarations (a real workbook never does; they are how XXE and "billion laughs" attacks work).
openpyxl, with defusedxml installed (requirements.txt), also refuses entity declarations itself.

Then the rows are read, all of them, while any XML, zip or format error is still caught: openpyxl
in read-only mode parses a sheet only while its rows are iterated, so a truncated sheet fails
there, not when the workbook opens. Callers get plain rows, so nothing they do can meet such an
error half-way. Each refusal says why, in the user's language, and nothing has been written.
"""

import contextlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from payesh import display

MAX_RATIO = 200  # real workbooks compress XML about 5-20 times
MAX_COLUMNS = 100  # columns read per row: a forged sheet size cannot pad rows to 16,384 cells
XML_PARTS = (".xml", ".rels", ".vml")  # what openpyxl parses; images (even SVG) it does not
DECLARATIONS = [marker.encode(encoding) for marker in ("<!DOCTYPE", "<!ENTITY")
                for encoding in ("utf-8", "utf-16-le", "utf-16-be")]
CHUNK = 1024 * 1024


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


def _read_bytes(upload):
    check_size(upload)
    limit = settings.PAYESH_MAX_UPLOAD_BYTES
    data = upload if isinstance(upload, bytes) else upload.read(limit + 1)
    if len(data) > limit:
        raise UnsafeWorkbook(too_large_message())
    return data


def _check_archive(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            packed = sum(m.compress_size for m in members) or 1
            if unpacked > settings.PAYESH_MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                raise UnsafeWorkbook(_("This workbook unpacks to far more than a real one; it was not read."))
            for member in members:
                if member.filename.lower().endswith(XML_PARTS) and _declares(archive, member):
                    raise UnsafeWorkbook(_("This workbook carries XML declarations (a DTD) that a real workbook "
                                           "never has; it was not read."))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError) as error:
        if isinstance(error, UnsafeWorkbook):
            raise
        raise not_a_workbook() from None


def _declares(archive, member):
    """Whether an XML part has <!DOCTYPE or <!ENTITY anywhere (in UTF-8 or UTF-16)."""
    overlap = max(len(marker) for marker in DECLARATIONS) - 1
    tail = b""
    with archive.open(member) as part:
        while chunk := part.read(CHUNK):
            window = tail + chunk
            if any(marker in window for marker in DECLARATIONS):
                return True
            tail = window[-overlap:]
    return False


def read_workbook(upload, sheets=None, max_rows=10_000, max_columns=MAX_COLUMNS):
    """The rows of an uploaded XLSX (an uploaded file or bytes), read whole: an UploadedWorkbook.

    sheets: the names to read (those missing from the file are skipped), or a function from the
    file's sheet names to those to read; None reads every sheet.
    A sheet with more than max_rows non-empty rows is refused. Raises UnsafeWorkbook, whose
    message is for the user, for anything that is not a sound, reasonable workbook."""
    data = _read_bytes(upload)
    _check_archive(data)
    book = None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        chosen = sheets(list(book.sheetnames)) if callable(sheets) else sheets
        wanted = [name for name in book.sheetnames if chosen is None or name in chosen]
        read = {name: _rows(book[name], max_rows, max_columns) for name in wanted}
        names = list(book.sheetnames)
    except UnsafeWorkbook:
        raise
    except Exception:  # zip, XML (truncated, forbidden entities) or format errors: not a workbook
        raise not_a_workbook() from None
    finally:
        if book is not None:
            with contextlib.suppress(Exception):  # closing a broken archive must not hide the message
                book.close()
    return UploadedWorkbook(sheetnames=names, sheets=read)


def _rows(sheet, max_rows, max_columns):
    sheet.reset_dimensions()  # the size a sheet declares is not trusted: rows are read as they are
    rows = []
    for number, values in enumerate(sheet.iter_rows(min_row=1, max_col=max_columns, values_only=True), start=1):
        if all(v is None or (isinstance(v, str) and v.strip() == "") for v in values):
            continue
        if len(rows) == max_rows:
            raise UnsafeWorkbook(_("The sheet “%(sheet)s” has more than %(max)s rows; split it into smaller files.") % {
                "sheet": sheet.title, "max": display.number(max_rows)})
        values = list(values)
        while values[-1] is None:
            values.pop()
        rows.append((number, tuple(values)))
    return rows
