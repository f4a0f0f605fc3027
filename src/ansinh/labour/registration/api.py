"""Labour-market endpoints under /api/v1/labour: job seekers, employers, vacancies, imports and
exports. Handlers only translate: parse → selector/service → schema.

Lists are paginated (`?page=`, 50 a page) and masked; one seeker's full record is an audited read.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.jobs import job_get
from ansinh.core.pagination import PageNumberPagination
from ansinh.labour.models import JobSeeker
from ansinh.labour.registration import exports, imports, selectors, services
from ansinh.labour.registration.inputs import (
    parse_employer,
    parse_person_leniently,
    parse_seeker,
    parse_vacancy,
    submit,
)
from ansinh.registry.api import UnitRef

router = Router(tags=["labour"])
UPLOAD = File(..., description="the .xlsx or .csv file (see /import-templates/{kind})")


# --- seekers ---------------------------------------------------------------------------------------


class SeekerListItem(Schema):
    id: int
    person_id: int
    full_name: str = Field(..., alias="person.full_name")
    personal_id_masked: str
    birth_year: int = Field(..., alias="person.birth_year")
    sex: str = Field(..., alias="person.sex")
    commune: UnitRef
    province_code: str
    title: str
    occupation_code: str
    general_education: int
    qualification: int
    wage_min: int | None
    wage_max: int | None
    willing_to_move: bool
    employment_status: str
    status: str
    registered_on: dt.date

    @staticmethod
    def resolve_personal_id_masked(obj: JobSeeker) -> str:
        return pid.mask(obj.person.personal_id) if obj.person.personal_id else ""


class PersonBrief(Schema):
    id: int
    full_name: str
    personal_id: str | None
    birth_date: dt.date | None
    birth_year: int
    sex: str
    phone: str


class SeekerOut(Schema):
    """A registration. The person's personal ID, birth date and phone are given only when the caller may
    read that person (in their scope); otherwise they are empty, whatever the registration says."""

    id: int
    person: PersonBrief
    commune: UnitRef
    province_code: str
    registered_on: dt.date
    status: str
    closed_on: dt.date | None
    close_reason: str
    title: str
    occupation_code: str
    occupation_codes: list[str]
    general_education: int
    qualification: int
    field_of_study: str
    certificates: str
    skills: str
    experience_years: int
    experience: str
    wage_min: int | None
    wage_max: int | None
    work_type: str
    willing_to_move: bool
    desired_provinces: list[str]
    desired_communes: list[int]
    employment_status: str
    ui_status: str
    email: str
    consent_contact: bool
    notes: str
    version: int

    @staticmethod
    def resolve_person(obj: JobSeeker, context: Any) -> dict[str, Any]:
        person = obj.person
        brief = {"id": person.pk, "full_name": person.full_name, "birth_year": person.birth_year,
                 "sex": person.sex, "personal_id": None, "birth_date": None, "phone": ""}  # fmt: skip
        if selectors.seeker_person_visible(actor=context["request"].user, seeker=obj):
            brief.update(personal_id=person.personal_id, birth_date=person.birth_date, phone=person.phone)
        return brief

    @staticmethod
    def resolve_occupation_codes(obj: JobSeeker) -> list[str]:
        return [o.occupation_code for o in obj.occupations.order_by("rank")]

    @staticmethod
    def resolve_desired_provinces(obj: JobSeeker) -> list[str]:
        return [p.province_code for p in obj.places.filter(commune__isnull=True).order_by("id")]

    @staticmethod
    def resolve_desired_communes(obj: JobSeeker) -> list[int]:
        return [p.commune_id for p in obj.places.filter(commune__isnull=False).order_by("id")]


class SeekerFields(Schema):
    commune_id: int
    registered_on: dt.date | None = None
    title: str = Field(..., max_length=300)
    occupation_codes: list[str] = Field(
        [], description="4-digit VSCO codes, primary first; empty: from title"
    )
    general_education: int
    qualification: int = 0
    field_of_study: str = Field("", max_length=300)
    certificates: str = Field("", max_length=400)
    skills: str = Field("", max_length=4000)
    experience_years: int | None = None
    experience: str = Field("", max_length=4000)
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = Field("full_time", max_length=20)
    willing_to_move: bool = False
    desired_provinces: list[str] = []
    desired_communes: list[int] = []
    employment_status: str = Field("unemployed", max_length=20)
    ui_status: str = Field("none", max_length=20)
    email: str = Field("", max_length=200)
    consent_contact: bool = False
    notes: str = Field("", max_length=4000)


class SeekerPersonIn(Schema):
    full_name: str = Field(..., max_length=200)
    personal_id: str | None = Field(None, max_length=20)
    birth_date: dt.date | None = None
    birth_year: int | None = None
    sex: str = Field(..., max_length=1)
    ethnicity: str = Field("01", max_length=2)
    address_detail: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)
    # The answer to a 409 `person.possible_duplicate`: the existing person, or a new one with the reason.
    link_to: int | None = Field(None, description="The registry person this one is (no new record)")
    confirm_new: bool = Field(False, description="Register a new person despite the candidates")
    reason: str = Field("", max_length=500, description="Why a new person, with `confirm_new`")


class SeekerIn(SeekerFields):
    person_id: int | None = Field(None, description="An existing registry person; else give `person`")
    person: SeekerPersonIn | None = Field(None, description="Found by personal ID, or registered if new")


class SeekerUpdateIn(SeekerFields):
    version: int | None = Field(
        None, description="The version you edited; a newer one on the server is a 409."
    )


class CloseIn(Schema):
    reason: str = Field(..., max_length=20)
    closed_on: dt.date | None = None
    version: int | None = None


class ImportOut(Schema):
    kind: str
    created: int
    ids: list[int]


class ImportJobOut(Schema):
    """A long file's import in the task queue: poll GET /import-jobs/{id} until `status` is `succeeded`
    (or `failed`); `result` then holds `created`, or `refused` with every refused row."""

    id: int
    status: str
    percent: int
    message: str
    result: dict[str, Any] | None = None


def _job_out(job: Any) -> dict[str, Any]:
    result = job.result if job.status == "succeeded" else None
    return {
        "id": job.pk,
        "status": job.status,
        "percent": job.percent,
        "message": job.message,
        "result": result,
    }


@router.get("/seekers", response=list[SeekerListItem], summary="Job seekers in scope (masked)")
@paginate(PageNumberPagination, page_size=50)
def seekers_list(
    request: HttpRequest,
    q: str = "",
    status: str = "active",
    occupation: str = "",
    commune: int | None = None,
    **kwargs,
):
    filters = selectors.SeekerFilters(query=q, status=status, occupation=occupation, commune=commune)
    return selectors.seeker_list(actor=request.user, filters=filters)


@router.get("/seekers/export", summary="Export the seeker list (xlsx or csv, masked)")
def seekers_export(
    request: HttpRequest, format: str = "xlsx", q: str = "", status: str = "active", occupation: str = ""
):
    filters = selectors.SeekerFilters(query=q, status=status, occupation=occupation)
    queryset = selectors.seeker_list(actor=request.user, filters=filters)
    return _file(*exports.export_seekers(actor=request.user, queryset=queryset, fmt=format))


@router.post(
    "/seekers/import",
    response={201: ImportOut, 202: ImportJobOut},
    summary="Import seekers: all rows or none (202 and a job for a file over 5,000 rows)",
)
def seekers_import(request: HttpRequest, file: UploadedFile = UPLOAD):
    return _import(request, imports.SEEKERS, file)


@router.get("/seekers/{seeker_id}", response=SeekerOut, summary="A full seeker record (the read is audited)")
def seeker_detail(request: HttpRequest, seeker_id: int):
    return services.seeker_view_full(actor=request.user, seeker_id=seeker_id)


@router.post("/seekers", response={201: SeekerOut}, summary="Register a job seeker")
def seeker_create(request: HttpRequest, payload: SeekerIn):
    raw = payload.dict()
    person_id, person_raw = raw.pop("person_id", None), raw.pop("person", None)
    errors: list[ApplicationError] = []  # the person's and the registration's problems, reported together
    data = parse_seeker(raw, collect=errors)
    person = (
        parse_person_leniently({**person_raw, "commune_id": raw["commune_id"]}, errors)
        if person_raw
        else None
    )
    with transaction.atomic():
        seeker = submit(
            errors,
            lambda: services.seeker_register(
                actor=request.user, data=data, person=person, person_id=person_id
            ),
        )
    return Status(201, seeker)


@router.put("/seekers/{seeker_id}", response=SeekerOut, summary="Edit a job-seeker registration")
def seeker_update(request: HttpRequest, seeker_id: int, payload: SeekerUpdateIn):
    raw = payload.dict()
    version = raw.pop("version", None)
    return services.seeker_update(
        actor=request.user, seeker_id=seeker_id, data=parse_seeker(raw), expected_version=version
    )


@router.post("/seekers/{seeker_id}/close", response=SeekerOut, summary="Close a registration (placed, …)")
def seeker_close(request: HttpRequest, seeker_id: int, payload: CloseIn):
    return services.seeker_close(
        actor=request.user,
        seeker_id=seeker_id,
        reason=payload.reason,
        closed_on=payload.closed_on,
        expected_version=payload.version,
    )


# --- employers -------------------------------------------------------------------------------------


class EmployerOut(Schema):
    id: int
    tax_code: str
    name: str
    kind: str
    industry_version: str
    industry_code: str
    size: str
    employees: int | None
    commune: UnitRef
    province_code: str
    address_detail: str
    contact_name: str
    contact_phone: str
    contact_email: str
    website: str
    is_active: bool
    version: int


class EmployerIn(Schema):
    tax_code: str = Field(..., max_length=20)
    name: str = Field(..., max_length=300)
    kind: str = Field("private", max_length=20)
    industry_version: str = Field("2025", max_length=4)
    industry_code: str = Field("", max_length=5)
    size: str = Field("", max_length=20)
    employees: int | None = None
    commune_id: int
    address_detail: str = Field("", max_length=300)
    contact_name: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=20)
    contact_email: str = Field("", max_length=200)
    website: str = Field("", max_length=200)
    is_active: bool = True


class EmployerUpdateIn(EmployerIn):
    version: int | None = None


@router.get("/employers", response=list[EmployerOut], summary="Employers in scope")
@paginate(PageNumberPagination, page_size=50)
def employers_list(request: HttpRequest, q: str = "", active: bool | None = None, **kwargs):
    return selectors.employer_list(actor=request.user, query=q, active=active)


@router.get("/employers/{employer_id}", response=EmployerOut)
def employer_detail(request: HttpRequest, employer_id: int):
    return selectors.employer_get(actor=request.user, employer_id=employer_id)


@router.post("/employers", response={201: EmployerOut}, summary="Register an employer")
def employer_create(request: HttpRequest, payload: EmployerIn):
    return Status(201, services.employer_create(actor=request.user, data=parse_employer(payload.dict())))


@router.put("/employers/{employer_id}", response=EmployerOut, summary="Edit an employer")
def employer_update(request: HttpRequest, employer_id: int, payload: EmployerUpdateIn):
    raw = payload.dict()
    version = raw.pop("version", None)
    return services.employer_update(
        actor=request.user, employer_id=employer_id, data=parse_employer(raw), expected_version=version
    )


# --- vacancies -------------------------------------------------------------------------------------


class EmployerRef(Schema):
    id: int
    name: str
    tax_code: str


class VacancyOut(Schema):
    id: int
    employer: EmployerRef
    reference: str
    title: str
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
    age_min: int | None
    age_max: int | None
    age_reason: str
    commune: UnitRef
    province_code: str
    address_detail: str
    opened_on: dt.date
    deadline: dt.date | None
    status: str
    closed_on: dt.date | None
    close_reason: str
    version: int


class VacancyIn(Schema):
    employer_id: int
    reference: str = Field("", max_length=40)
    title: str = Field(..., max_length=300)
    description: str = Field("", max_length=4000)
    occupation_code: str = Field("", max_length=5, description="4-digit VSCO code; empty: from the title")
    posts: int = 1
    wage_min: int | None = None
    wage_max: int | None = None
    work_type: str = Field("full_time", max_length=20)
    min_general_education: int = 0
    min_qualification: int = 0
    skills: str = Field("", max_length=4000)
    min_experience_years: int = 0
    age_min: int | None = None
    age_max: int | None = None
    age_reason: str = Field("", max_length=300)
    commune_id: int | None = Field(None, description="Place of work; the employer's commune if empty")
    address_detail: str = Field("", max_length=300)
    opened_on: dt.date | None = None
    deadline: dt.date | None = None


class VacancyUpdateIn(VacancyIn):
    version: int | None = None


@router.get("/vacancies", response=list[VacancyOut], summary="Vacancies in scope")
@paginate(PageNumberPagination, page_size=50)
def vacancies_list(
    request: HttpRequest,
    q: str = "",
    status: str = "open",
    occupation: str = "",
    employer: int | None = None,
    commune: int | None = None,
    **kwargs,
):
    filters = selectors.VacancyFilters(
        query=q, status=status, occupation=occupation, employer=employer, commune=commune
    )
    return selectors.vacancy_list(actor=request.user, filters=filters)


@router.get("/vacancies/export", summary="Export the vacancy list (xlsx or csv)")
def vacancies_export(
    request: HttpRequest, format: str = "xlsx", q: str = "", status: str = "open", occupation: str = ""
):
    filters = selectors.VacancyFilters(query=q, status=status, occupation=occupation)
    queryset = selectors.vacancy_list(actor=request.user, filters=filters)
    return _file(*exports.export_vacancies(actor=request.user, queryset=queryset, fmt=format))


@router.post(
    "/vacancies/import",
    response={201: ImportOut, 202: ImportJobOut},
    summary="Import vacancies: all rows or none (202 and a job for a file over 5,000 rows)",
)
def vacancies_import(request: HttpRequest, file: UploadedFile = UPLOAD):
    return _import(request, imports.VACANCIES, file)


@router.get("/import-jobs/{job_id}", response=ImportJobOut, summary="A long import's progress and outcome")
def import_job(request: HttpRequest, job_id: int):
    if not request.user.can("labour.change"):
        raise PermissionDenied()
    job = job_get(actor=request.user, job_id=job_id)
    if job.kind != imports.JOB:
        raise NotFound("job")
    return _job_out(job)


@router.get("/vacancies/{vacancy_id}", response=VacancyOut)
def vacancy_detail(request: HttpRequest, vacancy_id: int):
    return selectors.vacancy_get(actor=request.user, vacancy_id=vacancy_id)


@router.post("/vacancies", response={201: VacancyOut}, summary="Record a vacancy")
def vacancy_create(request: HttpRequest, payload: VacancyIn):
    return Status(201, services.vacancy_create(actor=request.user, data=parse_vacancy(payload.dict())))


@router.put("/vacancies/{vacancy_id}", response=VacancyOut, summary="Edit a vacancy")
def vacancy_update(request: HttpRequest, vacancy_id: int, payload: VacancyUpdateIn):
    raw = payload.dict()
    version = raw.pop("version", None)
    return services.vacancy_update(
        actor=request.user, vacancy_id=vacancy_id, data=parse_vacancy(raw), expected_version=version
    )


@router.post("/vacancies/{vacancy_id}/close", response=VacancyOut, summary="Close a vacancy (filled, …)")
def vacancy_close(request: HttpRequest, vacancy_id: int, payload: CloseIn):
    return services.vacancy_close(
        actor=request.user,
        vacancy_id=vacancy_id,
        reason=payload.reason,
        closed_on=payload.closed_on,
        expected_version=payload.version,
    )


# --- imports and templates -----------------------------------------------------------------------


def _import(request: HttpRequest, kind: str, file: UploadedFile) -> Status:
    name, content = file.name or "", file.read()
    result = imports.import_or_start(actor=request.user, kind=kind, filename=name, content=content)
    if isinstance(result, imports.ImportResult):
        return Status(201, result)
    return Status(202, _job_out(result))


def _file(name: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/import-templates/{kind}", summary="The .xlsx import template (seekers or vacancies)")
def import_template(request: HttpRequest, kind: str):
    if not request.user.can("labour.view"):
        raise PermissionDenied()
    content = imports.template_xlsx(kind)
    return _file(f"Mau-nhap-{kind}.xlsx", exports.XLSX_TYPE, content)
