"""Personal API tokens: made, found and revoked here only.

A token reads `pay_<prefix>_<secret>`. The prefix (random, unique) finds its row; the SHA-256 of
the whole token is compared in constant time. The token itself is never stored: it is shown once.
A person holds at most PAYESH_API_MAX_TOKENS live tokens. A token is revoked by its owner, by the
director or a planner who manages the owner (accounts.access.manageable_people; recorded as an
AccountChange), and all of an account's at once when its access is ended (a deactivation, a new
initial password, a reset: accounts.services.end_access); a revoked token never works again.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access, services
from accounts.models import AccountChange
from payesh import display

from .models import ApiToken

SCHEME = "pay"
PREFIX_BYTES, SECRET_BYTES = 6, 32
# last_used_at is written at most this often per token (a busy client would write on every call)
TOUCH_EVERY_SECONDS = 60


class TooManyTokens(Exception):
    """The person already holds as many live tokens as one may."""


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create(user, name):
    """(ApiToken, the token to show once); TooManyTokens past PAYESH_API_MAX_TOKENS live ones."""
    # the person's row locked: two tokens made at once are counted one after the other
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    if ApiToken.objects.active().filter(user=user).count() >= settings.PAYESH_API_MAX_TOKENS:
        raise TooManyTokens(_("You already have %(count)s tokens in use, the most one person may have: "
                              "revoke one you no longer need first.") % {"count": display.number(settings.PAYESH_API_MAX_TOKENS)})
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
    found = ApiToken.objects.active().select_related("user", "user__payesh_profile").filter(prefix=parts[1]).first()
    if found is None or not hmac.compare_digest(found.digest, digest(token)) or not found.user.is_active:
        return None
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > TOUCH_EVERY_SECONDS:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
    return found


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


def managed_by(user):
    """The live tokens of the people `user` manages (none for those who manage nobody)."""
    people = access.manageable_people(user, get_user_model().objects.all())
    return ApiToken.objects.active().filter(user__in=people).select_related("user").order_by("user__username", "-created_at")


@transaction.atomic
def revoke(token, by=None):
    """Revoke for good; revoking again changes nothing. Revoked by a person (`by`: the owner, or
    someone who manages them), it is recorded as an AccountChange."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        if by is not None:
            services.record(AccountChange.Kind.TOKEN_REVOKED, person=token.user, by=by, detail=token.name)
    return token


def revoke_all(user):
    """Every live token of the account, at once (its access was ended)."""
    return ApiToken.objects.active().filter(user=user).update(revoked_at=timezone.now())
