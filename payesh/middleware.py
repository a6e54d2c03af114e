import logging
import time
from functools import partial

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy
from rest_framework.views import APIView

from payesh import inputs
from payesh.i18n import accepted_language

logger = logging.getLogger("payesh.requests")

# Room for the multipart envelope around the largest upload: boundaries, part headers, the CSRF
# token and the form's few other fields.
UPLOAD_ENVELOPE_BYTES = 64 * 1024
API_PREFIX = "/api/"  # answered in JSON, except to a browser (the tokens and DHIS2 pages)
# What is left of a body the view did not read is read and thrown away after the answer, when the
# whole body is at most this many times the limit, for at most this many seconds (see below).
DISCARD_FACTOR, DISCARD_SECONDS = 2, 10
DISCARD_CHUNK = 64 * 1024


def chosen_language(request):
    """The language the user chose with the switch (the language cookie), else Persian."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def request_limit():
    """The largest request body Payesh reads, pages and API alike: the largest upload and its form."""
    return settings.PAYESH_MAX_UPLOAD_BYTES + UPLOAD_ENVELOPE_BYTES


def wants_json(request):
    """A program calling the API; a browser on an API page (tokens, DHIS2) gets pages."""
    return request.path.startswith(API_PREFIX) and "text/html" not in request.META.get("HTTP_ACCEPT", "")


def json_refusal(request, status, code, message, fields=None):
    """A refusal in the API's one error shape (api/errors.py), in the request's language (the
    message and the fields' messages are lazy: they are translated here)."""
    language = accepted_language(request)
    with translation.override(language):
        error = {"code": code, "message": str(message),
                 "fields": {name: [str(m) for m in messages] for name, messages in (fields or {}).items()}}
    response = JsonResponse({"error": error}, status=status)
    response["Content-Language"] = language
    return response


class RequestSizeLimitMiddleware:
    """Refuses a request body larger than the largest upload before any of it is read.

    Django reads a body only up to its Content-Length, so a declared length above the limit is
    answered 413 at once. A body sent without one (Transfer-Encoding: chunked) is never read by
    Django's WSGI handler (it reads CONTENT_LENGTH bytes, that is none), and a view would silently
    see an empty form: such requests get 411 instead. Browsers always send a Content-Length.

    After any answer, what is left of a body the view did not read (a 413, a 401 or 403 before
    the body, a 404) is read and thrown away, up to twice the limit and for ten seconds at most.
    Many clients (Python's, most libraries) send the whole body before they read the answer;
    gunicorn drains only 64 KB before it closes, and the rest of the body then met a closed
    socket: the client saw a reset, not the answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = request_limit()
        declared = request.META.get("CONTENT_LENGTH")
        if not declared and request.META.get("HTTP_TRANSFER_ENCODING"):
            return self.refuse(request, 411)
        try:
            length = int(declared or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot parse
        response = self.refuse(request, 413) if length > limit else self.get_response(request)
        if 0 < length <= DISCARD_FACTOR * limit:
            # Run by the server once the answer is sent (HttpResponse.close() calls its closers).
            response._resource_closers.append(partial(discard_unread_body, request))
        return response

    def refuse(self, request, status):
        if wants_json(request):
            return self.refuse_as_json(request, status)
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
        if status == 411:
            return json_refusal(request, 411, "length_required", gettext_lazy("Request without a size"))
        return json_refusal(request, 413, "too_large", gettext_lazy("Request too large"))


def discard_unread_body(request):
    """Read and throw away what is left of the request's body, within DISCARD_SECONDS when the
    server lends its socket (gunicorn does): the client finishes sending and reads the answer."""
    sock = request.META.get("gunicorn.socket")
    before = sock.gettimeout() if sock is not None else None
    deadline = time.monotonic() + DISCARD_SECONDS
    try:
        while True:
            if sock is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return
                sock.settimeout(left)
            if not request.read(DISCARD_CHUNK):
                return
    except Exception:  # the client stalled or went away: the server closes the connection
        return
    finally:
        if sock is not None:
            sock.settimeout(before)


class NulRefusalMiddleware:
    """Refuses a NUL character (0x00) in the address, the query string, a cookie or a form:
    400, with the site's error page, or in the API's error shape naming the parameter. PostgreSQL
    stores and compares no text holding one (payesh.inputs), and Django's form fields are not the
    only door: a code in the address, a filter in the query string, the session cookie reach
    lookups too. JSON bodies are checked by their parser (payesh.inputs.load_json).

    The address, the query string and the cookies are checked before anything reads them (the
    session is read later, by the authentication); a form just before its view, unless the view
    is the API's (DRF reads its JSON body itself, and a form body there is refused as such)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = inputs.first_with_nul([("path", request.path)], request.GET.lists(), request.COOKIES.items())
        if where is not None:
            return self.refuse(request, where)
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method != "POST" or issubclass(getattr(view, "cls", object), APIView):
            return None
        where = inputs.first_with_nul(request.POST.lists())  # (Django strips a file's name of it)
        return self.refuse(request, where) if where is not None else None

    @staticmethod
    def refuse(request, where):
        if wants_json(request):
            return json_refusal(request, 400, "invalid", gettext_lazy("Some values were not accepted; see fields."),
                                {where: [inputs.NUL_MESSAGE]})
        raise BadRequest(f"a NUL character in {where}")  # Django's 400 page (templates/400.html)


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
