"""What a month's review looks at, from the numbers: the province's headline, the centers below
on track and by how many person-hours, the late, returned and missing reports, the overdue action
items and the centers whose heads wrote remarks.

The director's digest (notifications/digest.py) and a new meeting's drafted agenda
(meetings/agenda.py) both read it. Progress comes from the progress engine (reports/progress/)
and reporting status from reports.deadlines (through the board); nothing here decides a status of
its own.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from payesh import jalali
from reports import deadlines
from reports.progress import boards
from reports.progress.centers import CenterRef
from reports.progress.line import BEHIND, SLIGHTLY_BEHIND, Line
from reports.progress.selection import Selection

from . import snapshot
from .models import ActionItem, Meeting

BELOW_ON_TRACK = (SLIGHTLY_BEHIND, BEHIND)
UNREPORTED = (deadlines.LATE, deadlines.MISSING, deadlines.RETURNED)


@dataclass
class Behind:
    center: CenterRef
    pace: float
    status: str
    gap: int  # person-hours short of expected to date


@dataclass
class MonthReview:
    province: Any  # centers.Province
    year: int
    month: int
    total: Line  # of the province
    owing: int
    reported: int
    behind: list[Behind]  # lowest pace first
    unreported: list[tuple[CenterRef, str]]  # (center, reporting status): late, returned or missing
    overdue: list[ActionItem]  # open and past due
    remarked: list = field(default_factory=list)  # centers with remarks written for the meeting

    @property
    def reporting_rate(self) -> float | None:
        return self.reported / self.owing if self.owing else None


def review(province: Any, year: int, month: int, now: datetime.datetime | None = None,
           meeting: Meeting | None = None) -> MonthReview:
    """The review of (year, month) in a province as of `now`; `meeting` adds its remarks."""
    now = now or timezone.now()
    selection = Selection(year=year, month=month, measure=snapshot.person_hours(), province=province)
    board = boards.board(selection, now=now, breakdown=False)
    behind = sorted(
        (Behind(r.center, r.line.pace, r.line.status, max(0, r.line.expected - r.line.actual))
         for r in board.rows if r.line.status in BELOW_ON_TRACK and r.line.pace is not None),
        key=lambda b: (b.pace, b.center.code))
    unreported = [(r.center, r.reporting) for r in board.rows if r.owes_report and r.reporting in UNREPORTED]
    unreported.sort(key=lambda pair: pair[0].code)
    today = jalali.today_jalali(now).togregorian()
    overdue = list(ActionItem.objects.overdue(on=today).filter(meeting__province=province)
                   .select_related("meeting", "responsible_center").order_by("due_date", "pk"))
    remarked = []
    if meeting is not None and meeting.pk:
        remarked = [r.center for r in meeting.remarks.select_related("center").order_by("center__code") if not r.is_empty]
    return MonthReview(province, year, month, board.total, board.owing, board.reported, behind, unreported,
                       overdue, remarked)
