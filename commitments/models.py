"""Commitments (تعهدات) and the lookup lists they are keyed by.

A commitment's monthly phasing is stored as twelve whole-number phased targets that add up to
the annual target (the database checks it), so expected-to-date is an exact integer sum and the
weights w_i = phased_i / target always sum to 1. Even phasing spreads the remainder of
target / 12 over the first months.
"""

import datetime
import math
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centers.models import Center
from payesh import jalali, limits
from payesh.limits import year_in_range

MONTHS = range(1, 13)
PHASED_FIELDS = tuple(f"phased_{m}" for m in MONTHS)


class FiscalYear(models.Model):
    """A Jalali year; once closed its commitments and reports no longer change."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    closed = models.BooleanField(_("closed"), default=False)

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(condition=year_in_range(), name="fiscal_year_range")]

    def __str__(self):
        return str(self.year)

    @classmethod
    def is_closed(cls, year):
        return cls.objects.filter(year=year, closed=True).exists()


def year_has_started(year, today=None):
    """From 1 Farvardin of the year on, a changed target is a revision (reason and letter)."""
    today = today or jalali.today_jalali()
    return (today.year, today.month) >= (int(year), 1)


class Sector(models.Model):
    """public (دولتی), private (خصوصی), research (اجرایی و پژوهشی)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name_fa


class TrainingArea(models.Model):
    """Where or for whom training happens (حوزه آموزشی)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="areas", verbose_name=_("usual sector"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("training area")
        verbose_name_plural = _("training areas")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name_fa


class Measure(models.Model):
    """What is counted, with a unit (شاخص)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    unit_fa = models.CharField(_("unit"), max_length=50)
    unit_en = models.CharField(_("unit (English)"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name_fa


def even_phasing(target):
    """Split a whole target into 12 whole monthly targets as evenly as possible."""
    base, remainder = divmod(int(target), 12)
    return [base + (1 if m <= remainder else 0) for m in MONTHS]


def phase_by_weights(target, weights):
    """Split a whole target by 12 non-negative weights (any scale) with the largest remainder
    method, so the parts are whole and add up to the target exactly."""
    if len(weights) != 12:
        raise ValueError("phasing needs 12 non-negative weights with a positive sum")
    return split_by_weights(target, weights)


def split_by_weights(total, weights):
    """Split a whole total into whole parts proportional to non-negative weights (largest
    remainder method, ties to the earlier part): the parts add up to the total exactly.

    Weights are taken as exact fractions, so 1/3 of a billion loses no unit to float rounding.
    """
    exact_weights = [Fraction(str(w)) if isinstance(w, float) else Fraction(w) for w in weights]
    weight_sum = sum(exact_weights)
    if not exact_weights or any(w < 0 for w in exact_weights) or weight_sum <= 0:
        raise ValueError("a split needs non-negative weights with a positive sum")
    total = int(total)
    exact = [total * w / weight_sum for w in exact_weights]
    parts = [int(x) for x in exact]  # floor, as total and weights are non-negative
    short = total - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:short]:
        parts[i] += 1
    return parts


class CommitmentStatus(models.TextChoices):
    """A commitment copied forward into a new year is a draft until a planner confirms it;
    confirmed commitments are the ones in force."""

    DRAFT = "draft", _("draft")
    CONFIRMED = "confirmed", _("confirmed")


class CommitmentQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)

    def confirmed(self):
        return self.filter(status=CommitmentStatus.CONFIRMED)

    def in_force(self, year):
        """The commitments that count in a year: confirmed ones of active centers. A center with
        one owes a monthly report (reports.deadlines, reports.progress)."""
        return self.confirmed().filter(year=year, center__active=True)

    def in_force_in(self, years):
        """The commitments in force in each of several years (the years of record)."""
        return self.confirmed().filter(year__in=list(years), center__active=True)

    def drafts(self):
        return self.filter(status=CommitmentStatus.DRAFT)

    def with_original_target(self):
        """Annotate original_target: the target of the first recorded version."""
        first = Commitment.history.model.objects.filter(id=models.OuterRef("pk")).order_by("history_date", "history_id")
        return self.annotate(original_target=models.Subquery(first.values("target")[:1]))


class Commitment(models.Model):
    """For one year, center, sector, training area and measure: the annual target, the ministry
    letter it came from, and its monthly phasing."""

    year = models.PositiveSmallIntegerField(_("year"))
    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("center"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, verbose_name=_("sector"))
    area = models.ForeignKey(TrainingArea, on_delete=models.PROTECT, verbose_name=_("training area"))
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, verbose_name=_("measure"))
    target = models.BigIntegerField(_("annual target"))
    letter_number = models.CharField(_("letter number"), max_length=50, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    phased_1 = models.BigIntegerField(_("Farvardin"), default=0)
    phased_2 = models.BigIntegerField(_("Ordibehesht"), default=0)
    phased_3 = models.BigIntegerField(_("Khordad"), default=0)
    phased_4 = models.BigIntegerField(_("Tir"), default=0)
    phased_5 = models.BigIntegerField(_("Mordad"), default=0)
    phased_6 = models.BigIntegerField(_("Shahrivar"), default=0)
    phased_7 = models.BigIntegerField(_("Mehr"), default=0)
    phased_8 = models.BigIntegerField(_("Aban"), default=0)
    phased_9 = models.BigIntegerField(_("Azar"), default=0)
    phased_10 = models.BigIntegerField(_("Dey"), default=0)
    phased_11 = models.BigIntegerField(_("Bahman"), default=0)
    phased_12 = models.BigIntegerField(_("Esfand"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices, default=CommitmentStatus.CONFIRMED
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # Each version records who, when and why (a revision's reason can be a long sentence).
    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))
    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["year", "center", "sector__order", "area__order", "measure__order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "center", "sector", "area", "measure"], name="commitment_unique_key"),
            models.CheckConstraint(condition=Q(target__gte=0), name="commitment_target_non_negative"),
            models.CheckConstraint(condition=Q(target__lte=limits.TARGET_MAX), name="commitment_target_at_most_max"),
            models.CheckConstraint(
                condition=Q(**{f"{f}__gte": 0 for f in PHASED_FIELDS}), name="commitment_phased_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(**{f"{f}__lte": limits.PHASED_MAX for f in PHASED_FIELDS}), name="commitment_phased_at_most_max"
            ),
            models.CheckConstraint(condition=year_in_range(), name="commitment_year_range"),
            # The phasing weights phased_i / target sum to 1.
            models.CheckConstraint(
                condition=Q(
                    target=models.F("phased_1") + models.F("phased_2") + models.F("phased_3")
                    + models.F("phased_4") + models.F("phased_5") + models.F("phased_6")
                    + models.F("phased_7") + models.F("phased_8") + models.F("phased_9")
                    + models.F("phased_10") + models.F("phased_11") + models.F("phased_12")
                ),
                name="commitment_phasing_sums_to_target",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "measure"]),
            # whether a center owes a report in a year (reports.progress asks it for every center)
            models.Index(fields=["center", "year", "status", "measure"], name="commitment_center_year"),
        ]

    def __str__(self):
        return f"{self.year} – {self.center} – {self.area} – {self.measure}"

    @property
    def phased(self):
        return [getattr(self, f) for f in PHASED_FIELDS]

    def set_phasing(self, parts):
        if len(parts) != 12 or sum(parts) != self.target:
            raise ValueError("12 monthly targets adding up to the annual target are required")
        for field, value in zip(PHASED_FIELDS, parts):
            setattr(self, field, int(value))

    def phase_evenly(self):
        self.set_phasing(even_phasing(self.target))

    def retarget(self, target):
        """Change the annual target and keep the shape of the current phasing (even if none)."""
        old = self.phased
        self.target = int(target)
        if sum(old) > 0:
            self.set_phasing(phase_by_weights(self.target, old))
        else:
            self.phase_evenly()

    @property
    def is_draft(self):
        return self.status == CommitmentStatus.DRAFT

    # A commitment as a batch change sees it (payesh/batches.py): what it is (never changed by a
    # batch) and what a batch may change, so an undo can put it back and find changes made since.
    BATCH_MODEL = "commitments.commitment"

    def snapshot(self):
        return {
            "year": self.year, "center": self.center_id, "sector": self.sector_id, "area": self.area_id,
            "measure": self.measure_id, "target": self.target, "phased": self.phased, "status": self.status,
            "letter_number": self.letter_number,
            "letter_date": self.letter_date.isoformat() if self.letter_date else None,
        }

    def restore(self, state):
        """Put back what a snapshot holds (the row's identity stays)."""
        self.target = state["target"]
        self.set_phasing(state["phased"])
        self.status, self.letter_number = state["status"], state["letter_number"]
        self.letter_date = datetime.date.fromisoformat(state["letter_date"]) if state["letter_date"] else None

    def phased_target(self, month):
        return getattr(self, f"phased_{month}")


class ProvinceCommitment(models.Model):
    """The province's total for one year, sector and measure, as the national organization
    communicated it (ابلاغ); planners allocate it to the centers."""

    province = models.ForeignKey(
        "centers.Province", on_delete=models.PROTECT, related_name="commitments", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, verbose_name=_("sector"))
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, verbose_name=_("measure"))
    target = models.BigIntegerField(_("province total"))
    letter_number = models.CharField(_("letter number"), max_length=50, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)

    history = HistoricalRecords(history_change_reason_field=models.TextField(null=True))

    class Meta:
        verbose_name = _("province commitment")
        verbose_name_plural = _("province commitments")
        ordering = ["year", "province", "sector__order", "measure__order"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year", "sector", "measure"], name="province_commitment_unique_key"),
            models.CheckConstraint(condition=Q(target__gte=0), name="province_commitment_target_non_negative"),
            models.CheckConstraint(condition=Q(target__lte=limits.TARGET_MAX), name="province_commitment_target_at_most_max"),
            models.CheckConstraint(condition=year_in_range(), name="province_commitment_year_range"),
        ]

    def __str__(self):
        return f"{self.year} – {self.province} – {self.sector} – {self.measure}"


class AllocationReturn(models.Model):
    """A national planner's return of a province's allocation of a year, with the reason; open
    until the province's planners allocate again or mark it addressed. Each return is its own
    row, so the rows are the record."""

    province = models.ForeignKey(
        "centers.Province", on_delete=models.PROTECT, related_name="allocation_returns", verbose_name=_("province")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reason = models.TextField(_("reason"))
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("returned by"))
    returned_at = models.DateTimeField(_("returned at"), default=timezone.now)
    addressed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
                                     blank=True, verbose_name=_("addressed by"))
    addressed_at = models.DateTimeField(_("addressed at"), null=True, blank=True)
    addressed_note = models.CharField(_("how it was addressed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("returned allocation")
        verbose_name_plural = _("returned allocations")
        ordering = ["-returned_at", "-pk"]
        indexes = [models.Index(fields=["province", "year"], name="allocation_return_province")]
        constraints = [models.CheckConstraint(condition=year_in_range(), name="allocation_return_year_range")]

    def __str__(self):
        return f"{self.year} – {self.province}"

    @property
    def is_open(self) -> bool:
        return self.addressed_at is None


class PhasingProfile(models.Model):
    """A named, reusable shape of the year: 12 non-negative monthly weights (any scale)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    weights = models.JSONField(_("monthly weights"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("phasing profile")
        verbose_name_plural = _("phasing profiles")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def usable(self):
        """12 finite, non-negative weights with a positive sum. The form refuses anything else,
        but a profile saved before it did (1e400 stored as infinity, 1e-400 as zero) is kept and
        shown as unusable instead of breaking the page."""
        try:
            weights = [float(w) for w in self.weights]
        except (TypeError, ValueError):
            return False
        return (len(weights) == 12 and all(math.isfinite(w) and w >= 0 for w in weights)
                and 0 < sum(weights) < math.inf)

    @property
    def shares(self):
        """The weights as fractions of the year (they sum to 1); None for an unusable profile."""
        if not self.usable:
            return None
        total = sum(float(w) for w in self.weights)
        return [float(w) / total for w in self.weights]

    def phase(self, target):
        if not self.usable:
            raise ValueError("an unusable phasing profile")
        return phase_by_weights(target, self.weights)
