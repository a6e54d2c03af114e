"""How the OpenAPI schema names our authentications (loaded by ApiConfig.ready)."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "A personal token made on /api/tokens/: Authorization: Bearer pay_..."}


class PayeshSessionScheme(SessionScheme):
    """The browser's session, as DRF's (with the first-login rule: api.authentication)."""

    target_class = "api.authentication.SessionAuthentication"
