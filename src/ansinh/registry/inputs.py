"""Typed input for person and household writes, and the parser that turns raw form/API values into it.

Parsing reports every bad field at once (ValidationFailed), naming the field, so the UI, the API
and imports show the same messages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any

from ansinh.core import numbers
from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, ValidationFailed


@dataclass
class PersonData:
    full_name: str = ""
    personal_id: str = ""
    birth_date: dt.date | None = None
    birth_year: int | None = None
    sex: str = ""
    ethnicity: str = "01"
    commune_id: int | None = None
    address_detail: str = ""
    phone: str = ""
    bank_code: str = ""
    bank_account: str = ""
    status: str = "alive"
    death_date: dt.date | None = None
    # The officer's answer to possible duplicates found at entry (`registry.resolve.screen_new_person`):
    # this is the existing person `link_to`, or a new person confirmed with a reason.
    link_to: int | None = None
    confirm_new: bool = False
    new_reason: str = ""

    @classmethod
    def field_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]


@dataclass
class HouseholdData:
    code: str = ""
    commune_id: int | None = None
    address_detail: str = ""


def _date(raw: Any, field: str, errors: list[ApplicationError]) -> dt.date | None:
    if raw is None or raw == "":  # blank, the common case of an optional field, answered first
        return None
    return date_or_error(raw, field, errors)


def _int(raw: Any, field: str, errors: list[ApplicationError]) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        return numbers.parse_integer(raw, field=field)
    except ApplicationError as exc:
        errors.append(exc)
        return None


def _str(raw: Any) -> str:
    if type(raw) is str:
        return raw.strip()
    return "" if raw is None else str(raw).strip()


def parse_person(raw: dict[str, Any]) -> PersonData:
    errors: list[ApplicationError] = []
    data = PersonData(
        full_name=_str(raw.get("full_name")),
        personal_id=_str(raw.get("personal_id")),
        birth_date=_date(raw.get("birth_date"), "birth_date", errors),
        birth_year=_int(raw.get("birth_year"), "birth_year", errors),
        sex=_str(raw.get("sex")).upper(),
        ethnicity=_str(raw.get("ethnicity")) or "01",
        commune_id=_int(raw.get("commune_id", raw.get("commune")), "commune", errors),
        address_detail=_str(raw.get("address_detail")),
        phone=_str(raw.get("phone")),
        bank_code=_str(raw.get("bank_code")).upper(),
        bank_account=_str(raw.get("bank_account")),
        status=_str(raw.get("status")) or "alive",
        death_date=_date(raw.get("death_date"), "death_date", errors),
        link_to=_int(raw.get("link_to"), "link_to", errors),
        confirm_new=_flag(raw.get("confirm_new")),
        new_reason=_str(raw.get("new_reason", raw.get("reason")))[:500],
    )
    if errors:
        raise ValidationFailed(errors)
    return data


def _flag(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    return _str(raw).lower() in {"1", "true", "on", "yes", "co", "có", "x"}


def parse_household(raw: dict[str, Any]) -> HouseholdData:
    errors: list[ApplicationError] = []
    data = HouseholdData(
        code=_str(raw.get("code")).upper(),
        commune_id=_int(raw.get("commune_id", raw.get("commune")), "commune", errors),
        address_detail=_str(raw.get("address_detail")),
    )
    if errors:
        raise ValidationFailed(errors)
    return data
