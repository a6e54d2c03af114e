"""A month's reporting status: the one rule (docs/design.md, "A month's reporting status"), its
one set of words, and the late and missing list.

Every page that says whether a center has reported a month asks `reporting_status` (or
`of_report`): the late list, the center's months and a month's entry page, the province table's
"Month's report" column, the reporting grid, the review queue's late flag and the meeting
snapshot. The statuses are decided in this order: on time / late, returned, not yet due,
awaiting, missing.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from centers.models import Center
from commitments.models import Commitment
from payesh import jalali

from .models import COUNTED_STATUSES, MonthlyReport, ReportStatus

ON_TIME, LATE, MISSING, RETURNED, AWAITING, NOT_DUE = "on_time", "late", "missing", "returned", "awaiting", "not_due"
REPORTED = (ON_TIME, LATE)

LABELS = {
    ON_TIME: pgettext_lazy("reporting status", "on time"),
    LATE: pgettext_lazy("reporting status", "late"),
    MISSING: pgettext_lazy("reporting status", "missing"),
    RETURNED: pgettext_lazy("reporting status", "returned"),
    AWAITING: pgettext_lazy("reporting status", "awaiting"),
    NOT_DUE: pgettext_lazy("reporting status", "not yet due"),
}


def label(code: str | None) -> str:
    """The words for a reporting status code; "" for None (a frozen snapshot without one)."""
    return str(LABELS[code]) if code in LABELS else ""


def deadline_day() -> int:
    return settings.PAYESH_REPORT_DEADLINE_DAY


def due_date(year: int, month: int) -> datetime.date:
    return jalali.report_deadline(year, month, deadline_day())


@functools.lru_cache(maxsize=512)
def _moments(year: int, month: int, day: int) -> tuple[datetime.datetime, datetime.datetime]:
    """(end of the month, start of lateness) as aware datetimes."""
    return jalali.month_end(year, month), jalali.deadline_end(year, month, day)


def reporting_status(year: int, month: int, status: str | None = None, submitted_at: datetime.datetime | None = None,
                     approved_at: datetime.datetime | None = None, now: datetime.datetime | None = None) -> str:
    """The reporting status of one center's month, from its report's status and times (all None
    when there is no report)."""
    return reporting_rule(year, month, now)(status, submitted_at, approved_at)


def reporting_rule(year: int, month: int, now: datetime.datetime | None = None) -> Callable[..., str]:
    """reporting_status of one month, as a function of a report's status and times: asked for
    every center of a board, it reads the month's deadline once."""
    month_over, late_from = _moments(year, month, deadline_day())
    now = now or timezone.now()
    unreported = NOT_DUE if now < month_over else AWAITING if now < late_from else MISSING

    def status_of(status: str | None = None, submitted_at: datetime.datetime | None = None,
                  approved_at: datetime.datetime | None = None) -> str:
        if status in COUNTED_STATUSES:
            arrived = submitted_at or approved_at
            return LATE if arrived is not None and arrived >= late_from else ON_TIME
        if status == ReportStatus.RETURNED:
            return RETURNED
        return unreported

    return status_of


def of_report(report: MonthlyReport | None, year: int, month: int, now: datetime.datetime | None = None) -> str:
    """reporting_status of a MonthlyReport (or None: no report)."""
    if report is None:
        return reporting_status(year, month, now=now)
    return reporting_status(year, month, report.status, report.submitted_at, report.approved_at, now=now)


@dataclass
class OwedReport:
    center: Center
    report: MonthlyReport | None
    state: str


def owing_centers(year: int) -> QuerySet[Center]:
    """The centers that owe a report for each month of the year: those with a commitment in force."""
    return Center.objects.filter(Exists(Commitment.objects.in_force(year).filter(center=OuterRef("pk")))).order_by("code")


def late_and_missing(year: int, month: int, now: datetime.datetime | None = None,
                     centers: QuerySet[Center] | None = None) -> list[OwedReport]:
    """The centers (of `centers`, a queryset, when given: a province's) that owe the month's
    report and have not delivered it on time (late, missing, returned, awaiting or not yet due),
    in two queries."""
    reports = MonthlyReport.objects.filter(year=year, month=month)
    owing = owing_centers(year)
    if centers is not None:
        reports, owing = reports.filter(center__in=centers), owing.filter(pk__in=centers.values("pk"))
    by_center = {r.center_id: r for r in reports}
    rows = []
    for center in owing:
        report = by_center.get(center.pk)
        state = of_report(report, year, month, now)
        if state != ON_TIME:
            rows.append(OwedReport(center, report, state))
    return rows
