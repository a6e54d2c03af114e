"""The demo's notifications: the monthly cycle (notifications/cycle.py) played over the demo's
month, so the inboxes hold what the cycle would have sent by now: the reminders two days before
the deadline, and the day after it the late notices, the escalation, the director's digest, the
reports waiting for review and the action items due and overdue. A run is never played on a day
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
