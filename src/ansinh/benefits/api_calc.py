"""POST /api/v1/calc/{regime}: the public benefit calculator (no log-in; citizens use it).

The body is the facts object of `ansinh calc`; the answer the same JSON. Contradictory or malformed
facts are 422 {code, message, field}; an unknown regime is 404. auth=None: there is no session to
protect, so no CSRF token is needed (django-ninja only checks CSRF inside its cookie authentication).
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from ansinh.benefits.calc import REGIMES, calculate
from ansinh.benefits.rules import FactsError
from ansinh.core.errors import NotFound

router = Router(tags=["calculator"])


class LineOut(Schema):
    label: str
    amount: int
    basis: str


class CalcOut(Schema):
    regime: str
    eligible: bool
    monthly_amount: int
    lines: list[LineOut]
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


@router.post(
    "/{regime}",
    auth=None,
    response={200: CalcOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra=_BODY,
    summary="Calculate a monthly benefit (social-assistance | social-pension)",
)
def calc(request: HttpRequest, regime: str) -> dict[str, Any]:
    if regime not in REGIMES:
        raise NotFound("regime")
    try:
        data = json.loads(request.body or b"null")
    except ValueError:
        raise FactsError("facts.bad_json", _("The request body is not valid JSON."), field="facts") from None
    return calculate(regime, data).as_dict()
