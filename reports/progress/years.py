"""Years of record: this year against last year to the same month, and the years in a row a
province or a center met its commitments (the rules: docs/design.md, "Years of record"). Every
year's numbers come from statements.lines_by_year and the Line arithmetic the dashboards use.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from commitments import reference
from payesh.i18n import local_name

from . import as_of, statements
from .center_board import CenterBoard
from .centers import CenterRef
from .line import Line
from .selection import Selection

YEARS_OF_RECORD = 5
SETS = (("center",), ("sector",), ("area",))


@dataclass
class Comparison:
    """One thing (a center, a sector, an area, the total) this year and last year, both to the
    as-of month."""

    key: object
    label: str
    this: Line
    last: Line

    @property
    def pace_change(self) -> float | None:
        """Points of pace gained (positive) or lost since last year at the same month."""
        if self.this.pace is None or self.last.pace is None:
            return None
        return self.this.pace - self.last.pace


@dataclass
class Record:
    """Each year's final achievement (oldest first) and the years met in a row until last year."""

    finals: list  # (year, Line as of Esfand), one per year of the record
    complete: bool = False  # every year looked back at was met: the run may be longer

    def met(self, line: Line) -> bool:
        return line.has_commitment and line.actual >= line.target

    @property
    def years_met(self) -> int:
        run = 0
        for _year, line in reversed(self.finals):
            if not self.met(line):
                break
            run += 1
        return run

    @property
    def years(self) -> list[tuple[int, Line, bool]]:
        """(year, Line, met) oldest first."""
        return [(year, line, self.met(line)) for year, line in self.finals]


@dataclass
class Years:
    """What the dashboards show of the years: the comparison and the record, for the total and
    each center (the province page) or each sector and area (both pages)."""

    year: int
    month: int
    record_years: list  # oldest first
    total: Comparison
    record: Record
    by_sector: list = field(default_factory=list)  # Comparison
    by_area: list = field(default_factory=list)
    centers: list = field(default_factory=list)  # (CenterRef, Comparison, Record) in the board's order
    provinces: list = field(default_factory=list)  # (Province, Comparison, Record): the national view's
    curves: list = field(default_factory=list)  # (year, Line) for the chart: past years whole, this year to m

    @property
    def last_year(self) -> int:
        return self.year - 1


def _record(finals_by_year: dict[int, dict], record_years: list[int], key: Any) -> Record:
    zero = Line(month=12)
    return Record([(y, finals_by_year[y].get(key) or zero) for y in record_years])


def _compare(this: Line | None, last: Line | None, key: Any, label: str, month: int) -> Comparison:
    empty = Line(month=month)
    return Comparison(key, label, this.at_month(month) if this else empty, last.at_month(month) if last else empty)


def _by(lines_this: dict[tuple, Line], lines_last: dict[tuple, Line], objects: Iterable[Any], month: int) -> list[Comparison]:
    """Comparisons of sectors or areas (in the reference lists' order) that have a line either year."""
    return [_compare(lines_this.get((obj.pk,)), lines_last.get((obj.pk,)), obj, local_name(obj), month)
            for obj in objects if (obj.pk,) in lines_this or (obj.pk,) in lines_last]


def earlier(year: int) -> list[int]:
    """The years the record looks back at (those without any commitment are dropped later)."""
    return list(range(year - YEARS_OF_RECORD, year))


def province_years(selection: Selection, centers: Iterable[CenterRef] = (), now: datetime.datetime | None = None) -> "Years":
    """The comparison and the record of the selection's province (or country), with each of
    `centers` (CenterRefs, in the order to show): one query."""
    found = statements.lines_by_year(selection, [*earlier(selection.year), selection.year], SETS, now=now)
    return _years(selection, {y: {keys[0]: lines for keys, lines in sets.items()} for y, sets in found.items()}, centers)


def center_years(selection: Selection, cb: CenterBoard) -> "Years":
    """The comparison and the record of one center, from its board asked with earlier_years
    (center_board.center_board): no query of its own."""
    per_year = {}
    for y, sets in cb.years.items():
        parts = sets[("sector", "area")]
        per_year[y] = {"sector": _roll_up(parts, 0), "area": _roll_up(parts, 1)}
    return _years(selection, per_year)


def _roll_up(parts: dict[tuple, Line], index: int) -> dict[tuple, Line]:
    grouped: dict[tuple, list[Line]] = {}
    for key, line in parts.items():
        grouped.setdefault((key[index],), []).append(line)
    return {key: Line.total_of(lines, 12, key=key) for key, lines in grouped.items()}


def _years(selection: Selection, lines: dict[int, dict[str, dict[tuple, Line]]], centers: Iterable[CenterRef] = ()) -> Years:
    year, month = selection.year, selection.month
    years = sorted(lines)
    lists = reference.lists()
    totals = {y: Line.total_of(lines[y]["sector"].values(), 12, key="total") for y in years}
    record_years = [y for y in years[:-1] if any(totals[p].has_commitment for p in years[:-1] if p <= y)]
    finals = {y: {"total": totals[y]} for y in years}
    empty: dict[str, dict[tuple, Line]] = {"sector": {}, "area": {}, "center": {}}
    last = lines.get(year - 1, empty)
    result = Years(
        year=year, month=month, record_years=record_years,
        total=_compare(totals[year], totals.get(year - 1), "total", "", month),
        record=_record(finals, record_years, "total"),
        by_sector=_by(lines[year]["sector"], last["sector"], lists.sectors, month),
        by_area=_by(lines[year]["area"], last["area"], lists.areas, month),
        curves=[(y, totals[y] if y < year else totals[y].at_month(month)) for y in record_years + [year]],
    )
    result.record.complete = len(record_years) == YEARS_OF_RECORD and result.record.years_met == YEARS_OF_RECORD
    result.centers = _members(lines, "center", centers, year, month, record_years)
    return result


def _members(lines: dict[int, dict[str, dict[tuple, Line]]], kind: str, members: Iterable[Any], year: int, month: int,
             record_years: list[int]) -> list:
    """(member, Comparison, Record) of each of `members` (centers or provinces) from their lines."""
    by_member = {y: lines[y].get(kind, {}) for y in lines}
    found = []
    for member in members:
        key = (member.pk,)
        record = _record(by_member, record_years, key)
        record.complete = len(record_years) == YEARS_OF_RECORD and record.years_met == YEARS_OF_RECORD
        comparison = _compare(by_member[year].get(key), by_member.get(year - 1, {}).get(key), member, local_name(member), month)
        found.append((member, comparison, record))
    return found


def national_years(selection: Selection, centers: Iterable[CenterRef], now: datetime.datetime | None = None) -> "Years":
    """The country's comparison and record, with each province's (in code order), its centers'
    lines added up (`centers`: every active center, as the national board has them): one query."""
    found = statements.lines_by_year(selection, [*earlier(selection.year), selection.year], SETS, now=now)
    lines = {y: {keys[0]: ls for keys, ls in sets.items()} for y, sets in found.items()}
    province_of = {ref.pk: ref.province_id for ref in centers}
    for sets in lines.values():
        grouped: dict[tuple, list[Line]] = {}
        for (center_id,), line in sets["center"].items():
            if center_id in province_of:
                grouped.setdefault((province_of[center_id],), []).append(line)
        sets["province"] = {key: Line.total_of(ls, 12, key=key) for key, ls in grouped.items()}
    result = _years(selection, lines)
    provinces = [p for p in sorted(reference.lists().provinces, key=lambda p: p.code) if p.pk in set(province_of.values())]
    result.provinces = _members(lines, "province", provinces, selection.year, selection.month, result.record_years)
    return result


def against_last_year(selection: Selection, this_total: Line, now: datetime.datetime | None = None,
                      last: Line | None = None) -> Comparison:
    """The selection's total (this_total: its board's) against last year's to the same month, for
    the dashboard's headline: last year's total (`last`, or last_year_total: one query)."""
    return Comparison("total", "", this_total, last if last is not None else last_year_total(selection, now))


def last_year_total(selection: Selection, now: datetime.datetime | None = None) -> Line:
    """The selection's total of last year to the same month: one query, reading last year only
    (its data of that year alone, for a province or the country), for the dashboard's headline."""
    lines = statements.lines_by_year(selection, [selection.year - 1], [("sector",)],
                                     to_month=selection.month, now=now)[selection.year - 1][("sector",)]
    return Line.total_of(lines.values(), 12, key="total").at_month(selection.month)


def last_year_clock(selection: Selection, now: datetime.datetime | None = None) -> tuple:
    """What last_year_total depends on besides last year's data, as time goes by: which of last
    year's months are still open (their targets are due once reported: as_of.py) and which of
    those have begun (one that has not is not due at all)."""
    year = selection.year - 1
    months = as_of.open_months(year, 12, now)
    return months, tuple(m for m in months if as_of.has_begun(year, m, now))
