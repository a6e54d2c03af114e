"""The data-quality read model: every rule broken and every outlier of the counted months
(submitted and approved) of a month or a year, by center, for the planners who sign them off
(the data-quality page, the API, the review queue's marks). The same checks as entry
(checks.month_issues), on the saved figures, in a fixed number of queries whatever the number of
centers and months: the reports, their figures, the commitments' targets, the centers' history,
the rules (and the reference lists, cached)."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from commitments import reference
from commitments.models import Commitment
from reports.models import COUNTED_STATUSES, Figure, MonthlyReport, ReportStatus, ValidationRule

from .checks import month_issues
from .history import load_history
from .issues import Issue, Key, Line
from .rules import active_rules


@dataclass
class MonthCheck:
    """A counted month with what its checks found."""

    report: MonthlyReport
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(issue.is_error for issue in self.issues)

    @property
    def unconfirmed(self) -> int:
        """Warnings no comment confirms (the center entered the month before the check existed,
        or a rule changed since)."""
        return sum(not issue.is_error and not issue.confirmed for issue in self.issues)

    @property
    def confirmed(self) -> int:
        return sum(issue.confirmed for issue in self.issues)

    @property
    def awaiting_review(self) -> bool:
        return self.report.status == ReportStatus.SUBMITTED


@dataclass
class QualityBoard:
    year: int
    month: int | None  # None: the whole year
    checked: int  # counted months checked
    months: list[MonthCheck]  # those with an issue: awaiting review first, then by center and month

    @property
    def issues(self) -> int:
        return sum(len(m.issues) for m in self.months)

    @property
    def errors(self) -> int:
        return sum(m.errors for m in self.months)

    @property
    def unconfirmed(self) -> int:
        return sum(m.unconfirmed for m in self.months)

    @property
    def confirmed(self) -> int:
        return sum(m.confirmed for m in self.months)


def issues_of_reports(reports: Iterable[MonthlyReport], rules: list[ValidationRule] | None = None
                      ) -> dict[int, list[Issue]]:
    """{report pk: its issues} of these reports' saved figures (every report, with or without)."""
    reports = list(reports)
    if not reports:
        return {}
    lists = reference.lists()
    sectors, areas, measures = ({obj.pk: obj for obj in found} for found in (lists.sectors, lists.areas, lists.measures))
    lines: dict[int, list[tuple[Key, int, str]]] = {}
    for report_id, sector_id, area_id, measure_id, value, comment in Figure.objects.filter(report__in=reports).values_list(
            "report_id", "sector_id", "area_id", "measure_id", "value", "comment"):
        lines.setdefault(report_id, []).append(((sector_id, area_id, measure_id), value, comment))
    targets = {(c.center_id, c.year, (c.sector_id, c.area_id, c.measure_id)): c for c in Commitment.objects.confirmed().filter(
        center__in={r.center_id for r in reports}, year__in={r.year for r in reports})}
    history = load_history((r.center_id, r.year, r.month) for r in reports)
    rules = active_rules() if rules is None else rules
    found = {}
    for r in reports:
        month_lines = []
        for key, value, comment in lines.get(r.pk, []):
            commitment = targets.get((r.center_id, r.year, key))
            month_lines.append(Line(key=key, sector=sectors[key[0]], area=areas[key[1]], measure=measures[key[2]],
                                    value=value, comment=comment,
                                    month_target=commitment.phased_target(r.month) if commitment else None))
        found[r.pk] = month_issues(month_lines, r.center_id, r.year, r.month, rules, history)
    return found


def quality_board(year: int, month: int | None, centers: QuerySet) -> QualityBoard:
    """The issues of the counted months of `centers` in the month (or the whole year)."""
    counted = MonthlyReport.objects.filter(year=year, status__in=COUNTED_STATUSES, center__in=centers).select_related("center")
    if month is not None:
        counted = counted.filter(month=month)
    reports = list(counted.order_by("center__code", "month"))
    found = issues_of_reports(reports)
    months = [MonthCheck(r, found[r.pk]) for r in reports if found[r.pk]]
    months.sort(key=lambda m: not m.awaiting_review)  # stable: by center and month within
    return QualityBoard(year=year, month=month, checked=len(reports), months=months)
