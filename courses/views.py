"""Pages of the course register: a center's month (sortable list, totals, and how they match the
month's figures), adding, changing and removing a course, a workbook of courses, and one training
area's courses across centers. Each view: an access-checked fetch, a form, a service call, a
message, a redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts import access
from commitments.models import TrainingArea
from payesh import display, jalali, spreadsheets
from payesh.forms import upload_problems
from payesh.i18n import local_name
from payesh.params import check_month, requested_year
from reports import editing
from reports.grid import load_grid
from reports.services import StaleReport, WorkflowError
from reports.spreadsheet import SpreadsheetProblems

from . import services
from .derive import DERIVED_MEASURES, aggregates, sums
from .forms import CourseForm, RemoveForm, UploadForm
from .models import Course
from .spreadsheet import read_courses, template_workbook
from .tables import AreaCourseTable, CourseTable

AREA_PAGE_SIZE = 100


def month_url(center, year, month):
    return reverse("courses:month", args=[center.code, year, month])


def _grid_for_change(request, code, year, month):
    """The month's grid if this user may change its register, which changes like its figures
    (reports.editing): 404 for another center, 403 for a role that does not enter figures or a
    month that is submitted, approved, not started or of a closed year."""
    check_month(year, month)
    center = access.center_for_entry(request.user, code)
    grid = load_grid(center, year, month)
    if not editing.of_grid(request.user, grid):
        raise PermissionDenied("this month's register is read-only")
    return grid


@login_required
def month_courses(request, code, year, month):
    check_month(year, month)
    return _render_month(request, access.center_for_view(request.user, code), year, month)


def _render_month(request, center, year, month, status=200, **extra):
    grid = load_grid(center, year, month)
    courses = Course.objects.for_month(center, year, month).select_related("sector", "area").with_person_hours()
    editability = editing.of_grid(request.user, grid)
    editable = editability.allowed
    table = CourseTable(courses, sums(courses, enrolled=Sum("enrolled")), edit_url=(
        (lambda c: reverse("courses:edit", args=[center.code, year, month, c.pk])) if editable else None))
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "courses/month.html", {
        "center": center, "year": year, "month": month, "report": grid.report, "table": table,
        "editable": editable, "locked_because": editability.reason, "checks": register_checks(grid), "version": grid.version,
        "upload_form": UploadForm(initial={"version": grid.version}), **extra,
    }, status=status)


def register_checks(grid):
    """Per sector and area with courses: each derived measure's register value beside the
    figure saved in the month (None where the center has no commitment for that measure)."""
    by_area = {}
    for row in grid.rows:
        if row.is_derived:
            c = row.commitment
            entry = by_area.setdefault((c.sector.order, c.area.order), {
                "label": f"{local_name(c.sector)} – {local_name(c.area)}", "measures": {}})
            entry["measures"][c.measure.code] = {"derived": row.derived, "saved": row.saved.value if row.saved else None}
    return [{"label": a["label"], "cells": [(code, a["measures"].get(code)) for code in DERIVED_MEASURES]}
            for _key, a in sorted(by_area.items())]


@login_required
def add_course(request, code, year, month):
    grid = _grid_for_change(request, code, year, month)
    return _course_form(request, grid, None)


@login_required
def edit_course(request, code, year, month, pk):
    grid = _grid_for_change(request, code, year, month)
    course = get_object_or_404(Course, pk=pk, center=grid.center, year=year, month=month)
    return _course_form(request, grid, course)


def _course_form(request, grid, course):
    center, year, month = grid.center, grid.year, grid.month
    initial = {"version": grid.version}
    if request.method != "POST":
        form = CourseForm(center, year, month, course=course, initial=initial)
        return _render_form(request, grid, form, course)
    form = CourseForm(center, year, month, request.POST, course=course, initial=initial)
    if form.is_valid():
        try:
            services.save_course(form.apply(), request.user, form.cleaned_data["version"])
        except StaleReport:
            return _render_stale(request, grid, form, course)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The course was saved; the month's figures follow from the register."))
            return redirect(month_url(center, year, month))
    return _render_form(request, grid, form, course)


def _render_stale(request, grid, form, course):
    fresh = load_grid(grid.center, grid.year, grid.month)
    data = request.POST.copy()
    data["version"] = fresh.version
    form = CourseForm(grid.center, grid.year, grid.month, data, course=course)
    form.is_valid()
    return _render_form(request, fresh, form, course, status=409, conflict=_(
        "Someone else changed this month after you opened it; nothing was saved. Check the course register, "
        "then save again."))


def _render_form(request, grid, form, course, status=200, **extra):
    return render(request, "courses/course_form.html", {
        "center": grid.center, "year": grid.year, "month": grid.month, "form": form, "course": course,
        "remove_form": RemoveForm(initial={"version": grid.version}), **extra,
    }, status=status)


@login_required
@require_POST
def remove_course(request, code, year, month, pk):
    grid = _grid_for_change(request, code, year, month)
    course = get_object_or_404(Course, pk=pk, center=grid.center, year=year, month=month)
    form = RemoveForm(request.POST)
    try:
        if not form.is_valid():
            raise WorkflowError(_("The form was incomplete; open the course and try again."))
        services.remove_course(course, request.user, form.cleaned_data["version"])
    except StaleReport:
        messages.error(request, _("Someone else changed this month after you opened it; nothing was removed. Look again."))
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The course “%(title)s” was removed.") % {"title": course.title})
    return redirect(month_url(grid.center, year, month))


@login_required
def courses_template(request, code, year, month):
    check_month(year, month)
    center = access.center_for_view(request.user, code)
    return spreadsheets.xlsx_response(template_workbook(center, year, month),
                                      f"payesh-courses-{center.code}-{year}-{month:02d}.xlsx")


@login_required
@require_POST
def upload_courses(request, code, year, month):
    grid = _grid_for_change(request, code, year, month)
    center = grid.center
    upload = UploadForm(request.POST, request.FILES)
    try:
        if not upload.is_valid():
            raise SpreadsheetProblems(upload_problems(upload))
        courses = read_courses(center, year, month, upload.cleaned_data["workbook"])
        services.add_courses(center, year, month, courses, request.user, upload.cleaned_data["version"])
    except SpreadsheetProblems as bad:
        return _render_month(request, center, year, month, upload_problems=bad.problems)
    except StaleReport:
        return _render_month(request, center, year, month, status=409, upload_problems=[(None, _(
            "Someone else changed this month after you opened it; nothing was saved. Upload the file again."))])
    except WorkflowError as error:
        return _render_month(request, center, year, month, upload_problems=[(None, str(error))])
    messages.success(request, _("%(count)s courses were added from the workbook.") % {
        "count": display.number(len(courses))})
    return redirect(month_url(center, year, month))


@login_required
def area_courses(request):
    """One training area's courses of a year across centers (a head sees only their own)."""
    year = requested_year(request)
    current_year, _month = jalali.current_year_month()
    areas = list(TrainingArea.objects.filter(active=True))
    area = next((a for a in areas if a.code == request.GET.get("area")), None) or next(
        (a for a in areas if a.code == "rural_nomadic"), areas[0] if areas else None)
    if area is None:
        raise Http404("no training areas")
    courses = access.visible_courses(request.user, Course.objects.filter(area=area, year=year))
    courses = courses.select_related("center", "sector", "area").with_person_hours()
    table = AreaCourseTable(courses, sums(courses, enrolled=Sum("enrolled")))
    RequestConfig(request, paginate={"per_page": AREA_PAGE_SIZE}).configure(table)
    by_county = (courses.order_by().values("center__county_fa", "center__county_en")
                 .annotate(**aggregates()).order_by("-person_hours"))
    return render(request, "courses/area.html", {
        "area": area, "areas": areas, "year": year, "years": range(current_year, current_year - 4, -1),
        "table": table, "by_county": by_county,
    })

