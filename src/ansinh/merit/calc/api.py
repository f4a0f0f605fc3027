"""POST /api/v1/calc/merit-allowance: the public merit-allowance calculator (no log-in).

The body is the facts object of `ansinh calc merit-allowance`; the answer the same JSON. Malformed or
contradictory facts are 422 {code, message, field}. Wired in `ansinh.api` before the benefits calculator
router, whose `/calc/{regime}` would otherwise take the path.
"""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from ansinh.benefits.rules import FactsError
from ansinh.merit import rules

router = Router(tags=["calculator"])


class MeritLineOut(Schema):
    label: str
    amount: int
    basis: str


class MeritAllowanceOut(Schema):
    regime: str
    category: str
    label: str
    on: str
    standard: int
    eligible: bool
    monthly_amount: int
    lines: list[MeritLineOut]
    one_off_amount: int
    one_off: list[MeritLineOut]
    notes: list[str]
    provisional: bool


class MeritErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["on", "category"],
                    "properties": {
                        "on": {"type": "string", "format": "date"},
                        "category": {"type": "string", "enum": list(rules.CATEGORIES)},
                        "injury_rate": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                        "especially_severe": {"type": "boolean"},
                        "martyrs": {"type": ["integer", "null"], "minimum": 1},
                        "lives_at_home": {"type": "boolean"},
                        "lives_alone": {"type": "boolean"},
                        "detached": {"type": ["boolean", "null"]},
                        "seniority_years": {"type": ["integer", "null"], "minimum": 0},
                        "honour": {"type": ["string", "null"], "enum": [*rules.HONOURS, None]},
                        "posthumous_certificate": {"type": "boolean"},
                    },
                    "additionalProperties": False,
                },
                "example": {
                    "on": "2026-08-01",
                    "category": "war_invalid",
                    "injury_rate": 81,
                    "especially_severe": False,
                    "martyrs": None,
                    "lives_at_home": True,
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
    "/merit-allowance",
    auth=None,
    response={200: MeritAllowanceOut, 422: MeritErrorOut},
    openapi_extra=_BODY,
    summary="Calculate the monthly preferential allowance of a person with meritorious services "
    "(Ordinance 02/2020/UBTVQH14; Decree 75/2021/NĐ-CP as amended)",
)
def calc_merit_allowance(request: HttpRequest) -> dict[str, Any]:
    return rules.due(_body(request)).as_dict()
