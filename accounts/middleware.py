"""The first-login rule, ended sessions and the language of a profile, for every page."""

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from rest_framework.views import APIView

from .profile import access_version, must_change_password
from .signals import SESSION_ACCESS_VERSION

# what someone who must choose a password may still reach (static files are served before Django)
OPEN_BEFORE_PASSWORD = {"password_change", "password_change_done", "logout", "login", "set_language", "healthz"}


class AccountMiddleware:
    """A session opened before its account's access was ended (deactivation, a new initial
    password, a reset: accounts.services.end_access) is logged out at its next request, even if
    the account was reactivated since. An account given an initial password is sent to the
    password page from every other page until it chooses its own (the API answers 403 instead:
    api.authentication). After a login, the language saved on the profile is set in the language
    cookie (accounts.signals marks the request), so pages follow it from then on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if session_ended(request):
            logout(request)
        response = self.get_response(request)
        language = getattr(request, "payesh_login_language", None)
        if language:
            set_language_cookie(response, language)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_BEFORE_PASSWORD:
            return None
        if is_api_view(view_func):
            return None  # the API answers in its own shape (403 password_change_required)
        if must_change_password(request.user):
            return redirect("password_change")
        return None


def session_ended(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return request.session.get(SESSION_ACCESS_VERSION, 0) != access_version(user)


def is_api_view(view_func):
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def set_language_cookie(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
