"""Monitoring meetings (جلسه پایش): the record, each center's remarks, and the action items.

A meeting reviews one (year, month) of its province. While it is a draft its summary is computed
live; finalizing freezes the figures into `snapshot` (plain rows, see meetings/snapshot.py) so the
minutes never change when a report is later revised. After that only action item statuses change.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centers.models import Center, Province
from payesh import display, jalali
from payesh.i18n import local_name
from payesh.limits import year_in_range


def today():
    """Today's Gregorian date in Tehran: what 'overdue' is measured against."""
    return jalali.today_jalali().togregorian()


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    FINALIZED = "finalized", _("finalized")


class MeetingQuerySet(models.QuerySet):
    def for_province(self, province):
        return self.filter(province=province)

    def earlier_than(self, meeting):
        """Meetings held before this one (same day: created before it)."""
        return self.filter(province=meeting.province).filter(
            Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk)
        )


class Meeting(models.Model):
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("province"))
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="meetings_attended", verbose_name=_("attendees"))
    guests = models.TextField(_("guests"), blank=True, help_text=_("Attendees without a login, one per line."))
    year = models.PositiveSmallIntegerField(_("year reviewed"))
    month = models.PositiveSmallIntegerField(_("as-of month"))
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("general minutes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    snapshot = models.JSONField(_("performance snapshot"), null=True, blank=True, editable=False)
    finalized_at = models.DateTimeField(_("finalized at"), null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("finalized by")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("monitoring meeting")
        verbose_name_plural = _("monitoring meetings")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="meeting_month_1_12"),
            models.CheckConstraint(condition=year_in_range(), name="meeting_year_range"),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"),
            # A finalized meeting always carries its frozen figures.
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.DRAFT) | Q(snapshot__isnull=False), name="meeting_finalized_has_snapshot"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({jalali.format_jalali_date(self.date)})"

    @property
    def is_finalized(self):
        return self.status == MeetingStatus.FINALIZED

    @property
    def chair_label(self):
        return display.person(self.chair)

    @property
    def guest_list(self):
        return [line.strip() for line in self.guests.splitlines() if line.strip()]


class CenterRemark(models.Model):
    """A center's challenges, opportunities and suggestions raised for one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="remarks", verbose_name=_("meeting"))
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="meeting_remarks", verbose_name=_("center"))
    challenges = models.TextField(_("challenges"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("written by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("center remark")
        verbose_name_plural = _("center remarks")
        ordering = ["meeting", "center__code"]
        constraints = [models.UniqueConstraint(fields=["meeting", "center"], name="remark_one_per_center_meeting")]

    def __str__(self):
        return f"{self.meeting} – {self.center}"

    @property
    def is_empty(self):
        return not (self.challenges.strip() or self.opportunities.strip() or self.suggestions.strip())


class ActionItemStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionItemStatus.OPEN)

    def overdue(self, on=None):
        return self.open().filter(due_date__lt=on or today())

    def for_center(self, center):
        return self.filter(responsible_center=center)

    def follow_up_for(self, meeting):
        """The open items of the province's earlier meetings: the next meeting follows them up."""
        return self.open().filter(meeting__in=Meeting.objects.earlier_than(meeting))


class ActionItem(models.Model):
    """A decision of a meeting with its owner (a center or a named person) and a due date.

    Overdue is not stored: an open item whose due date has passed is overdue.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting"))
    text = models.TextField(_("decision"))
    responsible_center = models.ForeignKey(
        Center, on_delete=models.PROTECT, null=True, blank=True, related_name="action_items", verbose_name=_("responsible center")
    )
    responsible_person = models.CharField(_("responsible person"), max_length=150, blank=True)
    due_date = models.DateField(_("due date"))
    # What it should move, for its responsible center: a sector, a training area, a measure (each
    # optional; person-hours when no measure is named). Its page compares the pace then and now.
    sector = models.ForeignKey(
        "commitments.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sector")
    )
    area = models.ForeignKey(
        "commitments.TrainingArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("training area"),
    )
    measure = models.ForeignKey(
        "commitments.Measure", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("measure")
    )
    pace_at_meeting = models.FloatField(_("pace at the meeting"), null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionItemStatus.values), name="action_item_status_valid"),
            models.CheckConstraint(
                condition=Q(responsible_center__isnull=False) | ~Q(responsible_person=""), name="action_item_has_owner"
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_open(self):
        return self.status == ActionItemStatus.OPEN

    def is_overdue(self, on=None):
        return self.is_open and self.due_date < (on or today())

    @property
    def overdue(self):
        return self.is_overdue()

    @property
    def owner(self):
        """Who answers for it, as shown in the minutes: the center (in the page's language), the person, or both."""
        parts = [local_name(self.responsible_center) if self.responsible_center_id else "", self.responsible_person]
        return " – ".join(p for p in parts if p)

    @property
    def display_status(self):
        """open / done / overdue, for badges and exports."""
        return "overdue" if self.overdue else self.status


