"""Unemployment-benefit claims (hồ sơ trợ cấp thất nghiệp), declared once for the list kit."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ansinh.core import clock
from ansinh.core.actors import Actor
from ansinh.core.webkit import listkit as lk
from ansinh.unemployment import selectors
from ansinh.unemployment.models import ClaimStatus

QUEUE_LABELS = {
    "open": pgettext_lazy("claim queue", "Open"),
    "filed": _("Awaiting decision"),
    "overdue": _("Decision overdue"),
    "approved": _("Receiving"),
    "refused": _("Refused"),
    "stopped": _("Stopped"),
}


def _deadlines(claims: list[Any], actor: Actor) -> None:
    """Whether each claim awaiting a decision is overdue, and by how many days (or how many are left)."""
    today = clock.today()
    for c in claims:
        due = c.decision_due
        c.overdue = c.status == ClaimStatus.FILED and due is not None and due < today
        c.days_left = (due - today).days if due else None
        c.days_over = (today - due).days if due else None


CLAIMS = lk.ListDef(
    name="unemployment.claims",
    title=_("Unemployment-benefit claims"),
    url_name="unemployment:claim_list",
    rows=lambda actor: selectors.claim_queryset(actor=actor),
    columns=(
        lk.Column(
            "reference",
            _("Claim"),
            "reference",
            sort=("reference",),
            css="mono",
            link=lambda c: reverse("unemployment:claim_detail", args=[c.pk]),
        ),
        lk.Column("name", _("Full name"), "person.full_name", sort=("person__name_folded",)),
        lk.Column(
            "personal_id", _("Personal ID number"), "person.personal_id", mask=lk.PERSONAL_ID, css="mono"
        ),
        lk.Column(
            "commune", pgettext_lazy("place", "Commune"), "commune.name", sort=("commune__name_folded",)
        ),
        lk.Column("filed", _("Filed on"), "filed_on", sort=("filed_on",), fmt=lk.DATE),
        lk.Column(
            "due",
            _("Decision due"),
            "decision_due",
            sort=("decision_due",),
            fmt=lk.DATE,
            template="unemployment/_claim_due.html",
        ),
        lk.Column("status", _("Status"), "get_status_display", sort=("status", "decision_due", "filed_on")),
        lk.Column(
            "amount", _("Monthly amount (đồng)"), "monthly_amount", sort=("monthly_amount",), fmt=lk.MONEY
        ),
    ),
    filters=(
        lk.Search(
            label=_("Name, claim reference or personal ID number"),
            search=lambda qs, text, actor: selectors.claim_text_filter(qs, q=text),
        ),
        lk.Choice(
            "queue",
            _("Queue"),
            "status",
            list(QUEUE_LABELS.items()),
            default="open",
            where=lambda qs, queue, actor: selectors.claim_in_queue(qs, queue=queue),
        ),
        lk.DateRange("filed", _("Filed on"), "filed_on"),
    ),
    order="status",
    file_stem="Ho-so-tro-cap-that-nghiep",
    empty=_("No claim found."),
    prepare=_deadlines,
    row_class=lambda c: "overdue" if c.overdue else "",
)
