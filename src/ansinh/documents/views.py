"""The signatories pages: the list (list kit), recording one, and one signatory's page (its form for those
who record signatories, read-only for the other readers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.core.webkit import listkit
from ansinh.core.webkit.forms import add_service_errors
from ansinh.core.webkit.views import form_status, officer_view, requires
from ansinh.documents import lists, selectors, services
from ansinh.documents.forms import SignatoryForm


@officer_view
@requires("documents.view")
def signatory_list(request: HttpRequest) -> HttpResponse:
    can_change = request.user.can("documents.signatories")  # type: ignore[union-attr]
    return listkit.respond(
        request, lists.SIGNATORIES, "documents/signatory_list.html", {"can_change": can_change}
    )


@officer_view
@requires("documents.signatories")
def signatory_create(request: HttpRequest) -> HttpResponse:
    units = selectors.signing_units(actor=request.user)
    if request.method == "POST":
        form = SignatoryForm(request.POST, units=units)
        try:
            data = services.parse_signatory(form.raw())
            signatory = services.signatory_save(actor=request.user, data=data)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The signatory was recorded."))
            return redirect("documents:signatory_edit", signatory_id=signatory.pk)
    else:
        initial = {"unit": str(units[0].pk)} if len(units) == 1 else {}
        form = SignatoryForm(units=units, initial=initial)
    context: dict[str, Any] = {"form": form, "signatory": None}
    return render(request, "documents/signatory_form.html", context, status=form_status(form))


@officer_view
@requires("documents.view")
def signatory_edit(request: HttpRequest, signatory_id: int) -> HttpResponse:
    """GET: the signatory (a form for those who record signatories). POST: the correction, audited."""
    signatory = selectors.signatory_get(actor=request.user, signatory_id=signatory_id)
    can_change = request.user.can("documents.signatories")  # type: ignore[union-attr]
    if request.method == "POST" and not can_change:
        raise PermissionDenied()
    form = None
    if can_change:
        units = [signatory.unit]
        if request.method == "POST":
            form = SignatoryForm(request.POST, units=units, editing=True)
            raw = {**form.raw(), "unit": str(signatory.unit_id)}
            try:
                data = services.parse_signatory(raw)
                services.signatory_save(actor=request.user, data=data, signatory=signatory)
            except (NotFound, PermissionDenied):
                raise
            except ApplicationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The signatory was saved."))
                return redirect("documents:signatory_list")
        else:
            form = SignatoryForm(units=units, initial=SignatoryForm.initial_for(signatory), editing=True)
    context = {"form": form, "signatory": signatory}
    status = form_status(form) if form is not None else 200
    return render(request, "documents/signatory_form.html", context, status=status)
