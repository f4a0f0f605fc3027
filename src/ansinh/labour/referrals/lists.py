"""Referrals (giới thiệu việc làm), declared once for the list kit."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.core.webkit import listkit as lk
from ansinh.labour.models import ReferralStatus
from ansinh.labour.referrals import selectors

REFERRALS = lk.ListDef(
    name="labour.referrals",
    title=_("Referrals"),
    url_name="labour:referral_list",
    rows=lambda actor: selectors.referral_queryset(actor=actor),
    columns=(
        lk.Column(
            "seeker",
            _("Job seeker"),
            "seeker.person.full_name",
            sort=("seeker__person__name_folded",),
            link=lambda r: reverse("labour:seeker_detail", args=[r.seeker_id]),
        ),
        lk.Column(
            "vacancy",
            _("Vacancy"),
            "vacancy.title",
            sort=("vacancy__title_folded",),
            link=lambda r: reverse("labour:vacancy_detail", args=[r.vacancy_id]),
        ),
        lk.Column(
            "employer", _("Employer"), "vacancy.employer.name", sort=("vacancy__employer__name_folded",)
        ),
        lk.Column("referred", _("Referred on"), "referred_on", sort=("referred_on",), fmt=lk.DATE),
        lk.Column("status", _("Outcome"), "get_status_display", sort=("status",)),
        lk.Column("outcome_on", _("Outcome on"), "outcome_on", sort=("outcome_on",), fmt=lk.DATE),
    ),
    filters=(
        lk.Search(
            label=_("Job seeker, vacancy or employer"),
            lookups=(
                "seeker__person__name_folded__contains",
                "vacancy__title_folded__contains",
                "vacancy__employer__name_folded__contains",
            ),
            fold=True,
        ),
        lk.Choice("status", _("Outcome"), "status", ReferralStatus.choices),
        lk.DateRange("referred", _("Referred on"), "referred_on"),
    ),
    order="-referred",
    file_stem="Gioi-thieu-viec-lam",
    empty=_("No referral found."),
)
