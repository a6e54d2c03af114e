"""Writes of notifications: making one (once), reading it. The monthly cycle (cycle.py) decides
who is told what; this module only writes it down in the recipient's language."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from accounts.profile import profile_of

from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass
class Message:
    title: str
    body: str
    link: str = ""


def notify(recipient: "User", kind: str, about: str, period: str, compose: Callable[[], "Message"],
           now: datetime.datetime | None = None) -> Notification | None:
    """Tell `recipient` once: a Notification for (kind, recipient, about, period), or None when
    it was already made. `compose()` returns the Message; it is called in the recipient's
    language, and only when the notification is new. `now`: the run's moment, its created_at."""
    if not recipient.is_active:
        return None
    key = {"kind": kind, "recipient": recipient, "about": about, "period": period}
    if Notification.objects.filter(**key).exists():
        return None
    profile = profile_of(recipient)
    with override(profile.language):
        message = compose()
    try:
        with transaction.atomic():  # a run beside this one may have made it a moment ago
            return Notification.objects.create(
                **key, title=str(message.title)[:300], body=str(message.body), link=message.link,
                email_wanted=profile.email_notifications and bool(recipient.email), created_at=now or timezone.now(),
            )
    except IntegrityError:
        return None


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user: "User") -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
