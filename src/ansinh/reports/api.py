"""Figures, the catalogue, plans and approvals under /api/v1/reports. Handlers only translate.

`GET /values` and `POST /values` read and write figures in the dataValueSets style of DHIS2:
`{"dataValues": [{"indicator": "LM.NEW_JOBS", "unit": "11", "period": "2025H1", "value": 62850,
"comment": "…"}]}` — a ratio gives `numerator` and `denominator` instead of `value`; a pre-reform unit adds
`"structure": "legacy"`. A write is all or nothing: one refused item refuses the set, and the answer (422)
lists every refused item with its `index`, `field` and reason. Scope, locks and validation are the
services' and the same as the entry form's.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Body, Field, Router, Schema, Status

from ansinh.core.scope import require
from ansinh.reports import catalogue, selectors, services
from ansinh.reports.models import DataValue, Indicator
from ansinh.reports.periods import parse_period

router = Router(tags=["reports"])


class DataValueIn(Schema):
    dataValues: list[dict[str, Any]] = Field(..., description="the figures to write, all or nothing")


class DataValueOut(Schema):
    indicator: str
    unit: str
    structure: str
    period: str
    origin: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    comment: str
    computed_at: dt.datetime | None
    updated_at: dt.datetime


class DataValueSetOut(Schema):
    dataValues: list[DataValueOut]


class WriteOut(Schema):
    created: int
    updated: int
    deleted: int
    unchanged: int


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    aggregation: str
    source: str
    group: str
    value_type: str
    min_value: Decimal | None
    max_value: Decimal | None
    numerator_le_denominator: bool
    higher_is_better: bool
    provisional: bool
    active: bool
    order: int
    note: str


class IndicatorIn(Schema):
    code: str = Field("", max_length=40, description="only when adding")
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    aggregation: str = "sum"
    source: str = "entered"
    group: str = ""
    value_type: str = "int"
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    numerator_le_denominator: bool = False
    higher_is_better: bool = True
    provisional: bool = False
    active: bool = True
    order: int = 0
    note: str = Field("", max_length=400)


class WarningOut(Schema):
    rule: str
    kind: str
    indicators: list[str]
    message: str
    citation: str


class MissingUnitOut(Schema):
    code: str
    name: str


class ReportSubmissionOut(Schema):
    unit: str
    unit_name: str
    period: str
    status: str
    comment: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    warnings: list[WarningOut] = Field(
        default_factory=list, description="consistency rules the figures broke when submitted (not refused)"
    )
    missing_units: list[MissingUnitOut] = Field(
        default_factory=list, description="units below that had not submitted when this report was"
    )


class OverviewOut(Schema):
    period: str
    unit: str
    own: ReportSubmissionOut | None
    units: list[ReportSubmissionOut]
    missing: list[str]


class CommentIn(Schema):
    comment: str = Field("", max_length=500)


class ReasonIn(Schema):
    reason: str = Field("", max_length=500)


class PlanIn(Schema):
    indicator: str
    unit: str = Field("", description="empty for the nation")
    year: int
    value: Decimal | None = Field(None, description="empty removes the target")


class PlanOut(Schema):
    indicator: str
    unit: str
    year: int
    value: Decimal | None


def _value_out(row: DataValue, codes: dict[int, str]) -> dict[str, Any]:
    return {
        "indicator": codes[row.indicator_id],
        "unit": row.unit_code,
        "structure": row.structure,
        "period": row.period_code,
        "origin": row.origin,
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "comment": row.comment,
        "computed_at": row.computed_at,
        "updated_at": row.updated_at,
    }


@router.get(
    "/values", response=DataValueSetOut, summary="Figures of a unit (and the units below it) for a period"
)
def values_read(
    request: HttpRequest, period: str, unit: str = "", children: bool = False, indicator: str = ""
):
    p = parse_period(period)
    target = selectors.report_unit(actor=request.user, unit_code=unit or None)
    rows = DataValue.objects.filter(period_code=p.code)
    if target is None:
        rows = rows if children else rows.none()
    elif children and target.level == "province":
        rows = rows.filter(province_code=target.code)
    else:
        rows = rows.filter(unit=target)
    if indicator:
        rows = rows.filter(indicator__code__in=indicator.split(","))
    codes = dict(Indicator.objects.values_list("id", "code"))
    ordered = rows.order_by("indicator__order", "unit_code", "origin")
    return {"dataValues": [_value_out(row, codes) for row in ordered]}


@router.post("/values", response=WriteOut, summary="Write figures in bulk (all or nothing)")
def values_write(request: HttpRequest, payload: Body[DataValueIn | list[dict[str, Any]]]):
    """`{"dataValues": [...]}` as DHIS2 writes it, or the bare list of items."""
    items = payload.dataValues if isinstance(payload, DataValueIn) else payload
    return services.values_write(actor=request.user, raw_items=items)


@router.get("/indicators", response=list[IndicatorOut], summary="The indicator catalogue")
def indicators_list(request: HttpRequest, include_inactive: bool = False):
    require(request.user, "reports.view")
    return catalogue.indicator_list(active_only=not include_inactive)


@router.post("/indicators", response={201: IndicatorOut}, summary="Add an indicator")
def indicator_create(request: HttpRequest, payload: IndicatorIn):
    data = payload.dict()
    return Status(
        201, catalogue.indicator_save(actor=request.user, code=data.pop("code"), data=data, create=True)
    )


@router.put("/indicators/{code}", response=IndicatorOut, summary="Change an indicator")
def indicator_update(request: HttpRequest, code: str, payload: IndicatorIn):
    data = payload.dict()
    data.pop("code")
    return catalogue.indicator_save(actor=request.user, code=code, data=data, create=False)


def _submission_out(unit, sub) -> dict[str, Any]:
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "period": sub.period_code if sub else "",
        "status": sub.status if sub else "draft",
        "comment": sub.comment if sub else "",
        "submitted_at": sub.submitted_at if sub else None,
        "decided_at": sub.decided_at if sub else None,
        "warnings": [{**v.as_dict(), "message": v.message()} for v in selectors.recorded_checks(sub)],
        "missing_units": list(sub.missing_units or []) if sub else [],
    }


@router.get("/submissions", response=OverviewOut, summary="Which units below have submitted their report")
def submissions(request: HttpRequest, period: str, unit: str = ""):
    p = parse_period(period)
    overview = selectors.submission_overview(actor=request.user, period=p, unit_code=unit or None)
    own_unit = overview["unit"]
    return {
        "period": p.code,
        "unit": own_unit.code if own_unit else "",
        "own": _submission_out(own_unit, overview["own"]) if own_unit else None,
        "units": [
            {**_submission_out(r["unit"], r["submission"]), "period": p.code} for r in overview["rows"]
        ],
        "missing": [u.code for u in overview["missing"]],
    }


@router.post(
    "/submissions/{unit}/{period}/submit", response=ReportSubmissionOut, summary="Submit a unit's report"
)
def submit(request: HttpRequest, unit: str, period: str):
    sub = services.report_submit(actor=request.user, unit_code=unit, period=parse_period(period))
    return _submission_out(sub.unit, sub)


@router.post(
    "/submissions/{unit}/{period}/approve", response=ReportSubmissionOut, summary="Approve (locks it)"
)
def approve(request: HttpRequest, unit: str, period: str):
    sub = services.report_approve(actor=request.user, unit_code=unit, period=parse_period(period))
    return _submission_out(sub.unit, sub)


@router.post(
    "/submissions/{unit}/{period}/return", response=ReportSubmissionOut, summary="Return with a comment"
)
def return_(request: HttpRequest, unit: str, period: str, payload: CommentIn):
    sub = services.report_return(
        actor=request.user, unit_code=unit, period=parse_period(period), comment=payload.comment
    )
    return _submission_out(sub.unit, sub)


@router.post(
    "/submissions/{unit}/{period}/unlock", response=ReportSubmissionOut, summary="Unlock with a reason"
)
def unlock(request: HttpRequest, unit: str, period: str, payload: ReasonIn):
    sub = services.report_unlock(
        actor=request.user, unit_code=unit, period=parse_period(period), reason=payload.reason
    )
    return _submission_out(sub.unit, sub)


@router.put("/plans", response=PlanOut, summary="Set or remove a unit's target for a year")
def plan_put(request: HttpRequest, payload: PlanIn):
    plan = services.plan_set(
        actor=request.user,
        indicator_code=payload.indicator,
        unit_code=payload.unit or None,
        year=payload.year,
        value=payload.value,
    )
    return {
        "indicator": payload.indicator,
        "unit": payload.unit,
        "year": payload.year,
        "value": plan.value if plan else None,
    }
