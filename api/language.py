"""The API's language: Persian unless the request's Accept-Language prefers English (the pages
follow the language switch instead; an API client has no switch)."""

from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = dict(settings.LANGUAGES)


def of_request(request):
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
    for tag, _quality in parse_accept_lang_header(header):
        base = tag.split("-")[0].lower()
        if base in SUPPORTED:
            return base
    return settings.LANGUAGE_CODE
