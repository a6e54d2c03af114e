"""Outliers: a figure against the month's phased target, and against the center's own past
months of the same row (docs/design.md, "Checking numbers before approval").

Against the target: above PAYESH_OUTLIER_FACTOR times it (at least 1, so a month phased at zero
still takes small numbers).

Against the center's history: the row's counted figures (submitted and approved months) of the
PAYESH_OUTLIER_HISTORY_MONTHS months before this one. With fewer than PAYESH_OUTLIER_MIN_HISTORY
of them (a new center, a new row) nothing is said. The usual value is their median, the spread
1.4826 x their median absolute deviation (at least 1): the robust z-score that DHIS2's outlier
detection offers beside the plain one. A figure is unusual when it is both far in ratio (at least
PAYESH_OUTLIER_RATIO times the usual, or at most its 1/ratio; a zero where something is usual)
and far in spread (more than PAYESH_OUTLIER_Z spreads away), so a steady center is flagged at a
real jump and a center that always varies only at a larger one. Seasons: when the history holds
this month of earlier years, the figure must also be far in ratio from their median, and the
message speaks of that month ("about 4 times this center's usual Mehr"); a center busy every
Mehr is not flagged for a busy Mehr. A figure above the usual but not above this month's target
is never flagged: the commitment expects it.
"""

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from reports.progress.statements import counted_figures

from .issues import Key

MAD_TO_SD = 1.4826  # a normal distribution's standard deviation is 1.4826 times its MAD


def month_index(year: int, month: int) -> int:
    """A month as one number, so that months subtract across years."""
    return year * 12 + month - 1


def target_limit(month_target: int) -> float:
    """Above this a figure is an outlier against the month's phased target."""
    return float(settings.PAYESH_OUTLIER_FACTOR) * max(month_target, 1)


@dataclass(frozen=True)
class Unusual:
    """Why a figure is unusual for its center: the usual value it is far from, and the month whose
    usual it is (the same month of earlier years), or None for the usual of the recent months."""

    usual: float
    month: int | None
    months: int  # how many past months of the row the history had


def _far_in_ratio(value: int, usual: float) -> bool:
    ratio = float(settings.PAYESH_OUTLIER_RATIO)
    if value > usual:
        return value >= ratio * usual
    return value < usual and value * ratio <= usual


def unusual(value: int, past: Mapping[int, int], year: int, month: int, month_target: int | None = None) -> Unusual | None:
    """Whether `value`, this row's figure of (year, month), is unusual against its past months
    (past: {month_index: figure}, the months before this one); None when it is not, or when the
    history is too short to say."""
    if not settings.PAYESH_OUTLIER_HISTORY_MONTHS or len(past) < settings.PAYESH_OUTLIER_MIN_HISTORY:
        return None
    values = list(past.values())
    usual = statistics.median(values)
    if value > usual and month_target is not None and value <= month_target:
        return None
    spread = max(MAD_TO_SD * statistics.median(abs(v - usual) for v in values), 1.0)
    if not (_far_in_ratio(value, usual) and abs(value - usual) > float(settings.PAYESH_OUTLIER_Z) * spread):
        return None
    same_month = [v for index, v in past.items() if index % 12 == month - 1]
    if not same_month:
        return Unusual(usual, None, len(past))
    seasonal = statistics.median(same_month)
    if not _far_in_ratio(value, seasonal):
        return None
    return Unusual(seasonal, month, len(past))


class History:
    """The counted figures of some centers' past months, by row: past(center id, row, year,
    month) gives the months before (year, month) within PAYESH_OUTLIER_HISTORY_MONTHS."""

    def __init__(self, values: dict[tuple[int, Key], dict[int, int]]) -> None:
        self.values = values

    def past(self, center_id: int, key: Key, year: int, month: int) -> dict[int, int]:
        end = month_index(year, month)
        start = end - settings.PAYESH_OUTLIER_HISTORY_MONTHS
        return {i: v for i, v in self.values.get((center_id, key), {}).items() if start <= i < end}


def _window(first: int, last: int) -> Q:
    """The reports of the months first..last (month indexes), whatever the years."""
    (y0, m0), (y1, m1) = divmod(first, 12), divmod(last, 12)
    after = Q(report__year__gt=y0) | Q(report__year=y0, report__month__gte=m0 + 1)
    before = Q(report__year__lt=y1) | Q(report__year=y1, report__month__lte=m1 + 1)
    return after & before


def load_history(months: Iterable[tuple[int, int, int]]) -> History:
    """The history of [(center id, year, month)] in one query, however many centers and months:
    the counted figures of those centers from PAYESH_OUTLIER_HISTORY_MONTHS before the earliest
    month to the month before the latest."""
    wanted = list(months)
    if not wanted or not settings.PAYESH_OUTLIER_HISTORY_MONTHS:
        return History({})
    ends = [month_index(year, month) for _c, year, month in wanted]
    figures = counted_figures().filter(
        _window(min(ends) - settings.PAYESH_OUTLIER_HISTORY_MONTHS, max(ends) - 1),
        report__center_id__in={center_id for center_id, _y, _m in wanted})
    values: dict[tuple[int, Key], dict[int, int]] = {}
    for center_id, year, month, sector_id, area_id, measure_id, value in figures.values_list(
            "report__center_id", "report__year", "report__month", "sector_id", "area_id", "measure_id", "value"):
        values.setdefault((center_id, (sector_id, area_id, measure_id)), {})[month_index(year, month)] = value
    return History(values)
