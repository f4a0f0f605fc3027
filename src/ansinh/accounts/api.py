"""Who am I, and the audit-event search."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from ansinh.accounts.users_api import router as users_router
from ansinh.core.masking import audit_values
from ansinh.core.models import AuditEvent
from ansinh.core.pagination import PageNumberPagination
from ansinh.core.selectors import audit_search

router = Router(tags=["accounts"])
router.add_router("/users", users_router)


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    scope_unit: dict | None

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.get_full_name()

    @staticmethod
    def resolve_scope_unit(obj) -> dict | None:
        unit = obj.scope_unit
        return {"id": unit.pk, "code": unit.code, "name": unit.name, "level": unit.level} if unit else None


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str = Field(..., alias="actor_label")
    action: str
    object_type: str
    object_id: str
    object_label: str
    province_code: str
    before: dict | None
    after: dict | None
    ip: str | None
    request_id: str

    # Personal data stays masked; a reader who may not read persons (the system administrator) sees which
    # fields of a personal record changed, not their values.
    @staticmethod
    def resolve_before(obj: AuditEvent, context: dict) -> dict | None:
        return _values(obj, obj.before, context)

    @staticmethod
    def resolve_after(obj: AuditEvent, context: dict) -> dict | None:
        return _values(obj, obj.after, context)


def _values(obj: AuditEvent, values: dict | None, context: dict) -> dict | None:
    reads_persons = context["request"].user.can("registry.view")
    return audit_values(values, object_type=obj.object_type, reads_persons=reads_persons)


@router.get("/me", response=MeOut, tags=["accounts"])
def me(request: HttpRequest):
    return request.user


@router.get("/audit/events", response=list[AuditEventOut], tags=["audit"], summary="Search audit events")
@paginate(PageNumberPagination, page_size=100)
def audit_events(
    request: HttpRequest,
    username: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    province_code: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    **kwargs,
):
    return audit_search(
        actor=request.user,
        username=username,
        action=action,
        object_type=object_type,
        object_id=object_id,
        province_code=province_code,
        since=since,
        until=until,
    )
