"""Support programmes under /api/v1/programmes. Handlers only translate: parse → selector → one service
call → schema.

A dry-run runs as a background job: POST answers 202 with the job; poll GET /dry-runs/{job_id} until
`status` is `succeeded`, then read `result`.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from ansinh.core.errors import NotFound, ValidationFailed, field_error
from ansinh.core.jobs import job_get, job_start
from ansinh.core.pagination import PageNumberPagination
from ansinh.core.scope import require
from ansinh.programmes import intake, rules, selectors, services
from ansinh.programmes.jobs import JOB_KIND
from ansinh.programmes.models import Programme

router = Router(tags=["programmes"])


# --- schemas --------------------------------------------------------------------------------------


class ConditionOut(Schema):
    id: int
    fact: str
    op: str
    value: str
    group: str
    province_code: str = Field(..., description='"" for every province; else a criterion the province set')
    note: str


class TierOut(Schema):
    from_quantity: int
    amount: int


class ProvinceAmountOut(Schema):
    province_code: str
    amount: int
    citation: str
    confidence: str


class PolicyOut(Schema):
    id: int
    code: str
    position: int
    name: str
    unit: str
    citation: str
    confidence: str
    provisional: bool
    reference_date: dt.date | None
    exclusive_group: str
    in_kind: str
    note: str
    amount_kind: str
    amount: int | None
    multiple: Decimal | None
    tier_field: str
    per_field: str
    cap_quantity: int | None
    pregnancy_addon: int
    child_addon: int
    tiers: list[TierOut]
    conditions: list[ConditionOut]
    province_amounts: list[ProvinceAmountOut]

    @staticmethod
    def resolve_tiers(obj: Any) -> list:
        return list(obj.tiers.all())

    @staticmethod
    def resolve_conditions(obj: Any) -> list:
        return list(obj.conditions.all())

    @staticmethod
    def resolve_province_amounts(obj: Any) -> list:
        return list(obj.province_amounts.all())


class ProgrammeListItem(Schema):
    id: int
    code: str
    name: str
    legal_basis: str
    province_code: str = Field(..., description='"" for a national programme')
    event_from: dt.date
    event_to: dt.date
    apply_until: dt.date | None
    budget: int | None
    funding_source: str
    status: str
    version: int


class ProgrammeOut(ProgrammeListItem):
    note: str
    policies: list[PolicyOut] = Field(..., alias="policy_rows")


class ProgrammeIn(Schema):
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=200)
    legal_basis: str = Field(..., max_length=400)
    event_from: dt.date
    event_to: dt.date
    apply_until: dt.date | None = None
    budget: int | None = Field(None, description="đồng")
    funding_source: str = Field("", max_length=300)
    status: str = Field("draft", max_length=8)
    note: str = ""


class ConditionIn(Schema):
    fact: str = Field(..., max_length=30, description="a registry fact or an application field")
    op: str = Field(..., max_length=10)
    value: str = Field("", max_length=300, description='"16"; "poor,near_poor"; "" for yes/no facts')
    group: str = Field("", max_length=20, description="conditions of one group: any one suffices")
    note: str = Field("", max_length=300)


class PolicyIn(Schema):
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=200)
    unit: str = Field(..., max_length=10, description="person, household or employer")
    citation: str = Field(..., max_length=300)
    confidence: str = Field("confirmed", max_length=12)
    position: int = Field(0, ge=0, le=1000)
    amount_kind: str = Field(..., max_length=20, description="fixed, tiered, standard_multiple, province_set")
    amount: int | None = Field(None, ge=0)
    multiple: Decimal | None = None
    tier_field: str = Field("", max_length=30)
    tiers: list[tuple[int, int]] = Field(default_factory=list, description="[[from quantity, amount], …]")
    per_field: str = Field("", max_length=30)
    cap_quantity: int | None = Field(None, ge=0)
    pregnancy_addon: int = Field(0, ge=0)
    child_addon: int = Field(0, ge=0)
    exclusive_group: str = Field("", max_length=40)
    in_kind: str = Field("", max_length=200)
    reference_date: dt.date | None = None
    note: str = ""
    conditions: list[ConditionIn] = Field(default_factory=list)


class ProvinceCriteriaIn(Schema):
    conditions: list[ConditionIn] = Field(default_factory=list)
    amount: int | None = Field(None, description="the province's amount, đồng")
    citation: str = Field("", max_length=300, description="the province's decision or resolution")


class EvaluateIn(Schema):
    facts: dict[str, Any] = Field(..., description='{"age": 15, "isolation": "f1", "pregnant": true}')
    province_code: str = Field("", max_length=4, description="a national caller: whose amounts apply")


class EvaluateOut(Schema):
    eligible: bool
    amount: int
    provisional: bool
    lines: list[str]


class DryRunIn(Schema):
    province_code: str | None = Field(None, max_length=4, description="one province; omitted: the scope")


class DryRunJobOut(Schema):
    id: int
    status: str
    percent: int
    progress_done: int
    progress_total: int
    message: str
    result: dict[str, Any] | None = None


# --- helpers --------------------------------------------------------------------------------------


def _programme_out(request: HttpRequest, programme: Programme) -> Programme:
    """The programme with the policies (and conditions, amounts) the caller may see."""
    programme.policy_rows = selectors.programme_policies(actor=request.user, programme=programme)  # type: ignore[attr-defined]
    return programme


def _programme_data(payload: ProgrammeIn) -> services.ProgrammeData:
    return services.ProgrammeData(**payload.dict())


def _conditions(rows: list[ConditionIn]) -> list[services.ConditionData]:
    return [services.ConditionData(**row.dict()) for row in rows]


def _policy_data(payload: PolicyIn) -> services.PolicyData:
    raw = payload.dict()
    raw["multiple"] = str(raw["multiple"]) if raw["multiple"] is not None else None
    raw["tiers"] = [(int(q), int(a)) for q, a in raw["tiers"]]
    raw["conditions"] = _conditions(payload.conditions)
    return services.PolicyData(**raw)


def _job_out(job: Any) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "percent": job.percent,
        "progress_done": job.progress_done,
        "progress_total": job.progress_total,
        "message": job.message,
        "result": job.result if job.status == "succeeded" and job.result else None,
    }


# --- programmes -----------------------------------------------------------------------------------


@router.get("", response=list[ProgrammeListItem], summary="Programmes: national ones and the province's own")
@paginate(PageNumberPagination, page_size=50)
def programme_list(request: HttpRequest, q: str = "", status: str = "", **kwargs):
    return selectors.programme_list(actor=request.user, filters={"q": q[:100], "status": status[:8]})


@router.post(
    "", response={201: ProgrammeOut}, summary="Define a programme (ministry: national; province: own)"
)
def programme_create(request: HttpRequest, payload: ProgrammeIn):
    programme = services.programme_create(actor=request.user, data=_programme_data(payload))
    return Status(201, _programme_out(request, programme))


@router.get("/dry-runs/{job_id}", response=DryRunJobOut, summary="A dry-run's progress and result")
def dry_run_job(request: HttpRequest, job_id: int):
    require(request.user, "programmes.dryrun")
    job = job_get(actor=request.user, job_id=job_id)
    if job.kind != JOB_KIND:
        raise NotFound("job")
    return _job_out(job)


@router.get("/{programme_id}", response=ProgrammeOut, summary="A programme with its policies and conditions")
def programme_detail(request: HttpRequest, programme_id: int):
    return _programme_out(request, selectors.access_programme(actor=request.user, programme_id=programme_id))


@router.put("/{programme_id}", response=ProgrammeOut, summary="Edit a programme")
def programme_update(request: HttpRequest, programme_id: int, payload: ProgrammeIn):
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    services.programme_update(actor=request.user, programme=programme, data=_programme_data(payload))
    return _programme_out(request, programme)


@router.post("/{programme_id}/policies", response={201: PolicyOut}, summary="Add a policy")
def policy_create(request: HttpRequest, programme_id: int, payload: PolicyIn):
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    policy = services.policy_save(actor=request.user, programme=programme, data=_policy_data(payload))
    return Status(201, policy)


@router.put(
    "/{programme_id}/policies/{policy_id}", response=PolicyOut, summary="Replace a policy's definition"
)
def policy_update(request: HttpRequest, programme_id: int, policy_id: int, payload: PolicyIn):
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    policy = selectors.access_policy(actor=request.user, programme=programme, policy_id=policy_id)
    return services.policy_save(
        actor=request.user, programme=programme, data=_policy_data(payload), policy=policy
    )


@router.put(
    "/{programme_id}/policies/{policy_id}/province",
    response=PolicyOut,
    summary="The criteria and amount the caller's province sets for itself",
)
def province_criteria(request: HttpRequest, programme_id: int, policy_id: int, payload: ProvinceCriteriaIn):
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    policy = selectors.access_policy(actor=request.user, programme=programme, policy_id=policy_id)
    services.province_criteria_set(
        actor=request.user,
        policy=policy,
        conditions=_conditions(payload.conditions),
        amount=payload.amount,
        citation=payload.citation,
    )
    return next(
        p for p in selectors.programme_policies(actor=request.user, programme=programme) if p.pk == policy.pk
    )


@router.post(
    "/{programme_id}/policies/{policy_id}/evaluate",
    response=EvaluateOut,
    summary="Check one applicant's facts: eligible, amount, explanation",
)
def policy_evaluate(request: HttpRequest, programme_id: int, policy_id: int, payload: EvaluateIn):
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    policy = selectors.access_policy(actor=request.user, programme=programme, policy_id=policy_id)
    try:
        facts = rules.parse_facts(payload.facts)
    except rules.RuleError as exc:
        raise ValidationFailed([field_error("facts.invalid", exc.message, exc.field)]) from None
    result = selectors.policy_evaluate(
        actor=request.user, policy=policy, facts=facts, province_code=payload.province_code
    )
    return {
        "eligible": result.eligible,
        "amount": result.amount,
        "provisional": result.provisional,
        "lines": result.lines,
    }


# --- dry-run --------------------------------------------------------------------------------------


@router.post(
    "/{programme_id}/dry-run",
    response={202: DryRunJobOut},
    summary="Start a dry-run against the registry (changes nothing)",
)
def dry_run_start(request: HttpRequest, programme_id: int, payload: DryRunIn):
    require(request.user, "programmes.dryrun")
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    province = selectors.actor_province(request.user)
    wanted = payload.province_code or None
    if province is not None and wanted and wanted != province:
        raise NotFound("province")
    scope = programme.province_code or province or wanted or ""
    job = job_start(
        actor=request.user,
        kind=JOB_KIND,
        params={"programme_id": programme.pk, "province_code": wanted},
        province_code=scope,
    )
    return Status(202, _job_out(job))


# --- intake ---------------------------------------------------------------------------------------


class ApplicationIn(Schema):
    personal_id: str = Field(..., max_length=20, description="the 12-digit personal ID; matched exactly")
    facts: dict[str, Any] = Field(default_factory=dict, description="the application fields declared")


class ApplicationOut(Schema):
    id: int
    policy_id: int
    person_id: int
    source: str
    row: int | None
    amount: int
    provisional: bool
    explanation: list[str]


class ApplicationImportOut(Schema):
    accepted: int
    amount: int
    batch: str


@router.post(
    "/{programme_id}/policies/{policy_id}/applications",
    response={201: ApplicationOut},
    summary="Take one application: matched by personal ID, checked against the conditions and other payments",
)
def application_create(request: HttpRequest, programme_id: int, policy_id: int, payload: ApplicationIn):
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    policy = selectors.access_policy(actor=request.user, programme=programme, policy_id=policy_id)
    made = intake.application_create(
        actor=request.user, policy=policy, personal_id=payload.personal_id, facts=payload.facts
    )
    return Status(201, made)


@router.post(
    "/{programme_id}/policies/{policy_id}/applications/import",
    response={201: ApplicationImportOut},
    summary="An employer's list (xlsx or CSV): all rows or none; refused rows listed with row and reason",
)
def application_import(request: HttpRequest, programme_id: int, policy_id: int, file: File[UploadedFile]):
    programme = selectors.access_programme(actor=request.user, programme_id=programme_id)
    policy = selectors.access_policy(actor=request.user, programme=programme, policy_id=policy_id)
    made = intake.employer_list_import(
        actor=request.user, policy=policy, filename=file.name or "", content=file.read()
    )
    return Status(
        201,
        {
            "accepted": len(made),
            "amount": sum(a.amount for a in made),
            "batch": made[0].batch if made else "",
        },
    )
