"""The demo's notifications: the monthly cycle (notifications/cycle.py) played over the demo's
month, so every kind is in the inboxes: the reminders two days before the deadline, then the day
after it the late notices, the escalation, the director's digest, the reports waiting for review
and the action items due and overdue. Nothing is mailed; a second seed adds nothing (each
notification is made once)."""

import datetime

from payesh import jalali
from reports import deadlines


def seed_notifications(plan):
    from notifications import cycle

    due = deadlines.due_date(plan.year, plan.last_month)
    for day in (due - datetime.timedelta(days=2), due + datetime.timedelta(days=1)):
        cycle.run(now=datetime.datetime(day.year, day.month, day.day, 12, tzinfo=jalali.TEHRAN), send_mail=False)
