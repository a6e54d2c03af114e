"""What a board "as of" a month means, and which months a board may be asked as of (the rule:
docs/design.md, "The running month"):

- a month whose report deadline has passed is closed: its whole phased target is due;
- a month still open (running, or ended with its deadline ahead: reports/deadlines' "not yet
  due" and "awaiting") is due for a center only once the center's report of it counts; until then
  it adds nothing to that center's expected, so an open month never looks like a missed one;
- a board is asked as of a month that has begun at the latest (the running one reads "so far");
  the months after it are the plan, not a result, and are not offered; a year that has not begun
  offers its first month, as the plan;
- the default is the last month whose deadline has passed.

The pages, exports, API and minutes show `AsOf.label`; statements.py reads `open_months`.
"""

import datetime
from dataclasses import asdict, dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from payesh import jalali
from payesh.display import date, digits, month_name
from reports import deadlines

CLOSED, AWAITING, RUNNING, PLAN = "closed", "awaiting", "running", "plan"


@dataclass(frozen=True)
class AsOf:
    year: int
    month: int
    phase: str  # CLOSED, AWAITING, RUNNING or PLAN
    day: int = 0  # today's day of the running month (0 when the month is not running)
    days: int = 31  # the month's length
    # months 1..month whose deadline has not passed: due for a center once its report counts
    open_months: tuple[int, ...] = ()

    @property
    def running(self) -> bool:
        return self.phase == RUNNING

    @property
    def is_open(self) -> bool:
        """Reports of the month are not all due yet: its numbers may still grow."""
        return self.phase != CLOSED

    @property
    def due_date(self) -> datetime.date:
        return deadlines.due_date(self.year, self.month)

    @property
    def key(self) -> tuple:
        """What a cached board as of this month depends on besides the data."""
        return self.phase, self.day, self.open_months

    @property
    def label(self) -> str:
        """The words for what the numbers are as of, in the page's language."""
        month = f"{month_name(self.month)} {digits(self.year)}"
        if self.phase == RUNNING:
            return _("%(month)s so far (day %(day)s of %(days)s)") % {
                "month": month, "day": digits(self.day), "days": digits(self.days)}
        if self.phase == AWAITING:
            return _("to the end of %(month)s (reports due by %(due)s)") % {"month": month, "due": date(self.due_date)}
        if self.phase == PLAN:
            return _("%(month)s has not begun: the plan only") % {"month": month}
        return _("to the end of %(month)s") % {"month": month}

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for a frozen snapshot or the API (`from_dict` reads them back)."""
        return {**asdict(self), "open_months": list(self.open_months)}

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "AsOf":
        return cls(**{**values, "open_months": tuple(values.get("open_months", ()))})


def _now(now: datetime.datetime | None) -> datetime.datetime:
    return now or timezone.now()


def is_closed(year: int, month: int, now: datetime.datetime | None = None) -> bool:
    """The month's report deadline has passed (a month without a report is then missing)."""
    return deadlines.reporting_status(year, month, now=_now(now)) == deadlines.MISSING


def open_months(year: int, month: int, now: datetime.datetime | None = None) -> tuple[int, ...]:
    """Months 1..month of the year whose deadline has not passed (at most the running month and
    the one before it, for a month that has begun)."""
    now = _now(now)
    found = []
    for m in range(month, 0, -1):
        if is_closed(year, m, now):
            break  # the months before a closed month are closed
        found.append(m)
    return tuple(sorted(found))


def has_begun(year: int, month: int, now: datetime.datetime | None = None) -> bool:
    return (year, month) <= jalali.current_year_month(_now(now))


def as_of(year: int, month: int, now: datetime.datetime | None = None) -> AsOf:
    now = _now(now)
    days = jalali.month_length(year, month)
    if is_closed(year, month, now):
        return AsOf(year, month, CLOSED, days=days)
    months = open_months(year, month, now)
    if not has_begun(year, month, now):
        return AsOf(year, month, PLAN, days=days, open_months=months)
    if now < jalali.month_end(year, month):
        return AsOf(year, month, RUNNING, day=jalali.today_jalali(now).day, days=days, open_months=months)
    return AsOf(year, month, AWAITING, days=days, open_months=months)


def default_month(now: datetime.datetime | None = None) -> tuple[int, int]:
    """(year, month): the last month whose deadline has passed, the dashboards' default."""
    now = _now(now)
    year, month = jalali.current_year_month(now)
    while not is_closed(year, month, now):
        year, month = jalali.previous_month(year, month)
    return year, month


def default_month_of(year: int, now: datetime.datetime | None = None) -> int:
    """A year's default as-of month: the last one whose deadline has passed (12 for a year long
    over), or its first month when none has (a year just begun, or not begun yet)."""
    last_year, last_month = default_month(now)
    if year < last_year:
        return 12
    return last_month if year == last_year else 1


def latest_month(year: int, now: datetime.datetime | None = None) -> int:
    """The last month of the year a board may be asked as of: the running month in the current
    year, 12 for a past year, 1 (the plan) for a year not begun."""
    current_year, current_month = jalali.current_year_month(_now(now))
    if year < current_year:
        return 12
    return current_month if year == current_year else 1
