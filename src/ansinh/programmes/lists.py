"""The list of support programmes, declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.core.webkit import listkit as lk
from ansinh.programmes import selectors
from ansinh.programmes.models import ProgrammeStatus


def _url(programme: Any) -> str:
    return reverse("programmes:detail", args=[programme.pk])


PROGRAMMES = lk.ListDef(
    name="programmes.programmes",
    title=_("Support programmes"),
    url_name="programmes:list",
    rows=lambda actor: selectors.programme_list(actor=actor),
    columns=(
        lk.Column("name", _("Programme"), "name", sort=("name",), link=_url),
        lk.Column("code", _("Code"), "code", sort=("code",), css="mono"),
        lk.Column("legal_basis", _("Legal basis"), "legal_basis"),
        lk.Column("where", _("Province (empty: national)"), "province_code", sort=("province_code",)),
        lk.Column("event_from", _("Event from"), "event_from", sort=("event_from",), fmt=lk.DATE),
        lk.Column("event_to", _("Event to"), "event_to", sort=("event_to",), fmt=lk.DATE),
        lk.Column("apply_until", _("Applications until"), "apply_until", sort=("apply_until",), fmt=lk.DATE),
        lk.Column("budget", _("Budget (đồng)"), "budget", sort=("budget",), fmt=lk.MONEY),
        lk.Column("policies", _("Policies"), "policy_count", sort=("policy_count",), fmt=lk.INTEGER),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
    ),
    filters=(
        lk.Search(
            label=_("Name or code"),
            search=lambda qs, text, actor: selectors.programme_list(actor=actor, filters={"q": text}).filter(
                pk__in=qs.values("pk")
            ),
        ),
        lk.Choice("status", _("Status"), "status", ProgrammeStatus.choices, blank=_("Any status")),
    ),
    order="-event_from",
    file_stem="Danh-sach-chuong-trinh-ho-tro",
    empty=_("No programme found."),
    table_css="wide",
)
