"""HTML forms of the labour pages. Like the registry's, they only carry strings: `registration.inputs`
parses and `registration.services` decides; a refusal comes back beside each field
(`web.forms.add_service_errors`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core.actors import Actor
from ansinh.core.webkit.forms import CHOOSE, DATE_ATTRS, Renderer, ServiceForm
from ansinh.geo.models import AdminUnit, Level
from ansinh.labour.models import (
    EmployerKind,
    EmployerSize,
    EmploymentStatus,
    GeneralEducation,
    JobSeeker,
    Qualification,
    SeekerCloseReason,
    UnemploymentBenefitStatus,
    Vacancy,
    VacancyCloseReason,
    WorkType,
)
from ansinh.labour.reference import classifications
from ansinh.registry.models import Sex
from ansinh.web.choices import commune_choices, ethnicity_choices


def _text(label: Any, **attrs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, strip=True, widget=forms.TextInput(attrs=attrs))


def _area(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, strip=True, widget=forms.Textarea(attrs={"rows": rows})
    )


def _select(label: Any, choices: Any = ()) -> forms.CharField:
    return forms.CharField(label=label, required=False, widget=forms.Select(choices=choices))


def _check(label: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


def _money(label: Any) -> forms.CharField:
    return _text(label, inputmode="numeric", placeholder="7.000.000", autocomplete="off")


def _date(label: Any) -> forms.CharField:
    return _text(label, **DATE_ATTRS)


def province_choices() -> list[tuple[str, str]]:
    return list(
        AdminUnit.objects.current()
        .filter(level=Level.PROVINCE)
        .order_by("name_folded")
        .values_list("code", "name")
    )


def _date_text(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _money_text(value: int | None) -> str:
    return f"{value:,}".replace(",", ".") if value is not None else ""


class SeekerForm(ServiceForm):
    # The person (new registrations only; later edits go through the registry).
    personal_id = _text(_("Personal ID number"), inputmode="numeric", autocomplete="off", maxlength=14)
    full_name = _text(_("Full name"), autocomplete="off", maxlength=120)
    birth_date = _date(_("Date of birth"))
    birth_year = _text(_("Year of birth"), inputmode="numeric", maxlength=4, size=4)
    sex = _select(_("Sex"), [("", CHOOSE), *Sex.choices])
    ethnicity = _select(_("Ethnic group"))
    phone = forms.CharField(label=_("Phone"), required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    address_detail = _text(_("Village, hamlet or street"), maxlength=200)
    # The registration.
    commune = _select(pgettext_lazy("place", "Commune"))
    registered_on = _date(_("Registered on"))
    title = _text(_("Job wanted"), maxlength=200, autocomplete="off")
    occupation_codes = _text(
        _("Occupation codes"), maxlength=60, autocomplete="off", placeholder="7212, 7214"
    )
    general_education = _select(_("General education"), [("", CHOOSE), *GeneralEducation.choices])
    qualification = _select(_("Technical qualification"), Qualification.choices)
    field_of_study = _text(_("Field of study"), maxlength=200)
    certificates = _text(_("Certificates"), maxlength=300)
    skills = _area(_("Skills"), 2)
    experience_years = _text(_("Years of experience"), inputmode="numeric", maxlength=2, size=3)
    experience = _area(_("Work experience"))
    wage_min = _money(_("Desired wage from (đồng/month)"))
    wage_max = _money(_("Desired wage up to (đồng/month)"))
    work_type = _select(_("Working time"), WorkType.choices)
    desired_provinces = forms.MultipleChoiceField(
        label=_("Provinces where the person would work"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    willing_to_move = _check(_("Willing to move for work"))
    employment_status = _select(_("Employment status"), EmploymentStatus.choices)
    ui_status = _select(_("Unemployment benefit"), UnemploymentBenefitStatus.choices)
    email = _text(_("E-mail"), maxlength=120, type="email")
    consent_contact = _check(_("Agrees to be contacted about jobs"))
    notes = _area(_("Notes"), 2)

    # The answer to possible duplicates of a new person (`registry/_possible_duplicates.html`).
    link_to = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.CharField(required=False, widget=forms.HiddenInput)
    new_reason = forms.CharField(
        required=False, strip=True, label=_("Why a new person"), widget=forms.Textarea(attrs={"rows": 2})
    )

    PERSON_FIELDS = ("personal_id", "full_name", "birth_date", "birth_year", "sex", "ethnicity", "phone",
                     "address_detail", "link_to", "confirm_new", "new_reason")  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.choices = commune_choices(actor)
        self.fields["ethnicity"].widget.choices = ethnicity_choices()
        self.fields["desired_provinces"].choices = province_choices()
        self.fields["commune"].help_text = _("Where the person lives.")
        self.fields["title"].help_text = _("As the person says it, e.g. “thợ hàn điện”, “tài xế”.")
        self.fields["occupation_codes"].help_text = _(
            "4-digit codes of the Vietnam occupation classification, the main one first; "
            "left empty, the code is found from the job wanted."
        )
        self.fields["skills"].help_text = _("Separate skills with semicolons.")
        self.fields["personal_id"].help_text = _(
            "12 digits. A person already in the registry is found by this number and not registered twice."
        )
        self.fields["birth_year"].help_text = _("Only when the full date of birth is not known.")
        if not new:
            for name in self.PERSON_FIELDS:
                del self.fields[name]
        for name in ("full_name", "sex", "commune", "title", "general_education"):
            if name in self.fields:
                self.fields[name].widget.attrs["aria-required"] = "true"

    def raw(self) -> dict[str, Any]:
        data = super().raw()
        data["desired_provinces"] = (
            self.data.getlist("desired_provinces") if hasattr(self.data, "getlist") else []
        )
        return data

    def person_raw(self) -> dict[str, Any]:
        data = super().raw()
        return {name: data.get(name, "") for name in self.PERSON_FIELDS} | {"commune_id": data.get("commune")}

    @staticmethod
    def initial_for(seeker: JobSeeker) -> dict[str, Any]:
        return {
            "commune": str(seeker.commune_id),
            "registered_on": _date_text(seeker.registered_on),
            "title": seeker.title,
            "occupation_codes": ", ".join(
                seeker.occupations.order_by("rank").values_list("occupation_code", flat=True)
            ),
            "general_education": str(seeker.general_education),
            "qualification": str(seeker.qualification),
            "field_of_study": seeker.field_of_study,
            "certificates": seeker.certificates,
            "skills": seeker.skills,
            "experience_years": str(seeker.experience_years),
            "experience": seeker.experience,
            "wage_min": _money_text(seeker.wage_min),
            "wage_max": _money_text(seeker.wage_max),
            "work_type": seeker.work_type,
            "desired_provinces": list(
                seeker.places.filter(commune__isnull=True).values_list("province_code", flat=True)
            ),
            "willing_to_move": seeker.willing_to_move,
            "employment_status": seeker.employment_status,
            "ui_status": seeker.ui_status,
            "email": seeker.email,
            "consent_contact": seeker.consent_contact,
            "notes": seeker.notes,
        }


class EmployerForm(ServiceForm):
    tax_code = _text(_("Tax code"), inputmode="numeric", autocomplete="off", maxlength=16)
    name = _text(_("Name"), maxlength=250)
    kind = _select(_("Type of employer"), EmployerKind.choices)
    industry_code = _select(_("Industry (VSIC 2025 section)"))
    size = _select(_("Size"), [("", CHOOSE), *EmployerSize.choices])
    employees = _text(_("Employees"), inputmode="numeric", maxlength=7, size=7)
    commune = _select(pgettext_lazy("place", "Commune"))
    address_detail = _text(_("Address"), maxlength=200)
    contact_name = _text(_("Contact person"), maxlength=120)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False,
                                    widget=forms.TextInput(attrs={"type": "tel"}))  # fmt: skip
    contact_email = _text(_("Contact e-mail"), maxlength=120, type="email")
    website = _text(_("Website"), maxlength=200)
    is_active = _check(_("Active"))

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commune"].widget.choices = commune_choices(actor)
        self.fields["industry_code"].widget.choices = [("", CHOOSE), *classifications.industry_choices()]
        self.fields["tax_code"].help_text = _("10 digits, or 13 for a branch (0101234567-001).")
        for name in ("tax_code", "name", "commune"):
            self.fields[name].widget.attrs["aria-required"] = "true"

    @staticmethod
    def initial_for(employer: Any) -> dict[str, Any]:
        return {
            "tax_code": employer.tax_code,
            "name": employer.name,
            "kind": employer.kind,
            "industry_code": employer.industry_code,
            "size": employer.size,
            "employees": "" if employer.employees is None else str(employer.employees),
            "commune": str(employer.commune_id),
            "address_detail": employer.address_detail,
            "contact_name": employer.contact_name,
            "contact_phone": employer.contact_phone,
            "contact_email": employer.contact_email,
            "website": employer.website,
            "is_active": employer.is_active,
        }


class VacancyForm(ServiceForm):
    employer = _select(_("Employer"))
    reference = _text(_("Employer's reference"), maxlength=40)
    title = _text(_("Job title"), maxlength=200, autocomplete="off")
    occupation_code = _text(_("Occupation code"), maxlength=5, inputmode="numeric", autocomplete="off")
    description = _area(_("Description"), 4)
    posts = _text(_("Number of posts"), inputmode="numeric", maxlength=6, size=6)
    wage_min = _money(_("Wage from (đồng/month)"))
    wage_max = _money(_("Wage up to (đồng/month)"))
    work_type = _select(_("Working time"), WorkType.choices)
    min_general_education = _select(_("Minimum general education"), GeneralEducation.choices)
    min_qualification = _select(_("Minimum technical qualification"), Qualification.choices)
    skills = _area(_("Skills required"), 2)
    min_experience_years = _text(_("Minimum years of experience"), inputmode="numeric", maxlength=2, size=3)
    age_min = _text(_("Minimum age"), inputmode="numeric", maxlength=2, size=3)
    age_max = _text(_("Maximum age"), inputmode="numeric", maxlength=2, size=3)
    age_reason = _text(_("Legal ground for the age limit"), maxlength=200)
    commune = _select(_("Commune of the workplace"))
    address_detail = _text(_("Workplace address"), maxlength=200)
    opened_on = _date(_("Posted on"))
    deadline = _date(_("Application deadline"))

    def __init__(self, *args: Any, actor: Actor, employers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].widget.choices = [("", CHOOSE), *employers]
        self.fields["commune"].widget.choices = commune_choices(actor, blank=_("— the employer's —"))
        self.fields["occupation_code"].help_text = _("Left empty, the code is found from the job title.")
        self.fields["age_min"].help_text = _(
            "Only where the law sets an age limit (e.g. heavy or hazardous work); then give the legal ground."
        )
        for name in ("employer", "title", "posts"):
            self.fields[name].widget.attrs["aria-required"] = "true"

    @staticmethod
    def initial_for(vacancy: Vacancy) -> dict[str, Any]:
        def num(value: int | None) -> str:
            return "" if value is None else str(value)

        return {
            "employer": str(vacancy.employer_id),
            "reference": vacancy.reference,
            "title": vacancy.title,
            "occupation_code": vacancy.occupation_code,
            "description": vacancy.description,
            "posts": str(vacancy.posts),
            "wage_min": _money_text(vacancy.wage_min),
            "wage_max": _money_text(vacancy.wage_max),
            "work_type": vacancy.work_type,
            "min_general_education": str(vacancy.min_general_education),
            "min_qualification": str(vacancy.min_qualification),
            "skills": vacancy.skills,
            "min_experience_years": str(vacancy.min_experience_years),
            "age_min": num(vacancy.age_min),
            "age_max": num(vacancy.age_max),
            "age_reason": vacancy.age_reason,
            "commune": str(vacancy.commune_id),
            "address_detail": vacancy.address_detail,
            "opened_on": _date_text(vacancy.opened_on),
            "deadline": _date_text(vacancy.deadline),
        }


class SeekerCloseForm(ServiceForm):
    # A job found is recorded with the placement form, which closes the registration.
    reason = _select(_("Reason"), [c for c in SeekerCloseReason.choices if c[0] != SeekerCloseReason.PLACED])
    closed_on = _date(_("Closed on"))


class VacancyCloseForm(ServiceForm):
    reason = _select(_("Reason"), VacancyCloseReason.choices)
    closed_on = _date(_("Closed on"))


class ImportForm(forms.Form):
    default_renderer = Renderer

    kind = forms.ChoiceField(
        label=_("What the file holds"), choices=[("seekers", _("Job seekers")), ("vacancies", _("Vacancies"))]
    )
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
