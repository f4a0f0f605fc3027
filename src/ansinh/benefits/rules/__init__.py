"""The pure rules of each regime and what they share: reading facts, writing explanation lines.

`social_assistance` (Decree 20/2021/NĐ-CP as amended) and `social_pension` (Law 41/2024/QH15,
Decree 176/2025/NĐ-CP) each offer `Facts`, `parse(data)`, `monthly_amount(facts, params)`,
`check(facts, params)` and `funeral_support(*, on, province, params)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.benefits.rules.base import FactsError, Line, Result
from ansinh.core.errors import ApplicationError
from ansinh.core.money import format_decimal, format_vnd
from ansinh.core.numbers import parse_integer
from ansinh.core.periods import age_on

__all__ = ["FactsError", "Line", "Result", "higher_of"]

HOUSEHOLDS = ("poor", "near_poor", "none")
POOR = ("poor",)
POOR_OR_NEAR = ("poor", "near_poor")
HOUSEHOLD_LABELS = {
    "poor": gettext_lazy("Poor household"),
    "near_poor": gettext_lazy("Near-poor household"),
    "none": gettext_lazy("Neither poor nor near-poor"),
}


def higher_of(*results: Result) -> Result:
    """Monthly social assistance and the social pension are not added: only the higher is paid
    (Decree 176/2025/NĐ-CP; RULES §1.3 🟢). Ties go to the first result given."""
    eligible = [r for r in results if r.eligible]
    if not eligible:
        return results[0]
    return max(eligible, key=lambda r: r.monthly_amount)


# --- reading facts ---------------------------------------------------------------------------------


def problem(code: str, message: Any, name: str) -> FactsError:
    return FactsError(f"facts.{code}", message, field=name)


def digits_or_none(raw: str, name: str) -> int | None:
    """A fact written as text ("12", "-3", "62.850") as an int; None when it is not a whole number in
    the digits 0–9 (a "²" or a "3,5" is then refused by the caller as not a whole number)."""
    try:
        return parse_integer(raw, field=name, maximum=None, allow_negative=True)
    except ApplicationError:
        return None


def require(data: Mapping[str, Any], name: str) -> Any:
    if name not in data or data[name] is None or data[name] == "":
        raise problem("missing", _("%(field)s: this fact is required.") % {"field": name}, name)
    return data[name]


def read_date(data: Mapping[str, Any], name: str) -> dt.date:
    raw = require(data, name)
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip()) if isinstance(raw, str) else _bad_date(name)
    except ValueError:
        return _bad_date(name)


def _bad_date(name: str) -> dt.date:
    raise problem("bad_date", _("%(field)s: must be a date written YYYY-MM-DD.") % {"field": name}, name)


def read_int(data: Mapping[str, Any], name: str, default: int = 0) -> int:
    raw = data.get(name, default)
    if raw is None or raw == "":
        raw = default
    if isinstance(raw, str):
        raw = digits_or_none(raw, name)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise problem("bad_number", _("%(field)s: must be a whole number.") % {"field": name}, name)
    if raw < 0:
        raise problem("negative", _("%(field)s: must not be negative.") % {"field": name}, name)
    return raw


def read_bool(data: Mapping[str, Any], name: str) -> bool:
    raw = data.get(name, False)
    if raw is None:
        return False
    if not isinstance(raw, bool):
        raise problem("bad_boolean", _("%(field)s: must be true or false.") % {"field": name}, name)
    return raw


def read_household(data: Mapping[str, Any]) -> str:
    raw = data.get("household") or "none"
    if raw not in HOUSEHOLDS:
        raise problem(
            "unknown_household",
            _("household: %(value)s is not one of poor, near_poor, none.") % {"value": raw},
            "household",
        )
    return raw


def read_province(data: Mapping[str, Any]) -> str | None:
    raw = data.get("province")
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not raw.isdigit() or len(raw) > 4:
        raise problem("bad_province", _("province: must be a province code such as 11."), "province")
    return raw


def refuse_unknown(data: Mapping[str, Any], known: tuple[str, ...]) -> None:
    extra = sorted(set(data) - set(known))
    if extra:
        raise problem(
            "unknown_fact",
            _("%(field)s: this fact is not used by this regime.") % {"field": extra[0]},
            extra[0],
        )


def check_dates(on: dt.date, birth_date: dt.date, *, first_day: dt.date, started: str) -> int:
    """Common contradictions of every regime; returns the age on `on`."""
    if on < first_day:
        raise problem("date_too_early", started, "on")
    if birth_date > on:
        raise problem(
            "born_after_date",
            _("birth_date: the person is born after the date of the calculation."),
            "birth_date",
        )
    return age_on(birth_date, on)


# --- writing lines ---------------------------------------------------------------------------------


def money(amount: int | Decimal) -> str:
    return format_vnd(int(amount))


def coefficient(value: Decimal) -> str:
    return format_decimal(value)


def day(value: dt.date) -> str:
    """A date as written in the active language (dd/mm/yyyy in Vietnamese)."""
    from django.utils import formats

    return formats.date_format(value, "SHORT_DATE_FORMAT")
