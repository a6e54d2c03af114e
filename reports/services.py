"""Writes of the monthly workflow: saving a month, submitting, approving, returning, reopening.

Each function is one transaction. Every write first claims the report by its version
(UPDATE ... WHERE version = the version the user saw); when someone else saved in between, no
row matches and StaleReport is raised, so nobody overwrites what they have not seen. New and changed
figures are written in bulk with their history rows, so saving a month costs the same number of
queries whether it has 6 figures or 80, and an import of many months a few statements more than
one month (payesh.bulk writes rows and their history in one statement a batch). Approving,
returning and reopening announce the step once it commits (reports.signals.report_decided): the
floors above tell the people concerned.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from payesh import bulk, dataversion, display

from .editing import lock_reason
from .grid import Entry, Grid, GridRow, missing_for_submit, register_entries
from .models import Figure, MonthlyReport, ReportStatus
from .signals import APPROVED, REOPENED, RETURNED, report_decided

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
    return claim_months([(grid, version)], user)[0]


def claim_months(months: list[tuple[Grid, int]], user: "User") -> list[MonthlyReport]:
    """claim_month of each of [(grid, version)]: the reports in the same order. A month with a
    report is claimed in its own statement (a stale one is named); the new reports are created
    in one bulk write with their history."""
    reports, new = [], []
    for grid, version in months:
        if grid.report is not None:
            _claim(grid.report, version, stale_message())
            reports.append(grid.report)
            continue
        if version != 0:
            raise StaleReport(stale_message())
        report = MonthlyReport(center=grid.center, year=grid.year, month=grid.month, updated_by=user)
        reports.append(report)
        new.append(report)
    if new:
        try:
            with transaction.atomic():
                MonthlyReport.objects.bulk_create(new)
        except IntegrityError:  # someone made one of these months' reports meanwhile
            raise StaleReport(stale_message(), MonthlyReport.objects.filter(
                center=new[0].center, year=new[0].year, month=new[0].month).first()) from None
        bulk.history(MonthlyReport, [report.pk for report in new], user, bulk.CREATED)
    return reports


def write_register_figures(report: MonthlyReport, grid: Grid, user: "User", previously_derived: Iterable[tuple] = ()) -> None:
    """The course register changed (courses.services, inside its transaction, after
    claim_month): its derived values become the month's figures, so the dashboards, which read
    Figure, stay right."""
    _write_figures([(report, grid, register_entries(grid, previously_derived))], user)
    _save_report(report, user)


def save_month(grid: Grid, entries: dict[int, Entry], user: "User", version: int, submit: bool = False) -> MonthlyReport:
    """Write the month's figures from checked entries ({commitment pk: Entry}); with submit,
    also send it for review (every row must then have a figure). Returns the report."""
    return save_months([(grid, entries, version)], user, submit)[0]


def save_months(months: list[tuple[Grid, dict[int, Entry], int]], user: "User", submit: bool = False,
                submitted_at: datetime.datetime | None = None) -> list[MonthlyReport]:
    """save_month for several months at once ([(grid, entries, version)], an import): each is
    checked and claimed as save_month does, and the figures and reports of all of them are
    written in one bulk write each way, so a province's year costs a few statements, not a few
    a figure. With submit, the months are submitted at submitted_at (an import restoring when
    they were submitted) or now."""
    for grid, entries, _version in months:
        check_editable(grid)
        if submit and (missing := missing_for_submit(grid, entries)):
            raise MissingFigures(missing)
    # a month's figures and report are of its year alone: the cached values of the provinces' other
    # years (the dashboards' card of last year) stay
    with transaction.atomic(), dataversion.writes_for(*{grid.center.province_id for grid, _entries, _version in months},
                                                      years={grid.year for grid, _entries, _version in months}):
        reports = claim_months([(grid, version) for grid, _entries, version in months], user)
        _write_figures([(report, grid, entries) for report, (grid, entries, _version) in zip(reports, months)], user)
        now = timezone.now()
        by_status: dict[str, list[int]] = {}
        for report in reports:
            if report.status == ReportStatus.RETURNED:
                report.status = ReportStatus.DRAFT
            if submit:
                report.status = ReportStatus.SUBMITTED
                report.submitted_at, report.submitted_by = submitted_at or now, user
            report.updated_at, report.updated_by = now, user
            by_status.setdefault(report.status, []).append(report.pk)
        for status, pks in by_status.items():  # the same values for every month of a status
            done = {"submitted_at": submitted_at or now, "submitted_by": user} if submit else {}
            MonthlyReport.objects.filter(pk__in=pks).update(status=status, updated_at=now, updated_by=user, **done)
        bulk.history(MonthlyReport, [report.pk for report in reports], user, bulk.CHANGED)
    return reports


def figure_changes(grid: Grid, entries: dict[int, Entry]
                   ) -> tuple[list[tuple[GridRow, Entry]], list[tuple[GridRow, Entry]], list[GridRow]]:
    """What the entries ({commitment pk: Entry}) change of the month's figures: the rows whose
    figure they create and change, each with its entry ([(row, entry)] twice), and the rows whose
    figure they clear ([row]). A figure typed again as it is saved is no change."""
    creates: list[tuple[GridRow, Entry]] = []
    updates: list[tuple[GridRow, Entry]] = []
    clears: list[GridRow] = []
    for row in grid.rows:
        entry, saved = entries.get(row.commitment.pk), row.saved
        if entry is None:
            continue
        if entry.value is None:
            if saved is not None:
                clears.append(row)
        elif saved is None:
            creates.append((row, entry))
        elif (saved.value, saved.comment) != (entry.value, entry.comment):
            updates.append((row, entry))
    return creates, updates, clears


def changes_month(grid: Grid, entries: dict[int, Entry], submit: bool = False) -> bool:
    """Whether save_month would change the month: a figure, or its status (a returned month
    becomes a draft; with submit, a month without a report or in draft is submitted)."""
    status = grid.report.status if grid.report else None
    return (any(figure_changes(grid, entries)) or status == ReportStatus.RETURNED
            or (submit and status in (None, ReportStatus.DRAFT)))


FIGURE_FIELDS = ("report", "sector", "area", "measure", "value", "comment")


def _write_figures(months: list[tuple[MonthlyReport, Grid, dict[int, Entry]]], user: "User") -> None:
    """The figures of [(report, grid, entries)]: new, changed and cleared ones each in a bulk
    write, with their history rows."""
    creates: list[tuple] = []
    updates: list[Figure] = []
    clears: list[int] = []
    for report, grid, entries in months:
        created, changed, cleared = figure_changes(grid, entries)
        for row, entry in created:
            c = row.commitment
            creates.append((report.pk, c.sector_id, c.area_id, c.measure_id, entry.value, entry.comment))
        for row, entry in changed:
            saved = row.saved
            assert saved is not None and entry.value is not None  # figure_changes: a changed row has both
            saved.value, saved.comment = entry.value, entry.comment
            updates.append(saved)
        clears.extend(row.saved.pk for row in cleared if row.saved is not None)
    if creates:
        bulk.create(Figure, FIGURE_FIELDS, creates, user)
    if updates:
        Figure.objects.bulk_update(updates, ["value", "comment"])
        bulk.history(Figure, [figure.pk for figure in updates], user, bulk.CHANGED)
    if clears:
        bulk.delete(Figure, clears, user)


def _announce(report: MonthlyReport, step: str, user: "User") -> None:
    """Once the step's transaction commits, tell the floors above (reports.signals): the center's
    head hears of it at once."""
    transaction.on_commit(
        lambda: report_decided.send(sender=MonthlyReport, report=report, step=step, by=user), robust=True)


def approve(report: MonthlyReport, user: "User", version: int) -> MonthlyReport:
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted report can be approved."))
    with transaction.atomic(), dataversion.writes_for(report.center.province_id, years=[report.year]):
        _claim(report, version)
        report.status = ReportStatus.APPROVED
        report.approved_at, report.approved_by = timezone.now(), user
        _save_report(report, user)
        _announce(report, APPROVED, user)
    return report


def return_report(report: MonthlyReport, user: "User", version: int, comment: str) -> MonthlyReport:
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(_("Write what needs correcting before returning the report."))
    if report.status != ReportStatus.SUBMITTED:
        raise WorkflowError(_("Only a submitted report can be returned."))
    with transaction.atomic(), dataversion.writes_for(report.center.province_id, years=[report.year]):
        _claim(report, version)
        report.status = ReportStatus.RETURNED
        report.returned_at, report.returned_by, report.return_comment = timezone.now(), user, comment
        _save_report(report, user)
        _announce(report, RETURNED, user)
    return report


def reopen(report: MonthlyReport, user: "User", version: int, reason: str, back_to_review: bool = False) -> MonthlyReport:
    """The director opens an approved month again; it goes back to draft for the center. With
    back_to_review, a planner takes back their own approval of the day
    (accounts.access.can_undo_approval): the month waits for review again, as its head
    submitted it (its submission, and so its timeliness, unchanged)."""
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Write the reason for reopening the month."))
    if report.status != ReportStatus.APPROVED:
        raise WorkflowError(_("Only an approved month can be reopened."))
    with transaction.atomic(), dataversion.writes_for(report.center.province_id, years=[report.year]):
        _claim(report, version)
        report.status = ReportStatus.SUBMITTED if back_to_review else ReportStatus.DRAFT
        if back_to_review:  # the approval is taken back (its history keeps it)
            report.approved_at = report.approved_by = None
        report.reopened_at, report.reopened_by, report.reopen_reason = timezone.now(), user, reason
        _save_report(report, user)
        _announce(report, REOPENED, user)
    return report
