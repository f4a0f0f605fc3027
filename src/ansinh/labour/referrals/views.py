"""Counsellor pages of referrals and placements: refer from a match list, record an outcome, record a
placement, the referral list. Views only translate: read the request, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.webkit import listkit
from ansinh.core.webkit.views import int_param, officer_view, requires
from ansinh.labour.referrals import lists
from ansinh.labour.referrals import selectors as referral_selectors
from ansinh.labour.referrals import services as referral_services
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


@require_POST
@officer_view
@requires("labour.change")
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
