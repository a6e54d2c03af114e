"""Writes of notifications: making them (each once), reading them. The monthly cycle (cycle.py)
and the workflow's steps (workflow.py) decide who is told what; this module writes it down in
each recipient's language.

Many are made at once in a fixed number of statements, whatever their number: one read of those
already made, one bulk insert (which the unique constraint `notification_sent_once` keeps from
doubling one that a run beside this one has just made), one read of what this call made. So a run
of the cycle that finds nothing new asks the same few queries at 24 centers and at 3,000.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import override

from accounts.profile import profiles_of

from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A read of the notifications already made filters by kind and period, and by recipient and
# subject too while their lists are at most this long (the rest is compared in Python), so no
# statement carries thousands of parameters.
KEY_FILTER_MAX = 500

Key = tuple[str, int, str, str]  # (kind, recipient pk, about, period): made once


@dataclass
class Message:
    title: str
    body: str
    link: str = ""


@dataclass
class Tell:
    """One notification to make unless it was made before: to whom, of what kind, about what,
    for which period, and how to write it. `compose()` is called in the recipient's language,
    only when the notification is new; it may return None: nothing to tell after all."""

    recipient: "User"
    kind: str
    about: str
    period: str
    compose: Callable[[], "Message | None"]

    @property
    def key(self) -> Key:
        return (self.kind, self.recipient.pk, self.about, self.period)


def notify(recipient: "User", kind: str, about: str, period: str, compose: Callable[[], "Message | None"],
           now: datetime.datetime | None = None) -> Notification | None:
    """Tell `recipient` once: the Notification made for (kind, recipient, about, period), or None
    when it was made before. `now`: the moment of the run, its created_at."""
    made = notify_all([Tell(recipient, kind, about, period, compose)], now)
    return made[0] if made else None


def notify_all(tells: Iterable[Tell], now: datetime.datetime | None = None) -> list[Notification]:
    """Make each notification of `tells` not made before (an inactive recipient is told nothing);
    returns those this call made, with their recipients and profiles read."""
    now = now or timezone.now()
    wanted: dict[Key, Tell] = {}
    for tell in tells:
        if tell.recipient.is_active:
            wanted.setdefault(tell.key, tell)
    new_keys = set(wanted) - made_before(wanted)
    if not new_keys:
        return []
    profiles = profiles_of({wanted[key].recipient.pk: wanted[key].recipient for key in new_keys}.values())
    rows = []
    for key in new_keys:
        tell = wanted[key]
        profile = profiles[tell.recipient.pk]
        texts = written(tell.compose)
        if texts is None:
            continue
        title, body, link = texts.get(profile.language) or next(iter(texts.values()))
        rows.append(Notification(
            recipient=tell.recipient, kind=tell.kind, about=tell.about, period=tell.period, title=title, body=body,
            link=link, texts={language: [title, body] for language, (title, body, _link) in texts.items()},
            email_wanted=profile.email_notifications and bool(tell.recipient.email), created_at=now,
        ))
    if not rows:
        return []
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    made = {n.key: n for n in rows_of(new_keys).filter(created_at=now).select_related("recipient__payesh_profile")}
    return [made[key] for key in sorted(made) if key in new_keys]


def written(compose: Callable[[], "Message | None"]) -> dict[str, tuple[str, str, str]] | None:
    """{language: (title, body, link)} of a message in each language of the site (the recipient's
    is mailed; the inbox shows the page's), or None when there is nothing to tell."""
    texts = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            message = compose()
        if message is None:
            return None
        texts[language] = (str(message.title)[:300], str(message.body), message.link)
    return texts


def rows_of(keys: Iterable[Key]) -> QuerySet[Notification]:
    """The notifications of these keys (and perhaps a few more of the same kinds and periods)."""
    keys = list(keys)
    rows = Notification.objects.filter(kind__in={k[0] for k in keys}, period__in={k[3] for k in keys})
    recipients, abouts = {k[1] for k in keys}, {k[2] for k in keys}
    if len(recipients) <= KEY_FILTER_MAX:
        rows = rows.filter(recipient_id__in=recipients)
    if len(abouts) <= KEY_FILTER_MAX:
        rows = rows.filter(about__in=abouts)
    return rows.order_by()


def made_before(keys: Iterable[Key]) -> set[Key]:
    """Which of these notifications exist already, in one query."""
    keys = set(keys)
    if not keys:
        return set()
    found = rows_of(keys).values_list("kind", "recipient_id", "about", "period")
    return {key for key in found if key in keys}


def absolute(link: str) -> str:
    """A link of the site as a mail or the digest's PDF carries it: PAYESH_SITE_URL and its path."""
    return f"{settings.PAYESH_SITE_URL}{link}" if link else ""


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(user: "User") -> int:
    return Notification.objects.for_user(user).unread().update(read_at=timezone.now())
