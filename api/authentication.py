"""Who calls the API: a personal token (`Authorization: Bearer pay_...`, or `Token pay_...`), or
the browser's session (with its CSRF check on writes, as DRF does)."""

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from . import tokens

SCHEMES = ("bearer", "token")


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in SCHEMES:
            return None  # not ours: the session may still authenticate
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after the word Bearer, with one space."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid or has been revoked.")) from None
        token = tokens.find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or has been revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
