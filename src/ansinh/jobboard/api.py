"""The job board under /api/v1/board.

Public (no authentication, `auth=None`: there is no session to protect, so no CSRF token is needed):
  GET  /vacancies                   open vacancies: q, province, occupation, wage_min, sort; 20 a page
  GET  /vacancies/{id}              one open vacancy with the contact the board may show
  POST /vacancies/{id}/interest     register interest (consent required; rate-limited per address)
  POST /submissions                 an employer proposes a vacancy; answers its reference number
  GET  /submissions/status          a submission's status by reference and tax code

Counsellors (token or session, `labour.change`, their province only):
  GET  /interests, POST /interests/{id}/handle
  GET  /submissions, GET /submissions/{id}, POST /submissions/{id}/approve, POST /submissions/{id}/reject

Handlers only translate; errors are `{code, message[, field, errors]}`.
"""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.middleware import client_ip
from ansinh.core.pagination import PageNumberPagination
from ansinh.jobboard import selectors, services
from ansinh.jobboard.inputs import parse_interest, parse_submission
from ansinh.jobboard.models import VacancyInterest, VacancySubmission
from ansinh.jobboard.selectors import BoardFilters
from ansinh.labour.models import Vacancy
from ansinh.labour.reference import classifications

router = Router(tags=["job board"])
PAGE_SIZE = 20


class BoardUnitRef(Schema):
    id: int
    name: str


class BoardVacancyOut(Schema):
    id: int
    title: str
    employer_name: str
    occupation_code: str
    occupation_name: str
    posts: int
    wage_min: int | None
    wage_max: int | None
    work_type: str
    province_code: str
    province_name: str
    commune: BoardUnitRef
    opened_on: dt.date
    deadline: dt.date | None

    @staticmethod
    def resolve_employer_name(obj: Vacancy) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_occupation_name(obj: Vacancy) -> str:
        row = classifications.occupation(obj.occupation_code)
        return row.name if row else ""

    @staticmethod
    def resolve_province_name(obj: Vacancy) -> str:
        return selectors.province_name(obj.province_code)


class ContactOut(Schema):
    name: str
    phone: str
    email: str
    address: str
    website: str
    hours: str
    is_centre: bool


class BoardVacancyDetail(BoardVacancyOut):
    description: str
    address_detail: str
    min_general_education: int
    min_qualification: int
    skills: str
    min_experience_years: int
    age_min: int | None
    age_max: int | None
    age_reason: str
    contact: ContactOut

    @staticmethod
    def resolve_contact(obj: Vacancy) -> selectors.Contact:
        return selectors.vacancy_contact(obj)


class BoardPage(Schema):
    items: list[BoardVacancyOut]
    count: int  # at most 1000: `more` says there are more (narrow the search)
    more: bool
    page: int
    pages: int


@router.get(
    "/vacancies",
    auth=None,
    response=BoardPage,
    summary="Search open vacancies (no log-in; accents optional); 20 a page",
)
def vacancies(
    request: HttpRequest,
    q: str = "",
    province: str = "",
    occupation: str = "",
    wage_min: int | None = None,
    sort: Literal["relevance", "newest", "wage"] = "relevance",
    page: int = 1,
):
    if province and not selectors.province_name(province):
        raise ValidationFailed(
            [ApplicationError("province.unknown", _("Not a current province code."), field="province")]
        )
    filters = BoardFilters(
        query=q[:100], province=province, occupation=occupation[:60], wage_min=wage_min, sort=sort
    )
    page = max(page, 1)
    found, rows = selectors.vacancy_page(selectors.vacancy_search(filters), page, PAGE_SIZE)
    if page > found.paginator.num_pages:
        rows = []  # past the end: an empty page, not the last one again
    paginator = found.paginator
    count = min(paginator.count, selectors.COUNT_CAP)
    return {
        "items": rows,
        "count": count,
        "more": paginator.capped,
        "page": page,
        "pages": paginator.num_pages,
    }


@router.get("/vacancies/{vacancy_id}", auth=None, response=BoardVacancyDetail, summary="One open vacancy")
def vacancy(request: HttpRequest, vacancy_id: int):
    return selectors.public_vacancy_get(vacancy_id=vacancy_id)


class InterestIn(Schema):
    full_name: str = ""
    phone: str = ""
    email: str = ""
    message: str = ""
    consent: bool = False


class InterestReceived(Schema):
    vacancy_id: int
    status: str
    received_at: dt.datetime

    @staticmethod
    def resolve_received_at(obj: VacancyInterest) -> dt.datetime:
        return obj.created_at


@router.post(
    "/vacancies/{vacancy_id}/interest",
    auth=None,
    response={201: InterestReceived},
    summary="Ask to be contacted about a vacancy (consent required)",
)
def interest(request: HttpRequest, vacancy_id: int, payload: InterestIn):
    data = parse_interest(payload.dict())
    row = services.interest_register(vacancy_id=vacancy_id, data=data, client=client_ip(request))
    return Status(201, row)


class SubmissionIn(Schema):
    tax_code: str = ""
    employer_name: str = ""
    employer_province: str = ""
    employer_commune: int | None = None
    employer_address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_public: bool = False
    title: str = ""
    description: str = ""
    occupation_code: str = ""
    posts: int | None = None
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = "full_time"
    min_general_education: int | None = None
    min_qualification: int | None = None
    skills: str = ""
    min_experience_years: int | None = None
    province: str = ""
    commune: int | None = None
    address_detail: str = ""
    deadline: dt.date | None = None


class SubmissionStatusOut(Schema):
    reference: str
    status: str
    title: str
    province_code: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    reject_reason: str
    vacancy_id: int | None


@router.post(
    "/submissions",
    auth=None,
    response={201: SubmissionStatusOut},
    summary="An employer proposes a vacancy for the centre to approve",
)
def submission_create(request: HttpRequest, payload: SubmissionIn):
    data = parse_submission(payload.dict())
    return Status(201, services.submission_create(data=data, client=client_ip(request)))


@router.get(
    "/submissions/status",
    auth=None,
    response=SubmissionStatusOut,
    summary="The status of a proposed vacancy, by reference number and tax code",
)
def submission_status(request: HttpRequest, reference: str, tax_code: str):
    return selectors.submission_status(reference_number=reference, tax_code=tax_code)


# --- counsellors -------------------------------------------------------------------------------------


class InterestOut(Schema):
    id: int
    vacancy_id: int
    vacancy_title: str
    province_code: str
    full_name: str
    phone: str
    email: str
    message: str
    consent_at: dt.datetime
    status: str
    handled_at: dt.datetime | None
    handled_note: str
    seeker_id: int | None
    created_at: dt.datetime

    @staticmethod
    def resolve_vacancy_title(obj: VacancyInterest) -> str:
        return obj.vacancy.title


class HandleIn(Schema):
    note: str = ""


@router.get("/interests", response=list[InterestOut], summary="Interest requests of my province")
@paginate(PageNumberPagination, page_size=50)
def interests(request: HttpRequest, status: Literal["new", "handled", ""] = "new", **kwargs):
    return selectors.interest_list(actor=request.user, status=status)


@router.post("/interests/{interest_id}/handle", response=InterestOut, summary="Mark a request handled")
def interest_handle(request: HttpRequest, interest_id: int, payload: HandleIn):
    return services.interest_mark_handled(actor=request.user, interest_id=interest_id, note=payload.note)


class BoardSubmissionOut(SubmissionStatusOut):
    id: int
    tax_code: str
    employer_name: str
    employer_commune_id: int
    employer_address: str
    contact_name: str
    contact_phone: str
    contact_email: str
    contact_public: bool
    description: str
    occupation_code: str
    posts: int
    wage_min: int | None
    wage_max: int | None
    work_type: str
    min_general_education: int
    min_qualification: int
    skills: str
    min_experience_years: int
    commune_id: int
    address_detail: str
    deadline: dt.date | None
    employer_id: int | None


class SubmissionRejectIn(Schema):
    reason: str = ""


@router.get(
    "/submissions", response=list[BoardSubmissionOut], summary="Vacancies sent by employers, my province"
)
@paginate(PageNumberPagination, page_size=50)
def submissions(
    request: HttpRequest, status: Literal["pending", "approved", "rejected", ""] = "pending", **kwargs
):
    return selectors.submission_list(actor=request.user, status=status)


@router.get("/submissions/{submission_id}", response=BoardSubmissionOut, summary="One submission")
def submission_detail(request: HttpRequest, submission_id: int):
    return selectors.submission_get(actor=request.user, submission_id=submission_id)


def _submission(request: HttpRequest, submission_id: int) -> VacancySubmission:
    return selectors.submission_get(actor=request.user, submission_id=submission_id)


@router.post(
    "/submissions/{submission_id}/approve",
    response=BoardSubmissionOut,
    summary="Approve: register or reuse the employer and publish the vacancy",
)
def submission_approve(request: HttpRequest, submission_id: int):
    services.submission_approve(actor=request.user, submission_id=submission_id)
    return _submission(request, submission_id)


@router.post(
    "/submissions/{submission_id}/reject", response=BoardSubmissionOut, summary="Reject with a reason"
)
def submission_reject(request: HttpRequest, submission_id: int, payload: SubmissionRejectIn):
    return services.submission_reject(actor=request.user, submission_id=submission_id, reason=payload.reason)
