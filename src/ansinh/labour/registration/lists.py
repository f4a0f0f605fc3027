"""Job seekers, employers and vacancies, declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core.webkit import listkit as lk
from ansinh.labour.models import EmployerKind, SeekerStatus, VacancyStatus
from ansinh.labour.registration import selectors
from ansinh.web.choices import commune_filter

COMMUNE = pgettext_lazy("place", "Commune")


def _url(name: str) -> Any:
    return lambda obj: reverse(name, args=[obj.pk])


def _occupation() -> lk.Search:
    # A code or its start: "72" is every metal trade.
    return lk.Search(
        "occupation", _("Occupation code"), lookups=("occupation_code__startswith",), max_length=4
    )


SEEKERS = lk.ListDef(
    name="labour.seekers",
    title=_("Job seekers"),
    url_name="labour:seeker_list",
    rows=lambda actor: selectors.seeker_queryset(actor=actor),
    columns=(
        lk.Column(
            "name",
            _("Full name"),
            "person.full_name",
            sort=("person__name_folded",),
            link=_url("labour:seeker_detail"),
        ),
        lk.Column(
            "personal_id", _("Personal ID number"), "person.personal_id", mask=lk.PERSONAL_ID, css="mono"
        ),
        lk.Column(
            "birth_year", _("Year of birth"), "person.birth_year", sort=("person__birth_year",), css="num"
        ),
        lk.Column("title", _("Job wanted"), "title", sort=("title_folded",)),
        lk.Column("occupation", _("Occupation"), "occupation_code", sort=("occupation_code",), css="mono"),
        lk.Column("wage_min", _("Desired wage from (đồng)"), "wage_min", sort=("wage_min",), fmt=lk.MONEY),
        lk.Column("wage_max", _("Desired wage to (đồng)"), "wage_max", sort=("wage_max",), fmt=lk.MONEY),
        lk.Column("commune", COMMUNE, "commune.name", sort=("commune__name_folded",)),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
        lk.Column("registered", _("Registered on"), "registered_on", sort=("registered_on",), fmt=lk.DATE),
    ),
    filters=(
        lk.Search(
            label=_("Name, job wanted or personal ID number"),
            search=lambda qs, text, actor: selectors.seeker_text_filter(qs, query=text),
            placeholder=_("e.g. nguyen han"),
            help=_("Accents are optional: “tho han” finds “Thợ hàn”."),
        ),
        _occupation(),
        lk.Unit(choices=commune_filter),
        lk.Choice("status", _("Status"), "status", SeekerStatus.choices, default=SeekerStatus.ACTIVE),
        lk.DateRange("registered", _("Registered on"), "registered_on"),
    ),
    order="-registered",
    file_stem="Nguoi-tim-viec",
    empty=_("No job seeker found."),
)

EMPLOYERS = lk.ListDef(
    name="labour.employers",
    title=_("Employers"),
    url_name="labour:employer_list",
    rows=lambda actor: selectors.with_open_vacancies(selectors.employer_queryset(actor=actor)),
    columns=(
        lk.Column("name", _("Name"), "name", sort=("name_folded",), link=_url("labour:employer_detail")),
        lk.Column("tax_code", _("Tax code"), "tax_code", sort=("tax_code",), natural=True, css="mono"),
        lk.Column("kind", _("Kind"), "get_kind_display", sort=("kind",)),
        lk.Column("industry", _("Industry"), "industry_code", sort=("industry_code",), css="mono"),
        lk.Column("commune", COMMUNE, "commune.name", sort=("commune__name_folded",)),
        lk.Column("open", _("Open vacancies"), "open_vacancies", sort=("open_vacancies",), fmt=lk.INTEGER),
    ),
    filters=(
        lk.Search(
            label=_("Name or tax code"),
            search=lambda qs, text, actor: selectors.employer_text_filter(qs, query=text),
        ),
        lk.Unit(choices=commune_filter),
        lk.Choice("kind", _("Kind"), "kind", EmployerKind.choices),
        lk.Choice("active", _("Active"), "is_active", [("1", _("Active")), ("0", _("Inactive"))]),
    ),
    order="name",
    file_stem="Doanh-nghiep",
    empty=_("No employer found."),
)

VACANCIES = lk.ListDef(
    name="labour.vacancies",
    title=_("Vacancies"),
    url_name="labour:vacancy_list",
    rows=lambda actor: selectors.vacancy_queryset(actor=actor),
    columns=(
        lk.Column(
            "title", _("Job title"), "title", sort=("title_folded",), link=_url("labour:vacancy_detail")
        ),
        lk.Column("employer", _("Employer"), "employer.name", sort=("employer__name_folded",)),
        lk.Column("occupation", _("Occupation"), "occupation_code", sort=("occupation_code",), css="mono"),
        lk.Column("posts", _("Posts"), "posts", sort=("posts",), fmt=lk.INTEGER),
        lk.Column("wage_min", _("Wage from (đồng)"), "wage_min", sort=("wage_min",), fmt=lk.MONEY),
        lk.Column("wage_max", _("Wage to (đồng)"), "wage_max", sort=("wage_max",), fmt=lk.MONEY),
        lk.Column("commune", COMMUNE, "commune.name", sort=("commune__name_folded",)),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
        lk.Column("opened", _("Opened on"), "opened_on", sort=("opened_on",), fmt=lk.DATE),
        lk.Column("deadline", _("Application deadline"), "deadline", sort=("deadline",), fmt=lk.DATE),
    ),
    filters=(
        lk.Search(
            label=_("Job title or employer"),
            search=lambda qs, text, actor: selectors.vacancy_text_filter(qs, query=text),
        ),
        _occupation(),
        lk.Unit(choices=commune_filter),
        lk.Choice("status", _("Status"), "status", VacancyStatus.choices, default=VacancyStatus.OPEN),
        lk.NumberRange("wage", _("Wage from (đồng)"), "wage_min"),
        lk.DateRange("deadline", _("Application deadline"), "deadline"),
    ),
    order="-opened",
    file_stem="Vi-tri-tuyen-dung",
    empty=_("No vacancy found."),
)
