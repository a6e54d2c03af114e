"""The API's language: Persian unless the request's Accept-Language prefers English (the pages
follow the language switch instead; an API client has no switch)."""

from payesh.i18n import accepted_language as of_request

__all__ = ["of_request"]
