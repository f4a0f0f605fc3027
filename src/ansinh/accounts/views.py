"""User administration pages under /users/ (system administrator only; anyone else gets 404) and every
user's own password change at /account/password/. Views only translate: read the request, call one
selector or service, render. Passwords and token secrets are answered once, in the POST's response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ansinh.accounts import lists, selectors, services
from ansinh.accounts.forms import PasswordChangeForm, PasswordResetForm, TokenForm, UserForm
from ansinh.accounts.models import User
from ansinh.accounts.roles import SCOPE_LEVEL
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed, field_error
from ansinh.core.webkit import listkit
from ansinh.core.webkit.forms import add_service_errors
from ansinh.core.webkit.views import form_status, int_param, officer_view
from ansinh.geo.models import AdminUnit

View = Callable[..., HttpResponse]


def manager_view(view: View) -> View:
    """Logged in, and a system administrator: to anyone else the pages do not exist (404)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.can("accounts.manage"):  # type: ignore[union-attr]
            raise NotFound("user")
        return view(request, *args, **kwargs)

    return officer_view(wrapped)


# --- list ------------------------------------------------------------------------------------------


@manager_view
def user_list(request: HttpRequest) -> HttpResponse:
    """Every account: by role, province and status, searched by name; exported like any list."""
    return listkit.respond(request, lists.USERS, "accounts/users/list.html")


# --- the scope unit, found by a search --------------------------------------------------------------


def _scope_unit(request: HttpRequest, raw: dict[str, Any], context: dict[str, Any]) -> AdminUnit | None:
    """The unit chosen among the suggestions, or the only one matching what was typed. Several matches
    are offered as choices beside the field; none is a field error."""
    role = raw.get("role", "")
    level = SCOPE_LEVEL.get(role)
    typed, unit_id = raw.get("scope_unit", ""), int_param(request.POST.get("unit_id"))
    if level is None or not (typed or unit_id):
        return None
    found = selectors.scope_unit_find(actor=request.user, role=role, unit_id=unit_id, query=typed)
    if len(found) == 1:
        return found[0]
    if found:
        context["unit_choices"] = found
        message = _("Several units match: choose one of them below.")
        raise ValidationFailed([field_error("user.unit_ambiguous", message, "scope_unit")])
    message = (
        _("No current province matches what was typed.")
        if level == "province"
        else _("No current commune matches what was typed.")
    )
    raise ValidationFailed([field_error("user.unit_not_found", message, "scope_unit")])


@manager_view
def unit_suggest(request: HttpRequest) -> HttpResponse:
    """htmx: the units matching what is typed in the scope-unit box, as choices."""
    role = request.GET.get("role", "")[:30]
    units = selectors.scope_units(actor=request.user, role=role, query=request.GET.get("scope_unit", ""))
    context = {"unit_choices": units, "nationwide": SCOPE_LEVEL.get(role, "") is None}
    return render(request, "accounts/users/_units.html", context)


# --- create and edit --------------------------------------------------------------------------------


def _secret_page(request: HttpRequest, user: User, *, password: str = "", token: str = "") -> HttpResponse:
    context = {"account": user, "password": password, "token": token}
    response = render(request, "accounts/users/secret.html", context)
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("password")
@never_cache
@manager_view
def user_create(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"account": None}
    if request.method == "POST":
        form = UserForm(request.POST, creating=True)
        raw = form.raw()
        password = raw.get("password") or services.generate_password()
        try:
            user = services.user_create(
                actor=request.user,
                username=raw.get("username", ""),
                password=password,
                role=raw.get("role", ""),
                scope_unit=_scope_unit(request, raw, context),
                full_name=raw.get("full_name", ""),
                email=raw.get("email", ""),
                must_change_password=True,
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            return _secret_page(request, user, password=password)
    else:
        form = UserForm(creating=True)
    context["form"] = form
    return render(request, "accounts/users/form.html", context, status=form_status(form))


@manager_view
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get(actor=request.user, user_id=user_id)
    context: dict[str, Any] = {"account": account}
    if request.method == "POST":
        form = UserForm(request.POST, creating=False)
        raw = form.raw()
        try:
            services.user_update(
                actor=request.user,
                user_id=account.pk,
                role=raw.get("role", ""),
                scope_unit=_scope_unit(request, raw, context),
                full_name=raw.get("full_name", ""),
                email=raw.get("email", ""),
            )
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The account was saved."))
            return redirect("accounts:user_detail", user_id=account.pk)
    else:
        form = UserForm(initial=UserForm.initial_for(account), creating=False)
    context["form"] = form
    return render(request, "accounts/users/form.html", context, status=form_status(form))


# --- one account: status, password, tokens ----------------------------------------------------------


def _detail_context(request: HttpRequest, account: User, **forms: Any) -> dict[str, Any]:
    return {
        "account": account,
        "tokens": list(selectors.user_tokens(actor=request.user, user=account)[:100]),
        "password_form": forms.get("password_form") or PasswordResetForm(),
        "token_form": forms.get("token_form") or TokenForm(initial={"days": "365"}),
        "is_self": account.pk == request.user.pk,
    }


@manager_view
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get(actor=request.user, user_id=user_id)
    return render(request, "accounts/users/detail.html", _detail_context(request, account))


def _flash(request: HttpRequest, exc: ApplicationError) -> None:
    for error in getattr(exc, "errors", [exc]):
        messages.error(request, str(error.message))


@require_POST
@manager_view
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user_id=user_id, active=active)
    except NotFound:
        raise
    except ApplicationError as exc:
        _flash(request, exc)
    else:
        messages.success(
            request, _("The account was reactivated.") if active else _("The account was deactivated.")
        )
    return redirect("accounts:user_detail", user_id=user_id)


@sensitive_post_parameters("password")
@require_POST
@never_cache
@manager_view
def user_password(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get(actor=request.user, user_id=user_id)
    form = PasswordResetForm(request.POST)
    try:
        user, password = services.password_reset(
            actor=request.user, user_id=account.pk, password=form.raw().get("password", "")
        )
    except NotFound:
        raise
    except ApplicationError as exc:
        add_service_errors(form, exc)
        context = _detail_context(request, account, password_form=form)
        return render(request, "accounts/users/detail.html", context, status=form_status(form))
    return _secret_page(request, user, password=password)


@require_POST
@never_cache
@manager_view
def token_issue(request: HttpRequest, user_id: int) -> HttpResponse:
    account = selectors.user_get(actor=request.user, user_id=user_id)
    form = TokenForm(request.POST)
    raw = form.raw()
    days = int_param(raw.get("days")) if raw.get("days") else 365
    try:
        _token, secret = services.token_issue(
            actor=request.user,
            user_id=account.pk,
            name=raw.get("name", ""),
            days=days if days is not None else -1,
        )
    except NotFound:
        raise
    except ApplicationError as exc:
        add_service_errors(form, exc)
        context = _detail_context(request, account, token_form=form)
        return render(request, "accounts/users/detail.html", context, status=form_status(form))
    return _secret_page(request, account, token=secret)


@require_POST
@manager_view
def token_revoke(request: HttpRequest, user_id: int, token_id: int) -> HttpResponse:
    services.token_revoke(actor=request.user, user_id=user_id, token_id=token_id)
    messages.success(request, _("The token was revoked: it no longer works."))
    return redirect("accounts:user_detail", user_id=user_id)


# --- one's own password -----------------------------------------------------------------------------


@sensitive_post_parameters("current", "new", "repeat")
@never_cache
@officer_view
def password_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        form = PasswordChangeForm(request.POST)
        raw = form.raw()
        try:
            changed = services.password_change(
                actor=user,
                current=raw.get("current", ""),
                new=raw.get("new", ""),
                repeat=raw.get("repeat", ""),
            )
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            update_session_auth_hash(request, changed)  # this session goes on; the others end
            messages.success(request, _("Your password was changed."))
            return redirect("web:dashboard")
    else:
        form = PasswordChangeForm()
    context = {"form": form, "required": user.must_change_password}
    return render(request, "accounts/password_change.html", context, status=form_status(form))
