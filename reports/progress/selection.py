"""What a dashboard shows: a year up to an as-of month, one measure, optional filters."""

from dataclasses import dataclass
from typing import Any

from reports.models import COUNTED_STATUSES, ReportStatus


@dataclass(frozen=True)
class Selection:
    year: int
    month: int
    measure: Any  # commitments.Measure (None for the reporting grid, which counts no figures)
    sector: Any = None  # commitments.Sector
    area: Any = None  # commitments.TrainingArea
    province: Any = None  # centers.Province; None: every province (the national view)
    # in the national view (province None): only these provinces (ids); empty: all of them
    provinces: tuple[int, ...] = ()
    approved_only: bool = False

    def counted_statuses(self) -> tuple[str, ...]:
        """The report statuses whose figures count (docs/design.md: actual to date)."""
        return (ReportStatus.APPROVED,) if self.approved_only else COUNTED_STATUSES
