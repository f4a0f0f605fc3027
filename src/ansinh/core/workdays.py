"""Working days (ngày làm việc): Monday to Friday except the public holidays of the Labour Code.

Labour Code 45/2019/QH14 Art. 112 gives the holidays: the fixed solar-calendar days of every year
(`FIXED_HOLIDAYS`, ✅) and the lunar holidays — Tết and Hùng Kings' day — whose days off, with the day
next to National Day and any substitute day, the Government announces year by year. Those announced days
are data (`data/holidays.csv`: date, name, citation, confidence). For a year the file does not cover,
only the fixed days are known: `holidays_known(year)` is False and a caller that counts working days in
such a year says its answer is provisional.

Used by every procedure whose deadline the law counts in working days (the unemployment benefit's
waiting period, the public posting of the poverty review).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "holidays.csv"

# Art. 112(1)(a), (c) (30/4), (d) (1/5), (đ) (2/9): the same day every year.
FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))
FIXED_CITATION = "Bộ luật Lao động 45/2019/QH14, Điều 112"


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name: str
    citation: str
    confidence: str  # confirmed, secondary, reported, unconfirmed (the legend of domain/RULES.md)


@cache
def announced() -> dict[int, tuple[Holiday, ...]]:
    """The announced days off by year, from `data/holidays.csv`."""
    by_year: dict[int, list[Holiday]] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            day = dt.date.fromisoformat(row["date"])
            by_year.setdefault(day.year, []).append(
                Holiday(date=day, name=row["name"], citation=row["citation"], confidence=row["confidence"])
            )
    return {year: tuple(sorted(days, key=lambda h: h.date)) for year, days in by_year.items()}


def announced_days(year: int) -> frozenset[dt.date]:
    return frozenset(h.date for h in announced().get(year, ()))


def is_holiday(day: dt.date) -> bool:
    return (day.month, day.day) in FIXED_HOLIDAYS or day in announced_days(day.year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and not is_holiday(day)


def holidays_known(year: int) -> bool:
    """Whether the announced days off of `year` are held (otherwise only the fixed days are counted)."""
    return year in announced()


def holidays_certain(year: int) -> bool:
    """Held and each read in the legal text or a source quoting it (not only reported)."""
    return holidays_known(year) and all(h.confidence in ("confirmed", "secondary") for h in announced()[year])


def nth_working_day(first: dt.date, n: int) -> dt.date:
    """The n-th working day counting `first` as working day 1 when it is one."""
    count, current = 0, first
    while True:
        if is_working_day(current):
            count += 1
            if count == n:
                return current
        current += dt.timedelta(days=1)


def add_working_days(first: dt.date, n: int) -> dt.date:
    """`n` working days after `first` (the day itself not counted)."""
    current, count = first, 0
    while count < n:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            count += 1
    return current
