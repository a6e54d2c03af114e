"""Logging filters, configured in settings.LOGGING."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A request refused with a 4xx (a 403 for a guessed URL, a 400 for a malformed body) is
    expected traffic: django.request logs it with the exception's traceback, which buries the
    real errors. Keep it to its one line; 5xx records keep their traceback."""

    def filter(self, record):
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
