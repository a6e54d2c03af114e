"""The centers a board lists: each active center of the selection's scope, named by a light
CenterRef, with whether it owes a report this year and, when asked, its report of the month."""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Exists, FilteredRelation, OuterRef, Q

from centers.models import Center
from commitments.models import Commitment

from .selection import Selection

REPORT_FIELDS = ("status", "submitted_at", "approved_at")  # what deadlines.reporting_status reads


@dataclass(frozen=True, slots=True, eq=False)
class CenterRef:
    """A center as the dashboards name it, read as plain values (building a thousand model
    instances would cost more than adding up their numbers). It equals the Center it stands for."""

    pk: int
    code: str
    name_fa: str
    name_en: str
    county_fa: str
    county_en: str
    province_id: int

    FIELDS = ("pk", "code", "name_fa", "name_en", "county_fa", "county_en", "province_id")

    @property
    def id(self) -> int:
        return self.pk

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (CenterRef, Center)):
            return self.pk == other.pk
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("center", self.pk))

    def __str__(self) -> str:
        return self.name_fa


def active_centers_by_province(selection: Selection, provinces: Sequence[int],
                               reports: bool = True) -> dict[int, list[tuple[Any, ...]]]:
    """{province id: active_centers(selection, reports) of that province} of these provinces
    (the selection narrowed to them), in one query."""
    found: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in provinces}
    if provinces:
        for center in active_centers(replace(selection, province=None, provinces=tuple(provinces)), reports=reports):
            found[center[0].province_id].append(center)
    return found


def active_centers(selection: Selection, reports: bool = False) -> list[tuple[Any, ...]]:
    """[(CenterRef, owes a report this year)] for the active centers of the selection, in code
    order, in one query; with `reports`, each also with {the status and times of its report of
    the selection's month} (None where it has none)."""
    qs = Center.objects.active().annotate(owes=Exists(Commitment.objects.in_force(selection.year).filter(center=OuterRef("pk"))))
    if selection.province is not None:
        qs = qs.filter(province=selection.province)
    elif selection.provinces:
        qs = qs.filter(province__in=selection.provinces)
    fields = [*CenterRef.FIELDS, "owes"]
    if reports:
        qs = qs.annotate(month_report=FilteredRelation(
            "reports", condition=Q(reports__year=selection.year, reports__month=selection.month)))
        fields += [f"month_report__{f}" for f in REPORT_FIELDS]
    n = len(CenterRef.FIELDS)
    rows = qs.order_by("code").values_list(*fields)
    if not reports:
        return [(CenterRef(*values[:n]), values[n]) for values in rows]
    return [(CenterRef(*values[:n]), values[n], dict(zip(REPORT_FIELDS, values[n + 1:]))) for values in rows]
