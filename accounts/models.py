"""What a person sets for themselves, beside Django's user: language, mail, the first-login rule
(one row per user, created on first need by `accounts.profile.profile_of`); and the record of
changes to the province's accounts (AccountChange).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="payesh_profile",
        verbose_name=_("user"),
    )
    # blank: never chosen, so the language switch alone decides the pages, and mail is Persian
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("fa", "فارسی"), ("en", "English")], blank=True, default=""
    )
    email_notifications = models.BooleanField(_("notifications by email"), default=True)
    must_change_password = models.BooleanField(
        _("must choose a new password at next login"), default=False
    )
    # Raised whenever the account's access is taken back (accounts.services.end_access): a
    # session or a password reset link made under an older number no longer works, even after
    # a reactivation.
    access_version = models.PositiveIntegerField(_("access version"), default=0, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @property
    def language(self):
        """The language to write to this person in (mail, notifications)."""
        return self.preferred_language or settings.LANGUAGE_CODE


class AccountChange(models.Model):
    """One change to the people of the province, made on the people pages (or by the admin or a
    command through accounts.services): who made it, when, and what. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("account created")
        HEAD_APPOINTED = "head_appointed", _("head of a center appointed")
        HEAD_REMOVED = "head_removed", _("center left without a head")
        DEACTIVATED = "deactivated", _("account deactivated")
        REACTIVATED = "reactivated", _("account reactivated")
        PASSWORD_SET = "password_set", _("initial password given")
        PASSWORD_CHANGED = "password_changed", _("own password chosen")
        ROLES_CHANGED = "roles_changed", _("roles changed in the admin")
        PASSWORD_RESET = "password_reset", _("password reset by email")
        TOKEN_REVOKED = "token_revoked", _("API token revoked")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    # PROTECT: a person named in the record cannot be deleted (deactivate them instead)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="account_changes",
        verbose_name=_("person"),
    )
    center = models.ForeignKey(
        "centers.Center", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("center")
    )
    previous_head = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("previous head"),
    )
    # what the kind alone does not say, e.g. the name of a revoked API token
    detail = models.CharField(_("detail"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("change to an account")
        verbose_name_plural = _("changes to accounts")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.person}"
