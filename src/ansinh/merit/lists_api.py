"""The merit lists under /api/v1/merit: the import of a province's lists (all rows or none), its template,
the commune's monthly payment list as a PDF, the end of a caregiver's period and the removal of a martyr
link made by mistake. Handlers only translate."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from ansinh.core.errors import PermissionDenied
from ansinh.core.webkit.views import attachment
from ansinh.merit import amend, documents, imports

router = Router(tags=["merit"])
UPLOAD = File(..., description="the .xlsx or .csv file (see /merit/import-template)")


class MeritImportOut(Schema):
    records: int
    assessments: int
    relatives: int
    by_category: dict[str, int]


@router.post(
    "/import",
    response={201: MeritImportOut},
    summary="Import lists of people with merit: all rows or none (422 lists every refused row)",
)
def records_import(request: HttpRequest, file: UploadedFile = UPLOAD):
    result = imports.import_records(actor=request.user, filename=file.name or "", content=file.read())
    return Status(201, result)


@router.get("/import-template", summary="The .xlsx import template of the lists of people with merit")
def records_import_template(request: HttpRequest):
    if not request.user.can("merit.change"):
        raise PermissionDenied()
    response = HttpResponse(imports.template_xlsx(), content_type=imports.XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="Mau-nhap-danh-sach-nguoi-co-cong.xlsx"'
    return response


@router.get(
    "/payment-list/{commune_id}.pdf",
    summary="The commune's monthly payment list of merit allowances (PDF, Decree 30 format)",
)
def payment_list_pdf(request: HttpRequest, commune_id: int, month: str = ""):
    """`month` as MM/YYYY or YYYY-MM. A draft (DỰ THẢO) until a number is recorded; never writes."""
    on = documents.parse_month(month)
    printed = documents.payment_list_pdf(actor=request.user, commune_id=commune_id, month=on)
    return attachment(printed.filename, printed.content_type, printed.content)


class CaregiverEndIn(Schema):
    valid_to: str = Field("", max_length=20, description="the last day of caring, YYYY-MM-DD or DD/MM/YYYY")


class CaregiverEndedOut(Schema):
    id: int
    person_id: int
    valid_from: dt.date
    valid_to: dt.date | None


class RelativeUnlinkIn(Schema):
    person_id: int | None = None
    reason: str = Field("", max_length=300)


@router.post(
    "/records/{record_id}/caregivers/end",
    response=CaregiverEndedOut,
    summary="End the current caregiver's period",
)
def caregiver_end(request: HttpRequest, record_id: int, payload: CaregiverEndIn):
    return amend.caregiver_end(actor=request.user, record_id=record_id, valid_to=payload.valid_to)


@router.post(
    "/martyrs/{martyr_id}/relatives/unlink",
    response={204: None},
    summary="Remove a person's link to a martyr recorded by mistake (with the reason)",
)
def relative_unlink(request: HttpRequest, martyr_id: int, payload: RelativeUnlinkIn):
    amend.relative_unlink(
        actor=request.user, martyr_id=martyr_id, person_id=payload.person_id, reason=payload.reason
    )
    return Status(204, None)
