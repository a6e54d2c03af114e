"""The course register (دوره‌ها): the courses each center ran, from which the month's
person-hours, person-courses, courses and certified follow (courses/derive.py).

A course counts in the Jalali month of its END date; `year` and `month` are that month, kept on
the row (set from end_date on save) so a month's register is one indexed filter. Dates are stored
Gregorian and entered and shown Jalali. What must always hold is also a database constraint.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center
from commitments.models import Sector, TrainingArea
from payesh import jalali, limits
from payesh.limits import year_in_range


class Cluster(models.TextChoices):
    SERVICES = "services", _("services")
    INDUSTRY = "industry", _("industry")
    AGRICULTURE = "agriculture", _("agriculture")
    CULTURE_ART = "culture_art", _("culture and art")


class GroupGender(models.TextChoices):
    MEN = "men", _("men")
    WOMEN = "women", _("women")
    MIXED = "mixed", _("mixed")


class CourseQuerySet(models.QuerySet):
    def for_month(self, center, year, month):
        return self.filter(center=center, year=year, month=month)

    def months_of(self, center, year, area=None):
        """The months of a center's year whose register has courses (of one area if given): where
        the dashboards link a month's figures to the courses they come from. One query."""
        qs = self.filter(center=center, year=year)
        if area is not None:
            qs = qs.filter(area=area)
        return set(qs.values_list("month", flat=True).distinct().order_by())

    def with_person_hours(self):
        return self.annotate(person_hours=F("completed") * F("hours"))


class Course(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="courses", verbose_name=_("center"))
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    month = models.PositiveSmallIntegerField(_("month"), editable=False)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, verbose_name=_("sector"))
    area = models.ForeignKey(TrainingArea, on_delete=models.PROTECT, verbose_name=_("training area"))
    cluster = models.CharField(_("cluster"), max_length=12, choices=Cluster.choices)
    title = models.CharField(_("trade or title"), max_length=200)
    standard_code = models.CharField(_("training standard code"), max_length=40, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.PositiveIntegerField(_("hours"))
    gender = models.CharField(_("group"), max_length=6, choices=GroupGender.choices)
    enrolled = models.PositiveIntegerField(_("enrolled"))
    completed = models.PositiveIntegerField(_("completed"))
    certified = models.PositiveIntegerField(_("certified"))
    place = models.CharField(_("place"), max_length=200)
    trainer = models.CharField(_("trainer"), max_length=120, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )

    history = HistoricalRecords()
    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["year", "month", "end_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="course_hours_positive"),
            models.CheckConstraint(condition=Q(hours__lte=limits.COURSE_HOURS_MAX), name="course_hours_at_most_max"),
            # completed <= enrolled and certified <= completed bound the other two
            models.CheckConstraint(condition=Q(enrolled__lte=limits.COURSE_TRAINEES_MAX), name="course_enrolled_at_most_max"),
            models.CheckConstraint(condition=year_in_range(), name="course_year_range"),
            models.CheckConstraint(condition=Q(completed__lte=F("enrolled")), name="course_completed_le_enrolled"),
            models.CheckConstraint(condition=Q(certified__lte=F("completed")), name="course_certified_le_completed"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="course_end_not_before_start"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="course_month_1_12"),
            models.CheckConstraint(condition=Q(cluster__in=Cluster.values), name="course_cluster_valid"),
            models.CheckConstraint(condition=Q(gender__in=GroupGender.values), name="course_gender_valid"),
        ]
        indexes = [
            models.Index(fields=["center", "year", "month"]),
            models.Index(fields=["area", "year"]),
        ]

    def __str__(self):
        return f"{self.title} – {self.center} – {jalali.format_jalali_date(self.end_date)}"

    def save(self, *args, **kwargs):
        self.set_period()
        super().save(*args, **kwargs)

    def set_period(self):
        """The month a course counts in: the Jalali month of its end date."""
        end = jalali.to_jalali(self.end_date)
        self.year, self.month = end.year, end.month
