"""Opening an uploaded XLSX safely, for every upload in Payesh.

An XLSX is a zip of XML files. Before openpyxl reads anything the upload is checked: its size
(PAYESH_MAX_UPLOAD_BYTES), that it is a zip at all, and that it does not unpack to more than
PAYESH_MAX_UNPACKED_BYTES or with an absurd compression ratio (a "zip bomb" would otherwise fill
the memory of the app server). Each refusal says why, in the user's language.
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from payesh import jalali

MAX_RATIO = 200  # real workbooks compress XML about 5-20 times


class UnsafeWorkbook(ValueError):
    """The upload cannot be read as a workbook; the message is for the user."""


def _megabytes(n):
    return jalali.format_number(n / (1024 * 1024), 0) if n >= 1024 * 1024 else jalali.format_number(n)


def open_workbook(upload):
    """An openpyxl workbook (read-only, values only) from an uploaded file or bytes."""
    limit = settings.PAYESH_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UnsafeWorkbook(_("The file is larger than %(limit)s MB; remove what is not needed and try again.")
                             % {"limit": _megabytes(limit)})
    data = upload if isinstance(upload, bytes) else upload.read(limit + 1)
    if len(data) > limit:
        raise UnsafeWorkbook(_("The file is larger than %(limit)s MB; remove what is not needed and try again.")
                             % {"limit": _megabytes(limit)})
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnsafeWorkbook(_("This file is not an XLSX workbook.")) from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if unpacked > settings.PAYESH_MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
        raise UnsafeWorkbook(_("This workbook unpacks to far more than a real one; it was not read."))
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # zip, xml or format errors all mean "not an XLSX workbook"
        raise UnsafeWorkbook(_("This file is not an XLSX workbook.")) from None
