"""The system's one "today" (hôm nay): the current date in Vietnam, and the moment behind it.

Code that needs the date calls `clock.today()` (never `date.today()`, which is the server's own time zone,
nor `timezone.localdate()` directly), so that tests and demos can fix the date with `frozen(...)`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current moment (aware, UTC), or the frozen one."""
    return _frozen if _frozen is not None else timezone.now()


def today() -> dt.date:
    """Today's date in the project's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate(now())


@contextlib.contextmanager
def frozen(at: dt.date | dt.datetime) -> Iterator[dt.datetime]:
    """Inside the block `now()` and `today()` answer `at` (a date means its local noon)."""
    global _frozen
    if isinstance(at, dt.datetime):
        moment = at if timezone.is_aware(at) else timezone.make_aware(at)
    else:
        moment = timezone.make_aware(dt.datetime.combine(at, dt.time(12)))
    previous, _frozen = _frozen, moment.astimezone(dt.UTC)
    try:
        yield _frozen
    finally:
        _frozen = previous
