"""Payment pages under /payments/. Views only translate: read the request, call one selector or
service, render. Maker-checker, scope and capabilities are enforced by the services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.money import format_decimal, format_vnd
from ansinh.core.periods import month_label, month_of
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.views import attachment, officer_view, requires
from ansinh.documents import bodies
from ansinh.geo.models import AdminUnit
from ansinh.payments import documents, lists, selectors, services
from ansinh.payments.models import CycleStatus, LineStatus, PaymentChannel

MAX_UPLOAD = 200 * 1024 * 1024


def _failed(request: HttpRequest, exc: ApplicationError) -> None:
    messages.error(request, str(exc.message))


@officer_view
@requires("payments.view")
def cycle_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    province = user.scope_unit.code if user.scope_level == "province" and user.scope_unit else ""
    context = {
        "can_prepare": user.can("payments.prepare"),
        "province": province,
        "this_month": month_of(_today()).strftime("%Y-%m"),
    }
    return listkit.respond(request, lists.CYCLES, "payments/cycle_list.html", context)


def _today():

    return clock.today()


@officer_view
@require_POST
def cycle_create(request: HttpRequest) -> HttpResponse:
    try:
        cycle = services.cycle_create(
            actor=request.user,
            province_code=request.POST.get("province_code", "").strip(),
            month=request.POST.get("month", "").strip(),
        )
    except ApplicationError as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
        for error in errors:
            messages.error(request, str(error.message))
        return redirect("payments:cycle_list")
    return redirect("payments:cycle_detail", cycle.pk)


@officer_view
@requires("payments.view")
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    return render(request, "payments/cycle_detail.html", _detail_context(request, cycle))


@require_GET
@officer_view
@requires("payments.view")
def cycle_cash_list_pdf(request: HttpRequest, cycle_id: int, commune: int) -> HttpResponseBase:
    """A commune's cash-payment signing list of the cycle (danh sách chi trả tiền mặt, ký nhận), as it
    stands: numbered once issued, a draft until then. A GET never takes a number."""
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    printed = documents.cash_list_pdf(actor=request.user, cycle=cycle, commune_id=commune)
    return attachment(printed.filename, printed.content_type, printed.content)


def _ask_cash_list_issue(request: HttpRequest, cycle_id: int, commune: int) -> Confirmation | None:
    """Issuing a list is asked first, naming the register; a list already issued (or a cycle not yet
    approved) is not asked about: the view prints it again (or refuses)."""
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    unit = documents.cash_commune(actor=request.user, cycle=cycle, commune_id=commune)
    if not documents.cash_list_issuable(cycle) or documents.cash_list_issued(
        cycle=cycle, commune_ids=[unit.pk]
    ):
        return None
    figures = {
        "month": month_label(cycle.month),
        "commune": bodies.in_sentence(unit.name),
        "year": clock.today().year,
    }
    return Confirmation(
        title=_("Issue the cash-payment list of %(commune)s for %(month)s") % figures,
        summary=_("Take the list's number from the %(year)s register of %(commune)s and print it.") % figures,
        details=[
            _("You are recorded as the one who drew the list up; every later print shows the same number.")
        ],
        cancel=reverse("payments:cycle_detail", args=[cycle.pk]),
        action=_("Give a number and print"),
    )


@officer_view
@require_POST
@requires("payments.cash")
@confirms(_ask_cash_list_issue, capability="payments.cash")
def cycle_cash_list_issue(request: HttpRequest, cycle_id: int, commune: int) -> HttpResponseBase:
    """Issue a commune's list (its number, its preparer; once) and answer with the PDF."""
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    try:
        printed = documents.cash_list_pdf(actor=request.user, cycle=cycle, commune_id=commune, issue=True)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _failed(request, exc)
        return redirect("payments:cycle_detail", cycle.pk)
    return attachment(printed.filename, printed.content_type, printed.content)


def _province_name(code: str) -> str:
    """The province's current name ("Tỉnh Điện Biên"), or its code if the unit is unknown."""
    unit = AdminUnit.objects.filter(code=code, level="province", structure="2025").first()
    return unit.name if unit else code


def _detail_context(request: HttpRequest, cycle: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    makers = {cycle.generated_by_id, cycle.submitted_by_id}
    batch = selectors.cycle_batch(cycle=cycle)
    job = cycle.job
    refused = job.result if job is not None and job.kind == services.IMPORT_JOB and job.result else {}
    if refused.get("refused") and "import_errors" not in extra:
        extra = {**extra, "import_errors": refused["errors"], "import_file": refused["file"]}
    cash = documents.cash_communes_signed(actor=user, cycle=cycle)
    numbers = documents.cash_list_issued(cycle=cycle, commune_ids=[row["commune_id"] for row in cash])
    for row in cash:
        row["number"] = numbers.get(row["commune_id"], "")
    return {
        "cycle": cycle,
        "label": month_label(cycle.month),
        "province_name": _province_name(cycle.province_code),
        "batch": batch,
        "results": list(batch.results.all()) if batch else [],
        "job": cycle.job,
        "can_prepare": user.can("payments.prepare"),
        "can_issue_cash_lists": user.can("payments.cash") and documents.cash_list_issuable(cycle),
        "can_approve": user.can("payments.approve") and user.pk not in makers,
        "is_maker": user.pk in makers,
        "S": CycleStatus,
        "cash_communes": cash,
        "unsigned_communes": [row["commune__name"] for row in cash if not row["signer"]],
        **extra,
    }


# --- what each step will do, in the cycle's current figures (asked before acting) ---------------------


def _cycle_figures(cycle: Any) -> dict[str, str]:
    return {
        "lines": format_decimal(cycle.line_count),
        "amount": format_vnd(cycle.total_amount),
        "month": month_label(cycle.month),
        "province": _province_name(cycle.province_code),
    }


def _cycle_question(request: HttpRequest, cycle_id: int, title: str, summary: str, *details: Any, **kw: Any):
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    figures = _cycle_figures(cycle)
    return Confirmation(
        title=title % figures,
        summary=summary % figures,
        details=[d % figures for d in details],
        cancel=reverse("payments:cycle_detail", args=[cycle.pk]),
        **kw,
    )


def _ask_generate(request: HttpRequest, cycle_id: int) -> Confirmation:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    again = cycle.status != CycleStatus.DRAFT and cycle.line_count
    return _cycle_question(
        request,
        cycle_id,
        _("Generate the payment lines of %(month)s, %(province)s"),
        _("Compute again the %(lines)s lines, %(amount)s, from the enrolments in force.")
        if again
        else _("Compute one payment line per enrolment in force for %(month)s, %(province)s."),
        action=_("Generate"),
    )


def _ask_submit(request: HttpRequest, cycle_id: int) -> Confirmation:
    return _cycle_question(
        request,
        cycle_id,
        _("Submit the payment cycle %(month)s for approval"),
        _("Submit %(lines)s lines, %(amount)s for approval."),
        _("The lines can no longer be changed until a checker approves or sends the cycle back."),
        action=_("Submit for approval"),
    )


def _ask_approve(request: HttpRequest, cycle_id: int) -> Confirmation | None:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    if request.user.pk in {cycle.generated_by_id, cycle.submitted_by_id}:
        return None  # maker-checker: the view refuses the maker
    return _cycle_question(
        request,
        cycle_id,
        _("Approve the payment cycle %(month)s, %(province)s"),
        _("Approve %(lines)s lines, %(amount)s."),
        _("Once approved, the cycle can be sent to the bank and paid in cash."),
        action=_("Approve"),
    )


def _ask_reject(request: HttpRequest, cycle_id: int) -> Confirmation:
    reason = request.POST.get("reason", "").strip()
    return _cycle_question(
        request,
        cycle_id,
        _("Send the payment cycle %(month)s back"),
        _("Send %(lines)s lines, %(amount)s back to the maker."),
        *([_("Reason: %s") % reason.replace("%", "%%")] if reason else []),
        action=_("Send back"),
    )


def _ask_export(request: HttpRequest, cycle_id: int) -> Confirmation | None:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    if selectors.cycle_batch(cycle=cycle) is not None:
        return None  # the batch exists: this only downloads its file again
    return _cycle_question(
        request,
        cycle_id,
        _("Send the payment cycle %(month)s to the bank"),
        _("Form the bank batch of the lines paid by bank in %(lines)s lines, %(amount)s."),
        _("The batch is formed once; its file can be downloaded again later."),
        action=_("Send to the bank"),
    )


def _ask_result(request: HttpRequest, cycle_id: int) -> Confirmation | None:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    batch = selectors.cycle_batch(cycle=cycle)
    if batch is None:
        return None  # the view says the cycle has not been sent
    return Confirmation(
        title=_("Apply the bank's result to batch %(reference)s") % {"reference": batch.reference},
        summary=_("Record the outcome of the %(lines)s lines, %(amount)s, sent in batch %(reference)s.")
        % {
            "lines": format_decimal(batch.line_count),
            "amount": format_vnd(batch.total_amount),
            "reference": batch.reference,
        },
        details=[_("Lines reported paid are closed as paid; returned lines can then be paid in cash.")],
        cancel=reverse("payments:cycle_detail", args=[cycle.pk]),
        action=_("Apply the result"),
        reupload=[("file", _("Result file"))],
    )


def _act(request: HttpRequest, cycle_id: int, action) -> HttpResponse:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    try:
        action(cycle)
    except ApplicationError as exc:
        _failed(request, exc)
    return redirect("payments:cycle_detail", cycle.pk)


@officer_view
@require_POST
@confirms(_ask_generate, capability="payments.prepare")
def cycle_generate(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _act(request, cycle_id, lambda c: services.cycle_generation_start(actor=request.user, cycle=c))


@officer_view
@require_POST
@confirms(_ask_submit, capability="payments.prepare")
def cycle_submit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _act(request, cycle_id, lambda c: services.cycle_submit(actor=request.user, cycle=c))


@officer_view
@require_POST
@confirms(_ask_approve, capability="payments.approve")
def cycle_approve(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _act(request, cycle_id, lambda c: services.cycle_approve(actor=request.user, cycle=c))


@officer_view
@require_POST
@confirms(_ask_reject, capability="payments.approve")
def cycle_reject(request: HttpRequest, cycle_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act(
        request, cycle_id, lambda c: services.cycle_reject(actor=request.user, cycle=c, reason=reason)
    )


@officer_view
@require_POST
@confirms(_ask_export, capability="payments.prepare")
def cycle_export(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Form the bank batch (first time) and download its file."""
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    try:
        if services.export_in_background(cycle):
            services.batch_export_start(actor=request.user, cycle=cycle)
            messages.info(request, _("The bank files are being prepared; download them here when done."))
            return redirect("payments:cycle_detail", cycle.pk)
        exported = services.batch_export(actor=request.user, cycle=cycle, fmt=request.POST.get("fmt", "csv"))
    except ApplicationError as exc:
        _failed(request, exc)
        return redirect("payments:cycle_detail", cycle.pk)
    return attachment(exported.file_name, exported.content_type, exported.content)


@officer_view
def cycle_export_file(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    exported = services.batch_download(actor=request.user, cycle=cycle, fmt=request.GET.get("fmt", "csv"))
    return attachment(exported.file_name, exported.content_type, exported.content, path=exported.path)


@officer_view
@require_POST
@confirms(_ask_result, capability="payments.prepare")
def cycle_result(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Import the bank's result file; on refusal the cycle page lists every problem with its row."""
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    upload = request.FILES.get("file")
    batch = selectors.cycle_batch(cycle=cycle)
    errors: list[str] = []
    if upload is None:
        errors = [_("Choose the bank's result file.")]
    elif batch is None:
        errors = [_("The cycle has not been sent to the bank yet.")]
    elif upload.size > MAX_UPLOAD:
        errors = [_("The file is too large.")]
    elif services.import_in_background(upload.size):
        try:
            services.result_import_start(
                actor=request.user, batch=batch, chunks=upload.chunks(), file_name=upload.name or ""
            )
        except ApplicationError as exc:
            errors = [str(exc.message)]
        else:
            messages.info(request, _("The bank's result file is being checked; the outcome appears here."))
            return redirect("payments:cycle_detail", cycle.pk)
    else:
        try:
            result = services.result_import(
                actor=request.user, batch=batch, file_bytes=upload.read(), file_name=upload.name or ""
            )
        except ValidationFailed as exc:
            errors = [str(e.message) for e in exc.errors]
        except ApplicationError as exc:
            errors = [str(exc.message)]
        else:
            messages.success(
                request,
                _("Bank result applied: %(paid)s paid, %(returned)s returned.")
                % {"paid": result.paid_count, "returned": result.returned_count},
            )
            return redirect("payments:cycle_detail", cycle.pk)
    context = _detail_context(request, cycle, import_errors=errors, import_file=getattr(upload, "name", ""))
    return render(request, "payments/cycle_detail.html", context, status=422)


@officer_view
@requires("payments.view")
def line_list(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    user = request.user
    context = {
        "cycle": cycle,
        "label": month_label(cycle.month),
        "can_prepare": user.can("payments.prepare"),
        "can_cash": user.can("payments.cash"),
        "S": CycleStatus,
        "L": LineStatus,
    }
    return listkit.respond(
        request, lists.LINES, "payments/line_list.html", context, args={"cycle_id": cycle.pk}
    )


def _line_act(request: HttpRequest, line_id: int, action) -> HttpResponse:
    line = selectors.line_get(actor=request.user, line_id=line_id)
    try:
        action(line)
    except ApplicationError as exc:
        errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
        for error in errors:
            messages.error(request, str(error.message))
    else:
        messages.success(request, _("Payment %(reference)s updated.") % {"reference": line.reference})
    back = request.POST.get("next", "")
    if back.startswith("/payments/"):
        return redirect(back)
    return redirect("payments:line_list", line.cycle_id)


def _line_question(request: HttpRequest, line_id: int, title: str, summary: str, *details: Any, **kw: Any):
    line = selectors.line_get(actor=request.user, line_id=line_id)
    figures = {"reference": line.reference, "name": line.payee_name, "amount": format_vnd(line.amount)}
    back = request.POST.get("next", "")
    return Confirmation(
        title=title % figures,
        summary=summary % figures,
        details=list(details),
        cancel=back if back.startswith("/payments/") else reverse("payments:line_list", args=[line.cycle_id]),
        **kw,
    )


def _ask_cash(request: HttpRequest, line_id: int) -> Confirmation:
    reason = request.POST.get("reason", "").strip()
    return _line_question(
        request,
        line_id,
        _("Pay %(reference)s in cash"),
        _("Pay %(amount)s to %(name)s in cash instead of by bank transfer."),
        *([_("Reason: %s") % reason] if reason else []),
        action=_("Pay in cash"),
    )


def _ask_cash_paid(request: HttpRequest, line_id: int) -> Confirmation:
    return _line_question(
        request,
        line_id,
        _("Record the cash payment %(reference)s"),
        _("Record %(amount)s as paid in cash to %(name)s."),
        _("The payment is then closed as paid."),
        action=_("Paid in cash"),
    )


@officer_view
@require_POST
@confirms(_ask_cash, capability="payments.prepare")
def line_cash(request: HttpRequest, line_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _line_act(
        request, line_id, lambda x: services.line_switch_to_cash(actor=request.user, line=x, reason=reason)
    )


@officer_view
@require_POST
@confirms(_ask_cash_paid, capability="payments.cash")
def line_cash_paid(request: HttpRequest, line_id: int) -> HttpResponse:
    return _line_act(request, line_id, lambda x: services.line_mark_cash_paid(actor=request.user, line=x))


@officer_view
@requires("payments.view")
def cycle_report(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    report = selectors.cycle_report(actor=request.user, cycle=cycle)
    if request.GET.get("format") == "xlsx":
        from ansinh.payments.report_file import report_xlsx

        name = f"bao-cao-chi-tra-{cycle.province_code}-{cycle.month:%Y%m}.xlsx"
        return attachment(
            name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report_xlsx(report)
        )
    channels = dict(PaymentChannel.choices)
    statuses = dict(LineStatus.choices)
    from ansinh.benefits.models import Regime

    regimes = dict(Regime.choices)
    context = {
        "cycle": cycle,
        "label": month_label(cycle.month),
        "province_name": _province_name(cycle.province_code),
        "report": report,
        "by_channel": [{**r, "label": channels.get(r["channel"], r["channel"])} for r in report.by_channel],
        "by_status": [{**r, "label": statuses.get(r["status"], r["status"])} for r in report.by_status],
        "by_regime": [{**r, "label": regimes.get(r["regime"], r["regime"])} for r in report.by_regime],
    }
    return render(request, "payments/report.html", context)
