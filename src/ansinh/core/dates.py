"""Dates as officers and spreadsheets type them (ngày/tháng/năm): one parser for forms, the API and imports.

Accepted: the locale's `DATE_INPUT_FORMATS` (dd/mm/yyyy and yyyy-mm-dd in both languages) and the
day-first forms spreadsheets produce (dd-mm-yyyy, dd.mm.yyyy), or a date/datetime cell as it is. A year
outside MIN_YEAR–MAX_YEAR is a typing slip ("01/01/0196", "15/3/20255"), not a date anyone is recorded with.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError

MIN_YEAR = 1900
MAX_YEAR = 2100
SPREADSHEET_FORMATS = ("%d-%m-%Y", "%d.%m.%Y")


def _formats() -> list[str]:
    return list(dict.fromkeys([*get_format("DATE_INPUT_FORMATS"), *SPREADSHEET_FORMATS]))


def parse_date(raw: Any, *, field: str) -> dt.date | None:
    """The date in `raw`, None when blank; `ApplicationError` naming `field` when it is not a sane date."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        value: dt.date | None = raw.date()
    elif isinstance(raw, dt.date):
        value = raw
    else:
        value = _parse_text(str(raw).strip())
    if value is None:
        raise ApplicationError(
            "field.bad_date",
            _("%(value)s is not a valid date (use DD/MM/YYYY).") % {"value": str(raw).strip()[:20]},
            field=field,
        )
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ApplicationError(
            "field.date_out_of_range",
            _("The year must be between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR},
            field=field,
        )
    return value


def _parse_text(text: str) -> dt.date | None:
    for fmt in _formats():
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def date_or_error(raw: Any, field: str, errors: list[ApplicationError]) -> dt.date | None:
    """`parse_date` for parsers that collect every problem: the error is appended, None returned."""
    try:
        return parse_date(raw, field=field)
    except ApplicationError as exc:
        errors.append(exc)
        return None
