"""Enrolments, decisions and life events under /api/v1/benefits. Handlers only translate:
parse → selector/access → one service call → schema. Lists mask personal data as the registry does."""

import datetime as dt
from dataclasses import astuple
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.benefits import documents, inputs, selectors, services
from ansinh.benefits.calc.api import AmountLineOut
from ansinh.benefits.models import Decision, Enrolment
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.masking import mask_account
from ansinh.core.pagination import PageNumberPagination
from ansinh.core.webkit.views import attachment
from ansinh.registry import resolve
from ansinh.registry.api import UnitRef

router = Router(tags=["benefits"])


# --- output -----------------------------------------------------------------------------------------


class DecisionOut(Schema):
    id: int
    kind: str
    number: str
    signed_on: dt.date
    signer: str
    effective_month: dt.date
    reason: str
    facts: dict
    commune_id: int


class SuspensionOut(Schema):
    from_month: dt.date
    to_month: dt.date | None
    reason: str


class EnrolmentListItem(Schema):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.full_name")
    personal_id_masked: str
    regime: str
    clause: str
    status: str
    start_month: dt.date
    end_month: dt.date | None
    channel: str
    commune: UnitRef
    province_code: str
    version: int

    @staticmethod
    def resolve_personal_id_masked(obj: Enrolment) -> str:
        return pid.mask(obj.person.personal_id) if obj.person.personal_id else ""


class EnrolmentOut(EnrolmentListItem):
    facts: dict
    facts_from: dt.date
    wallet_provider: str
    wallet_account_masked: str
    cash_reason: str
    decisions: list[DecisionOut] = []
    suspensions: list[SuspensionOut] = []

    @staticmethod
    def resolve_wallet_account_masked(obj: Enrolment) -> str:
        return mask_account(obj.wallet_account)

    @staticmethod
    def resolve_decisions(obj: Enrolment) -> list[Decision]:
        return selectors.enrolment_decisions(enrolment=obj)

    @staticmethod
    def resolve_suspensions(obj: Enrolment) -> list:
        return selectors.enrolment_suspensions(enrolment=obj)


class OneOffOut(Schema):
    id: int
    enrolment_id: int
    kind: str
    amount: int
    lines: list[AmountLineOut]
    due_month: dt.date
    payee_name: str


class DeathOut(Schema):
    person_id: int
    death_date: dt.date | None
    decision: DecisionOut | None
    stopped: list[int]
    funeral: OneOffOut | None


class MoveOut(Schema):
    person_id: int
    commune: UnitRef
    province_code: str
    decision: DecisionOut | None
    moved: list[int]


class MonthOut(Schema):
    month: dt.date
    state: str
    amount: int
    entitled: int
    clause: str
    lines: list[AmountLineOut]
    notes: list[str]
    provisional: bool


class EnrolmentHistoryOut(Schema):
    enrolment: EnrolmentListItem
    decisions: list[DecisionOut]
    suspensions: list[SuspensionOut]
    timeline: list[MonthOut]


class PaymentLineOut(Schema):
    id: int
    enrolment_id: int
    kind: str
    for_month: dt.date
    amount: int
    status: str
    reference: str


class HistoryOut(Schema):
    person_id: int
    enrolments: list[EnrolmentHistoryOut]
    one_offs: list[OneOffOut]
    payment_lines: list[PaymentLineOut]


# --- input ------------------------------------------------------------------------------------------
# Loose types on purpose: `benefits.inputs` parses them and answers in the user's language,
# every field at once.


class SignedDecisionIn(Schema):
    number: str = Field("", max_length=60)
    signed_on: str = Field("", max_length=20, description="YYYY-MM-DD or DD/MM/YYYY")
    signer: str = Field("", max_length=200)
    reason: str = Field("", max_length=400)


class DecisionIn(SignedDecisionIn):
    effective_month: str = Field("", max_length=20, description="YYYY-MM")


class FactsIn(Schema):
    clauses: list[str] = []
    disability: str | None = None
    household: str = Field(
        "none",
        description="poor, near_poor or none. Counts only for the months no commune decision on the "
        "household's poverty covers; where one does, the recorded status is used month by month.",
    )
    children: int | str = 0
    studying: bool = False
    pension_monthly: int | str = 0


class EnrolmentIn(DecisionIn, FactsIn):
    person_id: int
    regime: str = Field(..., max_length=30)
    disability_certified_on: str | None = Field(None, max_length=20)
    channel: str = Field("bank", max_length=10)
    wallet_provider: str = Field("", max_length=60)
    wallet_account: str = Field("", max_length=60)
    cash_reason: str = Field("", max_length=300)


class AdjustIn(DecisionIn, FactsIn):
    version: int | None = Field(
        None, description="The version you edited; a newer one on the server is a 409."
    )


class ActionIn(DecisionIn):
    version: int | None = None


class EnrolmentStopIn(SignedDecisionIn):
    # No effective month: a stop takes effect the month after `last_month`.
    last_month: str = Field("", max_length=20, description="The last month paid, YYYY-MM")
    version: int | None = None


class DeathIn(DecisionIn):
    death_date: str = Field("", max_length=20)
    payee_name: str = Field("", max_length=120)


class MoveIn(DecisionIn):
    to_commune_id: int
    from_month: str = Field("", max_length=20)
    version: int | None = None


def _decision(raw: dict[str, Any], *, need_effective: bool = True, optional: bool = False):
    """The decision fields; `optional`: absent altogether (no number) is None, for the life events that
    need a decision only when there is something to stop or to pay."""
    if optional and not raw.get("number"):
        return None
    return inputs.decision_only(raw, need_effective=need_effective)


def _month(raw: str, name: str) -> dt.date | None:
    errors: list[ApplicationError] = []
    value = inputs.month_field(raw, name, errors)
    if errors:
        raise ValidationFailed(errors)
    return value


# --- enrolments -------------------------------------------------------------------------------------


@router.get("/enrolments", response=list[EnrolmentListItem], summary="Enrolments in scope (masked)")
@paginate(PageNumberPagination, page_size=50)
def enrolments_list(
    request: HttpRequest,
    regime: str = "",
    clause: str = "",
    status: str = "",
    commune: int | None = None,
    person: int | None = None,
    **kwargs,
):
    return selectors.enrolment_list(
        actor=request.user, regime=regime, clause=clause, status=status, commune=commune, person=person
    )


@router.get("/enrolments/{enrolment_id}", response=EnrolmentOut, summary="One enrolment with its decisions")
def enrolment_detail(request: HttpRequest, enrolment_id: int):
    return selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)


@router.get(
    "/enrolments/{enrolment_id}/decision.pdf", summary="The benefit decision as a PDF (Decree 30 format)"
)
def enrolment_decision_pdf(request: HttpRequest, enrolment_id: int):
    """The decision as it stands: with its number, or as a draft (DỰ THẢO, the number left blank) while it
    has none. Never takes a number: `POST …/decision/issue` does."""
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    printed = documents.decision_pdf(actor=request.user, enrolment=enrolment)
    return attachment(*astuple(printed)[:3])


@router.post(
    "/enrolments/{enrolment_id}/decision/issue",
    summary="Issue the benefit decision: its number from the register, then the PDF",
)
def enrolment_decision_issue(request: HttpRequest, enrolment_id: int):
    """A decision recorded without a number takes the next number of the commune's register (the year it
    was signed) and keeps it; the answer is the numbered PDF. Issuing again prints the same number.
    409 when the enrolment has no decision of record."""
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    printed = documents.decision_issue_pdf(actor=request.user, enrolment=enrolment)
    return attachment(*astuple(printed)[:3])


@router.post("/enrolments", response={201: EnrolmentOut}, summary="Enrol a person by a decision")
def enrolment_create(request: HttpRequest, payload: EnrolmentIn):
    person = selectors.person_for_benefits(actor=request.user, person_id=payload.person_id, change=True)
    resolve.refuse_merged(person)  # said first: the facts typed do not matter for a merged record
    data = inputs.parse_enrolment(payload.dict(), person=person)
    enrolment = services.enrolment_create(
        actor=request.user,
        person=person,
        regime=data.regime,
        decision=data.decision,
        facts=data.facts,
        channel=data.channel,
        disability_certified_on=data.disability_certified_on,
    )
    return Status(201, selectors.enrolment_get(actor=request.user, enrolment_id=enrolment.pk))


@router.post("/enrolments/{enrolment_id}/adjust", response=EnrolmentOut, summary="New facts from a month")
def enrolment_adjust(request: HttpRequest, enrolment_id: int, payload: AdjustIn):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    raw = payload.dict()
    errors: list[ApplicationError] = []
    decision = inputs.parse_decision(raw, errors)
    facts = inputs.parse_facts(enrolment.regime, raw, errors)
    if errors:
        raise ValidationFailed(errors)
    services.enrolment_adjust(
        actor=request.user,
        enrolment=enrolment,
        decision=decision,
        facts=facts,
        expected_version=payload.version,
    )
    return selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)


@router.post(
    "/enrolments/{enrolment_id}/suspend", response=EnrolmentOut, summary="Suspend payment from a month"
)
def enrolment_suspend(request: HttpRequest, enrolment_id: int, payload: ActionIn):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    decision = _decision(payload.dict())
    services.enrolment_suspend(
        actor=request.user, enrolment=enrolment, decision=decision, expected_version=payload.version
    )
    return selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)


@router.post(
    "/enrolments/{enrolment_id}/resume", response=EnrolmentOut, summary="Resume payment from a month"
)
def enrolment_resume(request: HttpRequest, enrolment_id: int, payload: ActionIn):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    decision = _decision(payload.dict())
    services.enrolment_resume(
        actor=request.user, enrolment=enrolment, decision=decision, expected_version=payload.version
    )
    return selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)


@router.post("/enrolments/{enrolment_id}/stop", response=EnrolmentOut, summary="Stop after a last month paid")
def enrolment_stop(request: HttpRequest, enrolment_id: int, payload: EnrolmentStopIn):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id, change=True)
    decision = _decision(payload.dict(), need_effective=False)
    last_month = _month(payload.last_month, "last_month")
    services.enrolment_stop(
        actor=request.user,
        enrolment=enrolment,
        decision=decision,
        last_month=last_month,  # type: ignore[arg-type]  # None is refused by the service, on its field
        expected_version=payload.version,
    )
    return selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)


# --- life events ------------------------------------------------------------------------------------


@router.post("/persons/{person_id}/death", response=DeathOut, summary="Record a death (idempotent)")
def person_death(request: HttpRequest, person_id: int, payload: DeathIn):
    person = selectors.person_for_benefits(actor=request.user, person_id=person_id, change=True)
    raw = payload.dict()
    errors: list[ApplicationError] = []
    death_date = inputs.date_field(raw["death_date"], "death_date", errors)
    decision = inputs.parse_decision(raw, errors, need_effective=False) if raw.get("number") else None
    if errors:
        raise ValidationFailed(errors)
    outcome = services.death_record(
        actor=request.user,
        person=person,
        death_date=death_date,  # type: ignore[arg-type]  # None is refused by the service, on its field
        decision=decision,
        payee_name=payload.payee_name,
    )
    return {
        "person_id": outcome.person.pk,
        "death_date": outcome.person.death_date,
        "decision": outcome.decision,
        "stopped": [e.pk for e in outcome.stopped],
        "funeral": outcome.funeral,
    }


@router.post("/persons/{person_id}/move", response=MoveOut, summary="Move a person and their enrolments")
def person_move(request: HttpRequest, person_id: int, payload: MoveIn):
    person = selectors.person_for_benefits(actor=request.user, person_id=person_id, change=True)
    raw = payload.dict()
    errors: list[ApplicationError] = []
    from_month = inputs.month_field(raw["from_month"], "from_month", errors)
    decision = inputs.parse_decision(raw, errors, need_effective=False) if raw.get("number") else None
    if errors:
        raise ValidationFailed(errors)
    outcome = services.person_move(
        actor=request.user,
        person=person,
        to_commune=payload.to_commune_id,
        from_month=from_month,  # type: ignore[arg-type]  # None is refused by the service, on its field
        decision=decision,
        expected_version=payload.version,
    )
    return {
        "person_id": outcome.person.pk,
        "commune": outcome.person.commune,
        "province_code": outcome.person.province_code,
        "decision": outcome.decision,
        "moved": [e.pk for e in outcome.moved],
    }


@router.get(
    "/persons/{person_id}/history", response=HistoryOut, summary="Benefit history (the read is audited)"
)
def person_history(request: HttpRequest, person_id: int, until: str = ""):
    history = selectors.benefit_history(
        actor=request.user, person_id=person_id, until=_month(until, "until") if until else None
    )
    return {
        "person_id": history.person.pk,
        "enrolments": [
            {
                "enrolment": entry.enrolment,
                "decisions": entry.decisions,
                "suspensions": entry.suspensions,
                "timeline": [
                    {
                        **month.__dict__,
                        "lines": [line.as_dict() for line in month.lines],
                        "notes": list(month.notes),
                    }
                    for month in entry.timeline
                ],
            }
            for entry in history.enrolments
        ],
        "one_offs": history.one_offs,
        "payment_lines": history.payment_lines,
    }
