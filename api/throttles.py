"""Per-token throttling: each token has its own budget (PAYESH_API_RATE, e.g. "600/min"); a
browser session counts as its user, an anonymous caller by address. Over the budget: 429, as JSON
(api/errors.py), with Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        return settings.PAYESH_API_RATE  # read on each request, so a test or a deployment can change it

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return f"throttle:{self.scope}:{ident}"
