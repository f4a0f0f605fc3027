"""Counsellor pages of referrals and placements: refer from a match list, record an outcome, record a
placement, the referral list. Views only translate: read the request, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.views import attachment, int_param, officer_view, requires
from ansinh.labour.models import ReferralStatus
from ansinh.labour.referrals import documents as referral_documents
from ansinh.labour.referrals import lists
from ansinh.labour.referrals import selectors as referral_selectors
from ansinh.labour.referrals import services as referral_services
from ansinh.labour.registration import selectors as registration_selectors
from ansinh.labour.registration.inputs import date


def _refused_messages(exc: ApplicationError) -> list[str]:
    return [str(e.message) for e in getattr(exc, "errors", [exc])]


@require_POST
@officer_view
@requires("labour.change")
def referral_create(request: HttpRequest) -> HttpResponse:
    """Refer from a match list (htmx: the button becomes "referred") or from the seeker page."""
    seeker_id = int_param(request.POST.get("seeker"))
    vacancy_id = int_param(request.POST.get("vacancy"))
    try:
        score = float(request.POST.get("score", "").replace(",", ".") or "nan")
    except ValueError:
        score = float("nan")
    problem = None
    try:
        referral_services.referral_create(actor=request.user, seeker_id=seeker_id, vacancy_id=vacancy_id,
                                  note=request.POST.get("note", "")[:500],
                                  score=None if score != score else score)  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        problem = _refused_messages(exc)
    if request.htmx:
        context = {"problem": problem}
        return render(request, "labour/_referred.html", context)
    for text in problem or []:
        messages.error(request, text)
    if not problem:
        messages.success(request, _("The person was referred to the vacancy."))
    if seeker_id is None:
        return redirect("labour:dashboard")
    return redirect("labour:seeker_detail", seeker_id=seeker_id)


@require_GET
@officer_view
@requires("labour.view")
def referral_slip_pdf(request: HttpRequest, referral_id: int) -> HttpResponseBase:
    """The referral slip (phiếu giới thiệu việc làm) as it stands, in the Decree 30 format: numbered once
    issued, a draft until then. A GET never takes a number."""
    referral = referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
    printed = referral_documents.slip_pdf(actor=request.user, referral=referral)
    return attachment(printed.filename, printed.content_type, printed.content)


def _ask_slip_issue(request: HttpRequest, referral_id: int) -> Confirmation | None:
    """Issuing the slip is asked first, naming the register; a slip already issued is printed again."""
    referral = referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
    if referral_documents.slip_numbers([referral.pk]):
        return None
    figures = {
        "name": referral.seeker.person.full_name,
        "employer": referral.vacancy.employer.name,
        "year": clock.today().year,
        "centre": referral_documents.CENTRE.capitalize(),
    }
    return Confirmation(
        title=_("Issue the referral slip of %(name)s to %(employer)s") % figures,
        summary=_("Take the slip's number from the %(year)s register of the %(centre)s and print it.")
        % figures,
        details=[_("The slip is valid from today; every later print shows the same number and date.")],
        cancel=reverse("labour:seeker_detail", args=[referral.seeker_id]),
        action=_("Give a number and print"),
    )


@officer_view
@require_POST
@requires("labour.change")
@confirms(_ask_slip_issue, capability="labour.change")
def referral_slip_issue(request: HttpRequest, referral_id: int) -> HttpResponseBase:
    """Issue the slip (its number from the centre's register, once) and answer with the PDF."""
    referral = referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
    printed = referral_documents.slip_pdf(actor=request.user, referral=referral, issue=True)
    return attachment(printed.filename, printed.content_type, printed.content)


def _ask_outcome(request: HttpRequest, referral_id: int) -> Confirmation | None:
    referral = referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
    status = request.POST.get("status", "")
    if status not in ReferralStatus.values or status == ReferralStatus.PENDING:
        return None  # the service refuses it
    figures = {
        "name": referral.seeker.person.full_name,
        "title": referral.vacancy.title,
        "employer": referral.vacancy.employer.name,
        "outcome": ReferralStatus(status).label,
        "on": request.POST.get("placed_on", "").strip(),
    }
    hired = status == ReferralStatus.HIRED
    return Confirmation(
        title=_("Record the outcome of the referral of %(name)s") % figures,
        summary=(
            _("Record that %(employer)s hired %(name)s as %(title)s.")
            if hired
            else _("Record the outcome “%(outcome)s” for %(name)s at %(employer)s.")
        )
        % figures,
        details=[_("The placement is recorded and the registration of %(name)s is closed.") % figures]
        if hired
        else [],
        cancel=reverse("labour:seeker_detail", args=[referral.seeker_id]),
        action=_("Record the hire") if hired else _("Record the outcome"),
    )


def _ask_placement(request: HttpRequest, seeker_id: int) -> Confirmation:
    seeker = registration_selectors.seeker_get(actor=request.user, seeker_id=seeker_id)
    vacancy_id = int_param(request.POST.get("vacancy"))
    vacancy = registration_selectors.vacancy_queryset(actor=request.user).filter(pk=vacancy_id).first()
    employer = vacancy.employer.name if vacancy else request.POST.get("employer_name", "").strip()
    job = vacancy.title if vacancy else request.POST.get("job_title", "").strip()
    figures = {"name": seeker.person.full_name, "employer": employer or "—", "title": job or "—"}
    return Confirmation(
        title=_("Record a hire for %(name)s") % figures,
        summary=_("Record that %(name)s was hired by %(employer)s as %(title)s.") % figures,
        details=[_("The placement is recorded and the registration of %(name)s is closed.") % figures],
        cancel=reverse("labour:seeker_detail", args=[seeker.pk]),
        action=_("Record the hire"),
    )


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_outcome)
def referral_outcome(request: HttpRequest, referral_id: int) -> HttpResponse:
    """Record what came of a referral; "hired" also records the placement and closes the registration."""
    errors: list[ApplicationError] = []
    on = date(request.POST.get("on"), "on", errors)
    placed_on = date(request.POST.get("placed_on"), "placed_on", errors)
    referral = referral_selectors.referral_get(actor=request.user, referral_id=referral_id)
    try:
        if errors:
            raise ValidationFailed(errors)
        referral_services.referral_outcome(actor=request.user, referral_id=referral_id,
                                   status=request.POST.get("status", ""), on=on, placed_on=placed_on,
                                   expected_version=int_param(request.POST.get("version")))  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        for text in _refused_messages(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("The outcome was recorded."))
    return redirect("labour:seeker_detail", seeker_id=referral.seeker_id)


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_placement)
def placement_create(request: HttpRequest, seeker_id: int) -> HttpResponse:
    """The person found a job: by themselves (employer named) or in a known vacancy (its number)."""
    errors: list[ApplicationError] = []
    placed_on = date(request.POST.get("placed_on"), "placed_on", errors)
    vacancy_id = int_param(request.POST.get("vacancy"))
    try:
        if errors:
            raise ValidationFailed(errors)
        referral_services.placement_record(actor=request.user, seeker_id=seeker_id, placed_on=placed_on,
                                   vacancy_id=vacancy_id, employer_name=request.POST.get("employer_name", ""),
                                   job_title=request.POST.get("job_title", ""))  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        for text in _refused_messages(exc):
            messages.error(request, text)
    else:
        messages.success(request, _("The placement was recorded and the registration closed."))
    return redirect("labour:seeker_detail", seeker_id=seeker_id)


@officer_view
@requires("labour.view")
def referral_list(request: HttpRequest) -> HttpResponse:
    return listkit.respond(request, lists.REFERRALS, "labour/referral_list.html")
