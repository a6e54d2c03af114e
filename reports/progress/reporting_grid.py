"""Every center's reports of a year up to a month, each with its reporting status (the rule:
docs/design.md, "A month's reporting status", in reports/deadlines.py)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reports import deadlines
from reports.models import MonthlyReport

from .centers import REPORT_FIELDS, CenterRef, active_centers
from .selection import Selection


@dataclass
class GridRow:
    center: CenterRef
    owes_report: bool
    cells: list[tuple[str | None, str]]  # (report status or None, reporting status) for months 1..last_month


def reporting_grid(year: int, last_month: int, province: Any = None, now: datetime.datetime | None = None,
                   provinces: tuple[int, ...] = ()) -> list[GridRow]:
    """Every center's reports of a year up to a month, in code order: 2 queries whatever the number
    of centers. Of one province, of some provinces (`provinces`, pks), or of the country."""
    scope = Selection(year=year, month=last_month, measure=None, province=province, provinces=provinces)
    qs = MonthlyReport.objects.filter(year=year, month__lte=last_month, center__active=True)
    if province is not None:
        qs = qs.filter(center__province=province)
    elif provinces:
        qs = qs.filter(center__province__in=provinces)
    found = {(r["center_id"], r["month"]): {k: r[k] for k in REPORT_FIELDS}
             for r in qs.values("center_id", "month", *REPORT_FIELDS)}
    rules = [(month, deadlines.reporting_rule(year, month, now)) for month in range(1, last_month + 1)]
    rows = []
    for center, owes in active_centers(scope):
        cells = []
        for month, reporting in rules:
            r = found.get((center.pk, month), {})
            cells.append((r.get("status"), reporting(**r)))
        rows.append(GridRow(center=center, owes_report=owes, cells=cells))
    return rows


def grids_by_province(year: int, last_month: int, provinces: Iterable[int],
                      now: datetime.datetime | None = None) -> dict[int, list[GridRow]]:
    """{province pk: its reporting_grid} of several provinces, in the 2 queries of one grid."""
    provinces = tuple(provinces)
    if not provinces:  # no narrowing would read the whole country
        return {}
    found: dict[int, list[GridRow]] = {pk: [] for pk in provinces}
    for row in reporting_grid(year, last_month, now=now, provinces=provinces):
        found[row.center.province_id].append(row)
    return found


def combined(parts: Sequence[list[GridRow]]) -> list[GridRow]:
    """The country's grid from grids that split it between them (a province's each): their rows
    in code order, as reporting_grid of the country gives them."""
    return sorted((row for part in parts for row in part), key=lambda row: row.center.code)
