"""Writes of the monthly workflow: saving a month, submitting, approving, returning, reopening.

Each function is one transaction. Every write first claims the report by its version
(UPDATE ... WHERE version = the version the user saw); when someone else saved in between, no
row matches and StaleReport is raised, so nobody overwrites what they have not seen. New and changed
figures are written in bulk with their history rows, so saving a month costs the same number of
queries whether it has 6 figures or 80 (only clearing a saved cell deletes one by one).
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from payesh import display

from .editing import lock_reason
from .grid import Entry, Grid, GridRow, missing_for_submit, register_entries
from .models import Figure, MonthlyReport, ReportStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class WorkflowError(Exception):
    """A change the workflow does not allow; the message is for the user."""


class MissingFigures(WorkflowError):
    """Submitted with rows still blank: `rows` are the grid rows that need a figure."""

    def __init__(self, rows: list[GridRow]) -> None:
        self.rows = rows
        super().__init__(ngettext(
            "%(count)s row needs a figure before the month is submitted (0 if nothing was done); it is marked below.",
            "%(count)s rows need a figure before the month is submitted (0 if nothing was done); they are marked below.",
            len(rows)) % {"count": display.digits(len(rows))})


class StaleReport(WorkflowError):
    """The report changed since the user loaded it."""

    def __init__(self, message: str, report: MonthlyReport | None = None) -> None:
        super().__init__(message)
        self.report = report


def stale_message() -> str:
    return _("Someone else saved this month after you opened it. Your values were not saved; "
             "the newer saved values are shown next to yours. Check them and save again.")


def changed_message() -> str:
    return _("This report was changed by someone else after you opened it; look at it again before deciding.")


def _claim(report: MonthlyReport, version: int, message: str | None = None) -> None:
    """Take the report at the version the user saw, or raise StaleReport."""
    claimed = MonthlyReport.objects.filter(pk=report.pk, version=version).update(version=F("version") + 1)
    if not claimed:
        raise StaleReport(message or changed_message(), MonthlyReport.objects.filter(pk=report.pk).first())
    report.version = version + 1


def _save_report(report: MonthlyReport, user: "User") -> None:
    report.updated_by = user
    report._history_user = user  # type: ignore[attr-defined]  # simple-history records who made the change
    report.save()


def check_editable(grid: Grid) -> None:
    """Refuse, with the reason, a change to a month that nobody may change now (reports.editing)."""
    reason = lock_reason(grid.year, grid.month, grid.report, grid.year_closed)
    if reason:
        raise WorkflowError(reason)


def claim_month(grid: Grid, user: "User", version: int) -> MonthlyReport:
    """The month's report, created (version 0: the user saw no report) or claimed at the version
    the user saw; StaleReport otherwise. Call after check_editable, inside a transaction."""
    report = grid.report
    if report is not None:
        _claim(report, version, stale_message())
        return report
    if version != 0:
        raise StaleReport(stale_message())
    report = MonthlyReport(center=grid.center, year=grid.year, month=grid.month)
    try:
        with transaction.atomic():
            _save_report(report, user)
    except IntegrityError:
        raise StaleReport(stale_message(), MonthlyReport.objects.filter(
            center=grid.center, year=grid.year, month=grid.month).first()) from None
    return report


def write_register_figures(report: MonthlyReport, grid: Grid, user: "User", previously_derived: Iterable[tuple] = ()) -> None:
    """The course register changed (courses.services, inside its transaction, after
    claim_month): its derived values become the month's figures, so the dashboards, which read
    Figure, stay right."""
    _write_figures(*_figure_changes(report, grid, register_entries(grid, previously_derived)), user)
    _save_report(report, user)


def save_month(grid: Grid, entries: dict[int, Entry], user: "User", version: int, submit: bool = False) -> MonthlyReport:
    """Write the month's figures from checked entries ({commitment pk: Entry}); with submit,
    also send it for review (every row must then have a figure). Returns the report."""
    return save_months([(grid, entries, version)], user, submit)[0]


def save_months(months: list[tuple[Grid, dict[int, Entry], int]], user: "User", submit: bool = False
                ) -> list[MonthlyReport]:
    """save_month for several months at once ([(grid, entries, version)], an import): each is
    checked and claimed as save_month does, and the figures of all of them are written in one
    bulk write each way, so a province's year costs a few statements a month, not dozens."""
    for grid, entries, _version in months:
        check_editable(grid)
        if submit and (missing := missing_for_submit(grid, entries)):
            raise MissingFigures(missing)
    with transaction.atomic():
        reports = [claim_month(grid, user, version) for grid, _entries, version in months]
        changes: tuple[list[Figure], list[Figure], list[Figure]] = ([], [], [])
        for report, (grid, entries, _version) in zip(reports, months):
            for made, found in zip(changes, _figure_changes(report, grid, entries)):
                made.extend(found)
        _write_figures(*changes, user)
        for report in reports:
            if report.status == ReportStatus.RETURNED:
                report.status = ReportStatus.DRAFT
            if submit:
                report.status = ReportStatus.SUBMITTED
                report.submitted_at, report.submitted_by = timezone.now(), user
            _save_report(report, user)
    return reports


def _figure_changes(report: MonthlyReport, grid: Grid, entries: dict[int, Entry]
                    ) -> tuple[list[Figure], list[Figure], list[Figure]]:
    """([new Figure], [changed Figure], [Figure cleared]) of a month from its entries."""
    creates: list[Figure] = []
    updates: list[Figure] = []
    deletes: list[Figure] = []
    for row in grid.rows:
        entry, saved = entries.get(row.commitment.pk), row.saved
        if entry is None:
            continue
        if entry.value is None:
            if saved is not None:
                deletes.append(saved)
        elif saved is None:
            c = row.commitment
            creates.append(Figure(report=report, sector_id=c.sector_id, area_id=c.area_id,
                                  measure_id=c.measure_id, value=entry.value, comment=entry.comment))
        elif (saved.value, saved.comment) != (entry.value, entry.comment):
            saved.value, saved.comment = entry.value, entry.comment
            updates.append(saved)
    return creates, updates, deletes


def _write_figures(creates: list[Figure], updates: list[Figure], deletes: list[Figure], user: "User") -> None:
    if creates:
        bulk_create_with_history(creates, Figure, default_user=user)
    if updates:
        bulk_update_with_history(updates, Figure, ["value", "comment"], default_user=user)
    for figure in deletes:  # a cleared cell: rare, so one by one, each with its history row
        figure._history_user = user  # type: ignore[attr-defined]
        figure.delete()


def approve(report: MonthlyReport, user: "User", version: int) -> MonthlyReport:
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted report can be approved."))
    with transaction.atomic():
        _claim(report, version)
        report.status = ReportStatus.APPROVED
        report.approved_at, report.approved_by = timezone.now(), user
        _save_report(report, user)
    return report


def return_report(report: MonthlyReport, user: "User", version: int, comment: str) -> MonthlyReport:
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("Write what needs correcting before returning the report."))
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted report can be returned."))
    with transaction.atomic():
        _claim(report, version)
        report.status = ReportStatus.RETURNED
        report.returned_at, report.returned_by, report.return_comment = timezone.now(), user, comment
        _save_report(report, user)
    return report


def reopen(report: MonthlyReport, user: "User", version: int, reason: str) -> MonthlyReport:
    """The director opens an approved month again; it goes back to draft for the center."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Write the reason for reopening the month."))
    if report.status != ReportStatus.APPROVED:
        raise WorkflowError(_("Only an approved month can be reopened."))
    with transaction.atomic():
        _claim(report, version)
        report.status = ReportStatus.DRAFT
        report.reopened_at, report.reopened_by, report.reopen_reason = timezone.now(), user, reason
        _save_report(report, user)
    return report
