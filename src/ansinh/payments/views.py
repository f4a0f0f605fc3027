"""Payment pages under /payments/. Views only translate: read the request, call one selector or
service, render. Maker-checker, scope and capabilities are enforced by the services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.periods import month_label, month_of
from ansinh.core.webkit import listkit
from ansinh.core.webkit.views import attachment, officer_view, requires
from ansinh.geo.models import AdminUnit
from ansinh.payments import lists, selectors, services
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
    return {
        "cycle": cycle,
        "label": month_label(cycle.month),
        "province_name": _province_name(cycle.province_code),
        "batch": batch,
        "results": list(batch.results.all()) if batch else [],
        "job": cycle.job,
        "can_prepare": user.can("payments.prepare"),
        "can_approve": user.can("payments.approve") and user.pk not in makers,
        "is_maker": user.pk in makers,
        "S": CycleStatus,
        **extra,
    }


def _act(request: HttpRequest, cycle_id: int, action) -> HttpResponse:
    cycle = selectors.cycle_get(actor=request.user, cycle_id=cycle_id)
    try:
        action(cycle)
    except ApplicationError as exc:
        _failed(request, exc)
    return redirect("payments:cycle_detail", cycle.pk)


@officer_view
@require_POST
def cycle_generate(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _act(request, cycle_id, lambda c: services.cycle_generation_start(actor=request.user, cycle=c))


@officer_view
@require_POST
def cycle_submit(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _act(request, cycle_id, lambda c: services.cycle_submit(actor=request.user, cycle=c))


@officer_view
@require_POST
def cycle_approve(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _act(request, cycle_id, lambda c: services.cycle_approve(actor=request.user, cycle=c))


@officer_view
@require_POST
def cycle_reject(request: HttpRequest, cycle_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act(
        request, cycle_id, lambda c: services.cycle_reject(actor=request.user, cycle=c, reason=reason)
    )


@officer_view
@require_POST
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


@officer_view
@require_POST
def line_cash(request: HttpRequest, line_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _line_act(
        request, line_id, lambda x: services.line_switch_to_cash(actor=request.user, line=x, reason=reason)
    )


@officer_view
@require_POST
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
