"""The programme and policy forms' strings → the services' typed data; every problem names its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.dates import date_or_error
from ansinh.core.errors import ApplicationError, field_error, raise_if_any
from ansinh.core.numbers import parse_amount, parse_integer
from ansinh.programmes.services import ConditionData, PolicyData, ProgrammeData

CONDITION_ROWS = 8  # empty condition rows a form offers


def _integer(raw: Any, name: str, errors: list[ApplicationError], *, amount: bool = False) -> int | None:
    try:
        if amount:
            return parse_amount(raw, field=name)
        return parse_integer(raw, field=name)
    except ApplicationError as exc:
        errors.append(exc)
        return None


def parse_programme(raw: dict[str, Any]) -> ProgrammeData:
    errors: list[ApplicationError] = []
    event_from = date_or_error(raw.get("event_from"), "event_from", errors)
    event_to = date_or_error(raw.get("event_to"), "event_to", errors)
    for name, value in (("event_from", event_from), ("event_to", event_to)):
        if value is None and not any(e.field == name for e in errors):
            errors.append(field_error("programme.date_required", _("Give the date."), name))
    data = ProgrammeData(
        code=(raw.get("code") or "").strip(),
        name=(raw.get("name") or "").strip(),
        legal_basis=(raw.get("legal_basis") or "").strip(),
        event_from=event_from or dt.date.min,
        event_to=event_to or dt.date.min,
        apply_until=date_or_error(raw.get("apply_until"), "apply_until", errors),
        budget=_integer(raw.get("budget"), "budget", errors, amount=True),
        funding_source=(raw.get("funding_source") or "").strip(),
        status=raw.get("status") or "draft",
        note=(raw.get("note") or "").strip(),
    )
    raise_if_any(errors)
    return data


def condition_rows(raw: dict[str, Any], prefix: str = "c") -> list[ConditionData]:
    """The filled condition rows of a form (`c0_fact`, `c0_op`, `c0_value`, `c0_group`, …)."""
    rows = []
    for i in range(CONDITION_ROWS):
        fact = (raw.get(f"{prefix}{i}_fact") or "").strip()
        if not fact:
            continue
        rows.append(
            ConditionData(
                fact=fact,
                op=(raw.get(f"{prefix}{i}_op") or "").strip(),
                value=(raw.get(f"{prefix}{i}_value") or "").strip(),
                group=(raw.get(f"{prefix}{i}_group") or "").strip(),
            )
        )
    return rows


def _tiers(text: str, errors: list[ApplicationError]) -> list[tuple[int, int]]:
    """ "15: 1.855.000; 30: 3.710.000" → [(15, 1855000), (30, 3710000)]."""
    tiers = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        quantity, _sep, amount = part.partition(":")
        q = _integer(quantity.strip(), "tiers", errors)
        a = _integer(amount.strip(), "tiers", errors, amount=True)
        if q is None or a is None:
            errors.append(
                field_error("policy.bad_tiers", _("Write tiers as 15: 1.855.000; 30: 3.710.000."), "tiers")
            )
            return []
        tiers.append((q, a))
    return tiers


def parse_policy(raw: dict[str, Any]) -> PolicyData:
    errors: list[ApplicationError] = []
    data = PolicyData(
        code=(raw.get("code") or "").strip(),
        name=(raw.get("name") or "").strip(),
        unit=raw.get("unit") or "",
        citation=(raw.get("citation") or "").strip(),
        confidence=raw.get("confidence") or "confirmed",
        amount_kind=raw.get("amount_kind") or "",
        position=_integer(raw.get("position"), "position", errors) or 0,
        amount=_integer(raw.get("amount"), "amount", errors, amount=True),
        multiple=(raw.get("multiple") or "").replace(",", ".").strip() or None,
        tier_field=raw.get("tier_field") or "",
        tiers=_tiers(raw.get("tiers") or "", errors),
        per_field=raw.get("per_field") or "",
        cap_quantity=_integer(raw.get("cap_quantity"), "cap_quantity", errors),
        pregnancy_addon=_integer(raw.get("pregnancy_addon"), "pregnancy_addon", errors, amount=True) or 0,
        child_addon=_integer(raw.get("child_addon"), "child_addon", errors, amount=True) or 0,
        exclusive_group=(raw.get("exclusive_group") or "").strip(),
        in_kind=(raw.get("in_kind") or "").strip(),
        reference_date=date_or_error(raw.get("reference_date"), "reference_date", errors),
        note=(raw.get("note") or "").strip(),
        conditions=condition_rows(raw),
    )
    raise_if_any(errors)
    return data
