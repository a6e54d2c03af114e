"""Writes and reads of meetings that other code calls: each write is one transaction."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payesh import dataversion

from . import effect, snapshot
from .models import ActionItem, ActionItemStatus, CenterRemark, Meeting, MeetingStatus, today

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from centers.models import Center
    from commitments.models import Measure, Sector, TrainingArea

    from .forms import MeetingForm


class MeetingFinalized(Exception):
    """A change was asked of a finalized meeting."""

    message = _("This meeting is finalized; only the status of its action items can change.")


def _check_draft(meeting: Meeting) -> None:
    if meeting.is_finalized:
        raise MeetingFinalized


@transaction.atomic
def save_meeting(form: "MeetingForm", user: "User") -> Meeting:
    """Create or edit a draft meeting from a bound, valid MeetingForm (with its attendees)."""
    meeting = form.instance
    if meeting.pk:
        _check_draft(Meeting.objects.select_for_update().get(pk=meeting.pk))
    else:
        meeting.created_by = user
    return form.save()


@dataversion.scoped(lambda meeting, *args, **kwargs: [meeting.province_id])
@transaction.atomic
def save_remark(meeting: Meeting, center: "Center", user: "User", challenges: str = "", opportunities: str = "",
                suggestions: str = "") -> CenterRemark:
    _check_draft(Meeting.objects.select_for_update().get(pk=meeting.pk))
    remark, _created = CenterRemark.objects.update_or_create(
        meeting=meeting, center=center,
        defaults={"challenges": challenges, "opportunities": opportunities, "suggestions": suggestions, "written_by": user},
    )
    return remark


@dataversion.scoped(lambda meeting, *args, **kwargs: [meeting.province_id])
@transaction.atomic
def add_action_item(meeting: Meeting, text: str, due_date: date, responsible_center: "Center | None" = None,
                    responsible_person: str = "", sector: "Sector | None" = None, area: "TrainingArea | None" = None,
                    measure: "Measure | None" = None) -> ActionItem:
    _check_draft(Meeting.objects.select_for_update().get(pk=meeting.pk))
    return ActionItem.objects.create(
        meeting=meeting, text=text, due_date=due_date,
        responsible_center=responsible_center, responsible_person=responsible_person,
        sector=sector, area=area, measure=measure,
    )


@dataversion.scoped(lambda item, *args, **kwargs: [item.meeting.province_id])
@transaction.atomic
def set_action_item_status(item: ActionItem, status: str, user: "User") -> ActionItem:
    """Open or done: allowed on finalized meetings too, that is how decisions are followed up."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    item.status = ActionItemStatus(status)
    done = item.status == ActionItemStatus.DONE
    item.done_at, item.done_by = (timezone.now(), user) if done else (None, None)
    item.save(update_fields=["status", "done_at", "done_by"])
    return item


@dataversion.scoped(lambda meeting, *args, **kwargs: [meeting.province_id])
@transaction.atomic
def finalize(meeting: Meeting, user: "User") -> Meeting:
    """Freeze the province and center figures as of the meeting's month with it."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_draft(meeting)
    meeting.snapshot = snapshot.freeze(*snapshot.live_rows(meeting.province, meeting.year, meeting.month))
    meeting.status = MeetingStatus.FINALIZED
    meeting.finalized_at, meeting.finalized_by = timezone.now(), user
    meeting.save(update_fields=["snapshot", "status", "finalized_at", "finalized_by", "updated_at"])
    # each decision's pace then, so its page can later show whether it helped
    for item in meeting.action_items.filter(responsible_center__isnull=False).select_related(
            "responsible_center__province", "sector", "area", "measure"):
        item.pace_at_meeting = effect.pace_of(item, meeting.year, meeting.month)
        item.save(update_fields=["pace_at_meeting"])
    return meeting


@dataclass
class Summary:
    """The figures a meeting shows: frozen once finalized, live while a draft."""

    province: dict[str, Any]
    centers: list[dict[str, Any]]
    frozen: bool

    def count(self, status: str) -> int:
        return sum(1 for row in self.centers if row["status"] == status)

    @property
    def status_counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in snapshot.STATUSES}


def summary(meeting: Meeting) -> Summary:
    if meeting.is_finalized:
        return Summary(*snapshot.thaw(meeting.snapshot), frozen=True)
    return Summary(*snapshot.live_rows(meeting.province, meeting.year, meeting.month), frozen=False)


def open_items_for_center(center: "Center") -> QuerySet[ActionItem]:
    """The open action items a center answers for, oldest due first (overdue ones included);
    for the center dashboard. Each item has `.overdue`."""
    return ActionItem.objects.open().for_center(center).select_related("meeting").order_by("due_date", "pk")


def past_remarks_for_center(center: "Center", limit: int = 3) -> QuerySet[CenterRemark]:
    """The center's latest remarks from meetings already held (dated today or earlier), newest
    first, empty ones left out; for the center dashboard. One query."""
    return (CenterRemark.objects.filter(center=center, meeting__date__lte=today())
            .exclude(challenges="", opportunities="", suggestions="")
            .select_related("meeting").order_by("-meeting__date", "-meeting__pk")[:limit])


def follow_up_items(meeting: Meeting) -> QuerySet[ActionItem]:
    """Open items of the province's earlier meetings, for this meeting's follow-up."""
    return ActionItem.objects.follow_up_for(meeting).select_related("meeting", "responsible_center").order_by("due_date", "pk")
