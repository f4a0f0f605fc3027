"""Job-fair session endpoints under /api/v1/labour/fairs. Handlers only translate: parse → selector/service →
schema. Scope and roles are the services' and selectors' (`labour.fairs`): the host centre manages a session,
linked provinces see it and register their own employers and seekers, others get 404.
"""

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.core.identifiers import personal_id as pid
from ansinh.core.pagination import PageNumberPagination
from ansinh.labour.fairs import exports as fair_exports
from ansinh.labour.fairs import selectors as fair_selectors
from ansinh.labour.fairs import services as fair_services
from ansinh.labour.models import FairMatch, FairSeeker, JobFair

router = Router(tags=["labour job fairs"])


class CountsOut(Schema):
    employers: int
    vacancies: int
    posts: int
    seekers: int
    interviews: int
    interviewed: int
    preselected: int
    hired: int


class FairOut(Schema):
    id: int
    title: str
    mode: str
    province_code: str
    host_commune_id: int | None
    venue: str
    online_link: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    slot_minutes: int
    status: str
    status_note: str
    notes: str
    linked_provinces: list[str]
    version: int

    @staticmethod
    def resolve_linked_provinces(obj: JobFair) -> list[str]:
        return sorted(obj.linked.values_list("province_code", flat=True))


class FairDetailOut(FairOut):
    counts: CountsOut


class FairIn(Schema):
    title: str = Field(..., max_length=300)
    mode: str = Field("in_person", max_length=20, description="in_person, online or hybrid")
    host_commune_id: int | None = Field(None, description="a commune-level host centre, in the host province")
    venue: str = Field("", max_length=300)
    online_link: str = Field("", max_length=400)
    starts_at: dt.datetime
    ends_at: dt.datetime
    slot_minutes: int = 20
    linked_provinces: list[str] = Field([], description="provinces joined to the session (online sessions)")
    notes: str = Field("", max_length=4000)


class FairUpdateIn(FairIn):
    version: int | None = None


class StatusIn(Schema):
    status: str = Field(..., max_length=20, description="held or cancelled")
    note: str = Field("", max_length=300)


class OfferIn(Schema):
    vacancy_id: int
    quota: int | None = Field(None, description="posts offered at the session; all unfilled posts if empty")


class EmployerRegisterIn(Schema):
    employer_id: int
    vacancies: list[OfferIn]


class EmployerRegisterOut(Schema):
    id: int
    employer_id: int
    vacancies: list[int]

    @staticmethod
    def resolve_vacancies(obj) -> list[int]:
        return sorted(obj.vacancies.values_list("vacancy_id", flat=True))


class SeekerRegisterIn(Schema):
    seeker_id: int


class FairMatchOut(Schema):
    vacancy_id: int = Field(..., alias="fair_vacancy.vacancy_id")
    fair_vacancy_id: int
    title: str = Field(..., alias="fair_vacancy.vacancy.title")
    rank: int
    score: float
    reasons: list[str] = Field(..., alias="reason_texts")


class RegistrationOut(Schema):
    id: int
    seeker_id: int
    full_name: str = Field(..., alias="seeker.person.full_name")
    personal_id_masked: str
    province_code: str
    matches: list[FairMatchOut]

    @staticmethod
    def resolve_personal_id_masked(obj: FairSeeker) -> str:
        number = obj.seeker.person.personal_id
        return pid.mask(number) if number else ""

    @staticmethod
    def resolve_matches(obj: FairSeeker):
        return list(obj.matches.all())  # prefetched, ranked: `_with_matches`


class InterviewIn(Schema):
    fair_seeker_id: int
    fair_vacancy_id: int
    slot_start: dt.datetime
    table: str = Field("", max_length=40)
    online_link: str = Field("", max_length=400)


class InterviewOut(Schema):
    id: int
    fair_seeker_id: int
    fair_vacancy_id: int
    slot_start: dt.datetime
    table: str
    online_link: str
    outcome: str


class InterviewOutcomeIn(Schema):
    outcome: str = Field(..., max_length=20, description="interviewed, preselected, hired or not_selected")
    placed_on: dt.date | None = Field(None, description="for a hire: the day the job starts")


def _with_matches(registrations):
    ranked = FairMatch.objects.select_related("fair_vacancy__vacancy").order_by("rank")
    return registrations.select_related("seeker__person").prefetch_related(
        Prefetch("matches", queryset=ranked)
    )


def _data(payload: FairIn) -> fair_services.FairData:
    raw = payload.dict()
    raw.pop("version", None)
    return fair_services.FairData(**raw)


def _detail(fair: JobFair) -> JobFair:
    fair.counts = fair_selectors.counts([fair.pk])[fair.pk]
    return fair


@router.get("", response=list[FairOut], summary="Sessions hosted in scope or linked to the actor's province")
@paginate(PageNumberPagination, page_size=50)
def fair_list(request: HttpRequest, status: str = "", month: dt.date | None = None, **kwargs):
    return fair_selectors.fair_list(
        actor=request.user, filters=fair_selectors.FairFilters(status=status, month=month)
    )


@router.post("", response={201: FairDetailOut}, summary="Create a session hosted by the actor's centre")
def fair_create(request: HttpRequest, payload: FairIn):
    return Status(201, _detail(fair_services.fair_create(actor=request.user, data=_data(payload))))


@router.get("/{fair_id}", response=FairDetailOut, summary="A session with its figures")
def fair_detail(request: HttpRequest, fair_id: int):
    return _detail(fair_selectors.fair_get(actor=request.user, fair_id=fair_id))


@router.put("/{fair_id}", response=FairDetailOut, summary="Edit a planned session (host centre)")
def fair_update(request: HttpRequest, fair_id: int, payload: FairUpdateIn):
    fair = fair_services.fair_update(
        actor=request.user, fair_id=fair_id, data=_data(payload), expected_version=payload.version
    )
    return _detail(fair)


@router.post("/{fair_id}/status", response=FairDetailOut, summary="Mark a session held or cancelled")
def fair_status(request: HttpRequest, fair_id: int, payload: StatusIn):
    fair = fair_services.fair_set_status(
        actor=request.user, fair_id=fair_id, status=payload.status, note=payload.note
    )
    return _detail(fair)


@router.post("/{fair_id}/employers", response={201: EmployerRegisterOut}, summary="Register an employer")
def employer_register(request: HttpRequest, fair_id: int, payload: EmployerRegisterIn):
    registration = fair_services.employer_register(
        actor=request.user,
        fair_id=fair_id,
        employer_id=payload.employer_id,
        vacancies=[(o.vacancy_id, o.quota) for o in payload.vacancies],
    )
    return Status(201, registration)


@router.get("/{fair_id}/seekers", response=list[RegistrationOut], summary="Registered seekers, pre-matched")
@paginate(PageNumberPagination, page_size=50)
def seeker_list(request: HttpRequest, fair_id: int, **kwargs):
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    return _with_matches(fair_selectors.registrations(actor=request.user, fair=fair))


@router.post("/{fair_id}/seekers", response={201: RegistrationOut}, summary="Register a seeker (pre-matched)")
def seeker_register(request: HttpRequest, fair_id: int, payload: SeekerRegisterIn):
    registration = fair_services.fair_seeker_register(
        actor=request.user, fair_id=fair_id, seeker_id=payload.seeker_id
    )
    return Status(201, _with_matches(FairSeeker.objects.filter(pk=registration.pk)).get())


@router.get("/{fair_id}/interviews", response=list[InterviewOut], summary="The interview schedule")
def interview_list(request: HttpRequest, fair_id: int):
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    return list(fair_selectors.interviews(actor=request.user, fair=fair))


@router.post("/{fair_id}/interviews", response={201: InterviewOut}, summary="Book an interview slot")
def interview_schedule(request: HttpRequest, fair_id: int, payload: InterviewIn):
    return Status(
        201, fair_services.interview_schedule(actor=request.user, fair_id=fair_id, **payload.dict())
    )


@router.post(
    "/{fair_id}/interviews/{interview_id}/outcome", response=InterviewOut, summary="Record an outcome"
)
def interview_outcome(request: HttpRequest, fair_id: int, interview_id: int, payload: InterviewOutcomeIn):
    return fair_services.interview_outcome(
        actor=request.user,
        fair_id=fair_id,
        interview_id=interview_id,
        outcome=payload.outcome,
        placed_on=payload.placed_on,
    )


@router.get("/{fair_id}/export", summary="Session results (xlsx or csv, personal data masked)")
def fair_export(request: HttpRequest, fair_id: int, format: str = "xlsx"):
    fair = fair_selectors.fair_get(actor=request.user, fair_id=fair_id)
    name, content_type, content = fair_exports.export_fair_results(
        actor=request.user,
        fair=fair,
        registrations=fair_selectors.registrations(actor=request.user, fair=fair),
        fmt=format,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
