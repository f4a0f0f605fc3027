"""Pure rules of payment cycles: which months a cycle may be prepared for."""

from __future__ import annotations

import datetime as dt

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.periods import add_months, month_label, month_of, parse_month

# The monthly allowances paid by cycles are those of Decree 20/2021/NĐ-CP, in force from 1 July 2021
# (Art. 46): no month before it can be paid by this system.
EARLIEST_CYCLE_MONTH = dt.date(2021, 7, 1)
# A cycle is prepared for the coming month at the latest (lists are drawn up ahead of payday).
MONTHS_AHEAD = 1


def cycle_month(value: dt.date | str, *, today: dt.date) -> dt.date:
    """The month a cycle is for, from "YYYY-MM" (or a date), checked to lie between July 2021 and the
    month after `today`; ValidationFailed on the field `month` otherwise."""
    try:
        month = parse_month(value) if isinstance(value, str) else month_of(value)
    except (ValueError, TypeError, AttributeError):
        raise _month_error("month.invalid", _("Write the month as YYYY-MM.")) from None
    if month < EARLIEST_CYCLE_MONTH:
        raise _month_error(
            "month.too_early",
            _("A cycle cannot be for a month before %(earliest)s, when Decree 20/2021 took effect.")
            % {"earliest": month_label(EARLIEST_CYCLE_MONTH)},
        )
    if month > add_months(month_of(today), MONTHS_AHEAD):
        raise _month_error("month.future", _("A cycle can be prepared at most one month ahead."))
    return month


def _month_error(code: str, message: str | Promise) -> ValidationFailed:
    return ValidationFailed([ApplicationError(code, message, field="month")])
