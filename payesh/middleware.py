import logging
import time

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control

from payesh.i18n import accepted_language

logger = logging.getLogger("payesh.requests")

# Room for the multipart envelope around the largest upload: boundaries, part headers, the CSRF
# token and the form's few other fields.
UPLOAD_ENVELOPE_BYTES = 64 * 1024
API_PREFIX = "/api/"  # answered in JSON, except to a browser (the tokens and DHIS2 pages)


def chosen_language(request):
    """The language the user chose with the switch (the language cookie), else Persian."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than the largest upload before any of it is read.

    Django reads a body only up to its Content-Length, so a declared length above the limit is
    answered 413 at once. A body sent without one (Transfer-Encoding: chunked) is never read by
    Django's WSGI handler (it reads CONTENT_LENGTH bytes, that is none), and a view would silently
    see an empty form: such requests get 411 instead. Browsers always send a Content-Length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.PAYESH_MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES
        declared = request.META.get("CONTENT_LENGTH")
        if not declared and request.META.get("HTTP_TRANSFER_ENCODING"):
            return self.refuse(request, 411)
        try:
            too_large = int(declared or 0) > limit
        except ValueError:
            too_large = False  # Django reads nothing of a body whose length it cannot parse
        if too_large:
            return self.refuse(request, 413)
        return self.get_response(request)

    def refuse(self, request, status):
        if request.path.startswith(API_PREFIX) and "text/html" not in request.META.get("HTTP_ACCEPT", ""):
            return self.refuse_as_json(request, status)  # a program; a browser on an API page gets the page
        language = chosen_language(request)
        with translation.override(language):
            html = render_to_string("request_refused.html", {
                "length_required": status == 411,
                "limit_mb": settings.PAYESH_MAX_UPLOAD_BYTES / (1024 * 1024),
            }, request=request)
        response = HttpResponse(html, status=status)
        response["Content-Length"] = str(len(response.content))
        response["Content-Language"] = language
        return response

    @staticmethod
    def refuse_as_json(request, status):
        """The API's clients read JSON, in the API's one error shape (api/errors.py)."""
        language = accepted_language(request)
        with translation.override(language):
            message = translation.gettext("Request without a size" if status == 411 else "Request too large")
        code = "length_required" if status == 411 else "too_large"
        response = JsonResponse({"error": {"code": code, "message": message, "fields": {}}}, status=status)
        response["Content-Language"] = language
        return response


class PrivatePagesMiddleware:
    """Cache-Control: private, no-store on every response Django renders: pages and downloads
    behind the login, their 403 and 404, the login page. Static files are answered by whitenoise
    before this middleware; /healthz keeps its own headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "healthz":
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequestLogMiddleware:
    """One log line per request: user, method, path, status and duration in milliseconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        name = user.get_username() if user is not None and user.is_authenticated else "-"
        logger.info(
            "user=%s method=%s path=%s status=%s duration_ms=%.1f",
            name, request.method, request.path, response.status_code, (time.perf_counter() - started) * 1000,
        )
        return response


class PersianFirstLocaleMiddleware:
    """Persian unless the user chose another language with the switch (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most browsers in
    the directorate are set to English; Payesh is Persian first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        before = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # A thread serves many requests (gthread workers, the test client): leave it as found.
            if before:
                translation.activate(before)
            else:
                translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
