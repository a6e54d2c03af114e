"""The national allocation page's numbers: each province's totals of a year (per sector, for one
measure) against the sum its planners allocated to its centers, its progress from the progress
engine, and its open return. A constant number of queries whatever the number of provinces."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from centers.models import Province
from payesh.ports import Port

from .models import AllocationReturn, Commitment, Measure, ProvinceCommitment, Sector

# {province id: the national view's ProvinceRow (reports/progress/boards.py)} of a year and
# measure, as of the year's default month; the progress engine, a floor above, supplies it.
progress_by_province: Port[..., dict[int, Any]] = Port("the progress engine's provinces of the national view")


@dataclass
class SectorRow:
    sector: Any  # commitments.Sector
    total: ProvinceCommitment | None
    allocated: int

    @property
    def target(self) -> int | None:
        return None if self.total is None else self.total.target

    @property
    def remainder(self) -> int | None:
        return None if self.total is None else self.total.target - self.allocated


@dataclass
class ProvinceAllocation:
    province: Province
    sectors: list[SectorRow] = field(default_factory=list)
    progress: Any = None  # ProvinceRow, None when the province has no line
    open_return: AllocationReturn | None = None

    @property
    def target(self) -> int | None:
        targets = [s.target for s in self.sectors if s.target is not None]
        return sum(targets) if targets else None

    @property
    def allocated(self) -> int:
        return sum(s.allocated for s in self.sectors)

    @property
    def remainder(self) -> int | None:
        return None if self.target is None else self.target - self.allocated


def provinces_allocation(year: int, measure: Measure) -> list[ProvinceAllocation]:
    """Every province in code order, with its sectors (those with a total or an allocation)."""
    totals = {(t.province_id, t.sector_id): t for t in ProvinceCommitment.objects.filter(year=year, measure=measure)
              .select_related("sector")}
    sums = {(row["center__province"], row["sector"]): row["allocated"]
            for row in Commitment.objects.filter(year=year, measure=measure).order_by()
            .values("center__province", "sector").annotate(allocated=Sum("target"))}
    sectors = list(Sector.objects.all())
    returns: dict[int, AllocationReturn] = {}
    for r in AllocationReturn.objects.filter(year=year, addressed_at__isnull=True).select_related("returned_by"):
        returns.setdefault(r.province_id, r)  # newest first (the model's order)
    progress = progress_by_province(year, measure)
    result = []
    for province in Province.objects.order_by("code"):
        rows = [SectorRow(s, totals.get((province.pk, s.pk)), sums.get((province.pk, s.pk)) or 0) for s in sectors]
        rows = [r for r in rows if r.total is not None or r.allocated]
        result.append(ProvinceAllocation(province, rows, progress.get(province.pk), returns.get(province.pk)))
    return result
