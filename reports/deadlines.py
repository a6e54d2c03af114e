"""When a month's report is due, and which centers are late or missing.

A report of month m is due by day PAYESH_REPORT_DEADLINE_DAY of month m+1 (Tehran time). It is
late when it was submitted after that day; it is missing when the day has passed and nothing
counted (submitted or approved) has arrived. Centers owe a report when they are active and have
a confirmed commitment that year (a draft copied forward is not in force yet).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from centers.models import Center
from commitments.models import Commitment
from payesh import jalali

from .models import MonthlyReport


def due_date(year, month):
    return jalali.report_deadline(year, month, settings.PAYESH_REPORT_DEADLINE_DAY)


def late_after(year, month):
    return jalali.deadline_end(year, month, settings.PAYESH_REPORT_DEADLINE_DAY)


def timeliness(report, year, month, now=None):
    """'on_time', 'late', 'missing' (overdue, nothing counted) or 'due' (not yet overdue)."""
    now = now or timezone.now()
    end = late_after(year, month)
    if report is not None and report.is_counted and report.submitted_at:
        return "late" if report.submitted_at >= end else "on_time"
    return "missing" if now >= end else "due"


@dataclass
class OwedReport:
    center: Center
    report: MonthlyReport | None
    state: str


def owing_centers(year):
    return Center.objects.active().filter(
        Exists(Commitment.objects.confirmed().filter(year=year, center=OuterRef("pk")))
    ).order_by("code")


def late_and_missing(year, month, now=None):
    """The centers whose report of the month is late, missing or still due, in two queries."""
    reports = {r.center_id: r for r in MonthlyReport.objects.filter(year=year, month=month)}
    rows = []
    for center in owing_centers(year):
        report = reports.get(center.pk)
        state = timeliness(report, year, month, now)
        if state != "on_time":
            rows.append(OwedReport(center, report, state))
    return rows

