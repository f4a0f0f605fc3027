"""The merit allowance decisions and life events under /api/v1/merit/records/{record_id}/…: each a POST of
a decision (number, signed_on, signer, effective_month where it applies, basis). Handlers only translate:
parse → one service call → the record's allowance as it now stands."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from ansinh.benefits.models import Enrolment
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.merit import inputs as merit_inputs
from ansinh.merit import selectors
from ansinh.merit.allowance import inputs, services
from ansinh.merit.models import MeritRecord

router = Router(tags=["merit"])


class DecisionIn(Schema):
    number: str = Field("", max_length=60)
    signed_on: str = Field("", max_length=20, description="YYYY-MM-DD or DD/MM/YYYY")
    signer: str = Field("", max_length=120)
    basis: str = Field("", max_length=400, description="The basis (căn cứ) of the decision")


class EnrolIn(DecisionIn):
    effective_month: str = Field("", max_length=20, description="YYYY-MM or MM/YYYY")
    lives_at_home: bool | None = None
    lives_alone: bool | None = None
    detached: bool | None = None
    seniority_years: int | str | None = None
    honour: str = Field("", max_length=40)
    channel: str = Field("bank", max_length=10)
    wallet_provider: str = Field("", max_length=40)
    wallet_account: str = Field("", max_length=40)
    cash_reason: str = Field("", max_length=200)


class AssessmentDecisionIn(DecisionIn):
    rate: int | str | None = None
    especially_severe: bool = False
    assessed_on: str = Field("", max_length=20)
    medical_council: str = Field("", max_length=200)
    note: str = Field("", max_length=300)


class SuspendIn(DecisionIn):
    effective_month: str = Field("", max_length=20)
    reason: str = Field("", max_length=300)


class ResumeIn(DecisionIn):
    effective_month: str = Field("", max_length=20)


class TerminateIn(DecisionIn):
    last_month: str = Field("", max_length=20, description="The last month paid")
    reason: str = Field("", max_length=300)


class MeritDeathIn(DecisionIn):
    death_date: str = Field("", max_length=20)
    payee_name: str = Field("", max_length=120, description="Who organises the funeral")


class RemarriageIn(DecisionIn):
    married_on: str = Field("", max_length=20)


class TransferIn(DecisionIn):
    to_commune: int | str | None = None
    slip_month: str = Field("", max_length=20, description="The month paid up to on the transfer slip")


class RecoveryOut(Schema):
    month: str
    amount: int


class AllowanceOut(Schema):
    record: int
    status: str
    province_code: str
    enrolment: int | None = None
    enrolment_status: str | None = None
    start_month: str | None = None
    end_month: str | None = None
    decision: int | None = None
    recovery: list[RecoveryOut] = []
    funeral_amount: int | None = None
    notes: list[str] = []


def _out(request: HttpRequest, record_id: int, **extra: Any) -> dict[str, Any]:
    record = selectors.record_get(actor=request.user, record_id=record_id)
    enrolment = Enrolment.objects.filter(pk=record.enrolment_id).first() if record.enrolment_id else None
    return {
        "record": record.pk,
        "status": record.status,
        "province_code": record.province_code,
        "enrolment": enrolment.pk if enrolment else None,
        "enrolment_status": enrolment.status if enrolment else None,
        "start_month": enrolment.start_month.isoformat() if enrolment else None,
        "end_month": enrolment.end_month.isoformat() if enrolment and enrolment.end_month else None,
        **extra,
    }


def _record(request: HttpRequest, record_id: int) -> None:
    selectors.record_get(actor=request.user, record_id=record_id, change=True)


@router.post(
    "/records/{record_id}/allowance", response={201: AllowanceOut}, summary="Decide the monthly allowance"
)
def allowance_enrol(request: HttpRequest, record_id: int, payload: EnrolIn):
    _record(request, record_id)
    data = inputs.parse_event(payload.dict(), kind="enrol")
    enrolment = services.allowance_enrol(
        actor=request.user, record_id=record_id, decision=data.decision, basis=data.basis,
        declared=data.declared, channel=data.channel,
    )  # fmt: skip
    return Status(201, _out(request, record_id, decision=enrolment.decision_id))


@router.post(
    "/records/{record_id}/assessment-decisions",
    response={201: AllowanceOut},
    summary="A new injury assessment and the decision that applies it",
)
def assessment_decide(request: HttpRequest, record_id: int, payload: AssessmentDecisionIn):
    _record(request, record_id)
    raw = payload.dict()
    errors: list[ApplicationError] = []
    try:
        assessment = merit_inputs.parse_assessment(raw)
    except ApplicationError as exc:
        errors.extend(getattr(exc, "errors", [exc]))
        assessment = None
    try:
        data = inputs.parse_event(raw, kind="assessment")
    except ApplicationError as exc:
        errors.extend(getattr(exc, "errors", [exc]))
    if errors:
        raise ValidationFailed(errors)
    services.assessment_decide(
        actor=request.user,
        record_id=record_id,
        assessment=assessment,
        decision=data.decision,
        basis=data.basis,
    )
    return Status(201, _out(request, record_id))


@router.post("/records/{record_id}/suspension", response={201: AllowanceOut}, summary="Suspend the allowance")
def allowance_suspend(request: HttpRequest, record_id: int, payload: SuspendIn):
    _record(request, record_id)
    data = inputs.parse_event(payload.dict(), kind="suspend")
    services.allowance_suspend(
        actor=request.user, record_id=record_id, decision=data.decision, basis=data.basis, reason=data.reason
    )
    return Status(201, _out(request, record_id))


@router.post("/records/{record_id}/resumption", response={201: AllowanceOut}, summary="Resume the allowance")
def allowance_resume(request: HttpRequest, record_id: int, payload: ResumeIn):
    _record(request, record_id)
    data = inputs.parse_event(payload.dict(), kind="resume")
    services.allowance_resume(
        actor=request.user, record_id=record_id, decision=data.decision, basis=data.basis
    )
    return Status(201, _out(request, record_id))


@router.post("/records/{record_id}/termination", response={201: AllowanceOut}, summary="End the allowance")
def allowance_terminate(request: HttpRequest, record_id: int, payload: TerminateIn):
    _record(request, record_id)
    data = inputs.parse_event(payload.dict(), kind="terminate")
    assert data.month is not None
    outcome = services.allowance_terminate(
        actor=request.user, record_id=record_id, decision=data.decision, basis=data.basis,
        last_month=data.month, reason=data.reason,
    )  # fmt: skip
    return Status(201, _out(request, record_id, decision=outcome.decision.pk, recovery=outcome.recovery))


@router.post("/records/{record_id}/death", response={201: AllowanceOut}, summary="Record the death")
def merit_death(request: HttpRequest, record_id: int, payload: MeritDeathIn):
    _record(request, record_id)
    data = inputs.parse_event(payload.dict(), kind="death")
    outcome = services.merit_death(
        actor=request.user,
        record_id=record_id,
        death_date=data.day,
        decision=data.decision,
        basis=data.basis,
        payee_name=data.payee_name,
    )
    return Status(
        201,
        _out(
            request,
            record_id,
            decision=outcome.decision.pk if outcome.decision else None,
            funeral_amount=outcome.funeral.amount if outcome.funeral else None,
            notes=outcome.notes,
        ),
    )


@router.post(
    "/records/{record_id}/remarriage", response={201: AllowanceOut}, summary="A martyr's spouse remarried"
)
def spouse_remarried(request: HttpRequest, record_id: int, payload: RemarriageIn):
    _record(request, record_id)
    data = inputs.parse_event(payload.dict(), kind="remarriage")
    outcome = services.spouse_remarried(
        actor=request.user, record_id=record_id, married_on=data.day, decision=data.decision, basis=data.basis
    )
    return Status(201, _out(request, record_id, decision=outcome.decision.pk, recovery=outcome.recovery))


@router.post(
    "/records/{record_id}/transfer",
    response={201: AllowanceOut},
    summary="Transfer the dossier to another province",
)
def dossier_transfer(request: HttpRequest, record_id: int, payload: TransferIn):
    _record(request, record_id)
    data = inputs.parse_event(payload.dict(), kind="transfer")
    services.dossier_transfer(
        actor=request.user, record_id=record_id, to_commune=data.to_commune, slip_month=data.month,
        decision=data.decision, basis=data.basis,
    )  # fmt: skip
    # The record has left the actor's province: answer from the row itself, not through the old scope.
    record = MeritRecord.objects.get(pk=record_id)
    return Status(
        201,
        {
            "record": record.pk,
            "status": record.status,
            "province_code": record.province_code,
            "enrolment": record.enrolment_id,
        },
    )
