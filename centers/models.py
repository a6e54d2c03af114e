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


class Headship(models.Model):
    """Who headed a center from when to when. Written only by accounts.services.set_head, the one
    way to change a center's head; `Center.head` is the open headship's head (what access reads)."""

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="headships", verbose_name=_("center"))
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="headships", verbose_name=_("head")
    )
    # empty for a head who was in office before the record began (opened by the data migration)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    ended = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("headship")
        verbose_name_plural = _("headships")
        # the open headship first, then the most recent
        ordering = ["center", models.F("ended").desc(nulls_first=True), models.F("started").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["center"], condition=models.Q(ended__isnull=True),
                                    name="headship_one_open_per_center"),
            models.UniqueConstraint(fields=["head"], condition=models.Q(ended__isnull=True),
                                    name="headship_one_open_per_head"),
            models.CheckConstraint(
                condition=models.Q(ended__isnull=True) | models.Q(started__isnull=True) | models.Q(ended__gte=models.F("started")),
                name="headship_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.center} – {self.head}"

    @property
    def is_open(self):
        return self.ended is None
