"""Pages. Views only translate: read the request, call one selector or service, render.

Selectors and services raise `NotFound` (missing and out of scope alike) and `PermissionDenied`;
`officer_view` (core.webkit.views) turns them into Django's 404 and 403 so both render the same error pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ansinh.accounts import services as account_services
from ansinh.accounts.services import login_check
from ansinh.core import extensions
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.core.jobs import job_get
from ansinh.core.models import AuditAction
from ansinh.core.tabular import ImportRefused
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.forms import add_service_errors
from ansinh.core.webkit.views import (
    attachment,
    form_status,
    int_param,
    officer_view,
    render_partial,
    requires,
)
from ansinh.registry import imports, resolve, selectors, services
from ansinh.registry.inputs import parse_household, parse_person
from ansinh.registry.models import Relationship
from ansinh.web import forms, history, lists
from ansinh.web.choices import bank_names, ethnicity_names

HISTORY_LIMIT = 100
VIEWS_LIMIT = 20


# --- log-in -----------------------------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or "web:dashboard")
    error, username = None, ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()[:150]
        try:
            user = login_check(request=request, username=username, password=request.POST.get("password", ""))
        except ApplicationError as exc:
            error = exc.message
        else:
            auth_login(request, user)
            return redirect(next_url or "web:dashboard")
    status = 200 if error is None else 400
    context = {"error": error, "username": username, "next": next_url}
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    account_services.logout(request=request)
    return redirect("web:login")


# --- dashboard --------------------------------------------------------------------------------------


@officer_view
def dashboard(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {}
    if request.user.can("registry.view"):
        context.update(selectors.dashboard_figures(actor=request.user))
    return render(request, "dashboard.html", context)


# --- persons ----------------------------------------------------------------------------------------


@officer_view
@requires("registry.view")
def person_search(request: HttpRequest) -> HttpResponse:
    """Every person in scope, paged; searched by name, ID, phone or year; filtered; exported."""
    return listkit.respond(request, lists.PERSONS, "registry/person_search.html")


@officer_view
@requires("registry.view")
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    person = services.person_view_full(actor=user, person_id=person_id)
    context = {
        "person": person,
        # A record merged into another stays readable for its history, with no actions on it.
        "merged": selectors.person_merge_notice(actor=user, person=person),
        "membership": selectors.person_household(person=person),
        "ethnicity": ethnicity_names().get(person.ethnicity, person.ethnicity),
        "bank": bank_names().get(person.bank_code, person.bank_code),
        "history": None,
    }
    # Sections other apps add (benefits and funeral support…); the full read above is already audited.
    context["panels"] = []
    for panel in extensions.person_panels:
        context[panel.name] = data = panel.context(user, person)
        if data is not None:
            context["panels"].append(panel.template)
    if user.can("registry.history"):
        # Changes, and separately who opened the full record (this visit included).
        events = selectors.person_history(actor=user, person=person)
        # This page is the audited full read: its history may show the earlier values unmasked.
        context["history"] = history.describe(
            events.exclude(action=AuditAction.VIEW)[:HISTORY_LIMIT], actor=user, reveal=True
        )
        context["views"] = list(events.filter(action=AuditAction.VIEW)[:VIEWS_LIMIT])
    return render(request, "registry/person_detail.html", context)


def _save_person(request: HttpRequest, form: forms.PersonForm, person_id: int | None) -> Any:
    """Parse and hand to the service; on refusal the errors land on the form and None is returned."""
    try:
        data = parse_person(form.raw())
        if person_id is None:
            return services.person_create(actor=request.user, data=data)
        version = int_param(request.POST.get("version"))
        return services.person_update(
            actor=request.user, person_id=person_id, data=data, expected_version=version
        )
    except (NotFound, PermissionDenied):
        raise
    except resolve.PossibleDuplicate as exc:
        forms.show_possible_duplicate(form, exc)
        return None
    except ApplicationError as exc:
        add_service_errors(form, exc)
        return None


@officer_view
@requires("registry.change")
def person_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = forms.PersonForm(request.POST, actor=user)
        person = _save_person(request, form, None)
        if person is not None:
            if getattr(person, "linked_at_entry", False):
                messages.success(request, _("Nobody new was registered: this is the existing record."))
            else:
                messages.success(request, _("The person was registered."))
            return redirect("web:person_detail", person_id=person.pk)
    else:
        initial = {"ethnicity": "01", "status": "alive"}
        if user.scope_level == "commune" and user.scope_unit_id:
            initial["commune"] = str(user.scope_unit_id)
        form = forms.PersonForm(initial=initial, actor=user)
    return render(
        request, "registry/person_form.html", {"form": form, "person": None}, status=form_status(form)
    )


@officer_view
@requires("registry.change")
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        person = selectors.person_get(actor=user, person_id=person_id)
        form = forms.PersonForm(request.POST, actor=user)
        saved = _save_person(request, form, person_id)
        if saved is not None:
            messages.success(request, _("The changes were saved."))
            return redirect("web:person_detail", person_id=person_id)
        version = request.POST.get("version", "")
    else:
        # The form shows the record unmasked, so opening it is an audited full view.
        person = services.person_view_full(actor=user, person_id=person_id)
        merged = resolve.merged_error(person)
        if merged is not None:  # kept for its history only: say so on its page
            messages.error(request, merged.message)
            return redirect("web:person_detail", person_id=person_id)
        form = forms.PersonForm(initial=forms.PersonForm.initial_for(person), actor=user)
        version = person.version
    context = {"form": form, "person": person, "version": version}
    return render(request, "registry/person_form.html", context, status=form_status(form))


# --- import -----------------------------------------------------------------------------------------


@officer_view
@requires("registry.change")
def person_import(request: HttpRequest) -> HttpResponse:
    """Persons and households from a file: all rows or none; a long file runs in the task queue."""
    context: dict[str, Any] = {"refused": None, "problem": None, "job": None}
    status = 200
    if request.method == "POST":
        form = forms.PersonImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.import_or_start(
                    actor=request.user, filename=upload.name or "", content=upload.read()
                )
                if not isinstance(result, imports.ImportResult):
                    return redirect(f"{request.path}?job={result.pk}")
            except ImportRefused as exc:
                context["refused"], context["message"], status = exc.rows, exc.message, 422
            except (NotFound, PermissionDenied):
                raise
            except ApplicationError as exc:
                context["problem"], status = exc.message, 422
            else:
                messages.success(
                    request,
                    _("%(created)d persons registered, %(linked)d linked to existing persons, %(households)d "
                      "households.")
                    % {"created": result.created, "linked": result.linked, "households": result.households},
                )  # fmt: skip
                return redirect("web:person_search")
        else:
            status = 422
    else:
        form = forms.PersonImportForm()
        job_id = int_param(request.GET.get("job"))
        if job_id is not None:
            job = job_get(actor=request.user, job_id=job_id)
            result = job.result or {}
            context["job"] = job
            if result.get("refused"):
                context["refused"], context["message"] = result["rows"], result["message"]
    context.update(form=form, max_rows=imports.JOB_MAX_ROWS)
    return render(request, "registry/person_import.html", context, status=status)


@officer_view
@requires("registry.change")
def person_import_template(request: HttpRequest) -> HttpResponse:
    return attachment("Mau-nhap-nhan-khau.xlsx", imports.XLSX_TYPE, imports.template_xlsx(request.user))


# --- households -------------------------------------------------------------------------------------


@officer_view
@requires("registry.view")
def household_list(request: HttpRequest) -> HttpResponse:
    """Households in scope: by code (natural order) or the head's name, with their member count."""
    return listkit.respond(request, lists.HOUSEHOLDS, "registry/household_list.html")


@officer_view
@requires("registry.change")
def household_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    head_id = int_param(request.POST.get("head") if request.method == "POST" else request.GET.get("head"))
    head = selectors.person_get(actor=user, person_id=head_id) if head_id else None
    if request.method == "POST":
        form = forms.HouseholdForm(request.POST, actor=user)
        try:
            household = services.household_create(
                actor=user, data=parse_household(form.raw()), head_id=head.pk if head else None
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The household was registered."))
            return redirect("web:household_detail", household_id=household.pk)
    else:
        commune = head.commune_id if head else (user.scope_unit_id if user.scope_level == "commune" else None)
        initial = {"commune": str(commune or ""), "address_detail": head.address_detail if head else ""}
        form = forms.HouseholdForm(initial=initial, actor=user)
    context = {"form": form, "head": head}
    return render(request, "registry/household_form.html", context, status=form_status(form))


@officer_view
@requires("registry.view")
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    user = request.user
    household = selectors.household_get(actor=user, household_id=household_id)
    members = list(selectors.household_members(household=household, include_past=True))
    events = None
    if user.can("registry.history"):
        events = history.describe(
            selectors.household_history(actor=user, household=household)[:HISTORY_LIMIT], actor=user
        )
    context = {
        "household": household,
        "members": [m for m in members if m.left_on is None],
        "past_members": [m for m in members if m.left_on is not None],
        "relationships": Relationship.choices,
        "history": events,
        "panels": [],
    }
    # Sections other apps add (the household's poverty status…).
    for panel in extensions.household_panels:
        context[panel.name] = data = panel.context(user, household)
        if data is not None:
            context["panels"].append(panel.template)
    return render(request, "registry/household_detail.html", context)


@officer_view
@requires("registry.change")
def household_candidates(request: HttpRequest, household_id: int) -> HttpResponse:
    """Persons to add to a household: the search-as-you-type results under the household's members."""
    user = request.user
    household = selectors.household_get(actor=user, household_id=household_id)
    if not request.htmx:
        return redirect("web:household_detail", household_id=household.pk)
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.person_search(actor=user, query=query, limit=10) if query else []
    context = {
        "household": household,
        "candidates": results,
        "query": query,
        "relationships": Relationship.choices,
    }
    return render_partial(request, "registry/household_detail.html", "candidates", context)


@require_POST
@officer_view
@requires("registry.change")
def household_member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    try:
        services.household_add_member(
            actor=request.user,
            household_id=household_id,
            person_id=int_param(request.POST.get("person")) or 0,
            relationship=request.POST.get("relationship", ""),
        )
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The member was added."))
    return redirect("web:household_detail", household_id=household_id)


def _ask_member_remove(request: HttpRequest, household_id: int, person_id: int) -> Confirmation | None:
    household = selectors.household_get(actor=request.user, household_id=household_id)
    member = selectors.household_members(household=household).filter(person_id=person_id).first()
    if member is None:
        return None  # not a member (any more): the service says so
    figures = {"name": member.person.full_name, "code": household.code}
    is_head = household.head_id == member.person_id
    details = [_("%(name)s leaves the household from today; their record stays in the registry.") % figures]
    if is_head:
        details.append(_("%(name)s is the head of the household: the household will have no head.") % figures)
    return Confirmation(
        title=_("Remove a member of household %(code)s") % figures,
        summary=(
            _("Remove the head of household %(code)s, %(name)s.")
            if is_head
            else _("Remove %(name)s from household %(code)s.")
        )
        % figures,
        details=details,
        cancel=reverse("web:household_detail", args=[household.pk]),
        action=_("Remove"),
        danger=True,
    )


@require_POST
@officer_view
@requires("registry.change")
@confirms(_ask_member_remove)
def household_member_remove(request: HttpRequest, household_id: int, person_id: int) -> HttpResponse:
    try:
        services.household_remove_member(actor=request.user, household_id=household_id, person_id=person_id)
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The member was removed from the household."))
    return redirect("web:household_detail", household_id=household_id)


# --- audit ------------------------------------------------------------------------------------------


@officer_view
@requires("audit.search")
def audit_search(request: HttpRequest) -> HttpResponse:
    """Every audit event, newest first: by user, action, record type and time; exported like any list."""
    return listkit.respond(request, lists.AUDIT, "audit/search.html")
