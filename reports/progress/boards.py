"""The province (or national) board: each active center's line, ranked by pace, with its
reporting status; the total; the breakdown by sector and area; in the national view, the
provinces ranked like centers. The rules are in docs/design.md ("Progress: one engine", "A
month's reporting status"); the numbers come from statements.py and line.py."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from commitments import reference
from payesh.i18n import local_name
from reports import deadlines
from reports.models import ReportStatus

from . import statements
from .as_of import AsOf, as_of, default_month_of
from .centers import CenterRef, active_centers, active_centers_by_province
from .line import BEHIND, ON_TRACK, SLIGHTLY_BEHIND, Line, rank
from .selection import Selection


@dataclass
class CenterRow:
    center: CenterRef
    line: Line
    report_status: str | None = None  # the month's report: draft / submitted / returned / approved / None
    reporting: str | None = None  # reports.deadlines: on time / late / missing / returned / awaiting / not yet due
    owes_report: bool = False


@dataclass
class ProvinceRow:
    """A province in the national view: its centers added up first, then divided once."""

    province: Any  # centers.Province
    line: Line
    centers: int
    behind: int  # centers behind (below the slightly-behind threshold)
    owing: int
    reported: int
    on_time: int

    @property
    def reporting_rate(self) -> float | None:
        return self.reported / self.owing if self.owing else None


@dataclass
class Board:
    """Everything the province dashboard shows for one selection."""

    selection: Selection
    rows: list[CenterRow]  # ranked
    total: Line
    by_sector: list[Line]  # key = the Sector
    by_area: list[Line]  # key = the TrainingArea
    owing: int = 0
    reported: int = 0
    on_time: int = 0

    by_province: list[ProvinceRow] = field(default_factory=list)  # ranked; the national view only
    as_of: AsOf | None = None  # what the numbers are as of (as_of.py): the label every page and export shows

    @property
    def reporting_rate(self) -> float | None:
        return self.reported / self.owing if self.owing else None

    @property
    def drafts(self) -> int:
        """Centers owing the month's report that have started it (a draft): entered, not counted."""
        return sum(1 for r in self.rows if r.owes_report and r.report_status == ReportStatus.DRAFT)

    @property
    def month_target(self) -> int:
        """The as-of month's own phased target (of every center, reported or not)."""
        return self.total.phased[self.selection.month - 1]

    @property
    def month_actual(self) -> int | None:
        """The as-of month's own counted figures (None when the board was added up to date only)."""
        return None if self.total.monthly is None else self.total.monthly[self.selection.month - 1]

    def status_counts(self) -> dict[str, int]:
        return status_counts(self.rows)


def status_counts(rows: Iterable[CenterRow]) -> dict[str, int]:
    counts = {ON_TRACK: 0, SLIGHTLY_BEHIND: 0, BEHIND: 0}
    for row in rows:
        if row.line.status in counts:
            counts[row.line.status] += 1
    return counts


def _reporting(rows: Sequence[CenterRow]) -> tuple[int, int, int]:
    """(centers that owe the month's report, of them reported, of them on time)."""
    owed = [r for r in rows if r.owes_report]
    return (len(owed), sum(1 for r in owed if r.reporting in deadlines.REPORTED),
            sum(1 for r in owed if r.reporting == deadlines.ON_TIME))


def _by_province(rows: Sequence[CenterRow], month: int) -> list[ProvinceRow]:
    """The national view's provinces, ranked by pace like centers."""
    grouped: dict[int, list[CenterRow]] = {}
    for row in rows:
        grouped.setdefault(row.center.province_id, []).append(row)
    return ranked_provinces([_province_row(province, grouped[province.pk], month)
                             for province in reference.lists().provinces if province.pk in grouped])


def _province_row(province: Any, members: Sequence[CenterRow], month: int) -> ProvinceRow:
    """A province's row: its centers' lines added up first, then divided once."""
    line = Line.total_of((row.line for row in members), month, key=province.pk, label=local_name(province))
    return ProvinceRow(province, line, len(members), status_counts(members)[BEHIND], *_reporting(members))


def ranked_provinces(rows: list[ProvinceRow]) -> list[ProvinceRow]:
    """The provinces' rows ranked by pace like centers (ties by code), ranks set afresh."""
    rank([p.line for p in rows])
    return sorted(rows, key=lambda p: (p.line.rank is None, p.line.rank or 0, p.province.code))


def split(lines: dict[tuple, Line], index: int, objects: Iterable[Any]) -> list[Line]:
    """Roll {(a, b): Line} up to one Line per object (a Sector or TrainingArea), by position
    `index` of the key, in the objects' order; objects without a line are left out."""
    grouped: dict[Any, list[Line]] = {}
    for key, ln in lines.items():
        grouped.setdefault(key[index], []).append(ln)
    return [Line.total_of(grouped[obj.pk], grouped[obj.pk][0].month, key=obj, label=local_name(obj))
            for obj in objects if obj.pk in grouped]


def by_sector_and_area(lines: dict[tuple, Line], sector_at: int, area_at: int) -> tuple[list[Line], list[Line]]:
    """By sector and by area, from Lines keyed by tuples holding the sector and area ids."""
    lists = reference.lists()
    return split(lines, sector_at, lists.sectors), split(lines, area_at, lists.areas)


def board(selection: Selection, now: datetime.datetime | None = None, breakdown: bool = True) -> Board:
    """The province (or national) dashboard: 3 queries whatever the number of centers (and the
    reference lists, cached). With the breakdown, a province's centers come month by month (its
    page's heat map shows every one of them, and the national view's the few furthest behind of
    the provinces' boards: no statements.fill_months afterwards); the country's at once are added
    up to date only (cheaper; its heat map fills the few it shows)."""
    if not breakdown:
        return assemble(selection, statements.lines(selection, [("center",)], now=now)[("center",)], now=now)
    centers = ("center", "month") if selection.province is not None else ("center",)
    lines = statements.lines(selection, [centers, ("sector", "area", "month")], now=now)
    by_sector_area = lines[("sector", "area", "month")]
    by_sector, by_area = by_sector_and_area(by_sector_area, 0, 1)
    # the same figures as the centers', month by month: the total's curve
    total = Line.total_of(by_sector_area.values(), selection.month, key="total")
    return assemble(selection, lines[centers], by_sector, by_area, now, total=total)


def province_boards(selection: Selection, provinces: Iterable[int],
                    now: datetime.datetime | None = None) -> dict[int, Board]:
    """{province id: its board} of these provinces, each as board() of the selection in that
    province gives it (breakdown included, its centers month by month): 3 queries whatever their
    number (the sectors and areas grouped by province)."""
    wanted = tuple(sorted(set(provinces)))
    if not wanted:  # (an empty narrowing would read the whole country)
        return {}
    scope = replace(selection, province=None, provinces=wanted)
    lines = statements.lines(scope, [("center", "month"), ("sector", "area", "month", "province")], now=now)
    by_center = lines[("center", "month")]
    by_sector_area: dict[int, dict[tuple, Line]] = {pk: {} for pk in wanted}
    for key, line in lines[("sector", "area", "month", "province")].items():  # key: (sector, area, province)
        by_sector_area.setdefault(key[2], {})[key] = line
    centers = active_centers_by_province(scope, wanted)
    named = {p.pk: p for p in reference.lists().provinces}
    result = {}
    for pk in wanted:
        own = by_sector_area[pk]
        by_sector, by_area = by_sector_and_area(own, 0, 1)
        total = Line.total_of(own.values(), selection.month, key="total")
        result[pk] = assemble(replace(selection, province=named[pk], provinces=()), by_center, by_sector, by_area, now,
                              centers=centers[pk], total=total)
    return result


def combined(selection: Selection, parts: Sequence[Board], now: datetime.datetime | None = None) -> Board:
    """The national board of the selection from boards of the same selection that split the
    country between them (a province's each, or a few provinces' together): the same numbers as
    board() of the country, added up from theirs (targets and actuals first, ratios divided once),
    the centers ranked afresh."""
    month = selection.month
    rows = [row for part in parts for row in part.rows]
    rank([row.line for row in rows])
    rows.sort(key=lambda r: (r.line.rank is None, r.line.rank or 0, r.center.code))
    lists = reference.lists()
    owing, reported, on_time = _reporting(rows)
    return Board(
        selection=selection, rows=rows, total=Line.total_of((part.total for part in parts), month, key="total"),
        by_sector=_added(parts, "by_sector", lists.sectors, month), by_area=_added(parts, "by_area", lists.areas, month),
        owing=owing, reported=reported, on_time=on_time, by_province=_by_province(rows, month),
        as_of=as_of(selection.year, month, now),
    )


def _added(parts: Sequence[Board], name: str, objects: Iterable[Any], month: int) -> list[Line]:
    """The parts' lines of each object (a Sector or TrainingArea: Board.by_sector or by_area)
    added up, in the objects' order."""
    grouped: dict[Any, list[Line]] = {}
    for part in parts:
        for line in getattr(part, name):
            grouped.setdefault(line.key.pk, []).append(line)
    return [Line.total_of(grouped[obj.pk], month, key=obj, label=local_name(obj)) for obj in objects if obj.pk in grouped]


def province_ranks(selection: Selection, now: datetime.datetime | None = None) -> list[ProvinceRow]:
    """Every province's totals for the selection's year, month and filters, ranked by pace as the
    national view ranks them (its centers added up: a province's dashboard shows where it stands
    among the provinces without showing another province's centers): 3 queries."""
    return board(replace(selection, province=None, provinces=()), now=now, breakdown=False).by_province


def province_rows(selection: Selection, provinces: Iterable[int],
                  now: datetime.datetime | None = None) -> dict[int, ProvinceRow | None]:
    """{province id: its row of the national view, unranked; None for a province without an active
    center} of these provinces, for the selection's year, month and filters: 3 queries over
    their data alone (dashboards.caching keeps each province's row at its own version)."""
    wanted = tuple(sorted(set(provinces)))
    if not wanted:  # (an empty narrowing would read the whole country)
        return {}
    rows = board(replace(selection, province=None, provinces=wanted), now=now, breakdown=False).by_province
    found = {row.province.pk: row for row in rows}
    return {pk: found.get(pk) for pk in wanted}


def province_row(province_board: Board) -> ProvinceRow | None:
    """A province's row of the national view from the province's own board (the same centers'
    lines added up); None when it has no active center."""
    province = province_board.selection.province
    if province is None or not province_board.rows:
        return None
    province = next((p for p in reference.lists().provinces if p.pk == province.pk), province)
    return _province_row(province, province_board.rows, province_board.selection.month)


def national_progress(year: int, measure: Any, now: datetime.datetime | None = None) -> dict[int, ProvinceRow]:
    """{province id: its row of the national view} of a year and measure, as of the year's
    default month (the national allocation page, commitments/national.py): 3 queries."""
    rows = province_ranks(Selection(year, default_month_of(year, now), measure), now)
    return {row.province.pk: row for row in rows}


def assemble(selection: Selection, by_center: dict[tuple, Line], by_sector: list[Line] | None = None,
             by_area: list[Line] | None = None, now: datetime.datetime | None = None,
             centers: list | None = None, total: Line | None = None) -> Board:
    """A Board from the centers' lines ({(center id,): Line}): every active center of the
    selection (`centers` when already read by active_centers(reports=True)), ranked by pace, with
    its reporting status of the month; the total adds the centers' lines unless given."""
    reporting = deadlines.reporting_rule(selection.year, selection.month, now)
    rows = [CenterRow(center=center, line=by_center.get((center.pk,)) or Line(key=(center.pk,), month=selection.month),
                      report_status=report.get("status"), owes_report=owes, reporting=reporting(**report))
            for center, owes, report in centers or active_centers(selection, reports=True)]
    rank([row.line for row in rows])
    total = total or Line.total_of((row.line for row in rows), selection.month, key="total")
    rows.sort(key=lambda r: (r.line.rank is None, r.line.rank or 0, r.center.code))

    owing, reported, on_time = _reporting(rows)
    return Board(
        selection=selection, rows=rows, total=total, by_sector=by_sector or [], by_area=by_area or [],
        owing=owing, reported=reported, on_time=on_time,
        by_province=_by_province(rows, selection.month) if selection.province is None else [],
        as_of=as_of(selection.year, selection.month, now),
    )
