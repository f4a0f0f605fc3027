"""Who signs the official documents, for API clients: /api/v1/documents/signatories (scoped as the pages
are: a commune officer the commune's, a province officer the province's and its communes')."""

# No `from __future__ import annotations`: django-ninja reads the query parameters' types at runtime.
import datetime as dt

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.core import numbers
from ansinh.core.pagination import PageNumberPagination
from ansinh.documents import selectors, services

router = Router(tags=["documents"])


class SignatoryUnitOut(Schema):
    id: int
    code: str
    name: str
    level: str


class SignatoryOut(Schema):
    id: int
    unit: SignatoryUnitOut
    body: str
    kind: str
    authority_line: str
    delegation_line: str
    title: str
    full_name: str
    lines: list[str]
    valid_from: dt.date
    valid_to: dt.date | None


class SignatoryIn(Schema):
    unit: int = Field(..., ge=1, le=numbers.INT64_MAX, description="the issuing unit (a commune or province)")
    body: str = Field("committee", max_length=40, description="committee or employment_centre")
    kind: str = Field("", max_length=10, description='QĐ, DS, GT, BC, or "" for every kind')
    authority_line: str = Field("", max_length=200, description="TM. ỦY BAN NHÂN DÂN")
    delegation_line: str = Field("", max_length=200, description="KT. CHỦ TỊCH")
    title: str = Field("", max_length=200, description="PHÓ CHỦ TỊCH")
    full_name: str = Field("", max_length=200)
    valid_from: str = Field("", max_length=20, description="DD/MM/YYYY or YYYY-MM-DD")
    valid_to: str = Field("", max_length=20, description="empty while in office")


class SignatoryChangeIn(Schema):
    body: str = Field("committee", max_length=40)
    kind: str = Field("", max_length=10)
    authority_line: str = Field("", max_length=200)
    delegation_line: str = Field("", max_length=200)
    title: str = Field("", max_length=200)
    full_name: str = Field("", max_length=200)
    valid_from: str = Field("", max_length=20)
    valid_to: str = Field("", max_length=20)


@router.get("/signatories", response=list[SignatoryOut], summary="Signatories of official documents in scope")
@paginate(PageNumberPagination, page_size=50)
def signatory_list(
    request: HttpRequest,
    unit: int | None = None,
    on: dt.date | None = None,
    **kwargs,
):
    """`unit`: one issuing unit's; `on`: those in office on that date."""
    rows = selectors.signatory_queryset(actor=request.user)
    if unit is not None:
        # an id no unit can have (negative, beyond the database's integers) matches nothing
        rows = rows.filter(unit_id=unit) if 1 <= unit <= numbers.INT64_MAX else rows.none()
    if on is not None:
        rows = rows.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
    return rows.order_by("unit__name_folded", "body", "kind", "valid_from", "id")


@router.post("/signatories", response={201: SignatoryOut}, summary="Record who signs a kind of document")
def signatory_create(request: HttpRequest, payload: SignatoryIn):
    data = services.parse_signatory({**payload.dict(), "unit": str(payload.unit)})
    return Status(201, services.signatory_save(actor=request.user, data=data))


@router.get("/signatories/{signatory_id}", response=SignatoryOut, summary="One signatory")
def signatory_detail(request: HttpRequest, signatory_id: int):
    return selectors.signatory_get(actor=request.user, signatory_id=signatory_id)


@router.put(
    "/signatories/{signatory_id}", response=SignatoryOut, summary="Correct a signatory (its unit stays)"
)
def signatory_update(request: HttpRequest, signatory_id: int, payload: SignatoryChangeIn):
    signatory = selectors.signatory_get(actor=request.user, signatory_id=signatory_id, change=True)
    data = services.parse_signatory({**payload.dict(), "unit": str(signatory.unit_id)})
    return services.signatory_save(actor=request.user, data=data, signatory=signatory)
