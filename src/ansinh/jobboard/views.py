"""Public pages of the job board (/viec-lam/): search, a vacancy, register interest, submit a vacancy and
check its status. No log-in; CSRF protected like every form. Views only translate: read the request, call
one selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ansinh.core.errors import ApplicationError, NotFound
from ansinh.core.middleware import client_ip
from ansinh.core.money import format_vnd
from ansinh.core.webkit.forms import CHOOSE, add_service_errors
from ansinh.core.webkit.views import form_status, render_partial
from ansinh.jobboard import forms, selectors, services
from ansinh.jobboard.inputs import parse_interest, parse_submission
from ansinh.jobboard.selectors import SORTS, BoardFilters
from ansinh.labour.reference import classifications
from ansinh.labour.registration.inputs import money

PAGE_SIZE = 20


def public_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No log-in; NotFound (missing, closed, expired alike) becomes the 404 page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapped


def board_filters(params: Any) -> BoardFilters:
    """Filters from a query string; values that cannot be read are dropped with a note."""
    province = params.get("province", "").strip()[:4]
    notes: list[str] = []
    if province and not selectors.province_name(province):
        province = ""
    wage_errors: list[ApplicationError] = []
    wage = money(params.get("wage_min", "").strip()[:20], "wage_min", wage_errors)
    if wage_errors:
        notes.append(
            _("The minimum wage was not understood and is ignored (write e.g. 8.000.000 or 8 triệu).")
        )
    sort = params.get("sort", "relevance")
    return BoardFilters(
        query=params.get("q", "").strip()[:100],
        province=province,
        occupation=params.get("occupation", "").strip()[:60],
        wage_min=wage,
        sort=sort if sort in SORTS else "relevance",
        notes=notes,
    )


@public_view
@require_http_methods(["GET", "HEAD"])
def search(request: HttpRequest) -> HttpResponse:
    filters = board_filters(request.GET)
    page, rows = selectors.vacancy_page(selectors.vacancy_search(filters), request.GET.get("page"), PAGE_SIZE)
    context = {
        "filters": filters,
        "wage_text": "" if filters.wage_min is None else format_vnd(filters.wage_min, unit=False),
        "page": page,
        "rows": rows,
        "cap": format_vnd(selectors.COUNT_CAP, unit=False),
        "provinces": selectors.provinces(),
        "sorts": [("relevance", _("Best match")), ("newest", _("Newest")), ("wage", _("Highest wage"))],
    }
    return render_partial(request, "jobboard/search.html", "results", context)


def _detail_context(vacancy: Any, form: forms.InterestForm) -> dict[str, Any]:
    return {
        "vacancy": vacancy,
        "occupation": classifications.occupation_label(vacancy.occupation_code),
        "province": selectors.province_name(vacancy.province_code),
        "contact": selectors.vacancy_contact(vacancy),
        "form": form,
    }


@public_view
@require_http_methods(["GET", "HEAD"])
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.public_vacancy_get(vacancy_id=vacancy_id)
    return render(request, "jobboard/vacancy_detail.html", _detail_context(vacancy, forms.InterestForm()))


@public_view
@require_POST
def interest(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = selectors.public_vacancy_get(vacancy_id=vacancy_id)
    form = forms.InterestForm(request.POST)
    try:
        services.interest_register(
            vacancy_id=vacancy.pk, data=parse_interest(form.raw()), client=client_ip(request)
        )
    except NotFound:
        raise
    except ApplicationError as exc:
        add_service_errors(form, exc)
        return render(
            request, "jobboard/vacancy_detail.html", _detail_context(vacancy, form), status=form_status(form)
        )
    messages.success(
        request, _("Thank you. The employment service centre has your request and will contact you.")
    )
    return redirect("jobboard:vacancy_detail", vacancy_id=vacancy.pk)


@public_view
@require_http_methods(["GET", "HEAD", "POST"])
def submit_vacancy(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "communes" in request.POST:
        # Without JavaScript: the province was chosen, show its communes and keep what was typed.
        form = forms.SubmissionForm(request.POST)
    elif request.method == "POST":
        form = forms.SubmissionForm(request.POST)
        try:
            submission = services.submission_create(
                data=parse_submission(form.raw()), client=client_ip(request)
            )
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your vacancy was sent. Keep the reference number %(reference)s to check its status.")
                % {"reference": submission.reference},
            )
            query = urlencode({"reference": submission.reference, "tax_code": submission.tax_code})
            return redirect(f"{reverse('jobboard:status')}?{query}")
    else:
        form = forms.SubmissionForm(initial={"posts": "1"})
    return render(request, "jobboard/submit.html", {"form": form}, status=form_status(form))


@require_http_methods(["GET", "HEAD"])
def communes(request: HttpRequest) -> HttpResponse:
    """The <option>s of one province's communes, for the submission form's commune drop-downs."""
    province = request.GET.get("employer_province") or request.GET.get("province") or ""
    blank = _("— same as the head office —") if "province" in request.GET else CHOOSE
    options = forms.commune_choices(province[:4], blank)
    return render(request, "jobboard/_options.html", {"options": options})


@public_view
@require_http_methods(["GET", "HEAD"])
def status(request: HttpRequest) -> HttpResponse:
    form = forms.StatusForm(request.GET or None)
    submission = None
    code = 200
    if form.is_bound:
        raw = form.raw()
        try:
            submission = selectors.submission_status(
                reference_number=raw.get("reference", ""), tax_code=raw.get("tax_code", "")
            )
        except NotFound:
            form.add_error(None, _("No vacancy was found with this reference number and tax code."))
            code = 404
    context = {"form": form, "submission": submission}
    return render(request, "jobboard/status.html", context, status=code)
