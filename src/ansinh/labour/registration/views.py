"""Counsellor pages of the employment service centre: job seekers, employers, vacancies, imports and
exports. Views only translate: read the request, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core import clock
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.core.jobs import job_get
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.forms import add_service_errors
from ansinh.core.webkit.lists import rows_and_more
from ansinh.core.webkit.views import (
    attachment,
    form_status,
    int_param,
    officer_view,
    requires,
)
from ansinh.labour.models import (
    ReferralStatus,
    SeekerCloseReason,
    SeekerStatus,
    VacancyCloseReason,
    VacancyStatus,
)
from ansinh.labour.reference import classifications
from ansinh.labour.referrals import documents as referral_documents
from ansinh.labour.referrals import selectors as referral_selectors
from ansinh.labour.registration import exports, forms, imports, lists, selectors, services
from ansinh.labour.registration.inputs import (
    date,
    parse_employer,
    parse_person_leniently,
    parse_seeker,
    parse_vacancy,
    submit,
)
from ansinh.registry import resolve
from ansinh.web.forms import show_possible_duplicate

LIST_LIMIT = 50


def _refused(form: Any, exc: ApplicationError) -> None:
    add_service_errors(form, exc)


# --- seekers ----------------------------------------------------------------------------------------


def _seeker_filters(request: HttpRequest) -> selectors.SeekerFilters:
    status = request.GET.get("status", SeekerStatus.ACTIVE)
    return selectors.SeekerFilters(
        query=request.GET.get("q", "").strip()[:100],
        status=status if status in (*SeekerStatus.values, "") else SeekerStatus.ACTIVE,
        occupation=request.GET.get("occupation", "").strip()[:4],
        commune=int_param(request.GET.get("commune")),
    )


@officer_view
@requires("labour.view")
def seeker_list(request: HttpRequest) -> HttpResponse:
    """Seekers in scope (active ones unless asked otherwise), paged, sorted, filtered, exported."""
    return listkit.respond(request, lists.SEEKERS, "labour/seeker_list.html")


@officer_view
@requires("labour.view")
def seeker_export(request: HttpRequest) -> HttpResponse:
    queryset = selectors.seeker_list(actor=request.user, filters=_seeker_filters(request))
    return attachment(*exports.export_seekers(actor=request.user, queryset=queryset,
                                              fmt=request.GET.get("format", "xlsx")))  # fmt: skip


@officer_view
@requires("labour.view")
def seeker_detail(request: HttpRequest, seeker_id: int) -> HttpResponse:
    seeker = services.seeker_view_full(actor=request.user, seeker_id=seeker_id)
    context = {
        "seeker": seeker,
        "person_visible": selectors.seeker_person_visible(actor=request.user, seeker=seeker),
        "occupations": [(o.occupation_code, classifications.occupation_label(o.occupation_code))
                        for o in seeker.occupations.order_by("rank")],
        "places": seeker.places.select_related("commune").order_by("id"),
        "close_form": forms.SeekerCloseForm(),
        "referrals": referral_selectors.referral_list(actor=request.user, seeker=seeker.pk),
        "referral_statuses": [c for c in ReferralStatus.choices if c[0] != ReferralStatus.PENDING],
        "placement": referral_selectors.placement_of(actor=request.user, seeker_id=seeker.pk),
    }  # fmt: skip
    referrals = list(context["referrals"])
    numbers = referral_documents.slip_numbers([r.pk for r in referrals])
    for referral in referrals:
        referral.slip_number = numbers.get(referral.pk, "")  # type: ignore[attr-defined]
    context["referrals"] = referrals
    # A slip printed today without the centre's signatory leaves the signer's name to be written by hand.
    context["slip_signer_missing"] = bool(context["referrals"]) and (
        referral_documents.centre_signatory(seeker.province_code, clock.today()) is None
    )
    return render(request, "labour/seeker_detail.html", context)


def _save_seeker(request: HttpRequest, form: forms.SeekerForm, seeker_id: int | None) -> Any:
    """Parse and hand to the service; the person's and the registration's errors come back together."""
    try:
        errors: list[ApplicationError] = []
        data = parse_seeker(form.raw(), collect=errors)
        if seeker_id is None:
            person = parse_person_leniently(form.person_raw(), errors)
            with transaction.atomic():
                return submit(
                    errors, lambda: services.seeker_register(actor=request.user, data=data, person=person)
                )
        version = int_param(request.POST.get("version"))
        with transaction.atomic():
            return submit(errors, lambda: services.seeker_update(
                actor=request.user, seeker_id=seeker_id, data=data, expected_version=version))  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except resolve.PossibleDuplicate as exc:
        show_possible_duplicate(form, exc)
        return None
    except ApplicationError as exc:
        _refused(form, exc)
        return None


@officer_view
@requires("labour.change")
def seeker_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = forms.SeekerForm(request.POST, actor=user, new=True)
        seeker = _save_seeker(request, form, None)
        if seeker is not None:
            messages.success(request, _("The job seeker was registered."))
            return redirect("labour:seeker_detail", seeker_id=seeker.pk)
    else:
        province = user.scope_unit.code if user.scope_level == "province" and user.scope_unit else ""
        initial = {"ethnicity": "01", "general_education": "3", "consent_contact": True,
                   "desired_provinces": [province] if province else []}  # fmt: skip
        form = forms.SeekerForm(initial=initial, actor=user, new=True)
    context = {"form": form, "seeker": None}
    return render(request, "labour/seeker_form.html", context, status=form_status(form))


@officer_view
@requires("labour.change")
def seeker_edit(request: HttpRequest, seeker_id: int) -> HttpResponse:
    user = request.user
    seeker = selectors.seeker_get(actor=user, seeker_id=seeker_id)
    if request.method == "POST":
        form = forms.SeekerForm(request.POST, actor=user, new=False)
        if _save_seeker(request, form, seeker_id) is not None:
            messages.success(request, _("The changes were saved."))
            return redirect("labour:seeker_detail", seeker_id=seeker_id)
        version = request.POST.get("version", "")
    else:
        form = forms.SeekerForm(initial=forms.SeekerForm.initial_for(seeker), actor=user, new=False)
        version = seeker.version
    context = {"form": form, "seeker": seeker, "version": version}
    return render(request, "labour/seeker_form.html", context, status=form_status(form))


def _ask_seeker_close(request: HttpRequest, seeker_id: int) -> Confirmation:
    seeker = selectors.seeker_get(actor=request.user, seeker_id=seeker_id)
    reason = dict(SeekerCloseReason.choices).get(request.POST.get("reason", ""))
    figures = {"name": seeker.person.full_name}
    return Confirmation(
        title=_("Close the registration of %(name)s") % figures,
        summary=_("Close the job-seeking registration of %(name)s: they are no longer offered to employers.")
        % figures,
        details=[_("Reason: %s") % reason] if reason else [],
        cancel=reverse("labour:seeker_detail", args=[seeker.pk]),
        action=_("Close the registration"),
    )


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_seeker_close)
def seeker_close(request: HttpRequest, seeker_id: int) -> HttpResponse:
    form = forms.SeekerCloseForm(request.POST)
    raw = form.raw()
    try:
        services.seeker_close(actor=request.user, seeker_id=seeker_id, reason=raw.get("reason", ""),
                              closed_on=date(raw.get("closed_on"), "closed_on", []),
                              expected_version=int_param(request.POST.get("version")))  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        for error in getattr(exc, "errors", [exc]):
            messages.error(request, error.message)
    else:
        messages.success(request, _("The registration was closed."))
    return redirect("labour:seeker_detail", seeker_id=seeker_id)


# --- employers --------------------------------------------------------------------------------------


@officer_view
@requires("labour.view")
def employer_list(request: HttpRequest) -> HttpResponse:
    return listkit.respond(request, lists.EMPLOYERS, "labour/employer_list.html")


@officer_view
@requires("labour.view")
def employer_detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    user = request.user
    employer = selectors.employer_get(actor=user, employer_id=employer_id)
    vacancies, more = rows_and_more(
        selectors.vacancy_list(actor=user, filters=selectors.VacancyFilters(status="", employer=employer.pk)),
        LIST_LIMIT,
    )
    industry = classifications.industries().get((employer.industry_version, employer.industry_code))
    context = {"employer": employer, "vacancies": vacancies, "more": more, "industry": industry}
    return render(request, "labour/employer_detail.html", context)


def _save_employer(request: HttpRequest, form: forms.EmployerForm, employer_id: int | None) -> Any:
    try:
        data = parse_employer(form.raw())
        if employer_id is None:
            return services.employer_create(actor=request.user, data=data)
        return services.employer_update(actor=request.user, employer_id=employer_id, data=data,
                                        expected_version=int_param(request.POST.get("version")))  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _refused(form, exc)
        return None


@officer_view
@requires("labour.change")
def employer_form(request: HttpRequest, employer_id: int | None = None) -> HttpResponse:
    user = request.user
    employer = selectors.employer_get(actor=user, employer_id=employer_id) if employer_id else None
    version: Any = employer.version if employer else ""
    if request.method == "POST":
        form = forms.EmployerForm(request.POST, actor=user)
        saved = _save_employer(request, form, employer_id)
        if saved is not None:
            messages.success(request, _("The employer was saved."))
            return redirect("labour:employer_detail", employer_id=saved.pk)
        version = request.POST.get("version", "")
    else:
        initial = (
            forms.EmployerForm.initial_for(employer) if employer else {"is_active": True, "kind": "private"}
        )
        form = forms.EmployerForm(initial=initial, actor=user)
    context = {"form": form, "employer": employer, "version": version}
    return render(request, "labour/employer_form.html", context, status=form_status(form))


# --- vacancies --------------------------------------------------------------------------------------


def _vacancy_filters(request: HttpRequest) -> selectors.VacancyFilters:
    status = request.GET.get("status", VacancyStatus.OPEN)
    return selectors.VacancyFilters(
        query=request.GET.get("q", "").strip()[:100],
        status=status if status in (*VacancyStatus.values, "") else VacancyStatus.OPEN,
        occupation=request.GET.get("occupation", "").strip()[:4],
        commune=int_param(request.GET.get("commune")),
        employer=int_param(request.GET.get("employer")),
    )


@officer_view
@requires("labour.view")
def vacancy_list(request: HttpRequest) -> HttpResponse:
    """Vacancies in scope (open ones unless asked otherwise), paged, sorted, filtered, exported."""
    return listkit.respond(request, lists.VACANCIES, "labour/vacancy_list.html")


@officer_view
@requires("labour.view")
def vacancy_export(request: HttpRequest) -> HttpResponse:
    queryset = selectors.vacancy_list(actor=request.user, filters=_vacancy_filters(request))
    return attachment(*exports.export_vacancies(actor=request.user, queryset=queryset,
                                                 fmt=request.GET.get("format", "xlsx")))  # fmt: skip


@officer_view
@requires("labour.view")
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.vacancy_get(actor=request.user, vacancy_id=vacancy_id)
    context = {
        "vacancy": vacancy,
        "occupation": classifications.occupation_label(vacancy.occupation_code),
        "close_form": forms.VacancyCloseForm(),
    }
    return render(request, "labour/vacancy_detail.html", context)


def _employer_choices(user: Any) -> list[tuple[str, str]]:
    rows = selectors.employer_queryset(actor=user).filter(is_active=True).order_by("name_folded")
    return [
        (str(pk), f"{name} ({tax})") for pk, name, tax in rows.values_list("pk", "name", "tax_code")[:2000]
    ]


def _save_vacancy(request: HttpRequest, form: forms.VacancyForm, vacancy_id: int | None) -> Any:
    try:
        data = parse_vacancy(form.raw())
        if vacancy_id is None:
            return services.vacancy_create(actor=request.user, data=data)
        return services.vacancy_update(actor=request.user, vacancy_id=vacancy_id, data=data,
                                       expected_version=int_param(request.POST.get("version")))  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        _refused(form, exc)
        return None


@officer_view
@requires("labour.change")
def vacancy_form(request: HttpRequest, vacancy_id: int | None = None) -> HttpResponse:
    user = request.user
    vacancy = selectors.vacancy_get(actor=user, vacancy_id=vacancy_id) if vacancy_id else None
    version: Any = vacancy.version if vacancy else ""
    employers = _employer_choices(user)
    if request.method == "POST":
        form = forms.VacancyForm(request.POST, actor=user, employers=employers)
        saved = _save_vacancy(request, form, vacancy_id)
        if saved is not None:
            messages.success(request, _("The vacancy was saved."))
            return redirect("labour:vacancy_detail", vacancy_id=saved.pk)
        version = request.POST.get("version", "")
    else:
        initial = forms.VacancyForm.initial_for(vacancy) if vacancy else {
            "posts": "1", "employer": request.GET.get("employer", ""), "work_type": "full_time"}  # fmt: skip
        form = forms.VacancyForm(initial=initial, actor=user, employers=employers)
    context = {"form": form, "vacancy": vacancy, "version": version}
    return render(request, "labour/vacancy_form.html", context, status=form_status(form))


def _ask_vacancy_close(request: HttpRequest, vacancy_id: int) -> Confirmation:
    vacancy = selectors.vacancy_get(actor=request.user, vacancy_id=vacancy_id)
    reason = dict(VacancyCloseReason.choices).get(request.POST.get("reason", ""))
    figures = {"title": vacancy.title, "employer": vacancy.employer.name}
    return Confirmation(
        title=_("Close the vacancy %(title)s") % figures,
        summary=_("Close the vacancy %(title)s of %(employer)s: no more seekers are referred to it.")
        % figures,
        details=[_("Reason: %s") % reason] if reason else [],
        cancel=reverse("labour:vacancy_detail", args=[vacancy.pk]),
        action=_("Close the vacancy"),
    )


@require_POST
@officer_view
@requires("labour.change")
@confirms(_ask_vacancy_close)
def vacancy_close(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    raw = forms.VacancyCloseForm(request.POST).raw()
    try:
        services.vacancy_close(actor=request.user, vacancy_id=vacancy_id, reason=raw.get("reason", ""),
                               closed_on=date(raw.get("closed_on"), "closed_on", []),
                               expected_version=int_param(request.POST.get("version")))  # fmt: skip
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        for error in getattr(exc, "errors", [exc]):
            messages.error(request, error.message)
    else:
        messages.success(request, _("The vacancy was closed."))
    return redirect("labour:vacancy_detail", vacancy_id=vacancy_id)


# --- import -----------------------------------------------------------------------------------------


@officer_view
@requires("labour.change")
def import_page(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"refused": None, "problem": None, "job": None}
    status = 200
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            kind = form.cleaned_data["kind"]
            name, content, user = upload.name or "", upload.read(), request.user
            try:
                result = imports.import_or_start(actor=user, kind=kind, filename=name, content=content)
                if not isinstance(result, imports.ImportResult):
                    # Too long for one request: the task queue imports it; this page follows its progress.
                    return redirect(f"{request.path}?job={result.pk}")
            except imports.ImportRefused as exc:
                context["refused"], context["message"], status = exc.rows, exc.message, 422
            except (NotFound, PermissionDenied):
                raise
            except ApplicationError as exc:
                context["problem"], status = exc.message, 422
            else:
                messages.success(request, _("%(n)d rows were imported.") % {"n": result.created})
                return redirect("labour:seeker_list" if kind == imports.SEEKERS else "labour:vacancy_list")
        else:
            status = 422
    else:
        form = forms.ImportForm(initial={"kind": request.GET.get("kind", "seekers")})
        job_id = int_param(request.GET.get("job"))
        if job_id is not None:
            job = job_get(actor=request.user, job_id=job_id)
            result = job.result or {}
            context["job"] = job
            if result.get("refused"):
                context["refused"], context["message"] = result["rows"], result["message"]
    context.update(form=form, kinds=imports.KINDS, max_rows=imports.JOB_MAX_ROWS)
    return render(request, "labour/import.html", context, status=status)


@officer_view
@requires("labour.view")
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in imports.KINDS:
        raise NotFound("template")
    return attachment(f"Mau-nhap-{kind}.xlsx", exports.XLSX_TYPE, imports.template_xlsx(kind))


# --- occupation codings waiting for confirmation ------------------------------------------------------


@officer_view
@requires("labour.change")
def occupation_queue(request: HttpRequest) -> HttpResponse:
    """Seekers and vacancies whose occupation was coded from an unrecognised or uncertain title: the
    counsellor ticks the rows to confirm, each with its coded code or another candidate chosen."""
    kind = request.POST.get("kind") or request.GET.get("kind") or "seekers"
    if kind not in services.OCCUPATION_QUEUE_KINDS:
        raise NotFound("kind")
    status = 200
    if request.method == "POST":
        choices: dict[int, str] = {}
        for raw in request.POST.getlist("ids"):
            pk = int_param(raw)
            if pk is not None:
                choices[pk] = (request.POST.get(f"code_{pk}") or "").strip()
        try:
            missing = [pk for pk, code in choices.items() if not code]
            if missing:
                raise ApplicationError(
                    "occupation_code.required", _("Choose an occupation."), field="occupation_code"
                )
            done = services.occupations_confirm(actor=request.user, kind=kind, choices=choices)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
            status = 422
        else:
            messages.success(request, _("%(n)d occupation codes were confirmed.") % {"n": done})
            return redirect(f"{reverse('labour:occupation_queue')}?kind={kind}")
    rows, total = selectors.occupation_queue(actor=request.user, kind=kind)
    context = {"kind": kind, "rows": rows, "total": total, "kinds": services.OCCUPATION_QUEUE_KINDS}
    return render(request, "labour/occupation_queue.html", context, status=status)
