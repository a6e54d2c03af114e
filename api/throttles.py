"""Per-token throttling: each token has its own budget (PAYESH_API_RATE, e.g. "600/min"): at most
that many requests in any moving period of that length, however many connections share the
token. A browser session counts as its user, an anonymous caller by its address
(payesh.proxies). Over the budget: 429, as JSON (api/errors.py), with Retry-After.

The count is kept where every process sees it and changed atomically: in Redis (REDIS_URL), one
script per request (the `limits` library's moving window); without Redis, in this process's
memory under a lock. When Redis cannot be reached, requests pass (logged: a throttle protects the
server, it decides nobody's access) and Redis is asked again some seconds later."""

import logging
import math
import threading
import time

from django.conf import settings
from limits import RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import MovingWindowRateLimiter
from rest_framework.throttling import BaseThrottle

from payesh.proxies import client_address

from .models import ApiToken

log = logging.getLogger(__name__)

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# after Redis failed to answer, the throttle is left out for this long (each try may wait 1 s)
RETRY_REDIS_AFTER_SECONDS = 5

_made = threading.Lock()
_limiter = None
_redis_down_until = 0.0


def limiter():
    global _limiter
    with _made:
        if _limiter is None:
            storage = (RedisStorage(settings.REDIS_URL, wrap_exceptions=True, socket_timeout=1, socket_connect_timeout=1)
                       if settings.REDIS_URL else MemoryStorage())
            _limiter = MovingWindowRateLimiter(storage)
    return _limiter


def reset():
    """Forget every count (tests)."""
    global _redis_down_until
    _redis_down_until = 0.0
    limiter().storage.reset()


def budget(rate):
    """"600/min" (as settings checks it) -> 600 per 60 seconds."""
    count, period = rate.split("/")
    return RateLimitItemPerSecond(int(count), SECONDS[period[0]])


class PerTokenThrottle(BaseThrottle):
    scope = "api"

    def allow_request(self, request, view):
        global _redis_down_until
        if time.monotonic() < _redis_down_until:
            return True
        item, ident = budget(settings.PAYESH_API_RATE), self.ident(request)
        try:
            if limiter().hit(item, self.scope, ident):
                return True
            reset_at, _remaining = limiter().get_window_stats(item, self.scope, ident)
        except StorageError as error:
            log.warning("the API throttle cannot reach Redis (%s): requests pass unthrottled for %s s",
                        error, RETRY_REDIS_AFTER_SECONDS)
            _redis_down_until = time.monotonic() + RETRY_REDIS_AFTER_SECONDS
            return True
        self.retry_after = max(1, math.ceil(reset_at - time.time()))
        return False

    def wait(self):
        return self.retry_after

    def ident(self, request):
        if isinstance(request.auth, ApiToken):
            return f"token-{request.auth.prefix}"
        if request.user and request.user.is_authenticated:
            return f"user-{request.user.pk}"
        return f"anon-{client_address(request)}"
