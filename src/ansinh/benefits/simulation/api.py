"""Policy-cost simulation endpoints (/api/v1/simulations). Handlers only translate.

POST runs a province's simulation at once (200 with the figures) and the nation's as a background
job (202 with the job; poll GET /jobs/{id} until `status` is `succeeded`, then read `result`).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from ansinh.benefits.simulation.costs import check_scenario, parse_scenario, simulate
from ansinh.core.errors import NotFound, PermissionDenied
from ansinh.core.jobs import job_get, job_start

router = Router(tags=["simulations"])
JOB_KIND = "benefits.simulate"


class SimulationIn(Schema):
    regime: str = Field(..., description="social_assistance or social_pension", max_length=30)
    standard: int | None = Field(None, description="the new national level, đồng a month")
    from_month: str = Field(
        ..., description="first month of the change: YYYY-MM or YYYY-MM-DD", max_length=10
    )
    coefficients: dict[str, Decimal] = Field(
        default_factory=dict,
        description='social assistance only: {"5a": 1.8} sets every variant of 5a, {"5a.from80": 2.2} one',
    )
    province_code: str | None = Field(
        None, max_length=4, description="one province; omitted: the nation (a background job)"
    )


class CellOut(Schema):
    persons: int
    baseline_monthly: int
    scenario_monthly: int
    difference_monthly: int
    baseline_yearly: int
    scenario_yearly: int
    difference_yearly: int
    gaining: int
    losing: int
    unchanged: int
    not_payable: int = Field(..., description="of the unchanged: nothing due in the month under either law")


class ProvinceCellOut(CellOut):
    province_code: str
    name: str


class ClauseCellOut(CellOut):
    clause: str = Field(..., description='Decree 20/2021/NĐ-CP Art. 5 clause paid; "" for the social pension')


class SimulationOut(Schema):
    regime: str
    from_month: dt.date
    province_code: str | None
    baseline_level: int | None
    standard: int | None
    coefficients: dict[str, str]
    below_current_level: bool
    total: CellOut
    by_province: list[ProvinceCellOut]
    by_clause: list[ClauseCellOut]
    seconds: float


class SimulationJobOut(Schema):
    id: int
    status: str
    percent: int
    progress_done: int
    progress_total: int
    message: str
    result: SimulationOut | None = None


def _job_out(job: Any) -> dict[str, Any]:
    result = job.result if job.status == "succeeded" and job.result else None
    return {
        "id": job.pk,
        "status": job.status,
        "percent": job.percent,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "message": job.message,
        "result": result,
    }


@router.post("", response={200: SimulationOut, 202: SimulationJobOut}, summary="Simulate a policy change")
def simulation_run(request: HttpRequest, payload: SimulationIn):
    user = request.user
    if not user.can("benefits.simulate"):
        raise PermissionDenied()
    scenario = parse_scenario(payload.dict())
    province = check_scenario(actor=user, scenario=scenario)
    if province is None:
        job = job_start(actor=user, kind=JOB_KIND, params=scenario.as_params(), province_code="")
        return Status(202, _job_out(job))
    result = simulate(
        actor=user,
        regime=scenario.regime,
        standard=scenario.standard,
        from_month=scenario.from_month,
        coefficients=scenario.coefficients,
        province_code=province,
    )
    return Status(200, result.as_dict())


@router.get(
    "/jobs/{job_id}", response=SimulationJobOut, summary="A national simulation's progress and result"
)
def simulation_job(request: HttpRequest, job_id: int):
    if not request.user.can("benefits.simulate"):
        raise PermissionDenied()
    job = job_get(actor=request.user, job_id=job_id)
    if job.kind != JOB_KIND:
        raise NotFound("job")
    return _job_out(job)
