"""Monthly reports (گزارش ماهانه) and their figures (عملکرد).

A report moves draft -> submitted -> approved, or submitted -> returned -> draft; the director can
reopen an approved month. `version` grows by one on every save of the month and is what the
entry form sends back, so a save made on stale values is refused instead of overwriting.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center
from commitments.models import Measure, Sector, TrainingArea
from payesh import limits
from payesh.limits import year_in_range


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")


COUNTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class MonthlyReportQuerySet(models.QuerySet):
    def for_month(self, year, month):
        return self.filter(year=year, month=month)

    def latest_of_centers(self, centers):
        """The centers annotated with the year, month and status of their most recent report."""
        latest = self.filter(center=models.OuterRef("pk")).order_by("-year", "-month")
        return centers.annotate(
            latest_year=models.Subquery(latest.values("year")[:1]),
            latest_month=models.Subquery(latest.values("month")[:1]),
            latest_status=models.Subquery(latest.values("status")[:1]),
        )


class MonthlyReport(models.Model):
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="reports", verbose_name=_("center"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("updated by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("submitted by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("returned by")
    )
    return_comment = models.TextField(_("return comment"), blank=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reopened by")
    )
    reopen_reason = models.TextField(_("reopen reason"), blank=True)

    history = HistoricalRecords()
    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["year", "month", "center"]
        constraints = [
            models.UniqueConstraint(fields=["center", "year", "month"], name="report_one_per_center_month"),
            models.CheckConstraint(condition=Q(month__gte=1) & Q(month__lte=12), name="report_month_1_12"),
            models.CheckConstraint(condition=year_in_range(), name="report_year_range"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
        ]
        indexes = [models.Index(fields=["year", "month", "status"])]

    def __str__(self):
        return f"{self.center} – {self.year}/{self.month:02d}"

    @property
    def is_counted(self):
        return self.status in COUNTED_STATUSES

    @property
    def is_approved(self):
        return self.status == ReportStatus.APPROVED


class Figure(models.Model):
    """One actual value: (report, sector, area, measure) -> a non-negative whole number."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="figures", verbose_name=_("report"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, verbose_name=_("sector"))
    area = models.ForeignKey(TrainingArea, on_delete=models.PROTECT, verbose_name=_("training area"))
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, verbose_name=_("measure"))
    value = models.BigIntegerField(_("value"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(fields=["report", "sector", "area", "measure"], name="figure_unique_key"),
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_value_non_negative"),
            models.CheckConstraint(condition=Q(value__lte=limits.FIGURE_MAX), name="figure_value_at_most_max"),
        ]
        # The dashboards add up a measure's figures report by report: on PostgreSQL this index
        # answers that from the index alone (SQLite ignores `include` and keeps the key columns).
        indexes = [models.Index(fields=["report", "measure"], include=["sector", "area", "value"], name="figure_report_measure")]

    def __str__(self):
        return f"{self.report} – {self.area} – {self.measure}: {self.value}"


class RuleOperator(models.TextChoices):
    AT_MOST = "le", "≤"
    LESS_THAN = "lt", "<"
    AT_LEAST = "ge", "≥"
    MORE_THAN = "gt", ">"
    EQUAL = "eq", "="


class RuleImportance(models.TextChoices):
    ERROR = "error", _("error: the month is not saved")
    WARNING = "warning", _("warning: a comment confirms the figures")


class RuleFactor(models.TextChoices):
    """Where the right side's multiplier comes from: the rule's own number, or a setting."""

    NUMBER = "number", _("the number given")
    SHORTEST_COURSE = "shortest_course", _("the shortest sensible course in hours (a setting)")
    LONGEST_COURSE = "longest_course", _("the longest sensible course in hours (a setting)")


class ValidationRule(models.Model):
    """A check between two figures of one month, row by row of a sector and training area, as
    DHIS2's validation rules: left measure <operator> factor x right measure. An error refuses
    the save; a warning asks for a comment that confirms the figures (reports/quality/rules.py).
    Measures, sectors and areas are named by code: a rule whose codes a month lacks does not
    apply to it. Retired, never deleted; every change is kept (simple-history)."""

    code = models.SlugField(_("code"), max_length=50, unique=True, null=True, blank=True, editable=False,
                            help_text="set for the rules Payesh ships (seeded once, then the planners' to change)")
    name_fa = models.CharField(_("name (Persian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    left_measure = models.CharField(_("left side: measure"), max_length=50)
    operator = models.CharField(_("operator"), max_length=2, choices=RuleOperator.choices)
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    factor_from = models.CharField(_("factor from"), max_length=20, choices=RuleFactor.choices, default=RuleFactor.NUMBER)
    right_measure = models.CharField(_("right side: measure"), max_length=50)
    sector = models.CharField(_("sector"), max_length=50, blank=True, help_text="a sector's code; blank: every sector")
    area = models.CharField(_("training area"), max_length=50, blank=True, help_text="an area's code; blank: every area")
    importance = models.CharField(_("importance"), max_length=10, choices=RuleImportance.choices)
    message_fa = models.CharField(_("message (Persian)"), max_length=300)
    message_en = models.CharField(_("message (English)"), max_length=300, blank=True)
    active = models.BooleanField(_("in force"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["-active", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(operator__in=RuleOperator.values), name="rule_operator_valid"),
            models.CheckConstraint(condition=Q(importance__in=RuleImportance.values), name="rule_importance_valid"),
            models.CheckConstraint(condition=Q(factor_from__in=RuleFactor.values), name="rule_factor_from_valid"),
            models.CheckConstraint(condition=Q(factor__gte=0), name="rule_factor_not_negative"),
        ]

    def __str__(self):
        return self.name_fa

    @property
    def is_error(self):
        return self.importance == RuleImportance.ERROR
