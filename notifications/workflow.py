"""The workflow's steps, told at once (reports.signals.report_decided): a returned month to its
head, with the planner's note; an approved month to its head; a reopened month to its head and
the planners, with the reason. In the inbox and, for those who keep mail on, by mail right away
(a mail that fails is tried again by the cycle's next run).

Each step is told once: about the report, for the period of its version after the step (every
step moves the version on, so a month returned twice is told twice, a step told again never).
Whoever took the step is not told of it.
"""

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from payesh import display
from payesh.i18n import local_name
from reports import signals
from reports.models import MonthlyReport

from . import mail, recipients
from .models import Kind
from .periods import month_label
from .services import Message, Tell, notify_all

if TYPE_CHECKING:
    from django.contrib.auth.models import User

KINDS = {signals.APPROVED: Kind.APPROVED, signals.RETURNED: Kind.RETURNED, signals.REOPENED: Kind.REOPENED}


def on_report_decided(sender: type, report: MonthlyReport, step: str, by: "User", **kwargs: object) -> None:
    mail.send(notify_all(tells(report, step, by)))


def tells(report: MonthlyReport, step: str, by: "User") -> list[Tell]:
    center = report.center
    people = [recipients.head_of(center)]
    if step == signals.REOPENED:
        people += recipients.planners_of(center)
    told = {person.pk: person for person in people if person is not None and person.pk != by.pk}
    compose = {signals.APPROVED: approved, signals.RETURNED: returned, signals.REOPENED: reopened}[step]
    return [Tell(person, KINDS[step], f"report:{report.pk}", f"v{report.version}", lambda: compose(report, by))
            for person in told.values()]


def _message(report: MonthlyReport, by: "User", title: str, says: str, then: str, note: str = "") -> Message:
    """Title and first sentence name the person, the center and the month; the person's note or
    reason follows on its own lines (the inbox's summary), then what happens now."""
    names = {"person": display.person(by), "center": local_name(report.center),
             "month": month_label(report.year, report.month)}
    said = says % names + (f"\n{note}" if note else "")
    return Message(title % names, f"{said}\n\n{then}",
                   reverse("entry:month", args=[report.center.code, report.year, report.month]))


def returned(report: MonthlyReport, by: "User") -> Message:
    return _message(report, by, _("Returned for correction: %(center)s, %(month)s"),
                    _("%(person)s returned the report of %(center)s for %(month)s, with this note:"),
                    _("The month is open again: correct it and submit it for review."), report.return_comment)


def approved(report: MonthlyReport, by: "User") -> Message:
    return _message(report, by, _("Approved: %(center)s, %(month)s"),
                    _("%(person)s approved the report of %(center)s for %(month)s."),
                    _("The month counts on the dashboards and is locked for editing."))


def reopened(report: MonthlyReport, by: "User") -> Message:
    return _message(report, by, _("Reopened: %(center)s, %(month)s"),
                    _("%(person)s reopened the approved report of %(center)s for %(month)s, for this reason:"),
                    _("The month is a draft again and does not count until it is submitted: the center corrects "
                      "it and submits it for review."), report.reopen_reason)
