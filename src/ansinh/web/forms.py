"""HTML forms of the registry pages.

These forms only carry values: every field is an optional string, and all validation comes from the
services (`registry.inputs` parses, `registry.services` checks). A refused write comes back as
`ValidationFailed`; `add_service_errors` puts each message next to its field and the typed values stay.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

from ansinh.core import reference
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, ValidationFailed
from ansinh.core.models import AuditAction
from ansinh.geo.models import AdminUnit, Level
from ansinh.registry.models import LifeStatus, Person, Sex
from ansinh.web.labels import FIELD_LABELS


class Renderer(DjangoTemplates):
    """Our own field template (label, help, errors, widget) from web/templates/forms/."""

    field_template_name = "forms/field.html"


def communes_in_scope(actor: Actor):
    """Current communes an officer may choose: their own, their province's, or (nationwide roles) all.

    Units are public reference data; scope decides only which of them are offered.
    """
    units = AdminUnit.objects.current().filter(level=Level.COMMUNE).order_by("name_folded")
    level = actor.scope_level
    unit = actor.scope_unit
    if level == "commune":
        return units.filter(pk=unit.pk if unit else None)
    if level == "province":
        return units.filter(province_code=unit.code if unit else None)
    return units


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


CHOOSE = _("— choose —")


def commune_choices(actor: Actor, blank: Any = CHOOSE) -> list[tuple[str, str]]:
    return _blank(blank) + [
        (str(pk), name) for pk, name in communes_in_scope(actor).values_list("pk", "name")
    ]


def ethnicity_choices() -> list[tuple[str, str]]:
    return [(e.code, e.name) for e in reference.ethnicities()]


def bank_choices() -> list[tuple[str, str]]:
    return _blank(_("— no account —")) + [(b.code, b.short_name) for b in reference.banks()]


def ethnicity_names() -> dict[str, str]:
    return dict(ethnicity_choices())


def bank_names() -> dict[str, str]:
    """Code → "Vietcombank (Ngân hàng TMCP Ngoại Thương Việt Nam)": the name people use, then the full one."""
    return {
        b.code: f"{b.short_name} ({b.name})" if b.name != b.short_name else b.name for b in reference.banks()
    }


def add_service_errors(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form: each error beside its field, the rest on top."""
    form.refusal_status = exc.status
    errors = exc.errors if isinstance(exc, ValidationFailed) else [exc]
    for error in errors:
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))


class ServiceForm(forms.Form):
    default_renderer = Renderer
    required_css_class = "required"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label is None and name in FIELD_LABELS:
                field.label = FIELD_LABELS[name]

    @property
    def has_field_errors(self) -> bool:
        return any(name in self.fields for name in self.errors)

    def raw(self) -> dict[str, str]:
        """The typed values, for `registry.inputs.parse_*`."""
        self.is_valid()  # only strips strings: every field is an optional CharField
        return dict(self.cleaned_data)


def _text(**attrs: Any) -> forms.CharField:
    return forms.CharField(required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def _select(choices: Any = ()) -> forms.CharField:
    return forms.CharField(required=False, widget=forms.Select(choices=choices))


# Dates are typed as dd/mm/yyyy in a text box rather than a browser date picker: a picker shows the
# browser's own order (mm/dd/yyyy in an English browser), a trap for 05/06-style dates.
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": 10, "autocomplete": "off"}


def _date() -> forms.CharField:
    return forms.CharField(required=False, widget=forms.TextInput(attrs=DATE_ATTRS))


class PersonForm(ServiceForm):
    full_name = _text(autocomplete="off", maxlength=120)
    personal_id = _text(inputmode="numeric", autocomplete="off", maxlength=14)
    sex = _select([("", CHOOSE), *Sex.choices])
    birth_date = _date()
    birth_year = _text(inputmode="numeric", maxlength=4, size=4)
    ethnicity = _select()
    commune = _select()
    address_detail = _text(maxlength=200)
    phone = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "tel", "maxlength": 15}))
    bank_code = _select()
    bank_account = _text(inputmode="numeric", autocomplete="off", maxlength=30)
    status = _select(LifeStatus.choices)
    death_date = _date()

    required_fields = ("full_name", "sex", "commune", "ethnicity")

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ethnicity"].widget.choices = ethnicity_choices()
        self.fields["commune"].widget.choices = commune_choices(actor)
        self.fields["bank_code"].widget.choices = bank_choices()
        self.fields["personal_id"].help_text = _("12 digits, on the citizen identity card.")
        self.fields["birth_date"].help_text = _("Day/month/year, for example 16/05/1989.")
        self.fields["birth_year"].help_text = _("Only when the full date of birth is not known.")
        self.fields["death_date"].help_text = _("Only for the status deceased.")
        for name in self.required_fields:
            self.fields[name].widget.attrs["aria-required"] = "true"

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        by_year = person.birth_date is None
        return {
            "full_name": person.full_name,
            "personal_id": person.personal_id or "",
            "sex": person.sex,
            "birth_date": f"{person.birth_date:%d/%m/%Y}" if person.birth_date else "",
            "birth_year": str(person.birth_year) if by_year else "",
            "ethnicity": person.ethnicity,
            "commune": str(person.commune_id),
            "address_detail": person.address_detail,
            "phone": person.phone,
            "bank_code": person.bank_code,
            "bank_account": person.bank_account,
            "status": person.status,
            "death_date": f"{person.death_date:%d/%m/%Y}" if person.death_date else "",
        }


class HouseholdForm(ServiceForm):
    commune = _select()
    code = _text(maxlength=20, autocomplete="off")
    address_detail = _text(maxlength=200)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.choices = commune_choices(actor)
        self.fields["commune"].widget.attrs["aria-required"] = "true"
        self.fields["code"].help_text = _("Leave empty to have one assigned.")


class AuditFilterForm(forms.Form):
    """Filters of the audit search: plain query parsing, nothing here is a business rule."""

    default_renderer = Renderer

    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("— any —")), *AuditAction.choices]
    )
    object_type = forms.ChoiceField(
        label=_("Record type"),
        required=False,
        choices=[
            ("", _("— any —")),
            ("registry.person", _("Person")),
            ("registry.household", _("Household")),
            ("accounts.user", _("User")),
            ("accounts.apitoken", _("API token")),
        ],
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS, format="%d/%m/%Y")
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs=DATE_ATTRS, format="%d/%m/%Y")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
