"""Registry endpoints. Handlers only translate: parse → selector/service → schema."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from ansinh.core.errors import PermissionDenied
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.jobs import job_get
from ansinh.core.masking import mask_values
from ansinh.core.models import AuditEvent
from ansinh.core.pagination import PageNumberPagination
from ansinh.registry import imports, selectors, services
from ansinh.registry.inputs import parse_household, parse_person
from ansinh.registry.models import Household, Person

router = Router(tags=["registry"])


class UnitRef(Schema):
    id: int
    code: str
    name: str


class PersonListItem(Schema):
    id: int
    full_name: str
    personal_id_masked: str
    birth_year: int
    sex: str
    commune: UnitRef
    status: str

    @staticmethod
    def resolve_personal_id_masked(obj: Person) -> str:
        return pid.mask(obj.personal_id) if obj.personal_id else ""


class PersonOut(Schema):
    id: int
    personal_id: str | None
    full_name: str
    birth_date: dt.date | None
    birth_year: int
    birth_date_precision: str
    sex: str
    ethnicity: str
    commune: UnitRef
    province_code: str
    address_detail: str
    phone: str
    bank_code: str
    bank_account: str
    status: str
    death_date: dt.date | None
    merged_into: int | None = Field(
        None,
        alias="merged_into_id",
        description="The person this record was merged into by record linkage (null: a record of its own). "
        "A merged record is left out of lists and searches; nothing new may be recorded for it.",
    )
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class PersonIn(Schema):
    full_name: str = Field(..., max_length=200)
    personal_id: str | None = Field(None, max_length=20)
    birth_date: dt.date | None = None
    birth_year: int | None = None
    sex: str = Field(..., max_length=1)
    ethnicity: str = Field("01", max_length=2)
    commune_id: int
    address_detail: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)
    bank_code: str = Field("", max_length=20)
    bank_account: str = Field("", max_length=40)
    status: str = Field("alive", max_length=10)
    death_date: dt.date | None = None


class PersonCreateIn(PersonIn):
    """A new person; when probably-the-same persons exist the answer is 409 `person.possible_duplicate`
    listing those in scope (masked), then send `link_to` (one of them) or `confirm_new` with a `reason`."""

    link_to: int | None = Field(None, description="The existing person this one is (no new record)")
    confirm_new: bool = Field(False, description="Register a new person despite the candidates")
    reason: str = Field("", max_length=500, description="Why a new person, with `confirm_new`")


class PersonUpdateIn(PersonIn):
    version: int | None = Field(
        None, description="The version you edited; a newer one on the server is a 409."
    )


class PersonHistoryEventOut(Schema):
    """One change; personal ID numbers, accounts and phones in it are masked."""

    id: int
    at: dt.datetime
    actor: str = Field(..., alias="actor_label")
    action: str
    object_type: str
    object_id: str
    before: dict | None
    after: dict | None

    @staticmethod
    def resolve_before(obj: AuditEvent) -> dict | None:
        return mask_values(obj.before)

    @staticmethod
    def resolve_after(obj: AuditEvent) -> dict | None:
        return mask_values(obj.after)


class HouseholdIn(Schema):
    code: str = Field("", max_length=20)
    commune_id: int
    address_detail: str = Field("", max_length=300)
    head_id: int | None = None


class MemberIn(Schema):
    person_id: int
    relationship: str = Field(..., max_length=20)
    joined_on: dt.date | None = None


class MemberOut(Schema):
    person_id: int
    full_name: str = Field(..., alias="person.full_name")
    relationship: str
    joined_on: dt.date | None
    left_on: dt.date | None


class HouseholdOut(Schema):
    id: int
    code: str
    commune: UnitRef
    province_code: str
    address_detail: str
    head_id: int | None
    version: int
    members: list[MemberOut] = []

    @staticmethod
    def resolve_members(obj: Household) -> list:
        return list(selectors.household_members(household=obj))


@router.get("/persons", response=list[PersonListItem], summary="Search or list persons in scope (masked)")
@paginate(PageNumberPagination, page_size=50)
def persons_list(
    request: HttpRequest, q: str = "", commune: int | None = None, birth_year: int | None = None, **kwargs
):
    selectors.person_filters_check(commune=commune, birth_year=birth_year)
    if q or birth_year:
        return selectors.person_search(
            actor=request.user, query=q, commune=commune, birth_year=birth_year, limit=100
        )
    qs = selectors.person_queryset(actor=request.user)
    if commune:
        qs = qs.filter(commune_id=commune)
    return qs.order_by("name_folded", "id")


@router.get("/persons/{person_id}", response=PersonOut, summary="A full person record (the read is audited)")
def person_detail(request: HttpRequest, person_id: int):
    return services.person_view_full(actor=request.user, person_id=person_id)


@router.post(
    "/persons",
    response={200: PersonOut, 201: PersonOut},
    summary="Register a person (201), or link to the existing one named by `link_to` (200)",
)
def person_create(request: HttpRequest, payload: PersonCreateIn):
    person = services.person_create(actor=request.user, data=parse_person(payload.dict()))
    return Status(200 if getattr(person, "linked_at_entry", False) else 201, person)


@router.put("/persons/{person_id}", response=PersonOut, summary="Edit a person")
def person_update(request: HttpRequest, person_id: int, payload: PersonUpdateIn):
    raw = payload.dict()
    version = raw.pop("version", None)
    return services.person_update(
        actor=request.user, person_id=person_id, data=parse_person(raw), expected_version=version
    )


@router.get(
    "/persons/{person_id}/history",
    response=list[PersonHistoryEventOut],
    summary="Change history (masked; the read is audited)",
)
def person_history(request: HttpRequest, person_id: int):
    return list(services.person_history_read(actor=request.user, person_id=person_id)[:200])


@router.get("/households", response=list[HouseholdOut], summary="Households in scope")
@paginate(PageNumberPagination, page_size=50)
def households_list(request: HttpRequest, commune: int | None = None, **kwargs):
    qs = selectors.household_queryset(actor=request.user).prefetch_related("members__person")
    if commune:
        qs = qs.filter(commune_id=commune)
    return qs.order_by("code")


@router.get("/households/{household_id}", response=HouseholdOut)
def household_detail(request: HttpRequest, household_id: int):
    return selectors.household_get(actor=request.user, household_id=household_id)


@router.post("/households", response={201: HouseholdOut}, summary="Register a household")
def household_create(request: HttpRequest, payload: HouseholdIn):
    raw = payload.dict()
    head_id = raw.pop("head_id", None)
    household = services.household_create(actor=request.user, data=parse_household(raw), head_id=head_id)
    return Status(201, household)


@router.post("/households/{household_id}/members", response={201: HouseholdOut})
def household_add_member(request: HttpRequest, household_id: int, payload: MemberIn):
    services.household_add_member(
        actor=request.user,
        household_id=household_id,
        person_id=payload.person_id,
        relationship=payload.relationship,
        joined_on=payload.joined_on,
    )
    return Status(201, selectors.household_get(actor=request.user, household_id=household_id))


@router.delete("/households/{household_id}/members/{person_id}", response=HouseholdOut)
def household_remove_member(request: HttpRequest, household_id: int, person_id: int):
    services.household_remove_member(actor=request.user, household_id=household_id, person_id=person_id)
    return selectors.household_get(actor=request.user, household_id=household_id)


# --- import ------------------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD = File(..., description="the .xlsx or .csv file (see /registry/import-template)")


class PersonImportOut(Schema):
    created: int
    linked: int
    households: int
    ids: list[int]


class PersonImportJobOut(Schema):
    """A long file's import in the task queue: poll GET /registry/import-jobs/{id} until `status` is
    `succeeded` (or `failed`); `result` then holds `created`, or `refused` with every refused row."""

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


@router.post(
    "/import",
    response={201: PersonImportOut, 202: PersonImportJobOut},
    summary="Import persons and households: all rows or none (202 and a job for a file over 5,000 rows)",
)
def persons_import(request: HttpRequest, file: UploadedFile = UPLOAD):
    result = imports.import_or_start(actor=request.user, filename=file.name or "", content=file.read())
    if isinstance(result, imports.ImportResult):
        return Status(201, result)
    return Status(202, _job_out(result))


@router.get(
    "/import-jobs/{job_id}", response=PersonImportJobOut, summary="A long import's progress and outcome"
)
def persons_import_job(request: HttpRequest, job_id: int):
    if not request.user.can("registry.change"):
        raise PermissionDenied()
    return _job_out(job_get(actor=request.user, job_id=job_id))


@router.get("/import-template", summary="The .xlsx import template, with the communes of your scope")
def persons_import_template(request: HttpRequest):
    if not request.user.can("registry.change"):
        raise PermissionDenied()
    response = HttpResponse(imports.template_xlsx(request.user), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="Mau-nhap-nhan-khau.xlsx"'
    return response
