"""Dashboard pages. Everyone who reads a province (its directorate and heads, the national roles)
reads its dashboards (the monthly meeting reviews all centers in front of all heads); another
province, asked for by its code or by a center of it, answers 404, and the national view of
every center is the national roles'. The numbers come from reports/progress/ only. A center's
uncounted work (a draft's or returned report's figures, per-figure comments, return reasons),
remarks, action items and course-register links are for the directorate and that center's head
(accounts.access)."""

import functools
from collections import Counter

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from accounts import access, roles
from centers.models import Center
from commitments import reference
from courses.models import Course
from meetings import services as meetings
from payesh import dataversion, paging
from payesh.charts import chart
from payesh.params import check_month
from payesh.routers import dashboard_read
from reports import deadlines
from reports.models import Figure, MonthlyReport
from reports.progress import years
from reports.progress.center_board import area_months, center_and_reports, center_board
from reports.progress.statements import fill_months

from . import caching, charts, exports, record
from .forms import DashboardFilters
from .labels import PROGRESS_STATUS, REPORT_STATUS
from .tables import ProvinceTable, center_records, total_record

PER_PAGE = 100
FOCUS_AREAS = ("rural_nomadic", "workplace")
CENTER_SELECTORS = ("year", "month", "sector", "measure", "approved")


def dashboard(view):
    """A dashboard page: signed in; its reads on the replica once it has caught up (payesh.routers);
    the reference lists read at most once."""

    @login_required
    @dashboard_read
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        with reference.remembered():
            return view(request, *args, **kwargs)

    return wrapper


def filters_of(request, only=None):
    """The page's selectors for this user (dashboards.forms.DashboardFilters): 403 for one who
    reads no province, 404 for another province than theirs."""
    access.require(access.reading_provinces(request.user) or access.can_see_national(request.user))
    filters = DashboardFilters(request.GET, only=only, user=request.user)
    if filters.refused:
        raise Http404("no such province")
    return filters


def _readable_center(user, center):
    """The center if the user reads its province, else 404."""
    if center is None or not access.can_read_center(user, center):
        raise Http404("no such center")
    return center


def _province_table(request, board, paginate=True):
    exclude = () if board.selection.province is None else ("province",)
    if not board.total.outside:
        exclude += ("outside",)  # a column of work outside the commitments where there is some
    table = ProvinceTable(center_records(board), total_record(board), order_by=request.GET.get("sort"), exclude=exclude)
    if paginate:
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


@login_required
def home(request):
    """The province dashboard for director, planner and staff; a head's own months; the list of
    centers for anyone else signed in."""
    if access.can_see_province(request.user):
        return province(request)
    if access.is_center_head_only(request.user):
        return redirect("entry:months", code=roles.headed_center(request.user).code)
    return center_list(request)


@login_required
def center_list(request):
    """Every active center of the provinces the user reads, with its head and its most recent report."""
    centers = access.readable_centers(request.user, Center.objects.active().select_related("head"))
    active = MonthlyReport.objects.latest_of_centers(centers).order_by("code")
    rows = [(c, REPORT_STATUS.get(c.latest_status)) for c in active]
    return render(request, "dashboards/centers.html", {"rows": rows, "today": timezone.localdate()})


@dashboard
def province(request):
    filters = filters_of(request)
    selection = filters.selection()
    body = caching.html("province", request, selection, lambda: _province_body(request, selection))
    body = _among_provinces(request, selection, body)
    return render(request, "dashboards/province.html", {"filters": filters, "selection": selection, "body": body,
                                                        "as_of": filters.as_of()})


def _province_body(request, selection):
    """The headline, the table and the charts: most of the page's work, cached as HTML."""
    board = caching.board(selection)
    fill_months(selection, [r.line for r in charts.centers_to_show(board.rows)[0]])  # the heatmap's
    context = {
        "selection": selection, "board": board, "counts": board.status_counts(),
        "table": _province_table(request, board),
        "charts": [
            chart("target-vs-actual", _("Target and actual by center, by pace"), charts.target_vs_actual(board),
                  phone=charts.ranked(board)),
            chart("pace-heatmap", _("Monthly pace of each center"), charts.pace_heatmap(board), phone=charts.pace_rows(board)),
            chart("by-sector", _("By sector"), charts.breakdown(board.by_sector), phone=charts.breakdown_bars(board.by_sector)),
            chart("by-area", _("By training area"), charts.breakdown(board.by_area), phone=charts.breakdown_bars(board.by_area)),
            chart("cumulative", _("Cumulative actual against the phased target"), charts.cumulative(board.total)),
        ],
        "query": request.GET.urlencode(),
        "labels": PROGRESS_STATUS,
        "provinces": [(p, _with_param(request, "province", p.province.code)) for p in board.by_province],
        # a province's (the national view reads no earlier year: a year of the country's figures)
        "last_year": caching.against_last_year(selection, board.total) if selection.province is not None else None,
        "rank_card_slot": RANK_CARD_SLOT, "ranks_slot": RANKS_SLOT,
    }
    return render_to_string("dashboards/_province_body.html", context, request)


# Where the province's cached body takes the provinces' ranks: every province's numbers, cached at
# the national version, while the body is cached at its province's (payesh/dataversion.py).
RANK_CARD_SLOT = mark_safe("<!--payesh:rank-among-provinces-->")
RANKS_SLOT = mark_safe("<!--payesh:province-ranks-->")


def _among_provinces(request, selection, body):
    """The body with a province's rank among the provinces, with every province's totals (no
    other province's centers), where the country has more than one; nothing on the national view."""
    card = table = ""
    if selection.province is not None and len(reference.lists().provinces) > 1:
        card, table = caching.province_ranks_html(selection, lambda ranks: _ranks_html(request, selection, ranks))
    return mark_safe(body.replace(RANK_CARD_SLOT, card).replace(RANKS_SLOT, table))


def _ranks_html(request, selection, ranks):
    """(the rank card, the provinces' table) of a province among the ranked provinces; nothing
    when it is not ranked among others."""
    own = next((p for p in ranks if p.province.pk == selection.province.pk), None)
    if len(ranks) <= 1 or own is None:
        return "", ""
    context = {"ranks": ranks, "own_rank": own}
    return (render_to_string("dashboards/_rank_card.html", context, request),
            render_to_string("dashboards/_province_ranks.html", context, request))


def _charts_html(built):
    """Charts with the tables of their numbers, as HTML (cached by the pages)."""
    return render_to_string("dashboards/_charts.html", {"charts": built})


def _with_param(request, name, value):
    """This page's address with one query parameter replaced (and the table's page reset)."""
    query = request.GET.copy()
    query[name] = value
    query.pop("page", None)
    return f"?{query.urlencode()}"


@dashboard
def years_page(request):
    """The province (or, in the national view, the country with each province) this year against
    last year to the same month, and its years of record."""
    filters = filters_of(request)
    selection = filters.selection()
    body = caching.html("years", request, selection, lambda: record.years_html(
        request, selection, centers=[r.center for r in caching.board(selection, breakdown=False).rows]))
    return render(request, "dashboards/years.html", {"filters": filters, "selection": selection, "body": body,
                                                     "query": request.GET.urlencode(), "as_of": filters.as_of()})


@dashboard
def years_export(request):
    """The years page's two tables as a workbook (a province's, or the country's by province for
    the national roles); the same doors as the page (filters_of: a province the user does not
    read is 404)."""
    filters = filters_of(request)
    selection = filters.selection()
    centers = [r.center for r in caching.board(selection, breakdown=False).rows]
    found, comparisons, records = record.years_tables(request, selection, centers=centers)
    title = _("Year over year and the years of record")
    as_of = filters.as_of()
    return exports.years_xlsx(exports.file_name("payesh-years", selection, as_of), found, comparisons, records,
                              exports.title_lines(title, filters, selection, as_of))


@dashboard
def province_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = filters_of(request)
    selection = filters.selection()
    board = caching.board(selection, breakdown=False)
    table = _province_table(request, board, paginate=False)
    as_of = filters.as_of()
    name = exports.file_name("payesh", selection, as_of)
    if fmt == "csv":
        return exports.as_csv(name, *exports.table_rows(table))
    so_far = " so far" if as_of.running else ""
    return exports.as_xlsx(name, *exports.table_rows(table), title=f"{selection.year}-{selection.month:02d}{so_far}",
                           title_lines=exports.title_lines(_("Progress against commitments"), filters, selection, as_of))


def _center(code):
    return get_object_or_404(Center.objects.select_related("province"), code=code)


def _course_months(user, center, year, area=None):
    """The months whose figures come from the center's course register, for a link there; none
    for a user who may not open the register (a head of another center)."""
    if not access.can_view_center(user, center):
        return set()
    return dataversion.get_or_compute("course-months", (center.pk, year, area.pk if area else None),
                                      lambda: Course.objects.months_of(center, year, area), province=center.province_id)


def _meeting_follow_up(user, center):
    """The center's remarks from past meetings and its open action items, for the directorate and
    the center's head (a head reads the meetings of their own center only, as on a meeting page)."""
    if not access.can_view_center(user, center):
        return {"follow_up": False}
    remarks, items = dataversion.get_or_compute("follow-up", (center.pk, timezone.localdate()), lambda: (
        list(meetings.past_remarks_for_center(center)), list(meetings.open_items_for_center(center))),
        province=center.province_id)
    return {"follow_up": True, "remarks": remarks, "open_items": items}


@dashboard
def center(request, code):
    filters = filters_of(request, only=CENTER_SELECTORS + ("area",))
    selection = filters.selection()
    center, reports = center_and_reports(code, selection.year)
    _readable_center(request.user, center)
    cb = caching.numbers("center", selection, lambda now: center_board(
        selection, center, now=now, reports=reports, earlier_years=years.earlier(selection.year)), center.pk,
                       province=center.province_id)
    line = cb.row.line
    context = {
        "filters": filters, "selection": selection, "center": center, "cb": cb, "line": line, "as_of": filters.as_of(),
        # the headline, the sector and area tables and the charts: the same for everyone, cached
        "numbers": caching.html("center-numbers", request, selection, lambda: render_to_string(
            "dashboards/_center_numbers.html", {"center": center, "cb": cb, "line": line, "query": request.GET.urlencode()}),
            center.pk, province=center.province_id),
        "numbers_charts": caching.html("center-charts", request, selection, lambda: _charts_html([
            chart("monthly", _("Monthly actual against the phased target"), charts.monthly(line)),
            chart("cumulative", _("Cumulative actual against the phased target"), charts.cumulative(line)),
            chart("by-area", _("By training area"), charts.breakdown(cb.by_area), phone=charts.breakdown_bars(cb.by_area)),
        ]), center.pk, province=center.province_id),
        "years": caching.html("center-years", request, selection, lambda: record.years_html(request, selection, center=center, cb=cb),
                              center.pk, province=center.province_id),
        "reports": [(r, REPORT_STATUS[r.status]) for r in cb.reports],
        "shows_notes": access.can_see_uncounted(request.user, center),
        "labels": PROGRESS_STATUS,
        "query": request.GET.urlencode(),
        "course_months": _course_months(request.user, center, selection.year),
        **_meeting_follow_up(request.user, center),
    }
    return render(request, "dashboards/center.html", context)


@dashboard
def center_area(request, code, area):
    area = reference.lists().by_code("areas", area)
    filters = filters_of(request, only=CENTER_SELECTORS)
    selection = filters.selection()
    center, reports = center_and_reports(code, selection.year)
    _readable_center(request.user, center)
    if area is None:
        raise Http404("no such training area")
    reports = {r.month: r for r in reports}
    line = caching.numbers("area-months", selection, lambda now: area_months(selection, center, area, now=now),
                           center.pk, area.pk, province=center.province_id)
    months = [
        {"month": m, "phased": line.phased[m - 1], "actual": line.monthly[m - 1] if m <= selection.month else None,
         "pace": line.monthly_pace(m), "report": reports.get(m),
         "status": REPORT_STATUS.get(reports[m].status) if m in reports else None}
        for m in range(1, 13)
    ]
    context = {
        "filters": filters, "selection": selection, "center": center, "area": area, "line": line, "months": months,
        "as_of": filters.as_of(),
        "labels": PROGRESS_STATUS, "query": request.GET.urlencode(),
        "course_months": _course_months(request.user, center, selection.year, area),
        "charts": caching.html("area-charts", request, selection, lambda: _charts_html(
            [chart("monthly", _("Monthly actual against the phased target"), charts.monthly(line))]), center.pk, area.pk,
            province=center.province_id),
    }
    return render(request, "dashboards/center_area.html", context)


@dashboard
def center_month(request, code, year, month):
    check_month(year, month)
    center = _readable_center(request.user, _center(code))
    report = MonthlyReport.objects.filter(center=center, year=year, month=month).first()
    shows_figures = access.can_see_figures(request.user, center, report)
    figures = []
    if shows_figures:
        figures = list(Figure.objects.filter(report=report).select_related("sector", "area", "measure")
                       .order_by("sector__order", "area__order", "measure__order"))
    return render(request, "dashboards/center_month.html", {
        "center": center, "year": year, "month": month, "report": report, "figures": figures,
        "figures_withheld": report is not None and not shows_figures,
        "shows_notes": access.can_see_uncounted(request.user, center),
        "status": REPORT_STATUS.get(report.status) if report else None,
        "deadline": deadlines.due_date(year, month),
        "has_courses": month in _course_months(request.user, center, year),
    })


@dashboard
def focus(request):
    """Rural/nomadic and workplace training across centers and the three sectors side by side;
    the national view's center lists a page at a time (one page number for them all)."""
    filters = filters_of(request, only=("year", "month", "province", "sector", "measure", "approved"))
    selection = filters.selection()
    lists = reference.lists()
    areas = [area for code in FOCUS_AREAS if (area := lists.by_code("areas", code)) is not None]
    found = caching.focus(selection, areas)
    page = paging.page_of(request, range(len(found.centers)), PER_PAGE)  # the centers' positions
    # each area's centers furthest behind first (ties in code order), on the same page
    focus_boards = [{"area": found_area.area, "total": found_area.total,
                     "rows": found.area_rows(found_area, paging.same_page(page, found_area.behind_first())),
                     "without": found.area_rows(found_area, paging.same_page(page, found_area.without()))}
                    for found_area in found.areas]
    return render(request, "dashboards/focus.html", {
        "filters": filters, "selection": selection, "focus_boards": focus_boards, "sectors": found.sectors,
        "sector_rows": found.sector_rows(page.object_list), "page": page, "labels": PROGRESS_STATUS, "query": request.GET.urlencode(),
        "page_query": paging.query_without_page(request), "as_of": filters.as_of(),
    })


@dashboard
def reporting(request):
    """The centers x months grid of reporting statuses, with each month's rate; the national view
    counts each province's centers that have not reported and pages the grid."""
    filters = filters_of(request, only=("year", "month", "province"))
    selection = filters.selection()
    rows = caching.reporting(selection)
    months = list(range(1, selection.month + 1))
    owing = [r for r in rows if r.owes_report]
    rates = []
    for i in months:
        done = sum(1 for r in owing if r.cells[i - 1][1] in deadlines.REPORTED)
        rates.append((i, done, len(owing), done / len(owing) if owing else None))
    not_reported = [r for r in owing if r.cells[-1][1] not in deadlines.REPORTED]
    page = paging.page_of(request, rows, PER_PAGE)
    return render(request, "dashboards/reporting.html", {
        "filters": filters, "selection": selection, "rows": page.object_list, "page": page, "months": months,
        "rates": rates, "not_reported": not_reported if selection.province is not None else [],
        "not_reported_count": len(not_reported), "as_of": filters.as_of(),
        "by_province": _not_reported_by_province(request, owing, not_reported) if selection.province is None else [],
        "report_labels": REPORT_STATUS, "deadline_day": deadlines.deadline_day(), "query": request.GET.urlencode(),
        "page_query": paging.query_without_page(request),
    })


def _not_reported_by_province(request, owing, not_reported):
    """The national view's month by province: (province, its reporting page, owed, not reported)."""
    owed, missing = Counter(r.center.province_id for r in owing), Counter(r.center.province_id for r in not_reported)
    return [(p, _with_param(request, "province", p.code), owed[p.pk], missing[p.pk])
            for p in reference.lists().provinces if owed[p.pk]]
