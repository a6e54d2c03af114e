"""The monthly cycle: who is told what, on which day (the rules: docs/design.md, "The monthly
cycle"). Run by `manage.py run_cycle`; each notification is made once (notifications/models.py).
The deadline is reports.deadlines.due_date, each center's state comes from the one reporting rule
(reports.deadlines), the digest's numbers from the progress engine (reports/progress/), the people
told from notifications/recipients.py.

A run reads what it needs in a few grouped queries, gathers every notification it would make and
makes them in one go (services.notify_all): a run that finds nothing new asks the same dozen
queries at 24 centers and at 3,000 (`manage.py bench_cycle`).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import roles
from centers.models import Province
from meetings.models import ActionItem
from meetings.month_review import UNREPORTED
from payesh import display, jalali
from payesh.i18n import local_name
from reports import deadlines
from reports.models import MonthlyReport, ReportStatus

from . import digest, mail, national_digest
from .models import Kind
from .periods import month_label, period_of
from .recipients import Directorates, heads_of
from .services import Message, Tell, absolute, notify_all

# The centers an escalation names; the rest are counted, with the link to the late list.
ESCALATION_CENTERS_SHOWN = 30


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
    directorates = Directorates.load()
    tells = [*reporting_month(directorates, year, month, now), *waiting_reviews(directorates, now),
             *action_items(directorates, today.togregorian()), *national_month(year, month, now)]
    outcome = Outcome()
    for notification in notify_all(tells, now):
        outcome.add(notification.kind, notification)
    if send_mail:
        outcome.mailed = mail.send_pending()
    return outcome


def reporting_month(directorates, year, month, now):
    """The month under report: reminders and late notices to heads, escalations and the digest to
    the directorate of each province that owes the month."""
    due = deadlines.due_date(year, month)
    days_left = (due - jalali.today_jalali(now).togregorian()).days
    owed = deadlines.late_and_missing(year, month, now)
    tells = tell_heads(owed, year, month, due, days_left)
    by_province = {}
    for row in owed:
        by_province.setdefault(row.center.province_id, []).append(row)
    owing = deadlines.owing_centers(year).order_by().values("province_id")
    for province in Province.objects.filter(pk__in=owing).order_by("code"):
        tells += tell_directorate(directorates.of(province.pk), province, by_province.get(province.pk, []),
                                  year, month, days_left, now)
    return tells


def national_month(year, month, now):
    """Once the month's deadline has passed, the national digest to the national roles."""
    if jalali.today_jalali(now).togregorian() <= deadlines.due_date(year, month):
        return []
    return national_digest.tells(roles.national_people(), year, month, now)


def tell_heads(owed, year, month, due, days_left):
    """Before the deadline a reminder to each head whose month is not counted yet; after it, a
    late notice to each head whose month is missing or returned."""
    period = period_of(year, month)
    heads = heads_of(row.center for row in owed)
    tells = []
    for row in owed:
        head = heads.get(row.center.pk)
        if head is None:
            continue
        if 0 <= days_left <= settings.PAYESH_REMINDER_DAYS and row.state in (deadlines.AWAITING, deadlines.RETURNED):
            tells.append(Tell(head, Kind.REMINDER, f"center:{row.center.code}", period,
                              lambda row=row: reminder(row, year, month, due)))
        if days_left < 0 and row.state in (deadlines.MISSING, deadlines.RETURNED):
            tells.append(Tell(head, Kind.LATE, f"center:{row.center.code}", period,
                              lambda row=row: late_notice(row, year, month, due)))
    return tells


def tell_directorate(directorate, province, owed, year, month, days_left, now):
    """After the deadline, one list of the province's late, returned and missing centers to the
    director and the planners; once the month's reporting has closed, the digest."""
    tells = []
    late = [row for row in owed if row.state in UNREPORTED] if days_left < 0 else []
    if late:
        tells += [Tell(person, Kind.ESCALATION, f"province:{province.code}", period_of(year, month),
                       lambda: escalation(late, year, month)) for person in directorate.everyone]
    all_reported = all(row.state in deadlines.REPORTED for row in owed)
    if days_left < 0 or all_reported:  # the month's reporting has closed
        tells += digest.tells(province, directorate.directors, year, month, now)
    return tells


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
    link = reverse("entry:late") + f"?year={year}&month={month}"
    lines = [f"- {local_name(row.center)}: {deadlines.label(row.state)}" for row in late[:ESCALATION_CENTERS_SHOWN]]
    if len(late) > ESCALATION_CENTERS_SHOWN:
        lines.append(_("… and %(count)s more: %(link)s") % {
            "count": display.digits(len(late) - ESCALATION_CENTERS_SHOWN), "link": absolute(link)})
    counts = " ".join(f"{capfirst(deadlines.label(state))}: {display.digits(n)}." for state in UNREPORTED
                      if (n := sum(1 for row in late if row.state == state)))
    return Message(
        ngettext("%(count)s center has not reported %(month)s on time",
                 "%(count)s centers have not reported %(month)s on time", len(late)) % {
            "count": display.digits(len(late)), "month": month_label(year, month)},
        _("Reports of %(month)s not in on time:") % {"month": month_label(year, month)} + f" {counts}\n\n"
        + "\n".join(lines),
        link,
    )


def waiting_reviews(directorates, now):
    """To the planners, each submitted report waiting for review longer than
    PAYESH_REVIEW_WAIT_DAYS days."""
    waited = datetime.timedelta(days=settings.PAYESH_REVIEW_WAIT_DAYS)
    waiting = MonthlyReport.objects.filter(status=ReportStatus.SUBMITTED, submitted_at__lte=now - waited)
    tells = []
    for report in (waiting.select_related("center").order_by("submitted_at", "pk")
                   .only("year", "month", "submitted_at", "center__code", "center__province", "center__name_fa",
                         "center__name_en")):
        since = jalali.today_jalali(report.submitted_at).togregorian().isoformat()
        tells += [Tell(planner, Kind.REVIEW_WAITING, f"report:{report.pk}", since,
                       lambda report=report: review_waiting(report))
                  for planner in directorates.of(report.center.province_id).planners]
    return tells


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
    """The head of the item's responsible center; the planners where a person is named instead,
    who follow decisions up."""
    head = item.responsible_center.head if item.responsible_center_id else None
    return [head] if head is not None else directorates.of(item.meeting.province_id).planners


def action_items(directorates, today):
    soon = today + datetime.timedelta(days=settings.PAYESH_ACTION_DUE_DAYS)
    items = (ActionItem.objects.open().filter(due_date__lte=soon)
             .select_related("meeting", "responsible_center__head__payesh_profile").order_by("due_date", "pk"))
    tells = []
    for item in items:
        kind = Kind.ACTION_OVERDUE if item.is_overdue(on=today) else Kind.ACTION_DUE
        tells += [Tell(owner, kind, f"action:{item.pk}", item.due_date.isoformat(),
                       lambda item=item, kind=kind: action_message(item, kind))
                  for owner in owners_of(item, directorates)]
    return tells


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
