"""Payment cycles and a cycle's payment lines, declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core.actors import Actor
from ansinh.core.webkit import listkit as lk
from ansinh.payments import selectors
from ansinh.payments.models import CycleStatus, LineKind, LineStatus, PaymentChannel
from ansinh.web.choices import commune_choices


def _cycle_url(cycle: Any) -> str:
    return reverse("payments:cycle_detail", args=[cycle.pk])


def _line_rows(actor: Actor, cycle_id: int) -> Any:
    return selectors.line_queryset(actor=actor, cycle=selectors.cycle_get(actor=actor, cycle_id=cycle_id))


def _line_communes(actor: Actor) -> Any:
    # As before the kit: every user above a commune may pick one (the rows stay scoped regardless).
    return commune_choices(actor, blank="") if actor.scope_level != "commune" else None


CYCLES = lk.ListDef(
    name="payments.cycles",
    title=_("Payment cycles"),
    url_name="payments:cycle_list",
    rows=lambda actor: selectors.cycle_queryset(actor=actor),
    columns=(
        lk.Column("month", _("Month"), "month", sort=("month",), fmt=lk.DATE, link=_cycle_url),
        lk.Column("province", _("Province"), "province_code", sort=("province_code",), css="mono"),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
        lk.Column("lines", _("Lines"), "line_count", sort=("line_count",), fmt=lk.INTEGER),
        lk.Column("amount", _("Amount (đồng)"), "total_amount", sort=("total_amount",), fmt=lk.MONEY),
        lk.Column("created", _("Created"), "created_at", sort=("created_at",), fmt=lk.DATETIME),
    ),
    filters=(
        lk.Choice("status", _("Status"), "status", CycleStatus.choices),
        lk.DateRange("month", _("Month"), "month"),
    ),
    order="-month",
    file_stem="Ky-chi-tra",
    empty=_("No payment cycle yet."),
)

LINES = lk.ListDef(
    name="payments.lines",
    title=_("Payment lines"),
    url_name="payments:line_list",
    rows=_line_rows,
    columns=(
        lk.Column("reference", _("Reference"), "reference", sort=("reference",), css="mono"),
        lk.Column("payee", _("Payee"), "payee_name", sort=("payee_name",)),
        lk.Column(
            "commune", pgettext_lazy("place", "Commune"), "commune.name", sort=("commune__name_folded",)
        ),
        lk.Column("month", _("For month"), "for_month", sort=("for_month",), fmt=lk.DATE),
        lk.Column("kind", _("Kind"), "get_kind_display", sort=("kind",)),
        lk.Column("amount", _("Amount (đồng)"), "amount", sort=("amount",), fmt=lk.MONEY),
        lk.Column("channel", _("Channel"), "get_channel_display", sort=("channel",)),
        lk.Column("bank", _("Bank"), "bank_code", sort=("bank_code",)),
        lk.Column("account", _("Account"), "account", mask=lk.ACCOUNT, css="mono"),
        lk.Column("status", _("Status"), "get_status_display", sort=("status",)),
        lk.Column("actions", _("Actions"), None, template="payments/_line_actions.html"),
    ),
    filters=(
        lk.Search(label=_("Payee or reference"), lookups=("payee_name__icontains", "reference__icontains")),
        lk.Unit(choices=_line_communes),
        lk.Choice("status", _("Status"), "status", LineStatus.choices),
        lk.Choice("channel", _("Channel"), "channel", PaymentChannel.choices),
        lk.Choice("kind", _("Kind"), "kind", LineKind.choices),
        lk.NumberRange("amount", _("Amount (đồng)"), "amount"),
    ),
    order="",  # generation order, as the cycle made them
    file_stem="Danh-sach-chi-tra",
    empty=_("No payment line."),
    tie_breaker="id",
)
