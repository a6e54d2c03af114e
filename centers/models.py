from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A provincial directorate (اداره کل)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_fa"]

    def __str__(self):
        return self.name_fa


class CenterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Center(models.Model):
    """One training center of a province, in a county (شهرستان), with a head (رئیس مرکز)."""

    class Kind(models.TextChoices):
        MEN = "men", _("men (brothers)")
        WOMEN = "women", _("women (sisters)")
        MIXED = "mixed", _("mixed")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="centers", verbose_name=_("province"))
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=150)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    county_fa = models.CharField(_("county"), max_length=100)
    county_en = models.CharField(_("county (English)"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MIXED)
    head = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_center",
        verbose_name=_("head"),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = CenterQuerySet.as_manager()

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        ordering = ["province", "code"]

    def __str__(self):
        return self.name_fa
