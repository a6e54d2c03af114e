"""The figures a meeting reviews, as plain rows, and how they are frozen with a finalized meeting.

The numbers are the trainee person-hours of the province's centers from the progress engine
(reports/progress/, the dashboards' too), and each center's reporting status of the meeting's
month from reports/deadlines.py; their rules are in docs/design.md. This module only turns them
into the plain dicts a meeting freezes, shows and exports.
"""

from collections.abc import Iterable
from typing import Any

from centers.models import Province
from commitments.models import Measure
from payesh.i18n import is_persian
from reports.progress import boards, years
from reports.progress.as_of import CLOSED, AsOf
from reports.progress.line import BEHIND, ON_TRACK, SLIGHTLY_BEHIND, Line, status_for
from reports.progress.selection import Selection

MEASURE = "person_hours"
STATUSES = (ON_TRACK, SLIGHTLY_BEHIND, BEHIND)


def figures_row(line: Line) -> dict[str, Any]:
    """A Line as plain figures; status is None where there is no pace (no commitment, or nothing
    phased yet), which the pages and exports show as a dash."""
    return {
        "target": line.target, "expected": line.expected, "actual": line.actual, "outside": line.outside,
        "achievement": line.achievement, "pace": line.pace, "status": status_for(line.pace),
    }


def person_hours() -> Measure | None:
    """The measure meetings review; None (so every figure is 0) before the reference lists exist."""
    return Measure.objects.filter(code=MEASURE).first()


def live_rows(province: Province, year: int, month: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(province_row, center_rows) for the active centers of a province as of (year, month).

    Each center row: center_code, center_name, county, target, expected, actual, outside (work
    outside the commitments), achievement, pace, status, rank, reporting (the month's reporting
    status; snapshots frozen before it was kept lack it). The province row has the same figures
    without the center keys, and what they are as of (as_of: AsOf.as_dict; read it with `as_of`).
    """
    selection = Selection(year=year, month=month, measure=person_hours(), province=province)
    board = boards.board(selection, breakdown=False)
    found = years.province_years(selection, [r.center for r in board.rows])
    records = {ref.pk: record for ref, _comparison, record in found.centers}
    rows = [{"center_code": r.center.code, "center_name": r.center.name_fa, "county": r.center.county_fa,
             "center_name_en": r.center.name_en, "county_en": r.center.county_en,
             **figures_row(r.line), "rank": r.line.rank, "reporting": r.reporting, **record_row(records[r.center.pk])}
            for r in board.rows]
    as_of_now = board.as_of.as_dict() if board.as_of else None
    return {**figures_row(board.total), **record_row(found.record), "as_of": as_of_now}, rows


def as_of(province_row: dict[str, Any], year: int, month: int) -> AsOf:
    """What a meeting's figures are as of: as they were frozen (a snapshot frozen before this was
    kept: to the end of the meeting's month)."""
    found = province_row.get("as_of")
    return AsOf.from_dict(found) if found else AsOf(year, month, CLOSED)


def record_row(record: years.Record) -> dict[str, Any]:
    """The years of record as plain values: each earlier year's final achievement (None without a
    commitment) and whether it was met, and the years met in a row (reports/progress/years.py)."""
    return {"finals": [[year, line.achievement, met] for year, line, met in record.years], "years_met": record.years_met}


def in_page_language(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Center rows named in the page's language. The minutes stay Persian; snapshots frozen
    before the English names were kept show the Persian on English pages too."""
    if is_persian():
        return rows
    return [{**r, "center_name": r.get("center_name_en") or r["center_name"], "county": r.get("county_en") or r["county"]}
            for r in rows]


def by_rank(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Best first; centers without a pace (no commitment) last, by code."""
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["center_code"]))


def freeze(province_row: dict[str, Any], center_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON stored with a finalized meeting."""
    return {"measure": MEASURE, "province": province_row, "centers": center_rows}


def thaw(snapshot: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(province_row, center_rows) of the JSON a finalized meeting stored (freeze)."""
    return snapshot["province"], snapshot["centers"]
