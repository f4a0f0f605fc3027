"""The lists of people with merit and of martyrs, declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core.webkit import listkit as lk
from ansinh.merit import selectors
from ansinh.merit.models import Category, RecordStatus
from ansinh.web.choices import commune_filter


def _record_url(record: Any) -> str:
    return reverse("merit:record_detail", args=[record.pk])


def _martyr_url(martyr: Any) -> str:
    return reverse("merit:martyr_detail", args=[martyr.pk])


RECORDS = lk.ListDef(
    name="merit.records",
    title=_("People with merit"),
    url_name="merit:record_list",
    rows=lambda actor: selectors.record_queryset(actor=actor),
    columns=(
        lk.Column(
            "name", _("Full name"), "person.full_name", sort=("person__name_folded",), link=_record_url
        ),
        lk.Column(
            "personal_id", _("Personal ID number"), "person.personal_id", mask=lk.PERSONAL_ID, css="mono"
        ),
        lk.Column("birth_year", _("Year of birth"), "person.birth_year", sort=("person__birth_year",)),
        lk.Column("category", _("Category"), "get_category_display", sort=("category",)),
        lk.Column("decision", _("Recognition decision"), "decision_number"),
        lk.Column("decided", _("Decision date"), "decision_date", sort=("decision_date",), fmt=lk.DATE),
        lk.Column("dossier", _("Dossier number"), "dossier_number", sort=("dossier_number",)),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
        lk.Column(
            "commune",
            pgettext_lazy("place", "Commune"),
            "person.commune.name",
            sort=("person__commune__name_folded",),
        ),
    ),
    filters=(
        lk.Search(
            label=_("Name, personal ID, decision or dossier number"),
            search=lambda qs, text, actor: selectors.record_text_filter(qs, query=text),
        ),
        lk.Choice("category", _("Category"), "category", Category.choices, blank=_("All categories")),
        lk.Choice("status", _("Status"), "status", RecordStatus.choices, blank=_("Any status")),
        lk.Unit(choices=commune_filter, field="person__commune_id"),
        lk.DateRange("decided", _("Decision date"), "decision_date"),
    ),
    order="name",
    file_stem="Danh-sach-nguoi-co-cong",
    empty=_("No record of a person with merit found."),
    table_css="wide",
)


MARTYRS = lk.ListDef(
    name="merit.martyrs",
    title=_("Martyrs"),
    url_name="merit:martyr_list",
    rows=lambda actor: selectors.martyr_queryset(actor=actor),
    columns=(
        lk.Column("name", _("Full name"), "full_name", sort=("name_folded",), link=_martyr_url),
        lk.Column("birth_year", _("Year of birth"), "birth_year", sort=("birth_year",)),
        lk.Column("native_place", _("Native place"), "native_place"),
        lk.Column(
            "sacrificed_on", _("Date of sacrifice"), "sacrificed_on", sort=("sacrificed_on",), fmt=lk.DATE
        ),
        lk.Column("certificate", _("Certificate number"), "certificate_number", sort=("certificate_number",)),
        lk.Column(
            "relatives", _("Relatives linked"), "relative_count", sort=("relative_count",), fmt=lk.INTEGER
        ),
        lk.Column(
            "commune", pgettext_lazy("place", "Commune"), "commune.name", sort=("commune__name_folded",)
        ),
    ),
    filters=(
        lk.Search(
            label=_("Martyr's name or certificate number"),
            search=lambda qs, text, actor: selectors.martyr_text_filter(qs, query=text),
        ),
        lk.Unit(choices=commune_filter),
        lk.DateRange("sacrificed", _("Date of sacrifice"), "sacrificed_on"),
    ),
    order="name",
    file_stem="Danh-sach-liet-si",
    empty=_("No martyr found."),
)


from ansinh.merit.care_lists import HOUSEHOLDS, MOTHERS  # noqa: E402  (registered with the list kit)

__all__ = ["HOUSEHOLDS", "MARTYRS", "MOTHERS", "RECORDS"]
