"""Payment endpoints under /api/v1/payments. Handlers only translate: parse → selector/service → schema.

Lists show account numbers masked; the bank file (full numbers) is for officers who prepare cycles,
and each download is audited.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.masking import mask_account
from ansinh.core.pagination import PageNumberPagination
from ansinh.core.scope import require
from ansinh.core.webkit.views import attachment
from ansinh.payments import documents, selectors, services
from ansinh.payments.models import PaymentLine
from ansinh.payments.report_file import report_xlsx

router = Router(tags=["payments"])
MAX_RESULT_FILE = 200 * 1024 * 1024  # a 1 M-line result file in CSV is about 60 MiB


class CycleOut(Schema):
    id: int
    province_code: str
    month: dt.date
    status: str
    line_count: int
    total_amount: int
    cursor: int
    problem_count: int
    problems: list
    rejection_reason: str
    created_at: dt.datetime
    generated_at: dt.datetime | None
    generated_by: str | None = Field(None, alias="generated_by.username")
    submitted_by: str | None = Field(None, alias="submitted_by.username")
    approved_by: str | None = Field(None, alias="approved_by.username")
    job_id: int | None


class CycleIn(Schema):
    province_code: str = Field(..., max_length=4)
    month: str = Field(..., max_length=10, description="YYYY-MM")


class CycleRejectIn(Schema):
    reason: str = Field(..., max_length=300)


class CashIn(Schema):
    reason: str = Field(..., max_length=200)


class JobOut(Schema):
    job_id: int
    status: str
    url: str


class BatchOut(Schema):
    id: int
    reference: str
    line_count: int
    total_amount: int
    created_at: dt.datetime


class ResultOut(Schema):
    id: int
    file_name: str
    line_count: int
    total_amount: int
    paid_count: int
    paid_amount: int
    returned_count: int
    returned_amount: int
    imported_at: dt.datetime


class CycleLineOut(Schema):
    id: int
    reference: str
    enrolment_id: int
    person_id: int
    commune_id: int
    commune: str = Field(..., alias="commune.name")
    regime: str
    kind: str
    for_month: dt.date
    attempt: int
    amount: int
    channel: str
    cash_reason: str
    payee_name: str
    bank_code: str
    account_masked: str
    status: str
    return_reason: str
    reissue_of_id: int | None

    @staticmethod
    def resolve_account_masked(obj: PaymentLine) -> str:
        return mask_account(obj.account)


class TotalsOut(Schema):
    count: int
    amount: int
    non_cash_count: int
    non_cash_amount: int
    non_cash_share_count: float | None
    non_cash_share_amount: float | None


class CycleReportOut(Schema):
    cycle_id: int
    totals: TotalsOut
    by_commune: list[dict]
    by_channel: list[dict]
    by_regime: list[dict]
    by_status: list[dict]
    arrears_count: int
    arrears_amount: int
    funeral_count: int
    funeral_amount: int
    reissue_count: int
    returned_count: int
    returned_amount: int
    no_account_count: int
    no_account_amount: int
    return_reasons: list[dict]


@router.get("/cycles", response=list[CycleOut], summary="Payment cycles in scope")
@paginate(PageNumberPagination, page_size=50)
def cycles_list(request: HttpRequest, province: str = "", status: str = "", **kwargs):
    qs = selectors.cycle_queryset(actor=request.user)
    if province:
        qs = qs.filter(province_code=province)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-month", "province_code")


@router.post("/cycles", response={201: CycleOut}, summary="Create the cycle of a province and month")
def cycle_create(request: HttpRequest, payload: CycleIn):
    return Status(
        201,
        services.cycle_create(actor=request.user, province_code=payload.province_code, month=payload.month),
    )


@router.get("/cycles/{cycle_id}", response=CycleOut)
def cycle_detail(request: HttpRequest, cycle_id: int):
    return selectors.cycle_get(actor=request.user, cycle_id=cycle_id)


@router.post(
    "/cycles/{cycle_id}/generate", response={202: JobOut}, summary="Generate the lines in the background"
)
def cycle_generate(request: HttpRequest, cycle_id: int):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    job = services.cycle_generation_start(actor=request.user, cycle=cycle)
    return Status(202, {"job_id": job.pk, "status": job.status, "url": f"/jobs/{job.pk}/"})


@router.post("/cycles/{cycle_id}/submit", response=CycleOut)
def cycle_submit(request: HttpRequest, cycle_id: int):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    return services.cycle_submit(actor=request.user, cycle=cycle)


@router.post("/cycles/{cycle_id}/approve", response=CycleOut, summary="Approve (not by the cycle's maker)")
def cycle_approve(request: HttpRequest, cycle_id: int):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    return services.cycle_approve(actor=request.user, cycle=cycle)


@router.post("/cycles/{cycle_id}/reject", response=CycleOut, summary="Send a submitted cycle back")
def cycle_reject(request: HttpRequest, cycle_id: int, payload: CycleRejectIn):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    return services.cycle_reject(actor=request.user, cycle=cycle, reason=payload.reason)


@router.post("/cycles/{cycle_id}/export", response={201: BatchOut}, summary="Form the bank batch")
def cycle_export(request: HttpRequest, cycle_id: int):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    return Status(201, services.batch_export(actor=request.user, cycle=cycle, fmt="csv").batch)


@router.get(
    "/cycles/{cycle_id}/cash-list/{commune_id}.pdf",
    summary="The commune's cash-payment signing list of the cycle (PDF, Decree 30 format)",
)
def cycle_cash_list_pdf(request: HttpRequest, cycle_id: int, commune_id: int):
    """The list as it stands: numbered once issued, a draft (DỰ THẢO) until then; never takes a number."""
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    printed = documents.cash_list_pdf(actor=request.user, cycle=cycle, commune_id=commune_id)
    return attachment(printed.filename, printed.content_type, printed.content)


@router.post(
    "/cycles/{cycle_id}/cash-list/{commune_id}/issue",
    summary="Issue the commune's cash-payment signing list: its number from the register, then the PDF",
)
def cycle_cash_list_issue(request: HttpRequest, cycle_id: int, commune_id: int):
    """From the cycle's approval on: the list takes the next "DS" number of the commune's register and
    records the caller as its preparer (once); issuing again prints the same number. 409 before approval."""
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    printed = documents.cash_list_pdf(actor=request.user, cycle=cycle, commune_id=commune_id, issue=True)
    return attachment(printed.filename, printed.content_type, printed.content)


@router.get("/cycles/{cycle_id}/export/file", summary="Download the bank batch file (CSV or XLSX)")
def cycle_export_file(request: HttpRequest, cycle_id: int, fmt: str = "csv"):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    exported = services.batch_download(actor=request.user, cycle=cycle, fmt=fmt)
    return attachment(exported.file_name, exported.content_type, exported.content, path=exported.path)


@router.post("/cycles/{cycle_id}/result", response={201: ResultOut}, summary="Import the bank's result file")
def cycle_result(request: HttpRequest, cycle_id: int, file: File[UploadedFile]):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    # Who may import comes before what the cycle lacks: a reader learns nothing from a bank-file upload.
    require(request.user, "payments.prepare")
    batch = selectors.cycle_batch(cycle=cycle)
    if batch is None:
        raise ApplicationError("batch.missing", _("The cycle has not been sent to the bank yet."))
    if file.size and file.size > MAX_RESULT_FILE:
        raise ValidationFailed(
            [ApplicationError("result.too_big", _("The file is too large."), field="file")]
        )
    return Status(
        201,
        services.result_import(
            actor=request.user, batch=batch, file_bytes=file.read(), file_name=file.name or ""
        ),
    )


@router.get("/cycles/{cycle_id}/report", response=CycleReportOut)
def cycle_report(request: HttpRequest, cycle_id: int):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    report = selectors.cycle_report(actor=request.user, cycle=cycle)
    data = {k: v for k, v in report.__dict__.items() if k not in ("cycle", "totals")}
    t = report.totals
    totals = {
        **t.__dict__,
        "non_cash_share_count": t.non_cash_share_count,
        "non_cash_share_amount": t.non_cash_share_amount,
    }
    return {"cycle_id": cycle.pk, "totals": totals, **data}


@router.get("/cycles/{cycle_id}/report.xlsx", summary="The cycle report as an Excel workbook")
def cycle_report_xlsx(request: HttpRequest, cycle_id: int):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    content = report_xlsx(selectors.cycle_report(actor=request.user, cycle=cycle))
    name = f"bao-cao-chi-tra-{cycle.province_code}-{cycle.month:%Y%m}.xlsx"
    return attachment(name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", content)


@router.get(
    "/cycles/{cycle_id}/lines", response=list[CycleLineOut], summary="Payment lines in scope (masked)"
)
@paginate(PageNumberPagination, page_size=100)
def cycle_lines(
    request: HttpRequest,
    cycle_id: int,
    commune: int | None = None,
    status: str = "",
    channel: str = "",
    **kwargs,
):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    return selectors.line_list(
        actor=request.user, cycle=cycle, commune=commune, status=status, channel=channel
    )


@router.post("/lines/{line_id}/cash", response=CycleLineOut, summary="Pay a returned line in cash instead")
def line_cash(request: HttpRequest, line_id: int, payload: CashIn):
    line = selectors.line_get(actor=request.user, line_id=line_id)
    return services.line_switch_to_cash(actor=request.user, line=line, reason=payload.reason)


@router.post(
    "/lines/{line_id}/cash-paid", response=CycleLineOut, summary="Record that the commune paid in cash"
)
def line_cash_paid(request: HttpRequest, line_id: int):
    line = selectors.line_get(actor=request.user, line_id=line_id)
    return services.line_mark_cash_paid(actor=request.user, line=line)
