"""The merit lists under /api/v1/merit: the import of a province's lists (all rows or none), its template,
and the commune's monthly payment list as a PDF. Handlers only translate."""

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from ansinh.core.errors import PermissionDenied
from ansinh.core.webkit.views import attachment
from ansinh.merit import documents, imports

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
