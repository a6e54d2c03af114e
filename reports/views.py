"""Pages of the monthly workflow: a center's months, the entry grid, review, reopen, history,
the review queue, late and missing reports, and the month's workbook. Each view: an access-checked
fetch, a form, a service call, a message, a redirect."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from centers.models import Center
from commitments.models import Commitment, FiscalYear
from payesh import jalali, paging, spreadsheets
from payesh.display import digits, month_name
from payesh.forms import upload_problems
from payesh.i18n import local_name
from payesh.params import check_month, requested_month, requested_year

from . import deadlines, editing, services
from .forms import MonthForm, ReopenForm, ReviewForm, UploadForm
from .grid import load_grid, show_issues
from .history import report_history
from .models import MonthlyReport, ReportStatus
from .progress.statements import counted_figures, sums
from .quality.board import issues_of_reports
from .spreadsheet import SpreadsheetProblems, month_workbook, read_month_workbook

QUEUE_PER_PAGE = 50  # submitted reports on a page of the review queue


def entry_url(center, year, month):
    return reverse("entry:month", args=[center.code, year, month])


@dataclass
class MonthRow:
    month: int
    report: MonthlyReport | None
    due: object
    reporting: str  # reports.deadlines: on time, late, missing, returned, awaiting, not yet due
    future: bool
    editable: bool  # reports.editing: this user may change the month


@login_required
def center_months(request, code):
    center = access.center_for_view(request.user, code)
    year = requested_year(request)
    reports = {r.month: r for r in MonthlyReport.objects.filter(center=center, year=year)}
    closed = FiscalYear.is_closed(year)
    months = []
    for month in range(1, 13):
        report = reports.get(month)
        months.append(MonthRow(month, report, deadlines.due_date(year, month), deadlines.of_report(report, year, month),
                               jalali.is_future_month(year, month),
                               editing.editability(request.user, center, year, month, report, closed).allowed))
    years = sorted(set(Commitment.objects.confirmed().filter(center=center).values_list("year", flat=True)) | {jalali.current_year_month()[0]})
    return render(request, "reports/center_months.html", {
        "center": center, "year": year, "months": months, "years": years, "year_closed": closed,
    })


@login_required
def month_entry(request, code, year, month):
    check_month(year, month)
    center = access.center_for_view(request.user, code)
    if request.method == "POST" and not access.can_enter(request.user, center):
        raise PermissionDenied("this role does not enter figures")
    grid = load_grid(center, year, month)
    if request.method != "POST":
        return _render_entry(request, grid, MonthForm(grid))
    form = MonthForm(grid, request.POST, locked_because=editing.lock_reason(grid.year, grid.month, grid.report, grid.year_closed))
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            services.save_month(grid, form.entries, request.user, form.cleaned_data["version"], submit=submit)
        except services.StaleReport as stale:
            return _render_conflict(request, center, year, month, str(stale))
        except services.MissingFigures as missing:
            form.add_error(None, str(missing))
            for row in missing.rows:
                form.add_error(form.value_name(row), _("Needed before the month is submitted (0 if nothing was done)."))
        except services.WorkflowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The month was submitted for review.") if submit else _("The draft was saved."))
            return redirect(entry_url(center, year, month))
    return _render_entry(request, grid, form)


def _render_conflict(request, center, year, month, message):
    """Show the newer saved values next to what this user typed, with the current version, so
    they can compare and save again; nothing they typed is lost."""
    grid = load_grid(center, year, month)
    data = request.POST.copy()
    data["version"] = grid.version
    form = MonthForm(grid, data)
    return _render_entry(request, grid, form, conflict=message, status=409)


def _render_entry(request, grid, form, status=200, **extra):
    user, report = request.user, grid.report
    editability = editing.of_grid(user, grid)
    # the saved figures' rules and outliers, beside their rows and before the review's buttons
    # (after a refused save the messages beside the fields are those of what was typed)
    issues = show_issues(grid) if report is not None and not form.is_bound else []
    context = {
        "issues": issues,
        "grid": grid, "center": grid.center, "year": grid.year, "month": grid.month, "report": report, "form": form,
        "editable": editability.allowed, "locked_because": editability.reason,
        "due": deadlines.due_date(grid.year, grid.month),
        "reporting": deadlines.of_report(report, grid.year, grid.month),
        "can_review": access.can_review(user, grid.center) and report is not None and report.status == ReportStatus.SUBMITTED,
        "can_reopen": access.can_reopen(user, grid.center) and report is not None and report.status == ReportStatus.APPROVED,
        "can_undo_approval": access.can_undo_approval(user, report),
        "upload_form": UploadForm(initial={"version": grid.version}),
        "review_form": ReviewForm(initial={"version": grid.version}),
        "reopen_form": ReopenForm(initial={"version": grid.version}),
        **extra,
    }
    return render(request, "reports/month_entry.html", context, status=status)


@login_required
@require_POST
def review(request, code, year, month):
    """Approve or return a submitted report (planners)."""
    check_month(year, month)
    center = access.center_for_view(request.user, code)
    access.require_review(request.user, center)
    report = get_object_or_404(MonthlyReport, center=center, year=year, month=month)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The review form was incomplete; open the report and try again."))
    else:
        version, comment = form.cleaned_data["version"], form.cleaned_data["comment"]
        try:
            if "approve" in request.POST and comment.strip():
                # the comment box beside the button is for a return: approving would drop it unread
                raise services.WorkflowError(_("You wrote a comment for the center, but a comment goes only with a return. "
                                               "Return the report, or clear the comment to approve it."))
            if "approve" in request.POST:
                services.approve(report, request.user, version)
                messages.success(request, _("%(report)s was approved.") % {"report": _report_label(report)})
            else:
                services.return_report(report, request.user, version, comment)
                messages.success(request, _("%(report)s was returned to the center.") % {"report": _report_label(report)})
        except services.WorkflowError as error:
            messages.error(request, str(error))
    return redirect(_next_or(request, entry_url(center, year, month)))


@login_required
@require_POST
def reopen(request, code, year, month):
    """The director reopens an approved month (back to draft); the planner who approved it takes
    their approval back on the same day (undo_approval: back to review)."""
    check_month(year, month)
    center = access.center_for_view(request.user, code)
    undo = "undo_approval" in request.POST
    if undo:
        access.require_review(request.user, center)
    else:
        access.require_reopen(request.user, center)
    report = get_object_or_404(MonthlyReport, center=center, year=year, month=month)
    if undo and not access.can_undo_approval(request.user, report):
        messages.error(request, _("Only the planner who approved a month takes the approval back, on the day they made it; "
                                  "after that, the director reopens it."))
        return redirect(_next_or(request, entry_url(center, year, month)))
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise services.WorkflowError(_("Write the reason for reopening the month."))
        services.reopen(report, request.user, form.cleaned_data["version"], form.cleaned_data["reason"], back_to_review=undo)
        messages.success(request, (_("Your approval of %(report)s was taken back; it waits for review again.") if undo else
                                   _("%(report)s was reopened; the center can edit it again.")) % {"report": _report_label(report)})
    except services.WorkflowError as error:
        messages.error(request, str(error))
    return redirect(_next_or(request, entry_url(center, year, month)))


@login_required
def month_history(request, code, year, month):
    check_month(year, month)
    center = access.center_for_view(request.user, code)
    report = get_object_or_404(MonthlyReport.objects.select_related("center"), center=center, year=year, month=month)
    return render(request, "reports/history.html", {
        "center": center, "report": report, "year": year, "month": month, "changes": report_history(report),
    })


@login_required
def month_xlsx(request, code, year, month):
    check_month(year, month)
    center = access.center_for_view(request.user, code)
    return spreadsheets.xlsx_response(month_workbook(load_grid(center, year, month)),
                                      f"payesh-{center.code}-{year}-{month:02d}.xlsx")


@login_required
@require_POST
def month_upload(request, code, year, month):
    check_month(year, month)
    center = access.center_for_entry(request.user, code)
    grid = load_grid(center, year, month)
    upload = UploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _render_entry(request, grid, MonthForm(grid), upload_problems=upload_problems(upload))
    try:
        services.check_editable(grid)  # a locked month says so first, whatever the workbook holds
        entries = read_month_workbook(grid, upload.cleaned_data["workbook"])
        services.save_month(grid, entries, request.user, upload.cleaned_data["version"])
    except SpreadsheetProblems as bad:
        return _render_entry(request, grid, MonthForm(grid), upload_problems=bad.problems)
    except services.StaleReport as stale:
        grid = load_grid(center, year, month)
        return _render_entry(request, grid, MonthForm(grid), upload_problems=[(None, str(stale))], status=409)
    except services.WorkflowError as error:
        return _render_entry(request, grid, MonthForm(grid), upload_problems=[(None, str(error))])
    messages.success(request, _("The workbook was read and the draft saved; check the figures and submit."))
    return redirect(entry_url(center, year, month))


@login_required
def review_queue(request):
    """Submitted reports of the user's provinces, oldest first, a page at a time; with the count
    waiting in each province for one who reads several."""
    access.require_province(request.user)
    centers = access.viewable_centers(request.user, Center.objects.all())
    waiting = MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED, center__in=centers)
    page = paging.page_of(request, waiting.select_related("center", "submitted_by").order_by("submitted_at", "pk"),
                          QUEUE_PER_PAGE)
    reports = list(page.object_list)
    totals = _primary_totals(reports)
    issues = issues_of_reports(reports)
    rows = []
    for r in reports:
        previous = totals.get((r.center_id, *jalali.previous_month(r.year, r.month)))
        current = totals.get((r.center_id, r.year, r.month), 0)
        change = (current - previous) / previous if previous else None
        rows.append({"report": r, "total": current, "previous": previous, "change": change,
                     "reporting": deadlines.of_report(r, r.year, r.month), "issues": issues.get(r.pk, []),
                     "can_review": access.can_review(request.user, r.center)})
    return render(request, "reports/review_queue.html", {
        "rows": rows, "page": page, "query": paging.query_without_page(request),
        "by_province": _waiting_by_province(request.user, waiting),
        "can_review": any(row["can_review"] for row in rows), "form": ReviewForm(),
        "approved_today": _approvals_to_undo(request.user),
    })


def _approvals_to_undo(user):
    """The approvals this user may still take back (accounts.access.can_undo_approval: their
    own, of today), newest first."""
    if not access.can_review(user):
        return []
    recent = (MonthlyReport.objects.filter(status=ReportStatus.APPROVED, approved_by=user,
                                           approved_at__gte=timezone.now() - datetime.timedelta(days=1))
              .select_related("center").order_by("-approved_at", "-pk"))
    return [r for r in recent if access.can_undo_approval(user, r)]


def _waiting_by_province(user, waiting):
    """[(province name, reports waiting)] for a user who reads more than one province, in one
    grouped query; none for a province's own people."""
    found = access.directorate_provinces(user)
    if not found.everywhere and len(found.ids) < 2:
        return []
    counted = (waiting.values("center__province__name_fa", "center__province__name_en")
               .annotate(n=Count("pk")).order_by("center__province__code"))
    return [(local_name(row, "center__province__name"), row["n"]) for row in counted]


PRIMARY_MEASURE = "person_hours"


def _primary_totals(reports):
    """Counted person-hours (reports.progress) of each (center, year, month) the queue shows and
    of the month before, in one grouped query. The submitted month itself counts; a month before
    that is a draft or returned does not, and shows a dash."""
    if not reports:
        return {}
    centers = {r.center_id for r in reports}
    years = {r.year for r in reports} | {r.year - 1 for r in reports}
    figures = counted_figures().filter(
        measure__code=PRIMARY_MEASURE, report__center_id__in=centers, report__year__in=years)
    return sums(figures, ["report__center_id", "report__year", "report__month"])


@login_required
def late_reports(request):
    access.require_province(request.user)
    year, month = requested_month(request)
    rows = deadlines.late_and_missing(year, month, centers=access.viewable_centers(request.user, Center.objects.all()))
    return render(request, "reports/late_reports.html", {
        "rows": rows, "year": year, "month": month, "due": deadlines.due_date(year, month),
        "months": range(1, 13), "previous": jalali.previous_month(year, month), "next": jalali.next_month(year, month),
    })


def _report_label(report):
    return f"{local_name(report.center)} – {month_name(report.month)} {digits(report.year)}"


def _next_or(request, default):
    """The page the form came from, when it is one of ours (never another site: '//x' or '/\\x')."""
    target = request.POST.get("next", "")
    ours = target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                                      require_https=request.is_secure())
    return target if ours else default
