"""Personal API tokens: made, found and revoked here only.

A token reads `pay_<prefix>_<secret>`. The prefix (random, unique) finds its row; the SHA-256 of
the whole token is compared in constant time. The token itself is never stored: it is shown once.
"""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

SCHEME = "pay"
PREFIX_BYTES, SECRET_BYTES = 6, 32
# last_used_at is written at most this often per token (a busy client would write on every call)
TOUCH_EVERY_SECONDS = 60


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create(user, name):
    """(ApiToken, the token to show once)."""
    while True:
        prefix = secrets.token_hex(PREFIX_BYTES)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return ApiToken.objects.create(user=user, name=name.strip(), prefix=prefix, digest=digest(token)), token


def find(token):
    """The active ApiToken this is, or None (unknown, malformed, revoked, or its user inactive)."""
    parts = (token or "").split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != 2 * PREFIX_BYTES or len(token) > 200:
        return None
    found = ApiToken.objects.active().select_related("user").filter(prefix=parts[1]).first()
    if found is None or not hmac.compare_digest(found.digest, digest(token)) or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > TOUCH_EVERY_SECONDS:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


@transaction.atomic
def revoke(token):
    """Revoke for good; revoking again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
