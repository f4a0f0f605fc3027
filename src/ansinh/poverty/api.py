"""The poverty review under /api/v1/poverty: rounds (list, detail with progress by village, create), the
round's surveys, a survey (an audited read; save a draft or a final one), the steps (village meetings and
their results, posting, complaints and answers, the decision), the province's summary of a year, and a
household's poverty status. Handlers only translate: parse → selector/service → schema.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.core import clock
from ansinh.core.pagination import PageNumberPagination
from ansinh.poverty import questionnaire, selectors, services

router = Router(tags=["poverty"])


class PovertyUnitRef(Schema):
    id: int
    code: str
    name: str


class RoundListItem(Schema):
    id: int
    commune: PovertyUnitRef
    province_code: str
    kind: str
    year: int
    standard_on: dt.date
    state: str
    households: int = 0
    finals: int = 0
    decision_number: str
    decision_date: dt.date | None
    version: int


class RoundStepOut(Schema):
    step: str
    planned_on: dt.date | None
    done_on: dt.date | None
    done_by: str


class VillageProgressOut(Schema):
    village: str
    households: int
    surveyed: int
    agreed: int
    disputed: int
    poor: int
    near_poor: int


class RoundOut(Schema):
    id: int
    commune: PovertyUnitRef
    province_code: str
    kind: str
    year: int
    reason: str
    standard_on: dt.date
    state: str
    decision_number: str
    decision_date: dt.date | None
    decision_signer: str
    version: int
    steps: list[RoundStepOut]
    villages: list[VillageProgressOut]

    @staticmethod
    def resolve_steps(obj: Any) -> list[dict[str, Any]]:
        return selectors.round_steps(obj)

    @staticmethod
    def resolve_villages(obj: Any) -> list[Any]:
        return selectors.round_progress(obj)


class RoundIn(Schema):
    commune_id: int
    kind: str = "periodic"
    year: int
    reason: str = ""
    standard_on: dt.date | None = None
    household_ids: list[int] = []
    planned_collection_until: dt.date | None = None
    planned_meeting_on: dt.date | None = None
    planned_posting_on: dt.date | None = None
    planned_decision_on: dt.date | None = None


class SurveyListItem(Schema):
    id: int
    round_id: int
    household_id: int
    household_code: str = Field(..., alias="household.code")
    village: str
    form: str
    draft: bool
    classification: str
    provisional: bool
    meeting_result: str
    version: int


class SurveyOut(SurveyListItem):
    area: str
    answers: dict[str, Any]
    income_per_capita: int | None
    deprived: list[str]
    result: dict[str, Any]
    collected_on: dt.date | None
    meeting_note: str
    meeting_held_on: dt.date | None
    questions: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Form B2's questions for the standard of the round's date; a member question's `ages` "
        "({from, under}) is the ages it is asked at",
    )
    member_questions: list[list[str]] = Field(
        default_factory=list,
        description="Per member answered (in order), the keys of the member questions asked at their age "
        "(every member question while the age is not answered). Answers to others are not kept.",
    )

    @staticmethod
    def resolve_questions(obj: Any) -> list[dict[str, Any]]:
        return [q.as_dict() for q in questionnaire.questions_on(obj.round.standard_on)]

    @staticmethod
    def resolve_member_questions(obj: Any) -> list[list[str]]:
        members = obj.answers.get("members") if isinstance(obj.answers, dict) else None
        return [
            [
                q.key
                for q in questionnaire.member_questions_for(
                    questionnaire.member_age(m), obj.round.standard_on
                )
            ]
            for m in (members if isinstance(members, list) else [])
        ]


class SurveyIn(Schema):
    answers: dict[str, Any] = {}
    final: bool = False
    village: str | None = None
    form: str | None = None
    area: str | None = None
    collected_on: dt.date | None = None
    version: int | None = None


class StepIn(Schema):
    on: dt.date | None = None
    version: int | None = None


class MeetingResultIn(Schema):
    survey_id: int
    result: str
    note: str = ""


class MeetingResultsIn(Schema):
    held_on: dt.date | None = None
    results: list[MeetingResultIn]


class RoundDecisionIn(Schema):
    number: str
    decision_date: dt.date | None = None
    signer: str
    version: int | None = None


class ComplaintIn(Schema):
    survey_id: int
    complainant: str
    text: str
    received_on: dt.date | None = None


class ComplaintAnswerIn(Schema):
    answer: str
    answered_on: dt.date | None = None


class ComplaintOut(Schema):
    id: int
    survey_id: int
    complainant: str
    text: str
    received_on: dt.date
    answer: str
    answered_on: dt.date | None


class SummaryIn(Schema):
    year: int
    on: dt.date | None = None


class SummaryOut(Schema):
    year: int
    rounds: int
    decided: int
    summarised: int
    pending: int
    households: int
    poor: int
    near_poor: int


class PovertyStatusOut(Schema):
    status: str
    transition: str
    valid_from: dt.date
    valid_to: dt.date | None
    round_id: int | None
    decision_number: str
    decision_date: dt.date


class HouseholdPovertyOut(Schema):
    household_id: int
    on: dt.date
    status: str | None
    history: list[PovertyStatusOut]


# --- rounds -------------------------------------------------------------------------------------------


@router.get("/rounds", response=list[RoundListItem], summary="Review rounds in scope")
@paginate(PageNumberPagination, page_size=selectors.PAGE_SIZE)
def rounds_list(
    request: HttpRequest, year: int | None = None, state: str = "", commune: int | None = None, **kwargs
):
    return selectors.round_list(actor=request.user, year=year, state=state, commune_id=commune)


@router.post("/rounds", response={201: RoundOut}, summary="Open a review round in a commune")
def round_create(request: HttpRequest, payload: RoundIn):
    rnd = services.round_create(actor=request.user, data=services.RoundData(**payload.dict()))
    return Status(201, rnd)


@router.get("/rounds/{round_id}", response=RoundOut, summary="One round: its steps and progress by village")
def round_detail(request: HttpRequest, round_id: int):
    return selectors.round_get(actor=request.user, round_id=round_id)


@router.get("/rounds/{round_id}/surveys", response=list[SurveyListItem], summary="The round's surveys")
@paginate(PageNumberPagination, page_size=selectors.PAGE_SIZE)
def round_surveys(request: HttpRequest, round_id: int, village: str | None = None, q: str = "", **kwargs):
    return selectors.survey_list(actor=request.user, round_id=round_id, village=village, q=q)


@router.post("/rounds/{round_id}/meetings", response=RoundOut, summary="Close collection: village meetings")
def round_meetings(request: HttpRequest, round_id: int, payload: StepIn):
    return services.meetings_open(
        actor=request.user, round_id=round_id, on=payload.on, expected_version=payload.version
    )


@router.post(
    "/rounds/{round_id}/meeting-results",
    response=list[SurveyListItem],
    summary="Record the village meeting's result on households",
)
def round_meeting_results(request: HttpRequest, round_id: int, payload: MeetingResultsIn):
    results = [services.MeetingData(**item.dict()) for item in payload.results]
    return services.meeting_record(
        actor=request.user, round_id=round_id, results=results, held_on=payload.held_on
    )


@router.post("/rounds/{round_id}/posting", response=RoundOut, summary="Post the list publicly")
def round_posting(request: HttpRequest, round_id: int, payload: StepIn):
    return services.posting_open(
        actor=request.user, round_id=round_id, on=payload.on, expected_version=payload.version
    )


@router.get("/rounds/{round_id}/complaints", response=list[ComplaintOut], summary="The round's complaints")
def round_complaints(request: HttpRequest, round_id: int):
    return list(selectors.complaint_list(actor=request.user, round_id=round_id))


@router.post(
    "/rounds/{round_id}/complaints", response={201: ComplaintOut}, summary="Record a complaint while posted"
)
def complaint_record(request: HttpRequest, round_id: int, payload: ComplaintIn):
    selectors.round_get(actor=request.user, round_id=round_id)
    complaint = services.complaint_record(
        actor=request.user,
        survey_id=payload.survey_id,
        round_id=round_id,
        complainant=payload.complainant,
        text=payload.text,
        received_on=payload.received_on,
    )
    return Status(201, complaint)


@router.post("/complaints/{complaint_id}/answer", response=ComplaintOut, summary="Answer a complaint")
def complaint_answer(request: HttpRequest, complaint_id: int, payload: ComplaintAnswerIn):
    return services.complaint_answer(
        actor=request.user, complaint_id=complaint_id, answer=payload.answer, answered_on=payload.answered_on
    )


@router.post("/rounds/{round_id}/decision", response=RoundOut, summary="The commune's decision")
def round_decision(request: HttpRequest, round_id: int, payload: RoundDecisionIn):
    data = services.DecisionData(
        number=payload.number, decision_date=payload.decision_date, signer=payload.signer
    )
    return services.round_decide(
        actor=request.user, round_id=round_id, data=data, expected_version=payload.version
    )


@router.post("/summaries", response=SummaryOut, summary="The province summarises a year's decided rounds")
def summary_create(request: HttpRequest, payload: SummaryIn):
    services.rounds_summarise(actor=request.user, year=payload.year, on=payload.on)
    return selectors.year_summary(actor=request.user, year=payload.year)


@router.get("/summaries/{year}", response=SummaryOut, summary="A year's rounds and counts in scope")
def summary_detail(request: HttpRequest, year: int):
    return selectors.year_summary(actor=request.user, year=year)


# --- surveys ------------------------------------------------------------------------------------------


@router.get("/surveys/{survey_id}", response=SurveyOut, summary="One survey with its answers (audited)")
def survey_detail(request: HttpRequest, survey_id: int):
    return selectors.survey_get(actor=request.user, survey_id=survey_id)


@router.put("/surveys/{survey_id}", response=SurveyOut, summary="Save a survey: a draft, or final")
def survey_save(request: HttpRequest, survey_id: int, payload: SurveyIn):
    raw = payload.dict()
    version = raw.pop("version")
    return services.survey_save(
        actor=request.user, survey_id=survey_id, data=services.SurveyData(**raw), expected_version=version
    )


# --- a household's status -----------------------------------------------------------------------------


@router.get(
    "/households/{household_id}/status",
    response=HouseholdPovertyOut,
    summary="A household's poverty status on a date, and its history",
)
def household_status(request: HttpRequest, household_id: int, on: dt.date | None = None):
    household, rows = selectors.household_status_history(actor=request.user, household_id=household_id)
    day = on or clock.today()
    current = selectors.status_at(rows, day)
    return {
        "household_id": household.pk,
        "on": day,
        "status": current.status if current else None,
        "history": rows,
    }
