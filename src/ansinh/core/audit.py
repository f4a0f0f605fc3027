"""Writing audit events (nhật ký). Call inside the service's transaction: event and change commit together."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from ansinh.core import context
from ansinh.core.actors import Actor
from ansinh.core.models import AuditAction, AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a row, as stored (foreign keys by id)."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: _jsonable(getattr(instance, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    *,
    actor: Actor | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    province_code: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event now (in the caller's transaction)."""
    made = event(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        province_code=province_code,
        before=before,
        after=after,
    )
    made.save()
    return made


def record_many(events: list[AuditEvent]) -> None:
    """Write events built with `event` in one bulk insert (a set-based write of thousands of rows)."""
    AuditEvent.objects.bulk_create(events, batch_size=1000)


def event(
    *,
    actor: Actor | None,
    action: AuditAction | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    province_code: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """The audit event `record` writes, not yet saved."""
    ctx = context.current()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:200]
        province_code = province_code or getattr(obj, "province_code", "") or ""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        # Only a user account can be the row's author; the operator of a command has the label alone.
        actor=actor if is_user and isinstance(actor, get_user_model()) else None,
        actor_label=(getattr(actor, "username", "") if is_user else "") or "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label,
        province_code=province_code,
        before=before,
        after=after,
        ip=ctx.ip,
        request_id=ctx.request_id,
    )
