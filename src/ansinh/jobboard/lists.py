"""The job board's staff queues (interest requests, vacancy submissions), declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.core.webkit import listkit as lk
from ansinh.jobboard import selectors
from ansinh.jobboard.models import InterestStatus, SubmissionStatus


def _vacancy(interest: Any) -> str:
    return f"{interest.vacancy.title} — {interest.vacancy.employer.name}"


INTERESTS = lk.ListDef(
    name="jobboard.interests",
    title=_("Interest requests"),
    url_name="jobboard_staff:interest_list",
    rows=lambda actor: selectors.interest_list(actor=actor, status=""),
    columns=(
        lk.Column("received", _("Received"), "created_at", sort=("created_at",), fmt=lk.DATETIME),
        lk.Column(
            "name",
            _("Name"),
            "full_name",
            sort=("full_name",),
            link=lambda r: reverse("jobboard_staff:interest_detail", args=[r.pk]),
        ),
        # Shown whole: the counsellor's task is to call back the person who asked (with their consent).
        lk.Column("phone", _("Phone"), "phone", css="mono"),
        lk.Column("vacancy", _("Vacancy"), _vacancy, sort=("vacancy__title_folded",)),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
    ),
    filters=(
        lk.Search(label=_("Name or phone"), lookups=("full_name__icontains", "phone__startswith")),
        lk.Choice("status", _("Status"), "status", InterestStatus.choices, default=InterestStatus.NEW),
        lk.DateRange("received", _("Received"), "created_at", moment=True),
    ),
    order="-received",
    file_stem="Yeu-cau-quan-tam",
    empty=_("No request."),
)

SUBMISSIONS = lk.ListDef(
    name="jobboard.submissions",
    title=_("Vacancies sent by employers"),
    url_name="jobboard_staff:submission_list",
    rows=lambda actor: selectors.submission_list(actor=actor, status=""),
    columns=(
        lk.Column(
            "reference",
            _("Reference number"),
            "reference",
            sort=("reference",),
            css="mono",
            link=lambda r: reverse("jobboard_staff:submission_detail", args=[r.pk]),
        ),
        lk.Column("title", _("Job title"), "title", sort=("title",)),
        lk.Column("employer", _("Employer"), "employer_name", sort=("employer_name",)),
        lk.Column("wage_min", _("Wage from (đồng)"), "wage_min", sort=("wage_min",), fmt=lk.MONEY),
        lk.Column("wage_max", _("Wage to (đồng)"), "wage_max", sort=("wage_max",), fmt=lk.MONEY),
        lk.Column("commune", _("Commune of the workplace"), "commune.name", sort=("commune__name_folded",)),
        lk.Column("received", _("Received"), "created_at", sort=("created_at",), fmt=lk.DATETIME),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
    ),
    filters=(
        lk.Search(
            label=_("Reference, job title or employer"),
            lookups=("reference__icontains", "title__icontains", "employer_name__icontains"),
        ),
        lk.Choice(
            "status", _("Status"), "status", SubmissionStatus.choices, default=SubmissionStatus.PENDING
        ),
        lk.DateRange("received", _("Received"), "created_at", moment=True),
    ),
    order="-received",
    file_stem="Tin-tuyen-dung-gui-den",
    empty=_("No submission."),
)
