"""The beneficiaries list (người hưởng), declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.benefits import inputs, selectors
from ansinh.benefits.models import EnrolmentStatus, Regime
from ansinh.core.webkit import listkit as lk
from ansinh.web.choices import commune_filter


def _url(enrolment: Any) -> str:
    return reverse("benefits:enrolment_detail", args=[enrolment.pk])


ENROLMENTS = lk.ListDef(
    name="benefits.enrolments",
    title=_("Beneficiaries"),
    url_name="benefits:enrolment_list",
    rows=lambda actor: selectors.enrolment_queryset(actor=actor),
    columns=(
        lk.Column("name", _("Beneficiary"), "person.full_name", sort=("person__name_folded",), link=_url),
        lk.Column(
            "personal_id", _("Personal ID number"), "person.personal_id", mask=lk.PERSONAL_ID, css="mono"
        ),
        lk.Column("regime", _("Regime"), "get_regime_display", sort=("regime",)),
        lk.Column("clause", _("Clause paid"), "clause", sort=("clause",)),
        lk.Column("start", _("Paid from"), "start_month", sort=("start_month",), fmt=lk.DATE),
        lk.Column("end", _("Paid until"), "end_month", sort=("end_month",), fmt=lk.DATE),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
        lk.Column("amount", _("Monthly amount (đồng)"), "amount_now", fmt=lk.MONEY),
        lk.Column(
            "commune", pgettext_lazy("place", "Commune"), "commune.name", sort=("commune__name_folded",)
        ),
    ),
    filters=(
        lk.Search(
            label=_("Beneficiary's name or personal ID number"),
            search=lambda qs, text, actor: selectors.enrolment_text_filter(qs, query=text),
        ),
        lk.Choice("regime", _("Regime"), "regime", Regime.choices, blank=_("All regimes")),
        lk.Choice(
            "clause", _("Clause paid"), "clause", list(inputs.SA_CLAUSES.items()), blank=_("All clauses")
        ),
        lk.Choice("status", _("Status"), "status", EnrolmentStatus.choices, blank=_("Any status")),
        lk.Unit(choices=commune_filter),
        lk.DateRange("start", _("Paid from"), "start_month"),
    ),
    order="-start",
    file_stem="Danh-sach-nguoi-huong",
    empty=_("No enrolment found."),
    prepare=lambda rows, actor: selectors.enrolment_amounts(rows),
)
