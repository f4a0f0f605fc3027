"""Officer pages of the approved lists: the documents (certificate, decision, village posting list), the
lists of households by status and of their members, the health-insurance file, the import of approved
lists. Views only translate: read the request → one selector or service → answer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ansinh.core import clock
from ansinh.core.dates import parse_date
from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied
from ansinh.core.tabular import ImportRefused
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, confirms
from ansinh.core.webkit.forms import Renderer
from ansinh.core.webkit.views import attachment, int_param, officer_view, requires
from ansinh.documents.services import issued_numbers
from ansinh.poverty import selectors
from ansinh.poverty.approved import documents, imports, insurance, lists
from ansinh.web.choices import commune_choices


@require_GET
@officer_view
@requires("poverty.view")
def certificate_pdf(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """The household's certificate (giấy chứng nhận hộ nghèo / hộ cận nghèo) for its status today, or for
    the status named by `?status=`."""
    try:
        printed = documents.certificate_pdf(
            actor=request.user, household_id=household_id, status_id=int_param(request.GET.get("status"))
        )
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("poverty:household_statuses")
    return attachment(printed.filename, printed.content_type, printed.content)


def _ask_certificate_issue(request: HttpRequest, household_id: int) -> Confirmation | None:
    """Issuing the certificate is asked first, naming the register; one already issued prints again."""
    try:
        status = documents.certificate_status(
            actor=request.user, household_id=household_id, status_id=int_param(request.GET.get("status"))
        )
    except Conflict:
        return None  # the view answers it
    subject = documents.certificate_subject(status)
    if issued_numbers(subject.type, [subject.id]):
        return None
    figures = {
        "code": status.household.code,
        "year": clock.today().year,
        "commune": status.household.commune.name,
    }
    return Confirmation(
        title=_("Issue the certificate of household %(code)s") % figures,
        summary=_("Take the certificate's number from the %(year)s register of %(commune)s and print it.")
        % figures,
        details=[_("Every later print shows the same number.")],
        cancel=reverse("poverty:household_statuses"),
        action=_("Give a number and print"),
    )


@officer_view
@require_POST
@requires("poverty.change")
@confirms(_ask_certificate_issue, capability="poverty.change")
def certificate_issue(request: HttpRequest, household_id: int) -> HttpResponseBase:
    """Issue the certificate (its number from the commune's register, once) and answer with the PDF."""
    try:
        printed = documents.certificate_pdf(
            actor=request.user,
            household_id=household_id,
            status_id=int_param(request.GET.get("status")),
            issue=True,
        )
    except Conflict as exc:
        messages.error(request, str(exc.message))
        return redirect("poverty:household_statuses")
    return attachment(printed.filename, printed.content_type, printed.content)


@require_GET
@officer_view
@requires("poverty.view")
def decision_pdf(request: HttpRequest, round_id: int) -> HttpResponseBase:
    """The commune's decision approving the lists, with the lists as appendix (a draft before it)."""
    printed = documents.decision_pdf(actor=request.user, round_id=round_id)
    return attachment(printed.filename, printed.content_type, printed.content)


@require_GET
@officer_view
@requires("poverty.view")
def posting_pdf(request: HttpRequest, round_id: int) -> HttpResponseBase:
    """A village's posting list (`?village=`); without a village, back to the round's page."""
    if "village" not in request.GET:
        rnd = selectors.round_get(actor=request.user, round_id=round_id)
        messages.error(request, _("Choose the village whose posting list to print."))
        return redirect("poverty:round_detail", rnd.pk)
    printed = documents.posting_pdf(actor=request.user, round_id=round_id, village=request.GET["village"])
    return attachment(printed.filename, printed.content_type, printed.content)


@officer_view
@requires("poverty.view")
def household_statuses(request: HttpRequest) -> HttpResponse:
    context = {"can_import": request.user.can("poverty.change")}
    return listkit.respond(request, lists.HOUSEHOLDS, "poverty/approved/household_list.html", context)


@officer_view
@requires("poverty.view")
def member_list(request: HttpRequest) -> HttpResponse:
    return listkit.respond(request, lists.MEMBERS, "poverty/approved/member_list.html")


@require_GET
@officer_view
@requires("poverty.view")
def insurance_file(request: HttpRequest) -> HttpResponseBase:
    """The form (a date, a commune) and, once given a date, the file for the social insurance agency."""
    user: Any = request.user
    communes = commune_choices(user, blank=_("All communes"))
    context: dict[str, Any] = {
        "communes": communes,
        "full_ids": user.can(insurance.IDS),
        "on": request.GET.get("on", clock.today().strftime("%d/%m/%Y")),
        "commune": request.GET.get("commune", ""),
        "errors": {},
    }
    if "on" not in request.GET:
        return render(request, "poverty/approved/insurance.html", context)
    try:
        on = parse_date(request.GET.get("on"), field="on")
        if on is None:
            raise ApplicationError("on.required", gettext_lazy("Enter the date of the list."), field="on")
    except ApplicationError as exc:
        context["errors"] = {"on": [str(exc.message)]}
        return render(request, "poverty/approved/insurance.html", context, status=422)
    commune_id = int_param(request.GET.get("commune"))
    if commune_id is not None and commune_id not in {int(v) for v, _label in communes if str(v).isdigit()}:
        raise NotFound("commune")
    return attachment(*insurance.insurance_xlsx(actor=user, on=on, commune_id=commune_id))


class ImportForm(forms.Form):
    default_renderer = Renderer

    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@officer_view
@requires("poverty.change")
def status_import(request: HttpRequest) -> HttpResponse:
    """Last year's approved lists from a file: every row or none."""
    context: dict[str, Any] = {"refused": None, "problem": None, "max_rows": imports.MAX_ROWS}
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.import_statuses(
                    actor=request.user, filename=upload.name or "", content=upload.read()
                )
            except ImportRefused as exc:
                context["refused"], context["message"], status = exc.rows, exc.message, 422
            except (NotFound, PermissionDenied):
                raise
            except ApplicationError as exc:
                context["problem"], status = exc.message, 422
            else:
                messages.success(
                    request,
                    _("%(n)d households' statuses recorded: %(poor)d poor, %(near)d near-poor, "
                      "%(others)d other.")
                    % {"n": result.households, "poor": result.poor, "near": result.near_poor,
                       "others": result.others},
                )  # fmt: skip
                return redirect("poverty:household_statuses")
        else:
            status = 422
    else:
        form = ImportForm()
    context["form"] = form
    return render(request, "poverty/approved/import.html", context, status=status)


@require_GET
@officer_view
@requires("poverty.change")
def status_import_template(request: HttpRequest) -> HttpResponseBase:
    return attachment("Mau-nhap-danh-sach-ho-ngheo.xlsx", imports.XLSX_TYPE, imports.template_xlsx())
