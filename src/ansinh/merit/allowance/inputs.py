"""Raw input (form fields, API JSON) of the merit allowance decisions → typed values; every bad field is
reported at once, naming the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ansinh.benefits import inputs as benefit_inputs
from ansinh.benefits.inputs import ChannelData, DecisionData
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.numbers import parse_integer

Errors = list[ApplicationError]


@dataclass
class EventInput:
    decision: DecisionData
    basis: str
    declared: dict[str, Any] = field(default_factory=dict)
    channel: ChannelData = field(default_factory=ChannelData)
    reason: str = ""
    day: dt.date | None = None  # the date of death or of the marriage
    month: dt.date | None = None  # the last month paid, or the month on the transfer slip
    to_commune: int | None = None
    payee_name: str = ""


def _str(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _flag(raw: Any, name: str, errors: Errors) -> bool | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    text = _str(raw).lower()
    if text in ("1", "true", "on", "yes", "có", "co"):
        return True
    if text in ("0", "false", "off", "no", "không", "khong"):
        return False
    errors.append(ApplicationError("field.bad_boolean", _("Answer yes or no."), field=name))
    return None


def _declared(raw: dict[str, Any], errors: Errors) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("lives_at_home", "lives_alone", "detached"):
        value = _flag(raw.get(name), name, errors)
        if value is not None:
            out[name] = value
    if _str(raw.get("seniority_years")):
        try:
            out["seniority_years"] = parse_integer(
                raw.get("seniority_years"), field="seniority_years", maximum=50
            )
        except ApplicationError as exc:
            errors.append(exc)
    if _str(raw.get("honour")):
        out["honour"] = _str(raw.get("honour"))
    return out


def _raise(errors: Errors) -> None:
    if errors:
        raise ValidationFailed(errors)


def parse_event(raw: dict[str, Any], *, kind: str) -> EventInput:
    """`kind`: enrol, assessment, suspend, resume, terminate, death, remarriage, transfer."""
    errors: Errors = []
    need_effective = kind in ("enrol", "suspend", "resume")
    decision = benefit_inputs.parse_decision(raw, errors, need_effective=need_effective)
    data = EventInput(decision=decision, basis=_str(raw.get("basis")), reason=_str(raw.get("reason")))
    if not data.basis:
        errors.append(
            ApplicationError("basis.required", _("Enter the basis (căn cứ) of the decision."), field="basis")
        )
    if kind == "enrol":
        data.declared = _declared(raw, errors)
        data.channel = benefit_inputs.parse_channel(raw, errors)
    if kind in ("suspend", "terminate") and not data.reason:
        errors.append(ApplicationError("reason.required", _("Enter the reason."), field="reason"))
    if kind in ("death", "remarriage"):
        name = "death_date" if kind == "death" else "married_on"
        data.day = benefit_inputs.date_field(raw.get(name), name, errors)
        if data.day is None and name not in {e.field for e in errors}:
            errors.append(ApplicationError(f"{name}.required", _("Enter the date."), field=name))
        data.payee_name = _str(raw.get("payee_name"))[:120]
    if kind in ("terminate", "transfer"):
        name = "last_month" if kind == "terminate" else "slip_month"
        data.month = benefit_inputs.month_field(raw.get(name), name, errors)
        if data.month is None and name not in {e.field for e in errors}:
            errors.append(ApplicationError(f"{name}.required", _("Enter the month."), field=name))
    if kind == "transfer":
        try:
            data.to_commune = parse_integer(raw.get("to_commune"), field="to_commune")
        except ApplicationError as exc:
            errors.append(exc)
        if data.to_commune is None and "to_commune" not in {e.field for e in errors}:
            errors.append(
                ApplicationError("to_commune.required", _("Choose the new commune."), field="to_commune")
            )
    _raise(errors)
    return data
