"""HTML forms of the registry pages.

These forms only carry values: every field is an optional string, and all validation comes from the
services (`registry.inputs` parses, `registry.services` checks). A refused write comes back as
`ValidationFailed`; `add_service_errors` (core.webkit.forms) puts each message next to its field and the
typed values stay.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.actors import Actor
from ansinh.core.webkit.forms import (
    CHOOSE,
    ServiceForm,
    date_field,
    select_field,
    text_field,
)
from ansinh.registry.models import LifeStatus, Person, Sex
from ansinh.web.choices import bank_choices, commune_choices, ethnicity_choices
from ansinh.web.labels import FIELD_LABELS


class RecordForm(ServiceForm):
    """A form over a person or household record: its fields are labelled as the record's history is."""

    field_labels = FIELD_LABELS


class PersonForm(RecordForm):
    full_name = text_field(autocomplete="off", maxlength=120)
    personal_id = text_field(inputmode="numeric", autocomplete="off", maxlength=14)
    sex = select_field([("", CHOOSE), *Sex.choices])
    birth_date = date_field()
    birth_year = text_field(inputmode="numeric", maxlength=4, size=4)
    ethnicity = select_field()
    commune = select_field()
    address_detail = text_field(maxlength=200)
    phone = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "tel", "maxlength": 15}))
    bank_code = select_field()
    bank_account = text_field(inputmode="numeric", autocomplete="off", maxlength=30)
    status = select_field(LifeStatus.choices)
    death_date = date_field()

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


class HouseholdForm(RecordForm):
    commune = select_field()
    code = text_field(maxlength=20, autocomplete="off")
    address_detail = text_field(maxlength=200)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.choices = commune_choices(actor)
        self.fields["commune"].widget.attrs["aria-required"] = "true"
        self.fields["code"].help_text = _("Leave empty to have one assigned.")
