"""The demo's notifications: the monthly cycle (notifications/cycle.py) played over the demo's
month, so the inboxes hold what the cycle would have sent by now: the reminders two days before
the deadline, and the day after it the late notices, the escalation, the director's digest, the
reports waiting for review and the action items due and overdue; and the workflow's steps on the
demo's last two months told to their heads at once (notifications/workflow.py: a month returned, a month
approved; the demo reopens none). A run is never played on a day
still to come (a notice dated tomorrow, or a late notice on a month still within its deadline,
would contradict the pages): while the demo's month is within its deadline, the day after the
previous month's deadline is played instead. Nothing is mailed; a second seed adds nothing (each
notification is made once)."""

import datetime

from django.utils import timezone

from payesh import jalali
from reports import deadlines


def cycle_days(year, month, today):
    """The days the demo plays the cycle on: two days before the month's deadline and the day
    after it, those not after `today`; the day after the previous month's deadline when the
    month's own has not passed."""
    due = deadlines.due_date(year, month)
    days = [day for day in (due - datetime.timedelta(days=2), due + datetime.timedelta(days=1)) if day <= today]
    if due + datetime.timedelta(days=1) > today:
        days.insert(0, deadlines.due_date(*jalali.previous_month(year, month)) + datetime.timedelta(days=1))
    return days


def seed_notifications(plan):
    from notifications import cycle

    now = timezone.now()
    today = jalali.today_jalali(now).togregorian()
    for day in cycle_days(plan.year, plan.last_month, today):
        at = datetime.datetime(day.year, day.month, day.day, 12, tzinfo=jalali.TEHRAN)
        cycle.run(now=min(at, now), send_mail=False)


def seed_workflow_notices(plan):
    """What the heads heard when the demo's last two months were returned or approved, dated when
    they were."""
    from notifications import workflow
    from notifications.models import Notification
    from notifications.services import notify_all
    from reports import signals
    from reports.models import MonthlyReport, ReportStatus

    steps = {ReportStatus.RETURNED: (signals.RETURNED, "returned"), ReportStatus.APPROVED: (signals.APPROVED, "approved")}
    reports = MonthlyReport.objects.filter(
        year=plan.year, month__in=[plan.last_month - 1, plan.last_month], status__in=steps).select_related(
        "center", "returned_by", "approved_by")
    tells, when = [], {}
    for report in reports:
        step, field = steps[report.status]
        by, at = getattr(report, f"{field}_by"), getattr(report, f"{field}_at")
        if by is None or at is None:
            continue
        tells += workflow.tells(report, step, by)
        when[f"report:{report.pk}"] = at
    notify_all(tells)
    for subject, at in when.items():
        Notification.objects.filter(about=subject, kind__in=[workflow.Kind.RETURNED, workflow.Kind.APPROVED]).update(created_at=at)
