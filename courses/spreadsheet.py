"""Courses in bulk from an XLSX workbook, checked whole before anything is written.

Every row goes through the same CourseForm as the page (courses.forms), so the rules cannot
drift apart. If any row is wrong, the user gets each bad row's number and reasons and nothing
is written; otherwise all rows are added to the month's register at once (courses.services).
A row with the same title, dates and place as a course already in the register, or as an
earlier row, is refused, so uploading the same file twice does not count a course twice.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from commitments.models import Commitment
from payesh import display, jalali, spreadsheets
from payesh.i18n import in_every_language, local_name
from payesh.xlsx import UnsafeWorkbook, read_workbook
from reports.spreadsheet import SpreadsheetProblems

from .forms import CourseForm, register_areas
from .models import Cluster, Course, GroupGender

# The sheets are named in the reader's language; a workbook in any language, or one downloaded
# before they were ("courses"), reads back.
SHEET = gettext_noop("Courses")
GUIDE_SHEET = gettext_noop("Guide")
OLD_SHEET = "courses"
MAX_ROWS = 1000
# Column order of the sheet: the form field each column fills.
COLUMNS = ("sector", "area", "cluster", "title", "standard_code", "start_date", "end_date", "hours", "gender",
           "enrolled", "completed", "certified", "place", "trainer")


def headers():
    return [_("Sector code"), _("Training area code"), _("Cluster"), _("Trade or title"), _("Training standard code"),
            _("Start date"), _("End date"), _("Hours"), _("Group"), _("Enrolled"), _("Completed"),
            _("Certified"), _("Place"), _("Trainer")]


def template_workbook(center, year, month):
    """An empty sheet with the columns, and a guide sheet with the codes this center can use."""
    wb = spreadsheets.new_workbook()
    spreadsheets.add_sheet(wb, _(SHEET), headers(), widths=(10, 18, 12, 28, 16, 12, 12, 8, 8, 8, 8, 8, 22, 18))
    guide = spreadsheets.add_sheet(wb, _(GUIDE_SHEET), widths=(14, 18, 40))
    spreadsheets.append(guide, [_("Courses of %(month)s %(year)s that ended in that month; dates as Jalali text, like 1405/02/15.") % {
        "month": display.month_name(month), "year": display.digits(year)}])
    spreadsheets.append(guide, [center.code, local_name(center)])
    spreadsheets.append(guide, [])
    spreadsheets.append(guide, [_("Sector code"), _("Training area code"), _("Sector and training area")])
    for sector, area, names in _pairs(center, year):
        spreadsheets.append(guide, [sector, area, names])
    spreadsheets.append(guide, [])
    spreadsheets.append(guide, [_("Cluster")] + [str(label) for label in Cluster.labels])
    spreadsheets.append(guide, [_("Group")] + [str(label) for label in GroupGender.labels])
    return spreadsheets.workbook_bytes(wb)


def _pairs(center, year):
    """(sector code, area code, "sector – area" in the reader's language) of the center's commitments."""
    rows = (Commitment.objects.confirmed().for_year(year).filter(center=center).order_by("sector__order", "area__order")
            .values("sector__code", "area__code", "sector__name_fa", "sector__name_en", "area__name_fa", "area__name_en")
            .distinct())
    return [(r["sector__code"], r["area__code"], f"{local_name(r, 'sector__name')} – {local_name(r, 'area__name')}")
            for r in rows]


def _choice_lookup(choices):
    """Code, Persian label or English label (any case) -> code."""
    lookup = {}
    for code, label in choices.choices:
        lookup[code.casefold()] = code
        for language in ("fa", "en"):
            with translation.override(language):
                lookup[str(label).strip().casefold()] = code
    return lookup


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_courses(center, year, month, upload):
    """[Course] (unsaved) from an uploaded workbook, or SpreadsheetProblems with every bad row."""
    names = in_every_language(SHEET) | {OLD_SHEET}
    try:
        wb = read_workbook(upload, sheets=names, max_rows=MAX_ROWS, header_rows=1)
    except UnsafeWorkbook as problem:
        raise SpreadsheetProblems([(None, str(problem))]) from None
    sheet = next((name for name in wb.sheetnames if name in names), None)
    if sheet is None:
        raise SpreadsheetProblems([(None, _("Use the workbook downloaded from this page: its “%(sheet)s” sheet is missing.")
                                    % {"sheet": _(SHEET)})])
    areas = register_areas(center, year)
    keys = {(sc.casefold(), ac.casefold()): f"{s}:{a}" for s, a, sc, ac in (
        Commitment.objects.confirmed().for_year(year).filter(center=center)
        .values_list("sector_id", "area_id", "sector__code", "area__code").distinct())}
    clusters, genders = _choice_lookup(Cluster), _choice_lookup(GroupGender)
    seen = {(c.title.casefold(), c.start_date, c.end_date, c.place.casefold()): None
            for c in Course.objects.for_month(center, year, month)}
    problems, courses = [], []
    for number, cells in wb.rows(sheet, min_row=2):
        cells = (list(cells) + [None] * len(COLUMNS))[:len(COLUMNS)]
        if all(_text(v) == "" for v in cells):
            continue
        row = dict(zip(COLUMNS, cells))
        if any(isinstance(row[d], (datetime.date, datetime.datetime)) for d in ("start_date", "end_date")):
            problems.append((number, _("Write the dates as Jalali text, like 1405/02/15 (the cell was read as a Gregorian date).")))
            continue
        sector, area = _text(row["sector"]), _text(row["area"])
        area_key = keys.get((sector.casefold(), area.casefold()))
        if area_key is None:
            problems.append((number, _("This center has no commitment for sector “%(sector)s” and training area “%(area)s” this year.") % {
                "sector": sector, "area": area}))
            continue
        data = {name: _text(row[name]) for name in COLUMNS[2:]}
        data.update(area_key=area_key, version=0,
                    cluster=clusters.get(data["cluster"].casefold(), data["cluster"]),
                    gender=genders.get(data["gender"].casefold(), data["gender"]))
        form = CourseForm(center, year, month, data, areas=areas)
        if not form.is_valid():
            problems.append((number, "؛ ".join(form.problems())))
            continue
        course = form.apply()
        key = (course.title.casefold(), course.start_date, course.end_date, course.place.casefold())
        if key in seen:
            earlier = seen[key]
            problems.append((number, _("The same course (title, dates and place) is already in the register.") if earlier is None
                             else _("Repeats row %(row)s.") % {"row": jalali.to_persian_digits(earlier)}))
            continue
        seen[key] = number
        courses.append(course)
    if problems:
        raise SpreadsheetProblems(problems)
    if not courses:
        raise SpreadsheetProblems([(None, _("The workbook has no courses in it."))])
    return courses
