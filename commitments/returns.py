"""A national planner returns a province's allocation of a year, with the reason: the return is
recorded (commitments.AllocationReturn: who, when, why), told at once to the province's director
and planners (signals.allocation_returned, heard by notifications), and shown on the province's
allocation page until its planners allocate again or mark it addressed."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from centers.models import Province

from .models import AllocationReturn
from .services import CommitmentError
from .signals import allocation_returned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

REASON_MAX = 2000


def open_returns(province: Province, year: int) -> QuerySet[AllocationReturn]:
    """The province's returns of the year that are not addressed yet, newest first."""
    return AllocationReturn.objects.filter(province=province, year=year, addressed_at__isnull=True).select_related("returned_by")


def return_allocation(province: Province, year: int, reason: str, user: "User") -> AllocationReturn:
    """Record the return (a reason is required) and tell the province's directorate once the
    transaction commits."""
    reason = reason.strip()
    if not reason:
        raise CommitmentError(_("Give the reason the allocation is returned."))
    if len(reason) > REASON_MAX:
        raise CommitmentError(_("The reason is too long."))
    with transaction.atomic():
        returned = AllocationReturn.objects.create(province=province, year=year, reason=reason, returned_by=user)
        transaction.on_commit(lambda: allocation_returned.send(AllocationReturn, allocation_return=returned), robust=True)
    return returned


def mark_addressed(province: Province, year: int, user: "User", note: str) -> int:
    """Close the province's open returns of the year (the planners allocated again, or say it is
    addressed); returns how many were open."""
    return open_returns(province, year).update(addressed_by=user, addressed_at=timezone.now(), addressed_note=note[:300])
