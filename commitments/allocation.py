"""Allocating the province's communicated total (per sector and measure) to its centers: the
overview, the plan a preview shows, and applying it (the rules: docs/design.md, "Allocating a
province's total")."""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from centers.models import Center, Province
from payesh import dataversion
from payesh.batches import fingerprint
from payesh.models import Batch
from payesh.ports import Port

from . import returns
from .models import (
    Commitment,
    CommitmentStatus,
    Measure,
    ProvinceCommitment,
    Sector,
    TrainingArea,
    split_by_weights,
    year_has_started,
)
from .services import CommitmentError, _changing, _save_batch, baseline_history, open_year

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A(m) grouped by keys (reports/progress/statements.actual_to_date: counted reports only); the
# progress engine, a floor above (it reads commitments), supplies it from the reports app's ready.
actual_to_date: Port[..., dict[tuple, int]] = Port("the progress engine's actual to date")


class StalePreview(CommitmentError):
    """The allocation would no longer be the one previewed."""


EVEN = "even"
LAST_YEAR = "last_year"


@dataclass
class OverviewRow:
    total: ProvinceCommitment
    allocated: int

    @property
    def remainder(self) -> int:
        return self.total.target - self.allocated


def overview(province: Province, year: int) -> list[OverviewRow]:
    totals = list(ProvinceCommitment.objects.filter(province=province, year=year).select_related("sector", "measure"))
    sums = {
        (row["sector"], row["measure"]): row["allocated"]
        for row in Commitment.objects.filter(year=year, center__province=province)
        .values("sector", "measure").annotate(allocated=Sum("target"))
    }
    return [OverviewRow(t, sums.get((t.sector_id, t.measure_id)) or 0) for t in totals]


@dataclass
class Share:
    center: Center
    basis: int
    current: int
    new: int = 0

    @property
    def difference(self) -> int:
        return self.new - self.current


@dataclass
class Allocation:
    total: ProvinceCommitment
    area: TrainingArea
    method: str
    held_elsewhere: int  # other areas and inactive centers, left as they are
    shares: list[Share] = field(default_factory=list)
    fell_back_to_even: bool = False
    batch: Batch | None = None  # once applied: its record (None when nothing changed)

    @property
    def amount(self) -> int:
        return self.total.target - self.held_elsewhere

    @property
    def allocated(self) -> int:
        return self.held_elsewhere + sum(s.new for s in self.shares)

    @property
    def changing(self) -> list[Share]:
        """The centers whose commitment in the area changes (one commitment each)."""
        return [s for s in self.shares if s.difference]

    @property
    def fingerprint(self) -> str:
        """Everything a preview showed: applying it later must find the same, or the centers'
        commitments (or the total, the centers, last year's actuals) changed in between."""
        return fingerprint([self.total.pk, self.total.target, self.area.pk, self.method, self.held_elsewhere,
                            [(s.center.pk, s.basis, s.current, s.new) for s in self.shares]])


def last_year_actuals(province: Province, year: int, sector: Sector, area: TrainingArea, measure: Measure) -> dict[int, int]:
    """{center id: the previous year's actual} of the province's centers: A(12) of year - 1 from
    the progress engine (reports/progress/statements.py), so counted (submitted or approved)
    reports only."""
    actuals = actual_to_date(year - 1, 12, ["report__center_id"], report__center__province=province,
                             sector=sector, area=area, measure=measure)
    return {center_id: total for (center_id,), total in actuals.items()}


def plan_allocation(total: ProvinceCommitment, area: TrainingArea, method: str) -> Allocation:
    """What allocating `total` to `area` by `method` would set, without writing anything."""
    centers = list(Center.objects.active().filter(province=total.province).order_by("code"))
    commitments = Commitment.objects.filter(year=total.year, center__province=total.province, sector=total.sector, measure=total.measure)
    current = dict(commitments.filter(area=area, center__in=centers).values_list("center", "target"))
    held = commitments.exclude(area=area, center__in=centers).aggregate(s=Sum("target"))["s"] or 0
    allocation = Allocation(total, area, method, held)
    if allocation.amount < 0:
        raise CommitmentError(_("The other training areas already hold more than the province total."))
    if not centers:
        raise CommitmentError(_("The province has no active centers."))
    actuals = last_year_actuals(total.province, total.year, total.sector, area, total.measure) if method == LAST_YEAR else {}
    basis = [actuals.get(c.pk, 0) for c in centers]
    if method != LAST_YEAR or sum(basis) == 0:
        allocation.fell_back_to_even = method == LAST_YEAR
        basis = [1] * len(centers)
    parts = split_by_weights(allocation.amount, basis)
    allocation.shares = [Share(c, b, current.get(c.pk, 0), p) for c, b, p in zip(centers, basis, parts)]
    return allocation


@dataversion.scoped(lambda total, *args, **kwargs: [total.province_id])
def apply_allocation(total: ProvinceCommitment, area: TrainingArea, method: str, user: "User", reason: str = "",
                     today: datetime.date | None = None, previewed: str | None = None) -> Allocation:
    """Plan again inside the transaction and write it; returns the Allocation.

    `previewed`: the fingerprint of the preview the user saw; a plan that differs from it now is
    refused, so nobody applies numbers they have not seen.
    """
    with transaction.atomic():
        open_year(total.year)
        # Lock the sector and measure's commitments first, so the plan reads what will be written.
        list(Commitment.objects.select_for_update(of=("self",)).filter(
            year=total.year, center__province=total.province, sector=total.sector, measure=total.measure,
        ).values_list("pk", flat=True))
        allocation = plan_allocation(total, area, method)
        if previewed is not None and previewed != allocation.fingerprint:
            raise StalePreview(_("The centers' commitments changed after the preview was made. Preview the allocation again before applying it."))
        existing = {
            c.center_id: c for c in baseline_history(Commitment.objects.select_for_update().filter(
                year=total.year, sector=total.sector, area=area, measure=total.measure, center__in=[s.center for s in allocation.shares]
            ))
        }
        revises = any(
            s.center.pk in existing and s.difference and not existing[s.center.pk].is_draft for s in allocation.shares
        )
        if revises and year_has_started(total.year, today) and not reason.strip():
            raise CommitmentError(_("The year has started: changing the centers' targets needs a reason."))
        why = reason.strip() or _("allocated from the province total")
        new = {s.center.pk: s.new for s in allocation.shares}
        candidates = []
        for share in allocation.shares:
            c = existing.get(share.center.pk)
            if c is None and share.new:
                c = Commitment(year=total.year, center=share.center, sector=total.sector, area=area, measure=total.measure,
                               status=CommitmentStatus.CONFIRMED, target=0)
            if c is not None and c.target != share.new:
                candidates.append(c)

        def allocate(c: Commitment) -> None:
            c.retarget(new[c.center_id])
            c.letter_number, c.letter_date = total.letter_number, total.letter_date

        plan, changed = _changing(candidates, allocate)
        allocation.batch = _save_batch(Batch.Kind.ALLOCATION, plan, changed, user, why,
                                       detail=f"{total.sector.code} – {total.measure.code} – {area.code}")
        if allocation.batch is not None:  # allocated again: a returned allocation is addressed
            returns.mark_addressed(total.province, total.year, user, _("allocated again"))
    return allocation
