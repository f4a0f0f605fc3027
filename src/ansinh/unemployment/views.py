"""Counsellor pages: the claim queue with decision deadlines, filing, the claim page (documents, decision,
monthly reports, stop, the payment schedule, the claimant's job matches), the decisions export; and the
public calculator's address. Views only translate: read the request → one selector or service → render.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ansinh.core import clock, numbers
from ansinh.core.dates import parse_date
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.identifiers import personal_id as pid
from ansinh.core.money import format_vnd
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.views import attachment, int_param, officer_view, render_partial, requires
from ansinh.labour.models import GeneralEducation
from ansinh.registry import resolve
from ansinh.unemployment import rules, selectors, services
from ansinh.unemployment.inputs import ClaimData, DecisionData
from ansinh.unemployment.models import ClaimStatus, StopReason

QUEUE_LABELS = {
    "open": pgettext_lazy("claim queue", "Open"),
    "filed": gettext_lazy("Awaiting decision"),
    "overdue": gettext_lazy("Decision overdue"),
    "approved": gettext_lazy("Receiving"),
    "refused": gettext_lazy("Refused"),
    "stopped": gettext_lazy("Stopped"),
    "all": gettext_lazy("All"),
}


def _errors(exc: ApplicationError) -> dict[str, list[str]]:
    """Field → messages, "" for the ones that name no field."""
    out: dict[str, list[str]] = {}
    for err in exc.errors if isinstance(exc, ValidationFailed) else [exc]:
        out.setdefault(err.field or "", []).append(str(err.message))
    return out


def _date(raw: str | None) -> dt.date | None:
    try:
        return parse_date(raw, field="date")
    except ApplicationError:
        return None


def _number(raw: str | None) -> int | None:
    """A number typed into the calculator form; None (the calculator then says which) when unreadable."""
    try:
        return numbers.parse_integer(raw, field="number", maximum=None)
    except ApplicationError:
        return None


def calculator(request: HttpRequest) -> HttpResponse:
    """The public calculator for workers lives with the other regimes at /calc/."""
    return redirect(reverse("calc:page") + "?regime=unemployment-benefit#calc-unemployment-benefit")


@officer_view
@requires("unemployment.view")
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("queue") if request.GET.get("queue") in selectors.QUEUES else "open"
    q = request.GET.get("q", "")[:100]
    claims = list(selectors.claim_list(actor=request.user, queue=queue, q=q)[: selectors.PAGE_SIZE])
    today = clock.today()
    rows = [
        {
            "claim": c,
            "pid": pid.mask(c.person.personal_id),
            "overdue": c.status == ClaimStatus.FILED
            and c.decision_due is not None
            and c.decision_due < today,
            "days_left": (c.decision_due - today).days if c.decision_due else None,
            "days_over": (today - c.decision_due).days if c.decision_due else None,
        }
        for c in claims
    ]
    queues = list(QUEUE_LABELS.items())
    context = {"rows": rows, "queue": queue, "q": q, "queues": queues, "today": today}
    return render_partial(request, "unemployment/claim_list.html", "results", context)


@officer_view
@requires("unemployment.change")
def claim_file(request: HttpRequest) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            claim = services.claim_file(actor=request.user, data=_claim_data(request))
        except ApplicationError as exc:
            renamed = {"person_id": "personal_id", "title": "job_title", "occupation_codes": "job_title"}
            errors = {renamed.get(k, k): v for k, v in _errors(exc).items()}
        else:
            messages.success(request, _("The claim was filed."))
            return redirect("unemployment:claim_detail", claim.pk)
    context = {
        "errors": errors, "v": values, "regions": (1, 2, 3, 4), "educations": GeneralEducation.choices,
    }  # fmt: skip
    return render(request, "unemployment/claim_form.html", context, status=422 if errors else 200)


def _claim_data(request: HttpRequest) -> ClaimData:
    p = request.POST
    # Out of scope reads as not found: the claim is filed where the person is registered.
    person = resolve.find_in_scope(actor=request.user, personal_id=p.get("personal_id", ""))
    if person is None:
        raise ValidationFailed(
            [ApplicationError("person.not_found", _("No person with this personal ID number in the registry "
                                                   "of your province: register the person first."),
                              field="personal_id")]
        )  # fmt: skip
    return ClaimData(
        person_id=person.pk,
        termination_date=_date(p.get("termination_date")),
        filed_on=_date(p.get("filed_on")),
        employer_name=p.get("employer_name", ""),
        avg_salary_6m=_number(p.get("avg_salary_6m")),
        contribution_months=_number(p.get("contribution_months")),
        recent_contribution_months=_number(p.get("recent_contribution_months")),
        salary_regime=p.get("salary_regime", "employer"),
        region=_number(p.get("region")) or 1,
        short_contract=bool(p.get("short_contract")),
        unlawful_termination=bool(p.get("unlawful_termination")),
        receiving_pension=bool(p.get("receiving_pension")),
        pension_eligible=bool(p.get("pension_eligible")),
        doc_application=bool(p.get("doc_application")),
        doc_termination=bool(p.get("doc_termination")),
        doc_si_book=bool(p.get("doc_si_book")),
        job_title=p.get("job_title", ""),
        general_education=_number(p.get("general_education")),
        notes=p.get("notes", ""),
    )


def _detail_context(request: HttpRequest, claim: Any, errors: dict[str, list[str]] | None = None) -> dict:
    rows = services.claim_schedule(claim)
    assessment = services.assess(claim) if claim.status == ClaimStatus.FILED else None
    return {
        "claim": claim,
        "errors": errors or {},
        "required": services.required_documents(claim.law),
        "assessment": assessment,
        "schedule": rows,
        "missed_in_a_row": rules.missed_in_a_row(rows),
        "payable_total": sum(r.payable for r in rows),
        "reported": {r.index for r in rows if r.reported_on},
        "reports": claim.reports.order_by("month_index"),
        "matches": selectors.claim_matches(actor=request.user, claim=claim),
        "stop_reasons": StopReason.choices,
        "today": clock.today(),
        "can_change": request.user.can("unemployment.change"),
    }


@officer_view
@requires("unemployment.view")
@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    return render(request, "unemployment/claim_detail.html", _detail_context(request, claim))


def _act(request: HttpRequest, claim_id: int, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
        context = _detail_context(request, claim, _errors(exc))
        return render(request, "unemployment/claim_detail.html", context, status=422)
    messages.success(request, done)
    return redirect("unemployment:claim_detail", claim_id)


@officer_view
@requires("unemployment.change")
@require_POST
def claim_documents(request: HttpRequest, claim_id: int) -> HttpResponse:
    p = request.POST
    documents = {name: bool(p.get(name)) for name in services.DOCUMENTS}
    return _act(
        request, claim_id,
        lambda: services.claim_documents(
            actor=request.user, claim_id=claim_id, documents=documents,
            complete_on=_date(p.get("complete_on")), expected_version=int_param(p.get("version")),
        ),
        _("The documents were recorded."),
    )  # fmt: skip


def _ask_decide(request: HttpRequest, claim_id: int) -> Confirmation:
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    figures = {
        "name": claim.person.full_name,
        "reference": claim.reference,
        "number": request.POST.get("number", "").strip() or "—",
    }
    try:
        assessment = services.assess(claim) if request.POST.get("approve") == "1" else None
    except ApplicationError:
        assessment = None  # the decision itself will say why the claim cannot be approved
    if request.POST.get("approve") == "1":
        figures |= {
            "amount": format_vnd(assessment.monthly_amount) if assessment else "—",
            "months": assessment.months if assessment else "—",
        }
        summary = _("Approve unemployment benefit for %(name)s: %(amount)s a month for %(months)s months.")
        action = _("Approve")
    else:
        summary = _("Refuse the unemployment benefit claim of %(name)s.")
        action = _("Refuse")
    return Confirmation(
        title=_("Decide claim %(reference)s") % figures,
        summary=summary % figures,
        details=[_("Decision %(number)s") % figures],
        cancel=reverse("unemployment:claim_detail", args=[claim.pk]),
        action=action,
    )


def _ask_stop(request: HttpRequest, claim_id: int) -> Confirmation:
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    reason = dict(StopReason.choices).get(request.POST.get("reason", ""))
    figures = {"name": claim.person.full_name, "reference": claim.reference}
    return Confirmation(
        title=_("Stop the benefit of claim %(reference)s") % figures,
        summary=_("Stop the unemployment benefit of %(name)s; the months not received are carried over.")
        % figures,
        details=[_("Reason: %s") % reason] if reason else [],
        cancel=reverse("unemployment:claim_detail", args=[claim.pk]),
        action=_("Stop the benefit"),
        danger=True,
    )


@officer_view
@requires("unemployment.change")
@require_POST
@confirms(_ask_decide)
def claim_decide(request: HttpRequest, claim_id: int) -> HttpResponse:
    p = request.POST
    data = DecisionData(
        approve=p.get("approve") == "1", number=p.get("number", ""), decided_on=_date(p.get("decided_on")),
        signer=p.get("signer", ""), refusal_reason=p.get("refusal_reason", ""),
    )  # fmt: skip
    return _act(
        request, claim_id,
        lambda: services.claim_decide(
            actor=request.user, claim_id=claim_id, data=data, expected_version=int_param(p.get("version"))
        ),
        _("The decision was recorded."),
    )  # fmt: skip


@officer_view
@requires("unemployment.change")
@require_POST
def claim_report(request: HttpRequest, claim_id: int) -> HttpResponse:
    p = request.POST
    return _act(
        request, claim_id,
        lambda: services.report_record(
            actor=request.user, claim_id=claim_id, month_index=int_param(p.get("month_index")) or 0,
            reported_on=_date(p.get("reported_on")), jobs_applied=int_param(p.get("jobs_applied")) or 0,
            notes=p.get("notes", ""), expected_version=int_param(p.get("version")),
        ),
        _("The job-search report was recorded."),
    )  # fmt: skip


@officer_view
@requires("unemployment.change")
@require_POST
@confirms(_ask_stop)
def claim_stop(request: HttpRequest, claim_id: int) -> HttpResponse:
    p = request.POST
    return _act(
        request, claim_id,
        lambda: services.claim_stop(
            actor=request.user, claim_id=claim_id, reason=p.get("reason", ""),
            stopped_on=_date(p.get("stopped_on")), expected_version=int_param(p.get("version")),
        ),
        _("The benefit was stopped."),
    )  # fmt: skip


@officer_view
@requires("unemployment.view")
@require_GET
def decisions_export(request: HttpRequest) -> HttpResponse:
    queryset = selectors.decisions_queryset(
        actor=request.user, start=_date(request.GET.get("start")), end=_date(request.GET.get("end"))
    )
    try:
        name, content_type, content = selectors.decisions_export(
            actor=request.user, queryset=queryset, fmt=request.GET.get("format", "xlsx")
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("unemployment:claim_list")
    return attachment(name, content_type, content)
