import logging
import time

logger = logging.getLogger("payesh.requests")


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
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
