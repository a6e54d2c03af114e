"""A notification (اعلان): one message to one user, in the inbox and, if they want it, by mail.

Each is sent once: (kind, recipient, what it is about, period) is unique in the database, so the
monthly cycle can run every hour and a second run adds nothing. Title and body are written in the
recipient's language when the notification is made (see notifications/services.py), for the mail;
`texts` holds them in every language of the site, so the inbox reads in the language of the page.
A body's first paragraph is its summary, shown in the inbox; the rest is the detail.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REMINDER = "reminder", _("report reminder")
    LATE = "late", _("late report")
    ESCALATION = "escalation", _("late and missing reports")
    REVIEW_WAITING = "review_waiting", _("report waiting for review")
    ACTION_DUE = "action_due", _("action item due soon")
    ACTION_OVERDUE = "action_overdue", _("action item overdue")
    DIGEST = "digest", _("monthly digest")
    RETURNED = "returned", _("report returned")
    APPROVED = "approved", _("report approved")
    REOPENED = "reopened", _("month reopened")
    ALLOCATION_RETURNED = "allocation_returned", _("allocation returned")
    NATIONAL_DIGEST = "national_digest", _("national monthly digest")


# The inbox shows at most this many lines of a notification's summary; the rest is behind "details".
SUMMARY_LINES = 3

# A mail that failed is tried again by the next runs of the cycle, this many times in all.
MAIL_ATTEMPTS = 3


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def mail_pending(self):
        return self.filter(email_wanted=True, emailed_at__isnull=True, email_attempts__lt=MAIL_ATTEMPTS)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    about = models.CharField(_("about"), max_length=80, help_text=_("What it speaks of, e.g. center:tbz1 or action:12."))
    period = models.CharField(_("period"), max_length=16, help_text=_("e.g. 1405-04 or a due date."))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # {language: [title, body]} in each language of the site (empty in those made before it)
    texts = models.JSONField(_("texts"), default=dict, blank=True)
    # the moment of the cycle's run that made it (what "today" was for its rules)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_wanted = models.BooleanField(_("by mail"), default=False)
    emailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("mail attempts"), default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "about", "period"], name="notification_sent_once"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind_valid"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_inbox")]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None

    @property
    def key(self):
        """What makes it once: (kind, recipient pk, about, period)."""
        return (self.kind, self.recipient_id, self.about, self.period)

    def text(self, language):
        """Its Text in `language`, else in the recipient's (title and body as made). The summary is
        the body's first paragraph, at most SUMMARY_LINES lines of it (the rest joins the details)."""
        title, body = self.texts.get(language) or (self.title, self.body)
        summary, _blank, details = body.strip().partition("\n\n")
        lines = summary.strip().splitlines()
        if len(lines) > SUMMARY_LINES:
            details = "\n".join(lines[SUMMARY_LINES:]) + ("\n\n" + details if details else "")
        return Text(title, "\n".join(lines[:SUMMARY_LINES]), details.strip())


@dataclass
class Text:
    title: str
    summary: str  # the body's first paragraph: what the inbox shows
    details: str  # the rest: in the mail, and behind "details" in the inbox


def unread_count(user_field="pk"):
    """An expression for the number of a user's unread notifications: the login backend reads it
    with the user, so the header's count costs no query of its own."""
    unread = (Notification.objects.filter(recipient=OuterRef(user_field), read_at__isnull=True).order_by()
              .values("recipient").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(unread), 0)
