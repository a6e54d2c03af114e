"""Every error of the API in one shape:

    {"error": {"code": "not_found", "message": "...", "fields": {"name": ["..."]}}}

`code` is stable (clients branch on it); `message` is in the request's language (Accept-Language:
Persian unless English is asked for); `fields` names what was wrong in the request, if anything.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from reports.services import StaleReport, WorkflowError

logger = logging.getLogger("payesh.api")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current


class Refused(exceptions.APIException):
    """A write the workflow does not allow now (a submitted or approved month, a closed year...)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "refused"


class Invalid(exceptions.APIException):
    """Values that do not pass the same checks as the pages; `fields` says which and why."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, message, fields):
        super().__init__(message)
        self.fields = fields


MESSAGES = {
    "not_found": lambda: _("Not found."),
    "permission_denied": lambda: _("Your role may not do this."),
    "not_authenticated": lambda: _("Sign in, or send a personal token: Authorization: Bearer <token>."),
    "throttled": lambda: _("Too many requests with this token; wait and try again."),
    "method_not_allowed": lambda: _("This method is not allowed here."),
    "unsupported_media_type": lambda: _("Send JSON (Content-Type: application/json)."),
    "parse_error": lambda: _("The body is not valid JSON."),
    "not_acceptable": lambda: _("This address answers JSON only."),
}


def body(code, message, fields=None, **extra):
    return {"error": {"code": code, "message": str(message), "fields": fields or {}, **extra}}


def _flatten(detail, prefix=""):
    """DRF's nested validation errors -> {"figures[0].value": ["..."]}."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(key, int) or str(key).isdigit():  # a list's item (DRF keys some by index)
                name = f"{prefix}[{key}]"
            elif key == "non_field_errors":
                name = prefix
            else:
                name = f"{prefix}.{key}" if prefix else key
            out.update(_flatten(value, name))
        return out
    if isinstance(detail, list) and detail and all(isinstance(d, (dict, list)) for d in detail):
        out = {}
        for i, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}[{i}]"))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or "request": [str(d) for d in items]} if items else {}


def _as_api_exception(exc):
    """The domain's and Django's exceptions as DRF's, so one handler shapes them all."""
    if isinstance(exc, StaleReport):
        return Conflict(str(exc))
    if isinstance(exc, WorkflowError):
        return Refused(str(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_handler(exc, context)
    if response is None:  # a bug: logged with its traceback, answered in the same shape
        request = context.get("request")
        logger.error("Internal Server Error: %s", getattr(request, "path", "?"), exc_info=exc)
        return Response(body("server_error", _("Something went wrong on the server; it was logged.")), status=500)
    if isinstance(exc, exceptions.ValidationError):
        response.data = body("invalid", _("Some values were not accepted; see fields."), _flatten(exc.detail))
    elif isinstance(exc, Invalid):
        response.data = body("invalid", exc.detail, exc.fields)
    elif isinstance(exc, Conflict):
        response.data = body("stale", exc.detail, current=exc.current)
    elif isinstance(exc, Refused):
        response.data = body("refused", exc.detail)
    else:
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        # our own words where we have them; DRF's (e.g. "This token is not valid...") otherwise
        response.data = body(code, MESSAGES[code]() if code in MESSAGES else exc.detail)
    return response
