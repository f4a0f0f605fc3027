"""HTML forms of the job board. They only carry strings: `jobboard.inputs` parses and `jobboard.services`
decides; a refusal comes back beside each field (`core.webkit.forms.add_service_errors`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.core.webkit.forms import CHOOSE, DATE_ATTRS, ServiceForm
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour.models import GeneralEducation, Qualification, WorkType


def _text(label: Any, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def _area(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=True, widget=forms.Textarea(attrs={"rows": rows})
    )


def _select(label: Any, choices: Any = ()) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


def _honeypot() -> forms.CharField:
    # Hidden from people (CSS and aria-hidden on its wrapper); robots that fill every box fill it in.
    return forms.CharField(
        label=_("Leave this box empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


def province_choices(blank: Any) -> list[tuple[str, str]]:
    rows = AdminUnit.objects.current().filter(level=Level.PROVINCE).order_by("name_folded")
    return [("", blank), *rows.values_list("code", "name")]


def commune_choices(province_code: str, blank: Any) -> list[tuple[str, str]]:
    """The current communes of one province: a page with all 3,321 would weigh half a megabyte."""
    if not province_code:
        return [("", blank)]
    rows = (
        AdminUnit.objects.current()
        .filter(level=Level.COMMUNE, province_code=province_code)
        .order_by("name_folded")
        .values_list("pk", "name")
    )
    return [("", blank), *((str(pk), name) for pk, name in rows)]


class InterestForm(ServiceForm):
    full_name = _text(_("Full name"), autocomplete="name", maxlength=120)
    phone = forms.CharField(
        label=_("Mobile phone"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "maxlength": 16}),
    )
    email = _text(_("E-mail (optional)"), inputmode="email", autocomplete="email", maxlength=120)
    message = _area(_("Message to the centre (optional)"), 3)
    consent = forms.BooleanField(
        label=_("I agree that the employment service centre and the employer may contact me about this job."),
        required=False,
    )
    website = _honeypot()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("10 digits, for example 0912 345 678.")
        for name in ("full_name", "phone", "consent"):
            self.fields[name].widget.attrs["aria-required"] = "true"


class SubmissionForm(ServiceForm):
    # The employer.
    tax_code = _text(_("Tax code"), inputmode="numeric", autocomplete="off", maxlength=16)
    employer_name = _text(_("Name of the enterprise or organisation"), maxlength=250)
    employer_province = _select(_("Province of the head office"))
    employer_commune = _select(_("Commune of the head office"))
    employer_address = _text(_("Address (street, village)"), maxlength=200)
    contact_name = _text(_("Contact person"), maxlength=120, autocomplete="name")
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "maxlength": 16}),
    )
    contact_email = _text(_("Contact e-mail"), maxlength=120, inputmode="email", autocomplete="email")
    contact_public = forms.BooleanField(
        label=_("Show our contact person, phone and e-mail on the job board"), required=False
    )
    # The vacancy.
    title = _text(_("Job title"), maxlength=200, autocomplete="off")
    occupation_code = _text(_("Occupation code (optional)"), maxlength=4, inputmode="numeric", size=5)
    description = _area(_("Job description"), 4)
    posts = _text(_("Number of posts"), inputmode="numeric", maxlength=6, size=6)
    wage_min = _text(_("Wage from (đồng/month)"), inputmode="numeric", placeholder="7.000.000")
    wage_max = _text(_("Wage up to (đồng/month)"), inputmode="numeric", placeholder="10.000.000")
    work_type = _select(_("Working time"), WorkType.choices)
    min_general_education = _select(_("Minimum general education"), GeneralEducation.choices)
    min_qualification = _select(_("Minimum technical qualification"), Qualification.choices)
    skills = _area(_("Skills required"), 2)
    min_experience_years = _text(_("Minimum years of experience"), inputmode="numeric", maxlength=2, size=3)
    province = _select(_("Province of the workplace"))
    commune = _select(_("Commune of the workplace"))
    address_detail = _text(_("Workplace address"), maxlength=200)
    deadline = _text(_("Application deadline"), **DATE_ATTRS)
    website = _honeypot()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._places("employer_province", "employer_commune", CHOOSE, _("— choose the province first —"))
        self._places(
            "province", "commune", _("— same as the head office —"), _("— same as the head office —")
        )
        self.fields["tax_code"].help_text = _("10 digits, or 13 for a branch (0101234567-001).")
        self.fields["occupation_code"].help_text = _(
            "4 digits of the Vietnam occupation classification; "
            "left empty, the centre finds it from the title."
        )
        self.fields["province"].help_text = _("The centre of this province reviews the vacancy.")
        self.fields["skills"].help_text = _("Separate skills with semicolons.")
        for name in (
            "tax_code",
            "employer_name",
            "employer_commune",
            "contact_name",
            "contact_phone",
            "title",
        ):
            self.fields[name].widget.attrs["aria-required"] = "true"

    def _places(self, province: str, commune: str, blank_province: Any, blank_commune: Any) -> None:
        """A province drop-down that reloads the commune drop-down (htmx; without JavaScript the form's
        "show the communes" button does it)."""
        chosen = (self.data.get(province) if self.is_bound else self.initial.get(province)) or ""
        self.fields[province].widget.choices = province_choices(blank_province)
        self.fields[province].widget.attrs.update(
            {
                "hx-get": reverse("jobboard:communes"),
                "hx-target": f"#id_{commune}",
                "hx-swap": "innerHTML",
                "hx-trigger": "change",
            }
        )
        self.fields[commune].widget.choices = commune_choices(chosen, blank_commune)


class StatusForm(ServiceForm):
    reference = _text(_("Reference number"), autocomplete="off", maxlength=14, placeholder="VL-XXXX-XXXX")
    tax_code = _text(_("Tax code"), inputmode="numeric", autocomplete="off", maxlength=16)


class HandleForm(ServiceForm):
    note = _text(_("Note (what was done)"), maxlength=300)


class RejectForm(ServiceForm):
    reason = _area(_("Reason for rejection"), 2)


class CentreForm(ServiceForm):
    name = _text(_("Name of the centre"), maxlength=200)
    address = _text(_("Address"), maxlength=250)
    phone = forms.CharField(
        label=_("Phone"), required=False, widget=forms.TextInput(attrs={"type": "tel", "maxlength": 16})
    )
    email = _text(_("E-mail"), inputmode="email", maxlength=120)
    website = _text(_("Website"), maxlength=200)
    hours = _text(_("Opening hours"), maxlength=200)
