"""The monthly cycle: who is told what, on which day (the rules: docs/design.md, "The monthly
cycle"). Run by `manage.py run_cycle`; each notification is made once (notifications/models.py).
The deadline is reports.deadlines.due_date, each center's state comes from the one reporting rule
(reports.deadlines), the digest's numbers from the progress engine (reports/progress/).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centers.models import Center, Province
from meetings.models import ActionItem
from meetings.month_review import UNREPORTED
from payesh import display, jalali
from payesh.i18n import local_name
from reports import deadlines
from reports.models import MonthlyReport, ReportStatus

from . import digest, mail
from .models import Kind
from .periods import month_label, period_of
from .recipients import Directorates
from .services import Message, notify


@dataclass
class Outcome:
    made: dict = field(default_factory=dict)  # kind -> count
    mailed: int = 0

    def add(self, kind, notification):
        if notification is not None:
            self.made[kind] = self.made.get(kind, 0) + 1

    @property
    def total(self):
        return sum(self.made.values())


def run(now=None, send_mail=True):
    """One run of the cycle as of `now` (an aware datetime; the current time by default)."""
    now = now or timezone.now()
    today = jalali.today_jalali(now)
    year, month = jalali.previous_month(today.year, today.month)
    outcome = Outcome()
    directorates = Directorates()
    reporting_month(outcome, year, month, now, directorates)
    waiting_reviews(outcome, now, directorates)
    action_items(outcome, today.togregorian(), now, directorates)
    if send_mail:
        outcome.mailed = mail.send_pending()
    return outcome


def reporting_month(outcome, year, month, now, directorates):
    """The month under report: reminders and late notices to heads, escalations and the digest to
    the directorate of each province."""
    due = deadlines.due_date(year, month)
    days_left = (due - jalali.today_jalali(now).togregorian()).days
    owed = deadlines.late_and_missing(year, month, now)
    tell_heads(outcome, owed, year, month, due, days_left, now)
    for province in Province.objects.order_by("code"):
        tell_directorate(outcome, province, [row for row in owed if row.center.province_id == province.pk],
                         year, month, days_left, now, directorates)


def heads_of(owed):
    """{center id: its head (a user)} of the owed rows' centers that have one, in two queries."""
    heads = dict(Center.objects.filter(pk__in=[row.center.pk for row in owed]).values_list("pk", "head_id"))
    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=[pk for pk in heads.values() if pk])}
    return {center_id: people[head_id] for center_id, head_id in heads.items() if head_id in people}


def tell_heads(outcome, owed, year, month, due, days_left, now):
    """Before the deadline a reminder to each head whose month is not counted yet; after it, a
    late notice to each head whose month is missing or returned."""
    period = period_of(year, month)
    heads = heads_of(owed)
    for row in owed:
        head = heads.get(row.center.pk)
        if head is None:
            continue
        if 0 <= days_left <= settings.PAYESH_REMINDER_DAYS and row.state in (deadlines.AWAITING, deadlines.RETURNED):
            outcome.add(Kind.REMINDER, notify(head, Kind.REMINDER, f"center:{row.center.code}", period,
                                              lambda row=row: reminder(row, year, month, due), now))
        if days_left < 0 and row.state in (deadlines.MISSING, deadlines.RETURNED):
            outcome.add(Kind.LATE, notify(head, Kind.LATE, f"center:{row.center.code}", period,
                                          lambda row=row: late_notice(row, year, month, due), now))


def tell_directorate(outcome, province, owed, year, month, days_left, now, directorates):
    """After the deadline, one list of the province's late, returned and missing centers to the
    province's director and planners; once the month's reporting has closed, the digest."""
    late = [row for row in owed if row.state in UNREPORTED] if days_left < 0 else []
    if late:
        for person in directorates.escalation(province.pk):
            outcome.add(Kind.ESCALATION, notify(person, Kind.ESCALATION, f"province:{province.code}", period_of(year, month),
                                                lambda: escalation(late, year, month), now))
    all_reported = all(row.state in deadlines.REPORTED for row in owed)
    if days_left < 0 or all_reported:  # the month's reporting has closed
        digest.send(outcome, province, year, month, now, directorates.digest(province.pk))


def reminder(row, year, month, due):
    return Message(
        _("Reminder: the report of %(month)s is due by %(due)s") % {"month": month_label(year, month), "due": display.date(due)},
        _("The report of %(center)s for %(month)s has not been submitted yet (%(state)s). It is due by %(due)s.") % {
            "center": local_name(row.center), "month": month_label(year, month), "state": deadlines.label(row.state),
            "due": display.date(due)},
        reverse("entry:month", args=[row.center.code, year, month]),
    )


def late_notice(row, year, month, due):
    return Message(
        _("Late: the report of %(month)s was due by %(due)s") % {"month": month_label(year, month), "due": display.date(due)},
        _("The report of %(center)s for %(month)s was due by %(due)s and has not been submitted (%(state)s). "
          "Please submit it as soon as you can.") % {
            "center": local_name(row.center), "month": month_label(year, month), "state": deadlines.label(row.state),
            "due": display.date(due)},
        reverse("entry:month", args=[row.center.code, year, month]),
    )


def escalation(late, year, month):
    lines = [f"- {local_name(row.center)}: {deadlines.label(row.state)}" for row in late]
    return Message(
        ngettext("%(count)s center has not reported %(month)s on time",
                 "%(count)s centers have not reported %(month)s on time", len(late)) % {
            "count": display.digits(len(late)), "month": month_label(year, month)},
        _("Centers late, returned or missing for %(month)s:") % {"month": month_label(year, month)} + "\n" + "\n".join(lines),
        reverse("entry:late") + f"?year={year}&month={month}",
    )


def waiting_reviews(outcome, now, directorates):
    """Each report waiting too long, to the planners of its center's province."""
    waited = datetime.timedelta(days=settings.PAYESH_REVIEW_WAIT_DAYS)
    waiting = list(MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED, submitted_at__lte=now - waited)
                   .select_related("center").order_by("submitted_at", "pk"))
    for report in waiting:
        since = jalali.today_jalali(report.submitted_at)
        for planner in directorates.reviewers(report.center.province_id):
            outcome.add(Kind.REVIEW_WAITING, notify(
                planner, Kind.REVIEW_WAITING, f"report:{report.pk}", since.togregorian().isoformat(),
                lambda report=report: review_waiting(report), now))


def review_waiting(report):
    return Message(
        _("Waiting for review: %(center)s, %(month)s") % {
            "center": local_name(report.center), "month": month_label(report.year, report.month)},
        _("The report of %(center)s for %(month)s was submitted on %(date)s and waits for your review.") % {
            "center": local_name(report.center), "month": month_label(report.year, report.month),
            "date": display.date(report.submitted_at)},
        reverse("entry:month", args=[report.center.code, report.year, report.month]),
    )


def owners_of(item, directorates):
    """The head of the item's center; where a person is named instead, the planners of the
    meeting's province."""
    head = item.responsible_center.head if item.responsible_center_id else None
    return [head] if head is not None else directorates.reviewers(item.meeting.province_id)


def action_items(outcome, today, now, directorates):
    soon = today + datetime.timedelta(days=settings.PAYESH_ACTION_DUE_DAYS)
    items = list(ActionItem.objects.open().filter(due_date__lte=soon)
                 .select_related("meeting", "responsible_center__head").order_by("due_date", "pk"))
    for item in items:
        kind = Kind.ACTION_OVERDUE if item.is_overdue(on=today) else Kind.ACTION_DUE
        for owner in owners_of(item, directorates):
            outcome.add(kind, notify(owner, kind, f"action:{item.pk}", item.due_date.isoformat(),
                                     lambda item=item, kind=kind: action_message(item, kind), now))


def action_message(item, kind):
    text = item.text if len(item.text) <= 80 else item.text[:79] + "…"
    title = (_("Overdue action item: %(text)s") if kind == Kind.ACTION_OVERDUE
             else _("Action item due by %(due)s: %(text)s")) % {"text": text, "due": display.date(item.due_date)}
    return Message(
        title,
        _("Decided at %(meeting)s: %(text)s\nResponsible: %(owner)s\nDue date: %(due)s") % {
            "meeting": item.meeting.title, "text": item.text, "owner": item.owner, "due": display.date(item.due_date)},
        reverse("meetings:action_item", args=[item.pk]),
    )
