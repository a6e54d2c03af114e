"""Batch changes of commitments as a page shows them, before (a preview's plan) and after (the
record, payesh.models.Batch): how many commitments and centers change, the monthly targets of
their total before and after, per measure, and each row with its names.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import Q

from centers.models import Center
from payesh.models import Batch, BatchRow

from .models import CommitmentStatus, Measure, Sector, TrainingArea

KINDS = (Batch.Kind.PHASING, Batch.Kind.ALLOCATION, Batch.Kind.COPY_FORWARD, Batch.Kind.DRAFTS_CONFIRMED)


class HasStates(Protocol):
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def of_commitments(centers: "Any" = None) -> "Any":
    """The record: the batch changes of commitments (of `centers`' commitments when given: the
    user's province's), newest first."""
    batches = Batch.objects.filter(kind__in=KINDS).select_related("made_by", "undone_by")
    if centers is None:
        return batches
    ids = list(centers.values_list("pk", flat=True))
    mine = BatchRow.objects.filter(Q(after__center__in=ids) | Q(before__center__in=ids)).values("batch_id")
    return batches.filter(pk__in=mine)


@dataclass
class MeasureTotals:
    """The total of the changing commitments of one measure: annual and by month."""

    measure: Measure
    before: list[int] = field(default_factory=lambda: [0] * 12)
    after: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def before_target(self) -> int:
        return sum(self.before)

    @property
    def after_target(self) -> int:
        return sum(self.after)


@dataclass
class Summary:
    commitments: int
    centers: int
    made: int  # commitments the change makes (before: none)
    totals: list[MeasureTotals]
    months = range(1, 13)

    @property
    def has_before(self) -> bool:
        """Whether the totals before are worth a row: some changed commitment existed before (a
        copy forward makes them all) and the totals moved (confirming drafts leaves them)."""
        return self.made < self.commitments and any(t.before != t.after for t in self.totals)


def _state(change: HasStates) -> dict[str, Any]:
    state = change.after or change.before
    assert state is not None  # a change has a value on at least one side
    return state


def summarize(changes: Sequence[HasStates]) -> Summary:
    """Counts and totals of a plan's changes or a batch's rows (one query, for the measures)."""
    by_measure: dict[int, MeasureTotals] = {}
    measures = Measure.objects.in_bulk({_state(c)["measure"] for c in changes})
    for change in changes:
        totals = by_measure.setdefault(_state(change)["measure"], MeasureTotals(measures[_state(change)["measure"]]))
        for side, state in ((totals.before, change.before), (totals.after, change.after)):
            if state is not None:
                for m, value in enumerate(state["phased"]):
                    side[m] += value
    return Summary(
        commitments=len(changes), centers=len({_state(c)["center"] for c in changes}),
        made=sum(1 for c in changes if c.before is None),
        totals=sorted(by_measure.values(), key=lambda t: (t.measure.order, t.measure.code)),
    )


@dataclass
class Row:
    """One commitment of a batch, named, before and after."""

    center: Center
    sector: Sector
    area: TrainingArea
    measure: Measure
    year: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def months_changed(self) -> bool:
        return bool(self.before and self.after and self.before["phased"] != self.after["phased"])

    @property
    def status_changed(self) -> bool:
        return bool(self.before and self.after and self.before["status"] != self.after["status"])

    @property
    def draft_after(self) -> bool:
        return bool(self.after and self.after["status"] == CommitmentStatus.DRAFT)


def named(changes: Iterable[HasStates]) -> list[Row]:
    """The changes with their center, sector, area and measure (four queries whatever their
    number)."""
    changes = list(changes)
    states = [_state(c) for c in changes]
    centers = Center.objects.in_bulk({s["center"] for s in states})
    sectors = Sector.objects.in_bulk({s["sector"] for s in states})
    areas = TrainingArea.objects.in_bulk({s["area"] for s in states})
    measures = Measure.objects.in_bulk({s["measure"] for s in states})
    return [Row(centers[s["center"]], sectors[s["sector"]], areas[s["area"]], measures[s["measure"]], s["year"],
                c.before, c.after) for c, s in zip(changes, states)]
