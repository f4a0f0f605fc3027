"""Months as the unit of benefit payment: a month is the date of its first day.

Benefits are paid per calendar month; everything that says "from the month …" works with
`dt.date(year, month, 1)` values so they compare, sort and store as plain dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def month_of(day: dt.date) -> dt.date:
    """The month (its first day) that contains `day`."""
    return day.replace(day=1)


def month_end(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + (month.month - 1) + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every month from `first` to `last`, both included (empty when last < first)."""
    out: list[dt.date] = []
    month = month_of(first)
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


def parse_month(value: str) -> dt.date:
    """'2026-07' (or a full ISO date, taken as its month) → dt.date(2026, 7, 1); ValueError otherwise."""
    value = value.strip()
    match = _MONTH_RE.match(value)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and year >= 1900:
            return dt.date(year, month, 1)
        raise ValueError(f"not a month: {value!r}")
    return month_of(dt.date.fromisoformat(value))


def month_label(month: dt.date) -> str:
    """'07/2026', as months are written in Vietnamese documents."""
    return f"{month.month:02d}/{month.year}"


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on `day` (a person born on 29 February turns a year older on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def birthday_in(birth_date: dt.date, years: int) -> dt.date:
    """The day a person turns `years` old (29 February → 1 March in a common year)."""
    year = birth_date.year + years
    try:
        return birth_date.replace(year=year)
    except ValueError:
        return dt.date(year, 3, 1)
