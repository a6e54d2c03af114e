"""Who calls the API: a personal token (`Authorization: Bearer pay_...`, or `Token pay_...`), or
the browser's session (with its CSRF check on writes, as DRF does). Either way, an account that
must choose its own password first (the first-login rule, accounts.profile) is answered 403
`password_change_required` until it has."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import authentication, exceptions

from accounts.profile import must_change_password

from . import tokens

SCHEMES = ("bearer", "token")


class PasswordChangeRequired(exceptions.PermissionDenied):
    default_code = "password_change_required"
    default_detail = gettext_lazy("This account must choose its own password before it uses the API: "
                                  "sign in on the site and choose it.")


def first_login_rule(user):
    if must_change_password(user):
        raise PasswordChangeRequired()


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
        first_login_rule(token.user)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            first_login_rule(found[0])
        return found
