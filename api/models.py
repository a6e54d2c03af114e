"""Personal API tokens, and the mapping of Payesh's keys to DHIS2's (configuration, editable).

A token is shown once, when it is made; only its prefix (to find it) and the SHA-256 of the whole
token are kept (api/tokens.py). A revoked token stays listed, with when it was revoked.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centers.models import Center
from commitments.models import Measure, Sector, TrainingArea


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None


class OrgUnitMapping(models.Model):
    """A center as a DHIS2 organisation unit, by the unit's DHIS2 code (files say idScheme=CODE)."""

    center = models.OneToOneField(Center, on_delete=models.CASCADE, related_name="dhis2_org_unit",
                                  verbose_name=_("center"))
    org_unit = models.CharField(_("organisation unit"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("DHIS2 organisation unit")
        verbose_name_plural = _("DHIS2 organisation units")
        ordering = ["center__code"]

    def __str__(self):
        return f"{self.center} → {self.org_unit}"


class DataElementMapping(models.Model):
    """A measure in a sector and a training area as a DHIS2 data element and category option combo."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+", verbose_name=_("measure"))
    sector = models.ForeignKey(Sector, on_delete=models.CASCADE, related_name="+", verbose_name=_("sector"))
    area = models.ForeignKey(TrainingArea, on_delete=models.CASCADE, related_name="+", verbose_name=_("training area"))
    data_element = models.CharField(_("data element"), max_length=50)
    category_option_combo = models.CharField(_("category option combo"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("DHIS2 data element")
        verbose_name_plural = _("DHIS2 data elements")
        ordering = ["measure__order", "sector__order", "area__order"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "sector", "area"], name="dhis2_one_element_per_key"),
            models.UniqueConstraint(fields=["data_element", "category_option_combo"], name="dhis2_element_used_once"),
        ]

    def __str__(self):
        return f"{self.measure}, {self.sector}, {self.area} → {self.data_element}/{self.category_option_combo}"


class Dhis2Push(models.Model):
    """One send of a month or a year to the DHIS2 server (a dry run or for real), as DHIS2 answered:
    a log, never edited (read-only in the admin)."""

    FAILED = "FAILED"  # no import summary: DHIS2 not reached, the token refused

    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="+", verbose_name=_("by"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)  # none: the whole year
    dry_run = models.BooleanField(_("dry run"))
    status = models.CharField(_("DHIS2 status"), max_length=20)  # SUCCESS, WARNING, ERROR; FAILED: no answer
    values = models.PositiveIntegerField(_("values sent"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    ignored = models.PositiveIntegerField(_("ignored"), default=0)
    registrations = models.PositiveIntegerField(_("months registered complete"), default=0)
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)  # [{"object", "value"}], at most 100
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("DHIS2 push")
        verbose_name_plural = _("DHIS2 pushes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.year}/{self.month or '*'} {self.status}"
