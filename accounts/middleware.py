"""The first-login rule and the language of a profile, for every page."""

from django.conf import settings
from django.shortcuts import redirect

from .profile import must_change_password

# what someone who must choose a password may still reach (static files are served before Django)
OPEN_BEFORE_PASSWORD = {"password_change", "password_change_done", "logout", "login", "set_language", "healthz"}


class AccountMiddleware:
    """An account given an initial password is sent to the password page from every other page
    until it chooses its own. After a login, the language saved on the profile is set in the
    language cookie (accounts.signals marks the request), so pages follow it from then on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        language = getattr(request, "payesh_login_language", None)
        if language:
            set_language_cookie(response, language)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_BEFORE_PASSWORD:
            return None
        if must_change_password(request.user):
            return redirect("password_change")
        return None


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
