"""Mail of notifications through Django's mail framework (EMAIL_* settings: docs/operations.md).

A notification is made first and mailed after: `send_pending` (the cycle) mails every notification
that wants mail and has none yet; `send` mails the ones just made (a step of the workflow, at
once). Each is claimed by raising its attempt count with a compare and set, so two runs never mail
the same one twice; a failed mail is tried again by the next runs, up to MAIL_ATTEMPTS times.
"""

import logging

from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import override

from accounts.profile import profile_of

from . import digest, national_digest
from .models import MAIL_ATTEMPTS, Kind, Notification
from .services import absolute

log = logging.getLogger(__name__)


def attachments_of(notification):
    """The files a notification's mail carries: the digest its PDF."""
    if notification.kind == Kind.DIGEST:
        return [digest.attachment(notification)]
    if notification.kind == Kind.NATIONAL_DIGEST:
        return [national_digest.attachment(notification)]
    return []


def message_of(notification, connection=None):
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{absolute(notification.link)}"
    mail = EmailMessage(subject=notification.title, body=body, to=[notification.recipient.email], connection=connection)
    with override(profile_of(notification.recipient).language):
        for name, content, mimetype in attachments_of(notification):
            mail.attach(name, content, mimetype)
    return mail


def _claim(notification):
    return Notification.objects.filter(
        pk=notification.pk, emailed_at__isnull=True, email_attempts=notification.email_attempts,
    ).update(email_attempts=F("email_attempts") + 1) == 1


def send_pending():
    """Mail the notifications waiting for it; returns how many went out."""
    return send(Notification.objects.mail_pending().select_related("recipient__payesh_profile").order_by("pk"))


def send(notifications):
    """Mail those of `notifications` that want it and have none yet; returns how many went out."""
    sent = 0
    pending = [n for n in notifications if n.email_wanted and n.emailed_at is None and n.email_attempts < MAIL_ATTEMPTS]
    if not pending:
        return 0
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # a mail server down must not stop the cycle; the next run tries again
        log.exception("the mail server could not be reached; %s mails wait for the next run", len(pending))
        return 0
    try:
        for notification in pending:
            if not _claim(notification):
                continue
            try:
                message_of(notification, connection).send()
            except Exception:
                log.exception("mail of notification %s to %s failed", notification.pk, notification.recipient_id)
                continue
            Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
            sent += 1
    finally:
        connection.close()
    return sent
