"""When the database is busy: recognise the error, and keep incidental writes from waiting on it.

SQLite allows one writer at a time. Writers wait for the lock up to the connection's busy timeout
(settings.py); a request still refused after that is answered 503 "busy, try again" instead of a
server error (ansinh.web.busy). PostgreSQL's equivalent is a lock timeout (SQLSTATE 55P03).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
BUSY_CODE = "database.busy"
BUSY_MESSAGE = _("The system is busy with other work. Please try again in a few seconds.")

_LOCKED_TEXTS = ("database is locked", "database table is locked", "database is busy")
_LOCK_NOT_AVAILABLE = "55P03"


def is_database_busy(exc: BaseException | None) -> bool:
    """True for "the database is locked by someone else" (SQLite) or a lock timeout (PostgreSQL)."""
    while exc is not None:
        if isinstance(exc, OperationalError):
            if any(text in str(exc).lower() for text in _LOCKED_TEXTS):
                return True
            cause = exc.__cause__
            if getattr(cause, "sqlstate", None) == _LOCK_NOT_AVAILABLE:
                return True
            if getattr(cause, "pgcode", None) == _LOCK_NOT_AVAILABLE:
                return True
        exc = exc.__cause__ or exc.__context__
    return False


@contextlib.contextmanager
def _short_sqlite_wait(milliseconds: int) -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        previous = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
        cursor.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")


def best_effort_write(fn, *, what: str, wait_ms: int = 200) -> bool:
    """Run a small bookkeeping write (a token's last use) that must never delay or fail a read.

    It waits at most `wait_ms` for the write lock; if the database is busy it is skipped (the next
    request tries again) and False is returned.
    """
    try:
        with _short_sqlite_wait(wait_ms), transaction.atomic():
            fn()
    except DatabaseError as exc:
        if not is_database_busy(exc):
            raise
        log.info("skipped %s: the database is busy", what)
        return False
    return True
