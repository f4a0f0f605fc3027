"""Job-fair sessions (phiên giao dịch việc làm), declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core.actors import Actor
from ansinh.core.webkit import listkit as lk
from ansinh.labour.fairs import selectors
from ansinh.labour.models import FairMode, FairStatus


def _host(fair: Any) -> str:
    if fair.host_commune is not None:
        return fair.host_commune.name
    return f"{pgettext_lazy('place', 'Province')} {fair.province_code}"


def _count(name: str) -> Any:
    return lambda fair: getattr(fair.figures, name)


def _figures(fairs: list[Any], actor: Actor) -> None:
    """Employers, posts, seekers and hires of the page's sessions: a few GROUP BY queries for all."""
    figures = selectors.counts([f.pk for f in fairs])
    for fair in fairs:
        fair.figures = figures[fair.pk]


FAIRS = lk.ListDef(
    name="labour.fairs",
    title=_("Job-fair sessions"),
    url_name="labour:fair_list",
    rows=lambda actor: selectors.fair_queryset(actor=actor),
    columns=(
        lk.Column(
            "title",
            _("Session"),
            "title",
            sort=("title",),
            link=lambda f: reverse("labour:fair_detail", args=[f.pk]),
        ),
        lk.Column("date", _("Date"), "starts_at", sort=("starts_at",), fmt=lk.DATETIME),
        lk.Column("mode", _("Form"), "get_mode_display", sort=("mode",)),
        lk.Column("host", _("Host"), _host),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
        lk.Column("employers", _("Employers"), _count("employers"), fmt=lk.INTEGER),
        lk.Column("posts", _("Posts"), _count("posts"), fmt=lk.INTEGER),
        lk.Column("seekers", _("Job seekers"), _count("seekers"), fmt=lk.INTEGER),
        lk.Column("hired", _("Hired"), _count("hired"), fmt=lk.INTEGER),
    ),
    filters=(
        lk.Search(label=_("Session"), lookups=("title__icontains", "venue__icontains")),
        lk.Choice("status", _("Status"), "status", FairStatus.choices),
        lk.Choice("mode", _("Form"), "mode", FairMode.choices),
        lk.DateRange("date", _("Date"), "starts_at"),
    ),
    order="-date",
    file_stem="Phien-giao-dich-viec-lam",
    empty=_("No session found."),
    prepare=_figures,
)
