"""Logging helpers used by the LOGGING setting."""

from __future__ import annotations

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Django logs a refused or missing page (401, 403, 404…) with the exception that produced it, which
    prints a whole traceback for something that is expected and handled. Keep the one line, drop the
    traceback; server errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
