"""May this month be edited, and if not, why: the one rule (docs/design.md, "A month's reporting
status"), asked by the entry page, the course register's pages, the services (typed, uploaded and
register-derived figures) and the center's months.

What does not depend on who asks (the month, the year, the report) is `lock_reason`, which the
services refuse with; who may enter the center's figures (accounts.access.can_enter) is the
page's, `editability`.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from accounts import access
from payesh import display, jalali

from .models import MonthlyReport, ReportStatus

if TYPE_CHECKING:
    from .grid import Grid


@dataclass(frozen=True)
class Editability:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


def lock_reason(year: int, month: int, report: MonthlyReport | None = None, year_closed: bool = False) -> str:
    """Why nobody may change the month's figures now, or "" when it is open."""
    if jalali.is_future_month(year, month):
        return _("%(month)s %(year)s has not started yet; its figures cannot be entered.") % {
            "month": display.month_name(month), "year": display.digits(year)}
    if year_closed:
        return _("The year %(year)s is closed; its reports no longer change.") % {"year": display.digits(year)}
    if report is not None and report.status == ReportStatus.SUBMITTED:
        return _("Submitted; waiting for review by planning.")
    if report is not None and report.status == ReportStatus.APPROVED:
        return _("This month is approved and read-only.")
    return ""


def editability(user: Any, center: Any, year: int, month: int, report: MonthlyReport | None = None,
                year_closed: bool = False) -> Editability:
    """Whether this user may change the center's month (its figures and its course register),
    and if not, why."""
    reason = lock_reason(year, month, report, year_closed)
    if not reason and not access.can_enter(user, center):
        reason = _("Only the center's head, or planning staff on its behalf, enter its figures.")
    return Editability(not reason, reason)


def of_grid(user: Any, grid: "Grid") -> Editability:
    """editability of a loaded grid (reports.grid.load_grid)."""
    return editability(user, grid.center, grid.year, grid.month, grid.report, grid.year_closed)
