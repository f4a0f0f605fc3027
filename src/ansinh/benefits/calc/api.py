"""POST /api/v1/calc/{regime}: the public benefit calculator (no log-in; citizens use it).

POST /api/v1/calc/unemployment-benefit answers with the months of benefit and its dates as well.
POST /api/v1/calc/poverty answers with a household's classification under the multidimensional poverty
standard in force on the date given (`ansinh.poverty.standard`).

The body is the facts object of `ansinh calc`; the answer the same JSON. Contradictory or malformed
facts are 422 {code, message, field}; an unknown regime is 404. auth=None: there is no session to
protect, so no CSRF token is needed (django-ninja only checks CSRF inside its cookie authentication).
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from ansinh.benefits.calc.calculator import calculate, regimes
from ansinh.benefits.rules import FactsError
from ansinh.core.errors import NotFound
from ansinh.poverty import standard as poverty

router = Router(tags=["calculator"])


class AmountLineOut(Schema):
    label: str
    amount: int
    basis: str


class CalcOut(Schema):
    regime: str
    eligible: bool
    monthly_amount: int
    lines: list[AmountLineOut]
    notes: list[str]
    provisional: bool


class UnemploymentOut(CalcOut):
    months: int
    law: str
    filing_deadline: str | None
    decision_deadline: str | None
    start_date: str | None
    end_date: str | None
    carried_over_months: int


class PovertyLineOut(Schema):
    label: str
    basis: str


class PovertyOut(Schema):
    classification: str
    label: str
    standard: str
    on: str
    area: str
    income_per_capita: int
    deprived: list[str]
    deprivations: int
    income_line: int
    middle_bound: int | None
    lines: list[PovertyLineOut]
    notes: list[str]
    provisional: bool


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "example": {
                    "on": "2026-08-01",
                    "birth_date": "1950-05-01",
                    "clauses": ["5a", "4"],
                    "disability": None,
                    "household": "poor",
                    "children": 1,
                    "province": None,
                    "studying": False,
                },
            }
        },
    }
}


_UI_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "example": {
                    "termination_date": "2026-03-15",
                    "avg_salary_6m": 12_000_000,
                    "contribution_months": 50,
                    "salary_regime": "employer",
                    "region": 1,
                    "filed_on": "2026-03-20",
                },
            }
        },
    }
}


_POVERTY_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["on", "area", "income_per_capita"],
                    "properties": {
                        "on": {"type": "string", "format": "date"},
                        "area": {"type": "string", "enum": list(poverty.AREAS)},
                        "income_per_capita": {"type": "integer", "minimum": 0},
                        "deprived": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
                    },
                    "additionalProperties": False,
                },
                "example": {
                    "on": "2026-08-01",
                    "area": "rural",
                    "income_per_capita": 1_400_000,
                    "deprived": ["health_insurance", "water", "latrine"],
                },
            }
        },
    }
}


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except ValueError:
        raise FactsError("facts.bad_json", _("The request body is not valid JSON."), field="facts") from None


@router.post(
    "/unemployment-benefit",
    auth=None,
    response={200: UnemploymentOut, 422: ErrorOut},
    openapi_extra=_UI_BODY,
    summary="Calculate an unemployment benefit: monthly amount, months, start and end (Law 38/2013, 74/2025)",
)
def calc_unemployment(request: HttpRequest) -> dict[str, Any]:
    return calculate("unemployment-benefit", _body(request)).as_dict()


@router.post(
    "/poverty",
    auth=None,
    response={200: PovertyOut, 422: ErrorOut},
    openapi_extra=_POVERTY_BODY,
    summary="Classify a household under the multidimensional poverty standard in force on a date "
    "(Decree 07/2021/NĐ-CP, Decree 351/2025/NĐ-CP)",
)
def calc_poverty(request: HttpRequest) -> dict[str, Any]:
    return poverty.classify(poverty.parse_facts(_body(request))).as_dict()


@router.post(
    "/{regime}",
    auth=None,
    response={200: CalcOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra=_BODY,
    summary="Calculate a monthly benefit (social-assistance | social-pension)",
)
def calc(request: HttpRequest, regime: str) -> dict[str, Any]:
    if regime not in regimes():
        raise NotFound("regime")
    return calculate(regime, _body(request)).as_dict()
