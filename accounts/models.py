"""What a person sets for themselves, beside Django's user: language, mail, the first-login rule
(one row per user, created on first need by `accounts.profile.profile_of`); the roles a person
holds, each in a province or nationally (RoleAssignment); and the record of changes to the
accounts (AccountChange).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles


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


class Role(models.TextChoices):
    """The roles held in a province, and the national ones (accounts/roles.py; a center's head
    holds their center: centers.Center.head)."""

    DIRECTOR = roles.DIRECTOR, roles.ROLE_NAMES[roles.DIRECTOR]
    PLANNER = roles.PLANNER, roles.ROLE_NAMES[roles.PLANNER]
    STAFF = roles.STAFF, roles.ROLE_NAMES[roles.STAFF]
    NATIONAL_PLANNER = roles.NATIONAL_PLANNER, roles.ROLE_NAMES[roles.NATIONAL_PLANNER]
    NATIONAL_OBSERVER = roles.NATIONAL_OBSERVER, roles.ROLE_NAMES[roles.NATIONAL_OBSERVER]


class RoleAssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(until__isnull=True)


class RoleAssignment(models.Model):
    """A role held by a person: in a province (director, planner, staff), or nationally (province
    empty: national planner, national observer), from `since` until `until` (empty while held).
    Written only by accounts.services.give_role and end_role, which record each change as an
    AccountChange and keep the role's Django group (the admin's model permissions) in step."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    province = models.ForeignKey(
        "centers.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments",
        verbose_name=_("province"),
    )
    since = models.DateTimeField(_("since"), default=timezone.now)
    until = models.DateTimeField(_("until"), null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role held")
        verbose_name_plural = _("roles held")
        ordering = ["user", models.F("until").desc(nulls_first=True), "-since"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "province"], condition=models.Q(until__isnull=True),
                                    name="role_held_once_per_province"),
            models.UniqueConstraint(fields=["user", "role"], condition=models.Q(until__isnull=True, province__isnull=True),
                                    name="national_role_held_once"),
            models.CheckConstraint(
                condition=models.Q(role__in=roles.NATIONAL_ROLES, province__isnull=True)
                | (~models.Q(role__in=roles.NATIONAL_ROLES) & models.Q(province__isnull=False)),
                name="role_in_a_province_or_national",
            ),
            models.CheckConstraint(condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                                   name="role_ends_after_it_starts"),
        ]

    def __str__(self):
        where = self.province if self.province_id else _("national")
        return f"{self.user} – {self.get_role_display()} – {where}"

    @property
    def is_open(self):
        return self.until is None


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
        ROLE_GIVEN = "role_given", _("role given")
        ROLE_ENDED = "role_ended", _("role ended")

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
    # the province the change concerns (a role's, a center's), so each province's people pages
    # show their own record; empty for a national role and for changes to the account itself
    province = models.ForeignKey(
        "centers.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True, default="")
    # what the kind alone does not say, e.g. the name of a revoked API token
    detail = models.CharField(_("detail"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("change to an account")
        verbose_name_plural = _("changes to accounts")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.person}"
