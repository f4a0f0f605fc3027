"""Reporting periods: a month, a quarter, six months (sơ kết) or a year (tổng kết), written as codes.

Codes: ``2025`` (year), ``2025H1`` / ``2025H2`` (six months), ``2025Q3`` (quarter), ``2025M07`` (month;
``2025-07`` is accepted as input). A period knows its first and last day, the months it spans, the same
period one year earlier (for "so với cùng kỳ") and its label in the active language.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ansinh.core.errors import ApplicationError, ValidationFailed

KINDS = ("month", "quarter", "half", "year")
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:(?P<kind>[MQH])(?P<n>\d{1,2}))?$")
_DASHED_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<n>\d{1,2})$")
_SPAN = {"M": 1, "Q": 3, "H": 6}
_KIND = {"M": "month", "Q": "quarter", "H": "half", "": "year"}
_COUNT = {"M": 12, "Q": 4, "H": 2}


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period. Ordered by start, then by length (a month sorts before its quarter)."""

    start: dt.date
    months: int  # 1, 3, 6 or 12

    @property
    def kind(self) -> str:
        return {1: "month", 3: "quarter", 6: "half", 12: "year"}[self.months]

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def number(self) -> int:
        """1-based position inside the year (month 7 → 7, quarter 3 → 3, second half → 2, year → 1)."""
        return (self.start.month - 1) // self.months + 1

    @property
    def code(self) -> str:
        if self.months == 12:
            return str(self.year)
        letter = {1: "M", 3: "Q", 6: "H"}[self.months]
        width = 2 if self.months == 1 else 1
        return f"{self.year}{letter}{self.number:0{width}d}"

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        return _add_months(self.start, self.months) - dt.timedelta(days=1)

    def month_starts(self) -> list[dt.date]:
        return [_add_months(self.start, i) for i in range(self.months)]

    def same_period_last_year(self) -> Period:
        return Period(self.start.replace(year=self.year - 1), self.months)

    def previous(self) -> Period:
        """The period of the same kind just before this one (2025H1 → 2024H2)."""
        return Period(_add_months(self.start, -self.months), self.months)

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def sub_periods(self, months: int) -> list[Period]:
        """The periods of `months` length that tile this one (a year → its 4 quarters)."""
        if months > self.months or self.months % months:
            raise ValueError(f"{months} months do not tile {self.code}")
        return [Period(_add_months(self.start, i), months) for i in range(0, self.months, months)]

    def year_period(self) -> Period:
        return Period(dt.date(self.year, 1, 1), 12)

    def label(self) -> str:
        """In the active language: "6 tháng đầu năm 2025", "Quý III/2025", "Tháng 7/2025", "Năm 2025"."""
        if self.months == 12:
            return _("Year %(year)s") % {"year": self.year}
        if self.months == 6:
            if self.number == 1:
                return _("First six months of %(year)s") % {"year": self.year}
            return _("Last six months of %(year)s") % {"year": self.year}
        if self.months == 3:
            roman = ("I", "II", "III", "IV")[self.number - 1]
            return _("Quarter %(roman)s/%(year)s") % {"roman": roman, "year": self.year}
        return _("Month %(month)s/%(year)s") % {"month": self.number, "year": self.year}

    def __str__(self) -> str:
        return self.code


def parse_period(code: str, *, field: str = "period") -> Period:
    """'2025H1' → Period; ValidationFailed naming the field and the accepted forms otherwise."""
    text = (code or "").strip().upper()
    match = _PATTERN.match(text)
    if match is None:
        dashed = _DASHED_MONTH.match(text)
        if dashed is not None:
            match = _PATTERN.match(f"{dashed['year']}M{int(dashed['n']):02d}")
    if match is None:
        raise _invalid(
            f"{field}.invalid",
            _("%(field)s: %(value)s is not a period; write 2025, 2025H1, 2025Q3 or 2025M07.")
            % {"field": field, "value": code},
            field=field,
        )
    year = int(match["year"])
    letter = match["kind"] or ""
    if not 2000 <= year <= 2100:
        raise _invalid(
            f"{field}.out_of_range",
            _("%(field)s: the year %(year)s is outside 2000–2100.") % {"field": field, "year": year},
            field=field,
        )
    if not letter:
        return Period(dt.date(year, 1, 1), 12)
    n = int(match["n"])
    if not 1 <= n <= _COUNT[letter]:
        raise _invalid(
            f"{field}.out_of_range",
            _("%(field)s: %(value)s does not exist (a year has %(count)s of them).")
            % {"field": field, "value": code, "count": _COUNT[letter]},
            field=field,
        )
    span = _SPAN[letter]
    return Period(dt.date(year, (n - 1) * span + 1, 1), span)


def _invalid(code: str, message: str, *, field: str) -> ValidationFailed:
    return ValidationFailed([ApplicationError(code, message, field=field)])


def period_of(kind: str, on: dt.date) -> Period:
    """The period of `kind` ('month' | 'quarter' | 'half' | 'year') that contains the day `on`."""
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[kind]
    first_month = (on.month - 1) // months * months + 1
    return Period(dt.date(on.year, first_month, 1), months)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
