"""Counsellor pages of the job board (/labour/board/): the interest queue, the vacancy submissions to
approve or reject, and the centre's public contact. Log-in, `labour.change` and the province scope are
required (other province: 404; a role without the capability: 403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.forms import add_service_errors
from ansinh.core.webkit.views import form_status, officer_view, requires
from ansinh.jobboard import forms, lists, selectors, services
from ansinh.jobboard.models import CentreContact, EmployerContact
from ansinh.labour.reference import classifications
from ansinh.labour.registration import selectors as labour_selectors
from ansinh.labour.registration.forms import SeekerForm
from ansinh.labour.registration.inputs import parse_person_leniently, parse_seeker, submit
from ansinh.registry.resolve import PossibleDuplicate
from ansinh.web.forms import show_possible_duplicate


def _messages(request: HttpRequest, exc: ApplicationError) -> None:
    for error in getattr(exc, "errors", [exc]):
        messages.error(request, error.message)


# --- interests --------------------------------------------------------------------------------------


@officer_view
@requires("labour.change")
def interest_list(request: HttpRequest) -> HttpResponse:
    """The interest queue (new requests unless asked otherwise), on the list kit."""
    context = {"counts": selectors.queue_counts(actor=request.user)}
    return listkit.respond(request, lists.INTERESTS, "jobboard/staff/interest_list.html", context)


@officer_view
@requires("labour.change")
def interest_detail(request: HttpRequest, interest_id: int) -> HttpResponse:
    interest = services.interest_view_full(actor=request.user, interest_id=interest_id)
    context = {"interest": interest, "form": forms.HandleForm()}
    return render(request, "jobboard/staff/interest_detail.html", context)


def _ask_handle(request: HttpRequest, interest_id: int) -> Confirmation:
    interest = selectors.interest_get(actor=request.user, interest_id=interest_id)
    figures = {"name": interest.full_name, "title": interest.vacancy.title}
    return Confirmation(
        title=_("Close the request of %(name)s") % figures,
        summary=_("Mark the request of %(name)s about %(title)s as handled: it leaves the list.") % figures,
        cancel=reverse("jobboard_staff:interest_detail", args=[interest.pk]),
        action=_("Mark as handled"),
    )


def _submission_figures(request: HttpRequest, submission_id: int) -> tuple[Any, dict[str, Any]]:
    submission = selectors.submission_get(actor=request.user, submission_id=submission_id)
    return submission, {"title": submission.title, "employer": submission.employer_name,
                        "posts": submission.posts, "reference": submission.reference}  # fmt: skip


def _ask_approve(request: HttpRequest, submission_id: int) -> Confirmation:
    submission, figures = _submission_figures(request, submission_id)
    return Confirmation(
        title=_("Approve submission %(reference)s") % figures,
        summary=_("Publish %(title)s of %(employer)s (%(posts)s posts) on the job board.") % figures,
        details=[_("The vacancy is registered and shown to the public.")],
        cancel=reverse("jobboard_staff:submission_detail", args=[submission.pk]),
        action=_("Approve"),
    )


def _ask_reject(request: HttpRequest, submission_id: int) -> Confirmation:
    submission, figures = _submission_figures(request, submission_id)
    reason = request.POST.get("reason", "").strip()
    return Confirmation(
        title=_("Reject submission %(reference)s") % figures,
        summary=_("Reject %(title)s of %(employer)s: it is not published; the employer sees the reason.")
        % figures,
        details=[_("Reason: %s") % reason] if reason else [],
        cancel=reverse("jobboard_staff:submission_detail", args=[submission.pk]),
        action=_("Reject"),
        danger=True,
    )


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_handle)
def interest_handle(request: HttpRequest, interest_id: int) -> HttpResponse:
    form = forms.HandleForm(request.POST)
    try:
        services.interest_mark_handled(actor=request.user, interest_id=interest_id, note=form.raw()["note"])
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _messages(request, exc)
        return redirect("jobboard_staff:interest_detail", interest_id=interest_id)
    messages.success(request, _("The request was marked as handled."))
    return redirect("jobboard_staff:interest_list")


def _seeker_initial(interest: Any, user: Any) -> dict[str, Any]:
    vacancy = interest.vacancy
    return {
        "full_name": interest.full_name,
        "phone": interest.phone,
        "email": interest.email,
        "ethnicity": "01",
        "general_education": "3",
        "consent_contact": True,
        "title": vacancy.title,
        "occupation_codes": vacancy.occupation_code,
        "commune": str(vacancy.commune_id),
        "desired_provinces": [vacancy.province_code],
        "notes": interest.message,
    }


@officer_view
@requires("labour.change")
def interest_register_seeker(request: HttpRequest, interest_id: int) -> HttpResponse:
    """The labour seeker form, filled in from the request; saving registers the person and closes it."""
    user = request.user
    interest = selectors.interest_get(actor=user, interest_id=interest_id)
    if request.method == "POST":
        form = SeekerForm(request.POST, actor=user, new=True)
        errors: list[ApplicationError] = []
        data = parse_seeker(form.raw(), collect=errors)
        person = parse_person_leniently(form.person_raw(), errors)
        try:
            with transaction.atomic():
                seeker = submit(
                    errors,
                    lambda: services.interest_register_seeker(
                        actor=user, interest_id=interest.pk, data=data, person=person
                    ),
                )
        except (NotFound, PermissionDenied):
            raise
        except PossibleDuplicate as exc:
            show_possible_duplicate(form, exc)
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The job seeker was registered and the request closed."))
            return redirect("labour:seeker_detail", seeker_id=seeker.pk)
    else:
        form = SeekerForm(initial=_seeker_initial(interest, user), actor=user, new=True)
    context = {"form": form, "seeker": None, "interest": interest}
    return render(request, "labour/seeker_form.html", context, status=form_status(form))


# --- submissions ------------------------------------------------------------------------------------


@officer_view
@requires("labour.change")
def submission_list(request: HttpRequest) -> HttpResponse:
    """Vacancies sent by employers (pending ones unless asked otherwise), on the list kit."""
    context = {"counts": selectors.queue_counts(actor=request.user)}
    return listkit.respond(request, lists.SUBMISSIONS, "jobboard/staff/submission_list.html", context)


def _submission_page(
    request: HttpRequest, submission: Any, reject_form: Any, status: int = 200
) -> HttpResponse:
    context = {
        "submission": submission,
        "occupation": classifications.occupation_label(submission.occupation_code),
        "reject_form": reject_form,
    }
    return render(request, "jobboard/staff/submission_detail.html", context, status=status)


@officer_view
@requires("labour.change")
def submission_detail(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = selectors.submission_get(actor=request.user, submission_id=submission_id)
    return _submission_page(request, submission, forms.RejectForm())


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_approve)
def submission_approve(request: HttpRequest, submission_id: int) -> HttpResponse:
    try:
        vacancy = services.submission_approve(actor=request.user, submission_id=submission_id)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _messages(request, exc)
        submission = selectors.submission_get(actor=request.user, submission_id=submission_id)
        return _submission_page(request, submission, forms.RejectForm(), status=exc.status)
    messages.success(request, _("The vacancy was approved and is now on the job board."))
    return redirect("labour:vacancy_detail", vacancy_id=vacancy.pk)


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_reject)
def submission_reject(request: HttpRequest, submission_id: int) -> HttpResponse:
    form = forms.RejectForm(request.POST)
    try:
        services.submission_reject(
            actor=request.user, submission_id=submission_id, reason=form.raw()["reason"]
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        add_service_errors(form, exc)
        submission = selectors.submission_get(actor=request.user, submission_id=submission_id)
        return _submission_page(request, submission, form, status=form_status(form))
    messages.success(request, _("The submission was rejected; the employer sees the reason."))
    return redirect("jobboard_staff:submission_list")


# --- what the board shows of an employer ------------------------------------------------------------


@officer_view
@requires("labour.change")
def employer_contact(request: HttpRequest, employer_id: int) -> HttpResponse:
    """Whether the employer agreed to show its contact person on the job board (else the centre's)."""
    user = request.user
    employer = labour_selectors.employer_get(actor=user, employer_id=employer_id)
    if request.method == "POST":
        public = request.POST.get("public") == "on"
        services.employer_contact_set(actor=user, employer_id=employer.pk, public=public)
        messages.success(request, _("Saved."))
        return redirect("jobboard_staff:employer_contact", employer_id=employer.pk)
    public = EmployerContact.objects.filter(employer=employer, public=True).exists()
    context = {"employer": employer, "public": public}
    return render(request, "jobboard/staff/employer_contact.html", context)


# --- the centre's public contact --------------------------------------------------------------------


@officer_view
@requires("labour.change")
def centre_contact(request: HttpRequest) -> HttpResponse:
    user = request.user
    province = user.scope_unit.code if user.scope_level == "province" and user.scope_unit else ""
    if not province:
        raise PermissionDenied()
    if request.method == "POST":
        form = forms.CentreForm(request.POST)
        try:
            services.centre_contact_save(actor=user, values=form.raw())
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The centre's contact was saved."))
            return redirect("jobboard_staff:centre")
    else:
        row = CentreContact.objects.filter(province_code=province).first()
        current = selectors.centre_contact(province)
        initial = {f: getattr(row, f) for f in services.CENTRE_FIELDS} if row else {"name": current.name}
        form = forms.CentreForm(initial=initial)
    context = {"form": form, "province": selectors.province_name(province)}
    return render(request, "jobboard/staff/centre.html", context, status=form_status(form))
