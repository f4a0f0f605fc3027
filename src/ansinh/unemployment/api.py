"""Unemployment-benefit claims under /api/v1/unemployment: list (masked), detail (an audited read, with the
month-by-month schedule), file, documents, decide, monthly report, stop, and the decisions export.
Handlers only translate: parse → selector/service → schema.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.core.identifiers import personal_id as pid
from ansinh.core.pagination import PageNumberPagination
from ansinh.core.webkit.views import attachment
from ansinh.registry.api import UnitRef
from ansinh.unemployment import selectors, services
from ansinh.unemployment.inputs import ClaimData, DecisionData

router = Router(tags=["unemployment"])


class ClaimListItem(Schema):
    id: int
    reference: str
    person_id: int
    full_name: str = Field(..., alias="person.full_name")
    personal_id_masked: str
    birth_year: int = Field(..., alias="person.birth_year")
    commune: UnitRef
    province_code: str
    law: str
    status: str
    filed_on: dt.date
    complete_on: dt.date | None
    decision_due: dt.date | None
    monthly_amount: int
    months: int
    start_date: dt.date | None
    end_date: dt.date | None
    version: int

    @staticmethod
    def resolve_personal_id_masked(obj: Any) -> str:
        return pid.mask(obj.person.personal_id)


class ScheduleOut(Schema):
    index: int
    first_day: dt.date
    last_day: dt.date
    report_due: dt.date
    report_grace_until: dt.date
    reported_on: dt.date | None
    report: str
    payable: int
    suspended: bool


class ClaimOut(ClaimListItem):
    personal_id: str | None = Field(None, alias="person.personal_id")
    seeker_id: int | None
    termination_date: dt.date
    employer_name: str
    avg_salary_6m: int
    contribution_months: int
    recent_contribution_months: int | None
    salary_regime: str
    region: int
    short_contract: bool
    unlawful_termination: bool
    receiving_pension: bool
    pension_eligible: bool
    doc_application: bool
    doc_termination: bool
    doc_si_book: bool
    decision_number: str
    decision_date: dt.date | None
    decision_signer: str
    carried_over_months: int
    refusal_reason: str
    stopped_on: dt.date | None
    stop_reason: str
    notes: str
    schedule: list[ScheduleOut] = []

    @staticmethod
    def resolve_schedule(obj: Any) -> list[Any]:
        return services.claim_schedule(obj)


class ClaimIn(Schema):
    person_id: int
    termination_date: dt.date
    filed_on: dt.date | None = None
    employer_name: str = ""
    avg_salary_6m: int
    contribution_months: int
    recent_contribution_months: int | None = None
    salary_regime: str = "employer"
    region: int = 1
    short_contract: bool = False
    last_contribution_month: dt.date | None = None
    unlawful_termination: bool = False
    receiving_pension: bool = False
    pension_eligible: bool = False
    doc_application: bool = False
    doc_termination: bool = False
    doc_si_book: bool = False
    job_title: str = ""
    general_education: int | None = None
    notes: str = ""


class DocumentsIn(Schema):
    doc_application: bool | None = None
    doc_termination: bool | None = None
    doc_si_book: bool | None = None
    complete_on: dt.date | None = None
    version: int | None = None


class DecisionIn(Schema):
    approve: bool
    number: str
    decided_on: dt.date | None = None
    signer: str
    refusal_reason: str = ""
    version: int | None = None


class ReportIn(Schema):
    month_index: int
    reported_on: dt.date | None = None
    jobs_applied: int = 0
    notes: str = ""
    version: int | None = None


class JobSearchReportOut(Schema):
    id: int
    claim_id: int
    month_index: int
    reported_on: dt.date
    jobs_applied: int


class ClaimStopIn(Schema):
    reason: str
    stopped_on: dt.date | None = None
    version: int | None = None


@router.get("/claims", response=list[ClaimListItem], summary="Claims in scope, the queue order (masked)")
@paginate(PageNumberPagination, page_size=selectors.PAGE_SIZE)
def claims_list(request: HttpRequest, queue: str = "open", q: str = "", commune: int | None = None, **kwargs):
    return selectors.claim_list(actor=request.user, queue=queue, q=q, commune_id=commune)


@router.get("/claims/{claim_id}", response=ClaimOut, summary="One claim with its schedule (an audited read)")
def claim_detail(request: HttpRequest, claim_id: int):
    return selectors.claim_get(actor=request.user, claim_id=claim_id)


@router.post("/claims", response={201: ClaimOut}, summary="File a claim at the employment centre")
def claim_file(request: HttpRequest, payload: ClaimIn):
    claim = services.claim_file(actor=request.user, data=ClaimData(**payload.dict()))
    return Status(201, claim)


@router.post("/claims/{claim_id}/documents", response=ClaimOut, summary="Record the documents received")
def claim_documents(request: HttpRequest, claim_id: int, payload: DocumentsIn):
    raw = payload.dict()
    version, complete_on = raw.pop("version"), raw.pop("complete_on")
    documents = {k: v for k, v in raw.items() if v is not None}
    return services.claim_documents(
        actor=request.user,
        claim_id=claim_id,
        documents=documents,
        complete_on=complete_on,
        expected_version=version,
    )


@router.post("/claims/{claim_id}/decision", response=ClaimOut, summary="Decide: approve or refuse")
def claim_decide(request: HttpRequest, claim_id: int, payload: DecisionIn):
    raw = payload.dict()
    version = raw.pop("version")
    return services.claim_decide(
        actor=request.user, claim_id=claim_id, data=DecisionData(**raw), expected_version=version
    )


@router.post(
    "/claims/{claim_id}/reports", response={201: JobSearchReportOut}, summary="Record a monthly report"
)
def claim_report(request: HttpRequest, claim_id: int, payload: ReportIn):
    report = services.report_record(
        actor=request.user,
        claim_id=claim_id,
        month_index=payload.month_index,
        reported_on=payload.reported_on,
        jobs_applied=payload.jobs_applied,
        notes=payload.notes,
        expected_version=payload.version,
    )
    return Status(201, report)


@router.post("/claims/{claim_id}/stop", response=ClaimOut, summary="Stop the benefit (job found, …)")
def claim_stop(request: HttpRequest, claim_id: int, payload: ClaimStopIn):
    return services.claim_stop(
        actor=request.user,
        claim_id=claim_id,
        reason=payload.reason,
        stopped_on=payload.stopped_on,
        expected_version=payload.version,
    )


@router.get("/decisions/export", summary="Export decisions for the social-insurance agency (xlsx or csv)")
def decisions_export(
    request: HttpRequest, format: str = "xlsx", start: dt.date | None = None, end: dt.date | None = None
):
    queryset = selectors.decisions_queryset(actor=request.user, start=start, end=end)
    name, content_type, content = selectors.decisions_export(
        actor=request.user, queryset=queryset, fmt=format
    )
    return attachment(name, content_type, content)
