"""Computed indicators: each app that records something the sector reports on says how to count it.

An app exposes ``SOURCES: dict[str, Source]`` in ``ansinh/<app>/indicators.py``, indicator code → a function
``source(start, end) -> Iterable[Computed]`` that counts, set-based (one or a few GROUP BY queries, never a
Python loop over records), what happened in (or, for stock indicators, what stood at the end of) the period
``start``–``end`` (inclusive dates), one row per current unit. Rows are at the finest grain the records allow:
a commune when the record has one, a province otherwise. Roll-up to province and nation, plans, last year's
comparison and the 2025 lineage are the reports app's business, not the source's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Computed:
    unit_code: str  # GSO code of a current (2025-structure) commune, or of a province
    value: Decimal  # sum indicators: the count or amount; ratio indicators: the numerator
    denominator: Decimal | None = None  # ratio indicators only


Source = Callable[[dt.date, dt.date], Iterable[Computed]]

# The apps whose `indicators.py` the reports app reads, in this order.
SOURCE_APPS = ("benefits", "payments", "labour", "unemployment")
