"""People with merit, martyrs and their relatives under /api/v1/merit. Handlers only translate:
parse → selector → one service call → schema. Lists mask the personal ID as the registry does; a record's
detail is a full read and is audited."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from ansinh.core.identifiers import personal_id as pid
from ansinh.core.pagination import PageNumberPagination
from ansinh.merit import amend, inputs, selectors, services
from ansinh.merit.models import Martyr, MeritRecord
from ansinh.registry.api import UnitRef
from ansinh.registry.inputs import parse_person

router = Router(tags=["merit"])


# --- output -----------------------------------------------------------------------------------------


class MeritAssessmentOut(Schema):
    id: int
    rate: int
    especially_severe: bool
    assessed_on: dt.date
    medical_council: str
    note: str


class MeritCaregiverOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.full_name")
    valid_from: dt.date
    valid_to: dt.date | None


class MeritCareOut(Schema):
    id: int
    organisation: str
    valid_from: dt.date
    valid_to: dt.date | None


class MeritMartyrLinkOut(Schema):
    martyr_id: int
    martyr_name: str = Field(..., alias="martyr.full_name")
    relation: str
    nurtured_years: int | None


class MeritRecordListItem(Schema):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.full_name")
    personal_id_masked: str
    category: str
    decision_number: str
    decision_date: dt.date
    decision_body: str
    dossier_number: str
    managing_province: UnitRef
    province_code: str
    commune: UnitRef = Field(..., alias="person.commune")
    status: str
    status_from: dt.date
    version: int

    @staticmethod
    def resolve_personal_id_masked(obj: MeritRecord) -> str:
        return pid.mask(obj.person.personal_id) if obj.person.personal_id else ""


class MeritRecordOut(MeritRecordListItem):
    personal_id: str = Field(..., alias="person.personal_id")
    note: str
    assessment_in_force: MeritAssessmentOut | None = None
    assessments: list[MeritAssessmentOut] = []
    caregivers: list[MeritCaregiverOut] = []
    care: list[MeritCareOut] = []
    martyrs: list[MeritMartyrLinkOut] = []

    @staticmethod
    def resolve_personal_id(obj: MeritRecord) -> str:
        return obj.person.personal_id or ""

    @staticmethod
    def resolve_assessment_in_force(obj: MeritRecord) -> Any:
        return selectors.assessment_in_force(record=obj)

    @staticmethod
    def resolve_assessments(obj: MeritRecord) -> list:
        return selectors.assessments(record=obj)

    @staticmethod
    def resolve_caregivers(obj: MeritRecord) -> list:
        return selectors.caregivers(record=obj)

    @staticmethod
    def resolve_care(obj: MeritRecord) -> list:
        return selectors.care_assignments(record=obj)

    @staticmethod
    def resolve_martyrs(obj: MeritRecord) -> list:
        return list(obj.person.martyr_links.select_related("martyr").order_by("id"))


class MeritMartyrListItem(Schema):
    id: int
    full_name: str
    birth_year: int | None
    native_place: str
    sacrificed_on: dt.date
    certificate_number: str
    commune: UnitRef
    province_code: str
    relative_count: int = 0


class MeritRelativeOut(Schema):
    id: int
    martyr_id: int
    person_id: int
    person_name: str = Field(..., alias="person.full_name")
    personal_id_masked: str
    relation: str
    nurtured_years: int | None

    @staticmethod
    def resolve_personal_id_masked(obj: Any) -> str:
        return pid.mask(obj.person.personal_id) if obj.person.personal_id else ""


class MeritMartyrOut(MeritMartyrListItem):
    sacrificed_at: str
    certificate_date: dt.date
    grave_location: str
    relatives: list[MeritRelativeOut] = []
    relatives_elsewhere: int = 0


# --- input ------------------------------------------------------------------------------------------
# Loose types on purpose: `merit.inputs` parses them and answers in the user's language, every field at once.


class MeritPersonIn(Schema):
    full_name: str = Field("", max_length=200)
    personal_id: str = Field("", max_length=20)
    birth_date: str = Field("", max_length=20)
    birth_year: int | str | None = None
    sex: str = Field("", max_length=2)
    ethnicity: str = Field("01", max_length=2)
    commune_id: int | None = None
    address_detail: str = Field("", max_length=200)
    phone: str = Field("", max_length=20)
    link_to: int | None = None
    confirm_new: bool = False
    new_reason: str = Field("", max_length=300)


class MeritRecordFieldsIn(Schema):
    decision_number: str = Field("", max_length=60)
    decision_date: str = Field("", max_length=20, description="YYYY-MM-DD or DD/MM/YYYY")
    decision_body: str = Field("", max_length=200)
    dossier_number: str = Field("", max_length=60)
    status: str = Field("active", max_length=12)
    status_from: str = Field("", max_length=20)
    note: str = Field("", max_length=300)


class MeritRecordIn(MeritRecordFieldsIn):
    person_id: int | None = Field(None, description="An existing registry person; else give `person`.")
    person: MeritPersonIn | None = None
    category: str = Field("", max_length=30)


class MeritRecordUpdateIn(MeritRecordFieldsIn):
    version: int | None = Field(
        None, description="The version you edited; a newer one on the server is a 409."
    )


class MeritAssessmentIn(Schema):
    rate: int | str | None = None
    especially_severe: bool = False
    assessed_on: str = Field("", max_length=20)
    medical_council: str = Field("", max_length=200)
    note: str = Field("", max_length=300)


class MeritCaregiverIn(Schema):
    person_id: int | None = None
    valid_from: str = Field("", max_length=20)
    valid_to: str = Field("", max_length=20)


class MeritCareIn(Schema):
    organisation: str = Field("", max_length=200)
    valid_from: str = Field("", max_length=20)
    valid_to: str = Field("", max_length=20)


class MeritMartyrIn(Schema):
    full_name: str = Field("", max_length=200)
    birth_year: int | str | None = None
    native_place: str = Field("", max_length=200)
    commune_id: int | None = None
    sacrificed_on: str = Field("", max_length=20)
    sacrificed_at: str = Field("", max_length=200)
    certificate_number: str = Field("", max_length=60)
    certificate_date: str = Field("", max_length=20)
    grave_location: str = Field("", max_length=200)


class MeritRelativeIn(Schema):
    person_id: int | None = None
    relation: str = Field("", max_length=12)
    nurtured_years: int | str | None = None


# --- records ----------------------------------------------------------------------------------------


@router.get("/records", response=list[MeritRecordListItem], summary="Records of people with merit (masked)")
@paginate(PageNumberPagination, page_size=50)
def records_list(
    request: HttpRequest,
    category: str = "",
    status: str = "",
    commune: int | None = None,
    person: int | None = None,
    **kwargs,
):
    return selectors.record_list(
        actor=request.user, category=category, status=status, commune=commune, person=person
    )


@router.get("/records/{record_id}", response=MeritRecordOut, summary="One record, its assessments and care")
def record_detail(request: HttpRequest, record_id: int):
    return selectors.record_view_full(actor=request.user, record_id=record_id)


@router.post("/records", response={201: MeritRecordOut}, summary="Record a person with merit")
def record_create(request: HttpRequest, payload: MeritRecordIn):
    raw = payload.dict()
    data = inputs.parse_record(raw)
    person_data = parse_person(raw["person"]) if payload.person_id is None and raw.get("person") else None
    record = services.record_create(
        actor=request.user, data=data, person_id=payload.person_id, person_data=person_data
    )
    return Status(201, selectors.record_view_full(actor=request.user, record_id=record.pk))


@router.put("/records/{record_id}", response=MeritRecordOut, summary="Edit a record's decision and status")
def record_update(request: HttpRequest, record_id: int, payload: MeritRecordUpdateIn):
    selectors.record_get(actor=request.user, record_id=record_id, change=True)
    data = inputs.parse_record(payload.dict(), with_category=False)
    services.record_update(
        actor=request.user, record_id=record_id, data=data, expected_version=payload.version
    )
    return selectors.record_view_full(actor=request.user, record_id=record_id)


@router.post(
    "/records/{record_id}/assessments",
    response={201: MeritAssessmentOut},
    summary="Record an injury assessment",
)
def assessment_create(request: HttpRequest, record_id: int, payload: MeritAssessmentIn):
    selectors.record_get(actor=request.user, record_id=record_id, change=True)
    made = services.assessment_record(
        actor=request.user, record_id=record_id, data=inputs.parse_assessment(payload.dict())
    )
    return Status(201, made)


@router.post("/records/{record_id}/caregivers", response={201: MeritCaregiverOut}, summary="Add a caregiver")
def caregiver_create(request: HttpRequest, record_id: int, payload: MeritCaregiverIn):
    selectors.record_get(actor=request.user, record_id=record_id, change=True)
    made = services.caregiver_add(
        actor=request.user, record_id=record_id, data=inputs.parse_caregiver(payload.dict())
    )
    return Status(201, made)


@router.post(
    "/records/{record_id}/care",
    response={201: MeritCareOut},
    summary="Care of a Heroic Mother by an organisation",
)
def care_create(request: HttpRequest, record_id: int, payload: MeritCareIn):
    selectors.record_get(actor=request.user, record_id=record_id, change=True)
    made = services.care_add(actor=request.user, record_id=record_id, data=inputs.parse_care(payload.dict()))
    return Status(201, made)


# --- martyrs ----------------------------------------------------------------------------------------


def _martyr_out(request: HttpRequest, martyr: Martyr) -> dict[str, Any]:
    shown, elsewhere = selectors.martyr_relatives(actor=request.user, martyr=martyr)
    data = MeritMartyrListItem.from_orm(martyr).dict()
    data["relative_count"] = len(shown) + elsewhere
    return {
        **data,
        "sacrificed_at": martyr.sacrificed_at,
        "certificate_date": martyr.certificate_date,
        "grave_location": martyr.grave_location,
        "relatives": shown,
        "relatives_elsewhere": elsewhere,
    }


@router.get("/martyrs", response=list[MeritMartyrListItem], summary="Martyrs held in scope")
@paginate(PageNumberPagination, page_size=50)
def martyrs_list(request: HttpRequest, q: str = "", commune: int | None = None, **kwargs):
    rows = selectors.martyr_text_filter(selectors.martyr_queryset(actor=request.user), query=q[:100])
    if commune is not None:
        rows = rows.filter(commune_id=commune)
    return rows.order_by("name_folded", "id")


@router.get("/martyrs/{martyr_id}", response=MeritMartyrOut, summary="One martyr and the relatives linked")
def martyr_detail(request: HttpRequest, martyr_id: int):
    return _martyr_out(request, selectors.martyr_get(actor=request.user, martyr_id=martyr_id))


@router.post("/martyrs", response={201: MeritMartyrOut}, summary="Register a martyr")
def martyr_create(request: HttpRequest, payload: MeritMartyrIn):
    martyr = services.martyr_create(actor=request.user, data=inputs.parse_martyr(payload.dict()))
    return Status(201, _martyr_out(request, selectors.martyr_get(actor=request.user, martyr_id=martyr.pk)))


@router.post(
    "/martyrs/{martyr_id}/relatives", response={201: MeritRelativeOut}, summary="Link a relative to a martyr"
)
def relative_create(request: HttpRequest, martyr_id: int, payload: MeritRelativeIn):
    selectors.martyr_get(actor=request.user, martyr_id=martyr_id, change=True)
    link = services.relative_link(
        actor=request.user, martyr_id=martyr_id, data=inputs.parse_relative(payload.dict())
    )
    return Status(201, link)


class MeritMartyrUpdateIn(MeritMartyrIn):
    version: int | None = Field(
        None, description="The version you edited; a newer one on the server is a 409."
    )


@router.put("/martyrs/{martyr_id}", response=MeritMartyrOut, summary="Correct a martyr's record")
def martyr_update(request: HttpRequest, martyr_id: int, payload: MeritMartyrUpdateIn):
    selectors.martyr_get(actor=request.user, martyr_id=martyr_id, change=True)
    amend.martyr_update(
        actor=request.user,
        martyr_id=martyr_id,
        data=inputs.parse_martyr(payload.dict()),
        expected_version=payload.version,
    )
    return _martyr_out(request, selectors.martyr_get(actor=request.user, martyr_id=martyr_id))
