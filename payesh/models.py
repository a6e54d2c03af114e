from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingBump(models.Model):
    """A data version bump that did not reach the cache (Redis stopped, unreachable or refusing
    writes), kept where every process can see it: until one delivers it, no process trusts the
    cache (payesh/dataversion.py, "When a bump does not reach the cache")."""

    created = models.DateTimeField(auto_now_add=True)
    # the write touched a reference list: the reference version is owed a bump too
    reference = models.BooleanField(default=False)

    def __str__(self):
        return f"data version bump owed since {self.created:%Y-%m-%d %H:%M:%S}"


class Batch(models.Model):
    """One action that changes many rows or is hard to take back, as it was confirmed: who, when,
    why, and every row's value before and after (payesh/batches.py; the list of such actions:
    docs/design.md, "Seen before, undone after"). Written by its owner's services only, never
    edited; an undo marks it undone."""

    class Kind(models.TextChoices):
        PHASING = "phasing", _("commitments phased by a profile")
        ALLOCATION = "allocation", _("province total allocated to the centers")
        COPY_FORWARD = "copy_forward", _("a year's commitments copied forward")
        DRAFTS_CONFIRMED = "drafts_confirmed", _("draft commitments confirmed")
        DEACTIVATION = "deactivation", _("account deactivated")
        HEAD_REPLACED = "head_replaced", _("head of a center replaced")

    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    made_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    reason = models.TextField(_("reason"))
    # what the kind alone does not say: the profile's name, "1405 → 1406 × 1.05", a center ...
    detail = models.CharField(_("detail"), max_length=200, blank=True, default="")
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("undone by"))
    undo_reason = models.TextField(_("reason for the undo"), blank=True, default="")

    class Meta:
        verbose_name = _("batch change")
        verbose_name_plural = _("batch changes")
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return f"{self.made_at:%Y-%m-%d %H:%M} {self.kind} #{self.pk}"

    @property
    def undone(self):
        return self.undone_at is not None


class BatchRow(models.Model):
    """One row a batch changed: its model and id, and its values before and after (None: the row
    did not exist before, or no longer exists after)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="rows", verbose_name=_("batch change"))
    model = models.CharField(_("model"), max_length=60)  # app_label.model_name
    object_id = models.BigIntegerField(_("row"))
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("row of a batch change")
        verbose_name_plural = _("rows of a batch change")
        ordering = ["pk"]
        indexes = [models.Index(fields=["model", "object_id"], name="batch_row_object")]

    def __str__(self):
        return f"{self.model} {self.object_id}"
