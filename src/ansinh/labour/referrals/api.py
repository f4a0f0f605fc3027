"""Referral and placement endpoints under /api/v1/labour/referrals. Handlers only translate: parse →
selector/service → schema. Scope: the seeker's province (`labour.referrals`).

    GET  /referrals?seeker=&vacancy=&status=          referrals in scope
    POST /referrals                                   refer a seeker to an open vacancy
    POST /referrals/{id}/outcome                      interviewed, hired (a placement), rejected, …
    GET  /referrals/{id}/slip.pdf                     the referral slip (phiếu giới thiệu việc làm), a draft
    POST /referrals/{id}/slip/issue                   issue the slip: its number from the register, numbered
    GET  /referrals/placements?start=&end=            placements in scope
    POST /referrals/placements                        a placement without a referral (self-reported, …)
    GET  /referrals/time-to-placement?start=&end=&by=province|commune
"""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.core import clock
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.pagination import PageNumberPagination
from ansinh.core.webkit.views import attachment
from ansinh.labour.models import Placement, PlacementSource, Referral
from ansinh.labour.referrals import documents as referral_documents
from ansinh.labour.referrals import selectors as referral_selectors
from ansinh.labour.referrals import services as referral_services

router = Router(tags=["labour referrals"])


class ReferralOut(Schema):
    id: int
    seeker_id: int
    full_name: str = Field(..., alias="seeker.person.full_name")
    personal_id_masked: str
    vacancy_id: int
    vacancy_title: str = Field(..., alias="vacancy.title")
    employer_name: str = Field(..., alias="vacancy.employer.name")
    referred_on: dt.date
    score: float | None
    status: str
    outcome_on: dt.date | None
    note: str
    province_code: str
    version: int

    @staticmethod
    def resolve_personal_id_masked(obj: Referral) -> str:
        number = obj.seeker.person.personal_id
        return pid.mask(number) if number else ""


class ReferralIn(Schema):
    seeker_id: int
    vacancy_id: int
    note: str = Field("", max_length=600)
    score: float | None = Field(None, description="the match score, when referred from a match list")
    referred_on: dt.date | None = None


class ReferralOutcomeIn(Schema):
    status: str = Field(..., max_length=20, description="interviewed, hired, rejected, declined, no_response")
    on: dt.date | None = Field(None, description="the day of the outcome; today if empty")
    placed_on: dt.date | None = Field(None, description="for a hire: the day the job starts")
    version: int | None = None


class PlacementOut(Schema):
    id: int
    seeker_id: int
    source: str
    vacancy_id: int | None
    referral_id: int | None
    interview_id: int | None
    employer_name: str
    job_title: str
    placed_on: dt.date
    days: int
    province_code: str
    commune_code: str = Field(..., alias="commune.code")


class PlacementIn(Schema):
    seeker_id: int
    placed_on: dt.date
    vacancy_id: int | None = Field(None, description="a known vacancy: one of its posts is filled")
    employer_name: str = Field("", max_length=300, description="when there is no vacancy: who employs them")
    job_title: str = Field("", max_length=300)


class TimeRow(Schema):
    code: str
    name: str
    count: int
    mean_days: float | None
    median_days: float | None


class TimeToPlacementOut(Schema):
    start: dt.date
    end: dt.date
    by: str
    units: list[TimeRow]
    total: TimeRow


@router.get("", response=list[ReferralOut], summary="Referrals in scope (masked)")
@paginate(PageNumberPagination, page_size=50)
def referral_list(
    request: HttpRequest, seeker: int | None = None, vacancy: int | None = None, status: str = "", **kwargs
):
    return referral_selectors.referral_list(actor=request.user, seeker=seeker, vacancy=vacancy, status=status)


@router.post("", response={201: ReferralOut}, summary="Refer a seeker to a vacancy")
def referral_create(request: HttpRequest, payload: ReferralIn):
    referral = referral_services.referral_create(actor=request.user, **payload.dict())
    return Status(201, referral_selectors.referral_get(actor=request.user, referral_id=referral.pk))


@router.get("/placements", response=list[PlacementOut], summary="Placements in scope")
@paginate(PageNumberPagination, page_size=50)
def placement_list(
    request: HttpRequest, start: dt.date | None = None, end: dt.date | None = None, source: str = "", **kwargs
):
    return referral_selectors.placement_list(actor=request.user, start=start, end=end, source=source)


@router.post(
    "/placements", response={201: PlacementOut}, summary="Record a placement (self-reported or direct)"
)
def placement_create(request: HttpRequest, payload: PlacementIn):
    placement: Placement = referral_services.placement_record(
        actor=request.user, source=PlacementSource.SELF_REPORTED, **payload.dict()
    )
    return Status(201, placement)


@router.get("/time-to-placement", response=TimeToPlacementOut, summary="Days from registration to placement")
def time_to_placement(
    request: HttpRequest, start: dt.date | None = None, end: dt.date | None = None, by: str = "province"
):
    end = end or clock.today()
    start = start or end.replace(day=1)
    units, total = referral_selectors.time_to_placement(actor=request.user, start=start, end=end, by=by)
    return {"start": start, "end": end, "by": by, "units": units, "total": total}


@router.get("/{referral_id}", response=ReferralOut)
def referral_detail(request: HttpRequest, referral_id: int):
    return referral_selectors.referral_get(actor=request.user, referral_id=referral_id)


@router.get("/{referral_id}/slip.pdf", summary="The referral slip as a PDF (Decree 30 format)")
def referral_slip_pdf(request: HttpRequest, referral_id: int):
    """The slip as it stands: numbered once issued, a draft (DỰ THẢO) until then; never takes a number."""
    referral = referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
    printed = referral_documents.slip_pdf(actor=request.user, referral=referral)
    return attachment(printed.filename, printed.content_type, printed.content)


@router.post(
    "/{referral_id}/slip/issue",
    summary="Issue the referral slip: its number from the centre's register, then the PDF",
)
def referral_slip_issue(request: HttpRequest, referral_id: int):
    """The slip takes the next "GT" number of the centre's register and today's date (once); issuing again
    prints the same number, date and validity."""
    referral = referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
    printed = referral_documents.slip_pdf(actor=request.user, referral=referral, issue=True)
    return attachment(printed.filename, printed.content_type, printed.content)


@router.post("/{referral_id}/outcome", response=ReferralOut, summary="Record the outcome of a referral")
def referral_outcome(request: HttpRequest, referral_id: int, payload: ReferralOutcomeIn):
    referral_services.referral_outcome(
        actor=request.user,
        referral_id=referral_id,
        status=payload.status,
        on=payload.on,
        placed_on=payload.placed_on,
        expected_version=payload.version,
    )
    return referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
