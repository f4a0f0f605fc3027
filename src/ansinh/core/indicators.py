"""The indicator protocol (chỉ tiêu): how an app that records something the sector reports on counts it.

An app exposes ``SOURCES: dict[str, Source]`` in ``ansinh/<app>/indicators.py``, indicator code → a function
``source(start, end) -> Iterable[Computed]`` that counts, set-based (one or a few GROUP BY queries, never a
Python loop over records), what happened in (or, for stock indicators, what stood at the end of) the period
``start``–``end`` (inclusive dates), one row per current unit. Rows are at the finest grain the records allow:
a commune when the record has one, a province otherwise. Roll-up to province and nation, plans, last year's
comparison and the 2025 lineage are the reports app's business (``ansinh.reports.sources`` lists the apps it
reads), not the source's. The protocol lives in core so the regimes need not import the reports app
above them.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Computed:
    unit_code: str  # GSO code of a current (2025-structure) commune, or of a province
    value: Decimal  # sum indicators: the count or amount; ratio indicators: the numerator
    denominator: Decimal | None = None  # ratio indicators only


Source = Callable[[dt.date, dt.date], Iterable[Computed]]

# Several indicators of one app often come from one GROUP BY (amount, non-cash amount and their counts
# from the same payment lines). While the reports app computes a period it opens a `computing()` scope,
# and a source that wraps its query in `shared(key, fn)` runs it once for all its indicators.
_SHARED: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "indicator_shared", default=None
)


@contextlib.contextmanager
def computing() -> Iterator[None]:
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def shared[T](key: Any, fn: Callable[[], T]) -> T:
    """fn(), computed once per `key` inside a `computing()` scope (every time outside one)."""
    cache = _SHARED.get()
    if cache is None:
        return fn()
    if key not in cache:
        cache[key] = fn()
    return cache[key]
