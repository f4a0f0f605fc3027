"""Reads of the audit trail."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from ansinh.core.actors import Actor
from ansinh.core.errors import PermissionDenied
from ansinh.core.models import AuditEvent


def audit_search(
    *,
    actor: Actor,
    username: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    province_code: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Every audit event matching the filters; auditors and administrators only."""
    if actor is None or not actor.can("audit.search"):
        raise PermissionDenied()
    events = AuditEvent.objects.select_related("actor")
    if username:
        events = events.filter(actor_label__iexact=username)
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if province_code:
        events = events.filter(province_code=province_code)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events.order_by("-at", "-id")
