"""What a person sets for themselves, beside Django's user: language, mail, the first-login rule.

One row per user, created on first need by `accounts.profile.profile_of`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="payesh_profile",
        verbose_name=_("user"),
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=[("fa", "فارسی"), ("en", "English")], default="fa"
    )
    email_notifications = models.BooleanField(_("notifications by email"), default=True)
    must_change_password = models.BooleanField(
        _("must choose a new password at next login"), default=False
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)
