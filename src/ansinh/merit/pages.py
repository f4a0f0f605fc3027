"""Merit pages of the lists: the import of a province's lists of people with merit (with its template), the
commune's monthly payment list (PDF), and the care and living-standard lists. Views only translate: read
the request → one selector or service → answer."""

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
from django.views.decorators.http import require_GET

from ansinh.core import clock, scope
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied
from ansinh.core.tabular import ImportRefused
from ansinh.core.webkit import listkit
from ansinh.core.webkit.forms import CHOOSE, Renderer, ServiceForm
from ansinh.core.webkit.views import attachment, int_param, officer_view, requires
from ansinh.merit import amend, care, care_lists, documents, imports, inputs, selectors, views
from ansinh.registry.models import Household
from ansinh.web.choices import commune_choices


class ImportForm(forms.Form):
    default_renderer = Renderer

    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


@officer_view
@requires("merit.change")
def record_import(request: HttpRequest) -> HttpResponse:
    """A province's lists of people with merit from a file: every row or none."""
    context: dict[str, Any] = {"refused": None, "problem": None, "max_rows": imports.MAX_ROWS}
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = imports.import_records(
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
                    _("%(n)d records of people with merit imported, %(a)d injury assessments, "
                      "%(r)d links to martyrs.")
                    % {"n": result.records, "a": result.assessments, "r": result.relatives},
                )  # fmt: skip
                return redirect("merit:record_list")
        else:
            status = 422
    else:
        form = ImportForm()
    context["form"] = form
    return render(request, "merit/import.html", context, status=status)


@require_GET
@officer_view
@requires("merit.change")
def record_import_template(request: HttpRequest) -> HttpResponseBase:
    return attachment("Mau-nhap-danh-sach-nguoi-co-cong.xlsx", imports.XLSX_TYPE, imports.template_xlsx())


@require_GET
@officer_view
@requires("merit.view")
def payment_list(request: HttpRequest) -> HttpResponseBase:
    """The form (a commune, a month); once both are given, on to the commune's list of the month."""
    user: Any = request.user
    context: dict[str, Any] = {
        "communes": commune_choices(user),
        "month": request.GET.get("month", clock.today().strftime("%m/%Y")),
        "commune": request.GET.get("commune", ""),
        "errors": {},
    }
    if "month" not in request.GET:
        return render(request, "merit/payment_list.html", context)
    errors: dict[str, list[str]] = {}
    try:
        month = documents.parse_month(request.GET.get("month"))
    except ApplicationError as exc:
        errors["month"] = [str(exc.message)]
    commune = int_param(request.GET.get("commune"))
    if commune is None:
        errors["commune"] = [_("Choose the commune.")]
    if errors:
        context["errors"] = errors
        return render(request, "merit/payment_list.html", context, status=422)
    url = reverse("merit:payment_list_pdf", args=[commune])
    return redirect(f"{url}?month={month:%Y-%m}")


@require_GET
@officer_view
@requires("merit.view")
def payment_list_pdf(request: HttpRequest, commune: int) -> HttpResponseBase:
    """The commune's payment list of the month (`?month=YYYY-MM`): prints, never writes."""
    try:
        month = documents.parse_month(request.GET.get("month"))
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("merit:payment_list")
    printed = documents.payment_list_pdf(actor=request.user, commune_id=commune, month=month)
    return attachment(printed.filename, printed.content_type, printed.content)


# --- care of Heroic Mothers and living standard -------------------------------------------------------


@officer_view
@requires("merit.view")
def care_list(request: HttpRequest) -> HttpResponse:
    """The Heroic Mothers in scope, who cares for each today, and the share cared for."""
    context = {"share": care.care_share(actor=request.user)}
    return listkit.respond(request, care_lists.MOTHERS, "merit/care.html", context)


@officer_view
@requires("merit.view")
def living_standard(request: HttpRequest) -> HttpResponse:
    """The merit households in scope with their living standard today, the share at or above, and the
    definition used."""
    context = {"share": care.standard_share(actor=request.user), "definition": care.DEFINITION}
    return listkit.respond(request, care_lists.HOUSEHOLDS, "merit/living_standard.html", context)


class StandardForm(ServiceForm):
    assessed_on = views._date(gettext_lazy("Assessed on"))
    at_or_above = views._select(
        gettext_lazy("Living standard"),
        [
            ("", CHOOSE),
            ("true", gettext_lazy("At or above the community's average")),
            ("false", gettext_lazy("Below the community's average")),
        ],
    )
    note = views._text(gettext_lazy("Note"), maxlength=300)


@officer_view
@requires("merit.change")
def standard_assess(request: HttpRequest, household_id: int) -> HttpResponse:
    """An officer's dated assessment of a merit household's living standard (used where no poverty
    decision covers the day)."""
    actor: Any = request.user
    household = scope.access(Household.objects.all(), actor, household_id, what="household")
    form = StandardForm(views._posted(request))

    def save(form: ServiceForm) -> str:
        care.assessment_record(actor=actor, household_id=household.pk, data=care.parse_assessment(form.raw()))
        return reverse("merit:living_standard")

    return views._form_page(
        request,
        form,
        save,
        title=_("Assess the living standard"),
        lead=_(
            "Household %(code)s: the officer's assessment counts only where no poverty decision covers "
            "the day."
        )
        % {"code": household.code},
        back=reverse("merit:living_standard"),
        back_label=_("Living standard of merit households"),
        done=_("The assessment was recorded."),
    )


@officer_view
@requires("merit.change")
def martyr_edit(request: HttpRequest, martyr_id: int) -> HttpResponse:
    """Correct a martyr's record (the same fields and checks as registering one)."""
    actor: Any = request.user
    martyr = selectors.martyr_get(actor=actor, martyr_id=martyr_id, change=True)
    initial = {
        "full_name": martyr.full_name,
        "birth_year": martyr.birth_year or "",
        "native_place": martyr.native_place,
        "commune_id": martyr.commune_id,
        "sacrificed_on": martyr.sacrificed_on.strftime("%d/%m/%Y"),
        "sacrificed_at": martyr.sacrificed_at,
        "certificate_number": martyr.certificate_number,
        "certificate_date": martyr.certificate_date.strftime("%d/%m/%Y"),
        "grave_location": martyr.grave_location,
    }
    form = views.MartyrForm(views._posted(request), actor=actor, initial=initial)

    def save(form: ServiceForm) -> str:
        amend.martyr_update(
            actor=actor,
            martyr_id=martyr.pk,
            data=inputs.parse_martyr(form.raw()),
            expected_version=views._version(request),
        )
        return views.martyr_url(martyr.pk)

    return views._form_page(
        request,
        form,
        save,
        title=_("Correct the martyr's record"),
        lead=_("As on the “Tổ quốc ghi công” certificate."),
        back=views.martyr_url(martyr.pk),
        back_label=martyr.full_name,
        done=_("The martyr's record was corrected."),
        version=martyr.version,
    )
