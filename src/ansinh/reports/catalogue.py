"""The indicator catalogue: seeded from the packaged data file, then kept by administrators.

`seed_indicators()` inserts the packaged indicators the table lacks and changes nothing else, so an
administrator's edits survive every migrate. `indicator_save()` is the one write path for the page and
the API.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ansinh.core import audit
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.core.scope import require
from ansinh.reports.models import Aggregation, Indicator, RollupValue, SourceKind, ValueType

DATA_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"
EDITABLE = (
    "name_vi",
    "name_en",
    "unit_vi",
    "unit_en",
    "aggregation",
    "source",
    "group",
    "value_type",
    "min_value",
    "max_value",
    "numerator_le_denominator",
    "higher_is_better",
    "provisional",
    "active",
    "order",
    "note",
)


@cache
def packaged() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def group_name(group: str, language: str | None = None) -> str:
    names = packaged()["groups"].get(group)
    if names is None:
        return group
    return names[1] if (language or get_language() or "vi").startswith("en") else names[0]


def group_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} — {group_name(code)}") for code in packaged()["groups"]]


def _row(item: dict[str, Any], order: int) -> Indicator:
    ratio = item["aggregation"] == Aggregation.RATIO
    return Indicator(
        code=item["code"],
        name_vi=item["name_vi"],
        name_en=item["name_en"],
        unit_vi=item["unit_vi"],
        unit_en=item["unit_en"],
        aggregation=item["aggregation"],
        source=item["source"],
        group=item["code"].split(".")[0],
        value_type=ValueType.DECIMAL if ratio else ValueType.INTEGER,
        min_value=Decimal(item["min"]) if "min" in item else (Decimal(0) if ratio else None),
        max_value=Decimal(item["max"]) if "max" in item else None,
        numerator_le_denominator=bool(item.get("le", False)),
        higher_is_better=item.get("higher_is_better", True),
        provisional=item.get("provisional", False),
        order=order,
        note=item.get("note", ""),
    )


def seed_indicators(*, using: str = "default") -> int:
    """Insert the packaged indicators that are missing; returns how many were added."""
    items = packaged()["indicators"]
    have = set(Indicator.objects.using(using).values_list("code", flat=True))
    missing = [_row(item, (n + 1) * 10) for n, item in enumerate(items) if item["code"] not in have]
    Indicator.objects.using(using).bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def indicator_list(*, active_only: bool = True, groups: list[str] | None = None) -> list[Indicator]:
    qs = Indicator.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    if groups:
        qs = qs.filter(group__in=groups)
    return list(qs.order_by("order", "code"))


def indicator_get(code: str) -> Indicator:
    try:
        return Indicator.objects.get(code=code)
    except Indicator.DoesNotExist:
        raise NotFound("indicator") from None


@transaction.atomic
def indicator_save(*, actor: Actor, code: str, data: dict[str, Any], create: bool) -> Indicator:
    """Add an indicator (`create`) or change one; every field checked, all errors at once."""
    require(actor, "reports.catalogue")
    fields = _clean(code, data, create=create)
    if create:
        if Indicator.objects.filter(code=fields["code"]).exists():
            raise ValidationFailed(
                [
                    ApplicationError(
                        "indicator.code_taken", _("code: this code is already in use."), field="code"
                    )
                ]
            )
        if not fields["order"]:
            # Unless told where, a new indicator goes after the others.
            last = Indicator.objects.order_by("-order").values_list("order", flat=True).first() or 0
            fields["order"] = last + 10
        indicator = Indicator.objects.create(**fields)
        audit.record(actor=actor, action=AuditAction.CREATE, obj=indicator, after=audit.snapshot(indicator))
        return indicator
    indicator = Indicator.objects.select_for_update().filter(code=code).first()
    if indicator is None:
        raise NotFound("indicator")
    before = audit.snapshot(indicator, list(EDITABLE))
    for name, value in fields.items():
        if name != "code":
            setattr(indicator, name, value)
    indicator.save()
    changed_before, changed_after = audit.diff(before, audit.snapshot(indicator, list(EDITABLE)))
    if {"aggregation", "active"} & changed_after.keys():
        # Totals were built under the old rule: rebuilt on the next read.
        RollupValue.objects.filter(indicator=indicator).delete()
    if changed_after:
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=indicator, before=changed_before, after=changed_after
        )
    return indicator


def _clean(code: str, data: dict[str, Any], *, create: bool) -> dict[str, Any]:
    errors: list[ApplicationError] = []
    out: dict[str, Any] = {}
    code = (code or "").strip().upper()
    if create:
        if not code or len(code) > 40 or not all(c.isalnum() or c in "._" for c in code):
            errors.append(
                ApplicationError(
                    "indicator.bad_code",
                    _("code: write letters, digits, dots and underscores, at most 40 (LM.NEW_JOBS)."),
                    field="code",
                )
            )
        out["code"] = code
    for name, limit in (("name_vi", 200), ("name_en", 200), ("unit_vi", 30), ("unit_en", 30)):
        text = str(data.get(name) or "").strip()
        if not text or len(text) > limit:
            errors.append(
                ApplicationError(
                    "indicator.required",
                    _("%(field)s: required, at most %(limit)s characters.") % {"field": name, "limit": limit},
                    field=name,
                )
            )
        out[name] = text
    for name, choices in (
        ("aggregation", Aggregation.values),
        ("source", SourceKind.values),
        ("value_type", ValueType.values),
    ):
        value = str(data.get(name) or "")
        if value not in choices:
            errors.append(
                ApplicationError(
                    "indicator.bad_choice",
                    _("%(field)s: choose one of %(choices)s.")
                    % {"field": name, "choices": ", ".join(choices)},
                    field=name,
                )
            )
        out[name] = value
    out["group"] = str(data.get("group") or code.split(".")[0]).strip().upper()[:20]
    for name in ("min_value", "max_value"):
        out[name] = _decimal_or_none(data.get(name), name, errors)
    if out["min_value"] is not None and out["max_value"] is not None and out["min_value"] > out["max_value"]:
        errors.append(
            ApplicationError(
                "indicator.bad_range", _("max_value: must not be below min_value."), field="max_value"
            )
        )
    for name, default in (
        ("numerator_le_denominator", False),
        ("higher_is_better", True),
        ("provisional", False),
        ("active", True),
    ):
        raw = data.get(name, default)
        out[name] = raw if isinstance(raw, bool) else str(raw).lower() in ("1", "true", "on", "yes")
    try:
        out["order"] = max(0, int(data.get("order") or 0))
    except (TypeError, ValueError):
        errors.append(
            ApplicationError("indicator.bad_order", _("order: must be a whole number."), field="order")
        )
    out["note"] = str(data.get("note") or "").strip()[:400]
    if errors:
        raise ValidationFailed(errors)
    return out


def _decimal_or_none(raw: Any, name: str, errors: list[ApplicationError]) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        return Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        errors.append(
            ApplicationError(
                "indicator.bad_number", _("%(field)s: must be a number.") % {"field": name}, field=name
            )
        )
        return None
