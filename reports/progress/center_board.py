"""A center's board: its numbers by sector and area, its rank among its province's centers, its
reports of the year, and its sectors and areas in earlier years (for years.center_years); and
one area's line month by month, for the drill-down (docs/design.md, "Progress: one engine")."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import F, FilteredRelation, Q

from centers.models import Center
from reports.models import MonthlyReport

from . import statements
from .as_of import AsOf
from .boards import CenterRow, assemble, by_sector_and_area
from .line import Line
from .selection import Selection


@dataclass
class CenterBoard:
    center: Center
    row: CenterRow
    of: int  # number of ranked centers in its province
    by_sector: list[Line]
    by_area: list[Line]
    reports: list[MonthlyReport] = field(default_factory=list)
    # {year: {("sector", "area"): {(sector id, area id): Line}}} of the years asked for, month by
    # month over the whole year (years.py compares and records them)
    years: dict = field(default_factory=dict)
    as_of: AsOf | None = None  # what the numbers are as of (as_of.py)


REPORT_SHOWN = ("year", "month", "status", "submitted_at", "approved_at", "return_comment")


def center_and_reports(code: str, year: int) -> tuple[Center | None, list[MonthlyReport]]:
    """(the center with this code, with its province; its reports of the year by month) in one
    query, or (None, []) when there is no such center or it is closed: the numbers follow active
    centers only, so a closed center has no board (its months stay readable on their pages)."""
    rows = list(Center.objects.active().filter(code=code).select_related("province")
                .annotate(of_year=FilteredRelation("reports", condition=Q(reports__year=year)))
                .annotate(**{f"report_{f}": F(f"of_year__{f}") for f in REPORT_SHOWN}).order_by("of_year__month"))
    if not rows:
        return None, []
    center = rows[0]
    reports = [MonthlyReport(center=center, **{f: getattr(row, f"report_{f}") for f in REPORT_SHOWN})
               for row in rows if row.report_month is not None]
    return center, reports


def center_board(selection: Selection, center: Center, now: datetime.datetime | None = None,
                 reports: list[MonthlyReport] | None = None, earlier_years: Iterable[int] = ()) -> CenterBoard:
    """One center's numbers by sector and area, with its rank among its province's centers, and
    its sectors and areas in `earlier_years` too: all from one statement (lines_by_year: the
    province's centers this year, the center's sectors and areas in every year asked for)."""
    scope = replace(selection, province=center.province)
    own_keys = ("sector", "area")
    years = statements.lines_by_year(scope, [selection.year, *earlier_years], [("center",), own_keys],
                                     narrow={("center",): {"year": selection.year}, own_keys: {"center": center.pk}}, now=now)
    this = years[selection.year]
    by_center = {key: line.at_month(selection.month) for key, line in this[("center",)].items()}
    own = {key: line.at_month(selection.month) for key, line in this[own_keys].items()}
    province_board = assemble(scope, by_center, now=now)
    row = next(r for r in province_board.rows if r.center.pk == center.pk)
    row.line.monthly = Line.total_of(own.values(), selection.month).monthly if own else [0] * 12
    row.line.settle()
    by_sector, by_area = by_sector_and_area(own, 0, 1)
    if reports is None:
        reports = center_and_reports(center.code, selection.year)[1]
    return CenterBoard(
        center=center, row=row, of=sum(1 for r in province_board.rows if r.line.rank is not None),
        by_sector=by_sector, by_area=by_area, reports=reports,
        years={year: {own_keys: found[own_keys]} for year, found in years.items()}, as_of=province_board.as_of,
    )


def area_months(selection: Selection, center: Any, area: Any, now: datetime.datetime | None = None) -> Line:
    """One center's line in one area, month by month (for the drill-down)."""
    lines = statements.lines(replace(selection, area=area), [("center", "month")], center=center, now=now)[("center", "month")]
    return lines.get((center.pk,)) or Line(key=(center.pk,), month=selection.month)
