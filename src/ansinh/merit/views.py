"""Merit pages: the people with merit and the martyrs in scope (list kit), a record with its assessments,
caregivers, care and martyrs, a martyr with the relatives linked, and the forms that record them.

Views only translate: read the request, call one selector or service, render. The forms only carry
strings; `merit.inputs` parses them and the services decide.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ansinh.core import clock, scope
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.money import format_vnd
from ansinh.core.periods import month_of
from ansinh.core.webkit import listkit
from ansinh.core.webkit.confirm import Confirmation, ask_first
from ansinh.core.webkit.forms import CHOOSE, DATE_ATTRS, ServiceForm, add_service_errors
from ansinh.core.webkit.views import form_status, officer_view, requires
from ansinh.merit import inputs, lists, selectors, services
from ansinh.merit.allowance import facts as merit_facts
from ansinh.merit.models import ASSESSED_CATEGORIES, ORDINANCE_LETTER, Category, RecordStatus, Relation
from ansinh.registry import resolve
from ansinh.registry.models import Person
from ansinh.web.choices import commune_choices

# --- forms ------------------------------------------------------------------------------------------


def _text(label: Any, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def _select(label: Any, choices: Any = ()) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


def _date(label: Any) -> forms.CharField:
    field = _text(label, **DATE_ATTRS)
    field.help_text = gettext_lazy("Day/month/year, for example 10/07/2026.")
    return field


class RecordForm(ServiceForm):
    category = _select(gettext_lazy("Category"), [("", CHOOSE), *Category.choices])
    decision_number = _text(
        gettext_lazy("Recognition decision number"), maxlength=40, placeholder="125/QĐ-SNV"
    )
    decision_date = _date(gettext_lazy("Decision date"))
    decision_body = _text(gettext_lazy("Decided by"), maxlength=200, placeholder="Sở Nội vụ tỉnh Điện Biên")
    dossier_number = _text(gettext_lazy("Dossier number"), maxlength=40)
    status = _select(gettext_lazy("Status"), RecordStatus.choices)
    status_from = _date(gettext_lazy("Status since"))
    note = _text(gettext_lazy("Note"), maxlength=300)

    def __init__(self, *args: Any, with_category: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_category:
            del self.fields["category"]
        self.fields["decision_body"].help_text = gettext_lazy(
            "Since 01/03/2025 the Ministry of Home Affairs or the province's Department of Home Affairs."
        )
        self.fields["status_from"].help_text = gettext_lazy("Blank: the decision date.")


class AssessmentForm(ServiceForm):
    rate = _text(gettext_lazy("Body-injury rate (%)"), inputmode="numeric", maxlength=3, size=4)
    especially_severe = forms.BooleanField(
        label=gettext_lazy("Especially severe injury (from 81 %)"), required=False
    )
    assessed_on = _date(gettext_lazy("Assessed on"))
    medical_council = _text(gettext_lazy("Medical assessment council"), maxlength=200)
    note = _text(gettext_lazy("Note"), maxlength=300)


class PersonPickForm(ServiceForm):
    """A registry person named by personal ID number (or, without one, by record number)."""

    personal_id = _text(
        gettext_lazy("Personal ID number"), inputmode="numeric", maxlength=14, autocomplete="off"
    )
    person_id = _text(gettext_lazy("Or the person's record number"), inputmode="numeric", maxlength=12)

    def person_raw(self, actor: Actor) -> dict[str, Any]:
        """The values with `person_id` worked out from a personal ID typed (in scope, else not found)."""
        raw = self.raw()
        number = raw.get("personal_id") or ""
        if number:
            found = resolve.find_in_scope(actor=actor, personal_id=number)
            if found is None:
                raise ValidationFailed(
                    [ApplicationError("personal_id.not_found", _("Person not found."), field="personal_id")]
                )
            raw["person_id"] = found.pk
        return raw


class CaregiverForm(PersonPickForm):
    valid_from = _date(gettext_lazy("Caring from"))
    valid_to = _date(gettext_lazy("Caring until"))


class RelativeForm(PersonPickForm):
    relation = _select(gettext_lazy("Relation to the martyr"), [("", CHOOSE), *Relation.choices])
    nurtured_years = _text(
        gettext_lazy("Years of raising the martyr while under 18"), inputmode="numeric", maxlength=2, size=3
    )


class CareForm(ServiceForm):
    organisation = _text(gettext_lazy("Organisation or unit"), maxlength=200)
    valid_from = _date(gettext_lazy("Caring from"))
    valid_to = _date(gettext_lazy("Caring until"))


class MartyrForm(ServiceForm):
    full_name = _text(gettext_lazy("Full name"), maxlength=120)
    birth_year = _text(gettext_lazy("Year of birth"), inputmode="numeric", maxlength=4, size=5)
    native_place = _text(gettext_lazy("Native place"), maxlength=200)
    commune_id = _select(gettext_lazy("Commune holding the record"))
    sacrificed_on = _date(gettext_lazy("Date of sacrifice"))
    sacrificed_at = _text(gettext_lazy("Place of sacrifice"), maxlength=200)
    certificate_number = _text(gettext_lazy("“Tổ quốc ghi công” certificate number"), maxlength=40)
    certificate_date = _date(gettext_lazy("Certificate date"))
    grave_location = _text(gettext_lazy("Grave location"), maxlength=200)

    def __init__(self, *args: Any, actor: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune_id"].widget.choices = commune_choices(actor)


# --- one form page ----------------------------------------------------------------------------------


def _form_page(
    request: HttpRequest,
    form: ServiceForm,
    save: Callable[[ServiceForm], Any],
    *,
    title: Any,
    lead: Any,
    back: str,
    back_label: Any,
    done: Any,
    version: int | None = None,
    confirm: bool = False,
) -> HttpResponse:
    """GET shows the form; POST saves through `save` and goes to the page it returns (or answers with
    the confirmation `save` asks first), or shows the refusal beside the fields (nothing saved).
    `confirm`: the form asks before it posts (`core.webkit.confirm`), for a `save` that calls
    `ask_first` on every POST."""
    if request.method == "POST":
        try:
            target = save(form)
        except (NotFound, PermissionDenied):
            raise
        except ApplicationError as exc:
            add_service_errors(form, exc)
        else:
            if isinstance(target, HttpResponse):
                return target  # the question asked before a consequential change
            messages.success(request, done)
            return redirect(target)
    context = {
        "form": form,
        "title": title,
        "lead": lead,
        "back": back,
        "back_label": back_label,
        "version": version,
        "confirm": confirm,
    }
    return render(request, "merit/form.html", context, status=form_status(form))


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one), None for a GET."""
    return request.POST if request.method == "POST" else None


def _version(request: HttpRequest) -> int | None:
    raw = (request.POST.get("version") or "").strip()
    return int(raw) if raw.isdigit() else None


# --- records ----------------------------------------------------------------------------------------


@officer_view
@requires("merit.view")
def record_list(request: HttpRequest) -> HttpResponse:
    """The records of people with merit in scope, by name, category, status, commune, decision date."""
    return listkit.respond(request, lists.RECORDS, "merit/record_list.html")


@officer_view
@requires("merit.view")
@require_GET
def record_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    """A record in full (the personal ID unmasked): the read is audited."""
    actor: Any = request.user
    record = selectors.record_view_full(actor=actor, record_id=record_id)
    context = {
        "record": record,
        "person": record.person,
        "assessed": record.category in ASSESSED_CATEGORIES,
        "in_force": selectors.assessment_in_force(record=record),
        "assessments": selectors.assessments(record=record),
        "caregivers": selectors.caregivers(record=record),
        "care": selectors.care_assignments(record=record),
        "martyr_links": selectors.person_martyr_links(actor=actor, person=record.person),
        "can_change": actor.can("merit.change"),
        "letter": _letter(record.category),
        "enrolment": record.enrolment,
        "allowance": _allowance(record),
    }
    return render(request, "merit/record_detail.html", context)


def _allowance(record: Any) -> dict[str, Any] | None:
    """This month's facts and amount, as the payment cycle computes them (one facts builder)."""
    found = merit_facts.record_month(record, month_of(clock.today()))
    if found is None:
        return None
    result = found["result"]
    return {
        "month": found["month"],
        "amount": format_vnd(result.monthly_amount),
        "result": result,
        "lines": [(line.label, format_vnd(line.amount), line.basis) for line in result.lines],
    }


def _letter(category: str) -> str:
    letter = ORDINANCE_LETTER.get(category)  # type: ignore[call-overload]
    if letter:
        return _("Ordinance 02/2020/UBTVQH14, Article 3(1)(%(letter)s)") % {"letter": letter}
    return _("Ordinance 02/2020/UBTVQH14, Article 3(2)")


@officer_view
@requires("merit.change")
def record_new(request: HttpRequest, person_id: int) -> HttpResponse:
    actor: Any = request.user
    person = scope.access(Person.objects.select_related("commune"), actor, person_id, what="person")
    form = RecordForm(_posted(request))

    def save(form: ServiceForm) -> str:
        record = services.record_create(
            actor=actor, person_id=person.pk, data=inputs.parse_record(form.raw())
        )
        return record_url(record.pk)

    return _form_page(
        request,
        form,
        save,
        title=_("Record a person with merit"),
        lead=_("%(name)s, born %(year)s: the category and the recognition decision.")
        % {"name": person.full_name, "year": person.birth_year},
        back=reverse("web:person_detail", args=[person.pk]),
        back_label=person.full_name,
        done=_("The record was created."),
    )


def record_url(record_id: int) -> str:
    return reverse("merit:record_detail", args=[record_id])


def _record_form(request: HttpRequest, record_id: int) -> Any:
    return selectors.record_get(actor=request.user, record_id=record_id, change=True)


@officer_view
@requires("merit.change")
def record_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    actor: Any = request.user
    record = _record_form(request, record_id)
    initial = {
        "decision_number": record.decision_number,
        "decision_date": record.decision_date.strftime("%d/%m/%Y"),
        "decision_body": record.decision_body,
        "dossier_number": record.dossier_number,
        "status": record.status,
        "status_from": record.status_from.strftime("%d/%m/%Y"),
        "note": record.note,
    }
    form = RecordForm(_posted(request), initial=initial, with_category=False)

    def save(form: ServiceForm) -> str | HttpResponse:
        data = inputs.parse_record(form.raw(), with_category=False)
        if asked := ask_first(request, _ask_status(record, data)):
            return asked
        services.record_update(
            actor=actor, record_id=record.pk, data=data, expected_version=_version(request)
        )
        return record_url(record.pk)

    return _form_page(
        request,
        form,
        save,
        title=_("Edit the record"),
        lead=f"{record.person.full_name} — {record.get_category_display()}",
        back=record_url(record.pk),
        back_label=record.person.full_name,
        done=_("The record was saved."),
        version=record.version,
        confirm=True,
    )


def _ask_status(record: Any, data: inputs.RecordData) -> Confirmation | None:
    """Ending a record (terminated, deceased) ends the person's preferential treatment: asked first."""
    if data.status == record.status or data.status not in (RecordStatus.TERMINATED, RecordStatus.DECEASED):
        return None
    figures = {
        "name": record.person.full_name,
        "category": record.get_category_display(),
        "status": RecordStatus(data.status).label,
        "date": (data.status_from or data.decision_date or record.status_from).strftime("%d/%m/%Y"),
    }
    return Confirmation(
        title=_("End the record of %(name)s") % figures,
        summary=_("%(name)s, %(category)s: the record becomes “%(status)s” from %(date)s.") % figures,
        details=[_("The preferential treatment of this category ends from that date.")],
        cancel=record_url(record.pk),
        action=_("End the record"),
        danger=True,
    )


@officer_view
@requires("merit.change")
def assessment_new(request: HttpRequest, record_id: int) -> HttpResponse:
    actor: Any = request.user
    record = _record_form(request, record_id)
    form = AssessmentForm(_posted(request))

    def save(form: ServiceForm) -> str:
        services.assessment_record(actor=actor, record_id=record.pk, data=inputs.parse_assessment(form.raw()))
        return record_url(record.pk)

    return _form_page(
        request,
        form,
        save,
        title=_("Record an injury assessment"),
        lead=_("The latest assessment on or before a date is the rate in force on that date."),
        back=record_url(record.pk),
        back_label=record.person.full_name,
        done=_("The assessment was recorded."),
    )


@officer_view
@requires("merit.change")
def caregiver_new(request: HttpRequest, record_id: int) -> HttpResponse:
    actor: Any = request.user
    record = _record_form(request, record_id)
    form = CaregiverForm(_posted(request))

    def save(form: Any) -> str:
        data = inputs.parse_caregiver(form.person_raw(actor))
        services.caregiver_add(actor=actor, record_id=record.pk, data=data)
        return record_url(record.pk)

    return _form_page(
        request,
        form,
        save,
        title=_("Add a caregiver"),
        lead=_("The current caregiver, if any, stops the day before the new one starts."),
        back=record_url(record.pk),
        back_label=record.person.full_name,
        done=_("The caregiver was recorded."),
    )


@officer_view
@requires("merit.change")
def care_new(request: HttpRequest, record_id: int) -> HttpResponse:
    actor: Any = request.user
    record = _record_form(request, record_id)
    form = CareForm(_posted(request))

    def save(form: ServiceForm) -> str:
        services.care_add(actor=actor, record_id=record.pk, data=inputs.parse_care(form.raw()))
        return record_url(record.pk)

    return _form_page(
        request,
        form,
        save,
        title=_("Care by an organisation"),
        lead=_("An organisation or unit that takes care of the Heroic Vietnamese Mother."),
        back=record_url(record.pk),
        back_label=record.person.full_name,
        done=_("The care was recorded."),
    )


# --- martyrs ----------------------------------------------------------------------------------------


@officer_view
@requires("merit.view")
def martyr_list(request: HttpRequest) -> HttpResponse:
    return listkit.respond(request, lists.MARTYRS, "merit/martyr_list.html")


@officer_view
@requires("merit.view")
@require_GET
def martyr_detail(request: HttpRequest, martyr_id: int) -> HttpResponse:
    actor: Any = request.user
    martyr = selectors.martyr_get(actor=actor, martyr_id=martyr_id)
    relatives, elsewhere = selectors.martyr_relatives(actor=actor, martyr=martyr)
    records = {
        r.person_id: r
        for r in selectors.record_queryset(actor=actor).filter(
            person_id__in=[x.person_id for x in relatives], category=Category.MARTYR_RELATIVE
        )
    }
    context = {
        "martyr": martyr,
        "relatives": [(r, records.get(r.person_id)) for r in relatives],
        "elsewhere": elsewhere,
        "can_change": actor.can("merit.change"),
    }
    return render(request, "merit/martyr_detail.html", context)


def martyr_url(martyr_id: int) -> str:
    return reverse("merit:martyr_detail", args=[martyr_id])


@officer_view
@requires("merit.change")
def martyr_new(request: HttpRequest) -> HttpResponse:
    actor: Any = request.user
    form = MartyrForm(_posted(request), actor=actor)

    def save(form: ServiceForm) -> str:
        martyr = services.martyr_create(actor=actor, data=inputs.parse_martyr(form.raw()))
        return martyr_url(martyr.pk)

    return _form_page(
        request,
        form,
        save,
        title=_("Register a martyr"),
        lead=_(
            "As on the “Tổ quốc ghi công” certificate; the record is held by the commune of the native place."
        ),
        back=reverse("merit:martyr_list"),
        back_label=_("Martyrs"),
        done=_("The martyr was registered."),
    )


@officer_view
@requires("merit.change")
def relative_new(request: HttpRequest, martyr_id: int) -> HttpResponse:
    actor: Any = request.user
    martyr = selectors.martyr_get(actor=actor, martyr_id=martyr_id, change=True)
    form = RelativeForm(_posted(request))

    def save(form: Any) -> str:
        data = inputs.parse_relative(form.person_raw(actor))
        services.relative_link(actor=actor, martyr_id=martyr.pk, data=data)
        return martyr_url(martyr.pk)

    return _form_page(
        request,
        form,
        save,
        title=_("Link a relative"),
        lead=_(
            "Father, mother, spouse, child, or the person who raised the martyr for at least 10 years while "
            "under 18 (Ordinance 02/2020, Article 3(2)). The person must be registered first."
        ),
        back=martyr_url(martyr.pk),
        back_label=martyr.full_name,
        done=_("The relative was linked."),
    )
