"""Reads of payments, each through the actor's scope.

A cycle belongs to a province: officers of that province (and of its communes, read-only) see it;
nationwide roles see every cycle. Lines carry their commune, so a commune officer sees only the
lines of their own commune, and their report counts only those.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from ansinh.core import scope
from ansinh.core.actors import Actor
from ansinh.core.errors import NotFound
from ansinh.core.scope import require
from ansinh.payments.generation import NO_ACCOUNT
from ansinh.payments.models import (
    BankBatch,
    LineKind,
    LineStatus,
    PaymentChannel,
    PaymentCycle,
    PaymentLine,
)

NON_CASH = (PaymentChannel.BANK, PaymentChannel.EWALLET)


def cycle_scope_q(actor: Actor) -> Q:
    """Cycles of the actor's province (a commune officer's too); all for nationwide roles."""
    level = getattr(actor, "scope_level", "missing")
    if level is None:
        return Q()
    unit = getattr(actor, "scope_unit", None)
    if level not in ("province", "commune") or unit is None or unit.level != level:
        return Q(pk__in=[])
    return Q(province_code=unit.code if level == "province" else unit.province_code)


def cycle_queryset(*, actor: Actor) -> QuerySet[PaymentCycle]:
    require(actor, "payments.view")
    return PaymentCycle.objects.filter(cycle_scope_q(actor)).select_related(
        "created_by", "generated_by", "submitted_by", "approved_by", "job"
    )


def cycle_get(*, actor: Actor, cycle_id: Any) -> PaymentCycle:
    try:
        return cycle_queryset(actor=actor).get(pk=cycle_id)
    except (PaymentCycle.DoesNotExist, ValueError, TypeError):
        raise NotFound("cycle") from None


def cycle_batch(*, cycle: PaymentCycle) -> BankBatch | None:
    return BankBatch.objects.filter(cycle=cycle).first()


def line_queryset(*, actor: Actor, cycle: PaymentCycle | None = None) -> QuerySet[PaymentLine]:
    require(actor, "payments.view")
    qs = scope.restrict(PaymentLine.objects.select_related("commune"), actor)
    return qs.filter(cycle=cycle) if cycle is not None else qs


def line_list(
    *,
    actor: Actor,
    cycle: PaymentCycle,
    commune: int | None = None,
    status: str = "",
    channel: str = "",
    arrears: bool | None = None,
) -> QuerySet[PaymentLine]:
    qs = line_queryset(actor=actor, cycle=cycle)
    if commune:
        qs = qs.filter(commune_id=commune)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if arrears is not None:
        qs = qs.filter(for_month__lt=cycle.month) if arrears else qs.filter(for_month__gte=cycle.month)
    return qs.order_by("id")


def line_get(*, actor: Actor, line_id: Any) -> PaymentLine:
    require(actor, "payments.view")
    return scope.access(
        PaymentLine.objects.select_related("cycle", "commune"), actor, line_id, what="payment_line"
    )


# --- the cycle report ---------------------------------------------------------------------------------


@dataclass
class Totals:
    count: int = 0
    amount: int = 0
    non_cash_count: int = 0
    non_cash_amount: int = 0

    @property
    def non_cash_share_count(self) -> float | None:
        return self.non_cash_count / self.count if self.count else None

    @property
    def non_cash_share_amount(self) -> float | None:
        return self.non_cash_amount / self.amount if self.amount else None


@dataclass
class CycleReport:
    cycle: PaymentCycle
    totals: Totals
    by_commune: list[dict[str, Any]] = field(default_factory=list)
    by_channel: list[dict[str, Any]] = field(default_factory=list)
    by_regime: list[dict[str, Any]] = field(default_factory=list)
    by_status: list[dict[str, Any]] = field(default_factory=list)
    arrears_count: int = 0
    arrears_amount: int = 0
    difference_count: int = 0
    difference_amount: int = 0
    funeral_count: int = 0
    funeral_amount: int = 0
    reissue_count: int = 0
    returned_count: int = 0
    returned_amount: int = 0
    no_account_count: int = 0
    no_account_amount: int = 0
    return_reasons: list[dict[str, Any]] = field(default_factory=list)


def _aggregates() -> dict[str, Any]:
    # Named n_*: an annotation may not take the name of a field ("amount").
    non_cash = Q(channel__in=NON_CASH)
    return {
        "n_count": Count("id"),
        "n_amount": Sum("amount", default=0),
        "n_non_cash_count": Count("id", filter=non_cash),
        "n_non_cash_amount": Sum("amount", filter=non_cash, default=0),
    }


def _renamed(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key.removeprefix("n_"): value for key, value in row.items()}


def cycle_report(*, actor: Actor, cycle: PaymentCycle) -> CycleReport:
    """Totals of a cycle's lines in the actor's scope: by commune, channel, regime and status, the
    non-cash share by count and by amount, arrears, funeral support, returns and cash for want of an
    account. Shares are fractions (0–1) or None for an empty cycle."""
    lines = line_queryset(actor=actor, cycle=cycle)
    totals = Totals(**_renamed(lines.aggregate(**_aggregates())))
    report = CycleReport(cycle=cycle, totals=totals)
    report.by_commune = _with_shares(
        lines.values("commune_id", "commune__name", "commune__code")
        .annotate(**_aggregates())
        .order_by("commune__code")
    )
    report.by_channel = [
        _renamed(row)
        for row in lines.values("channel")
        .annotate(n_count=Count("id"), n_amount=Sum("amount"))
        .order_by("channel")
    ]
    report.by_regime = _with_shares(lines.values("regime").annotate(**_aggregates()).order_by("regime"))
    report.by_status = [
        _renamed(row)
        for row in lines.values("status")
        .annotate(n_count=Count("id"), n_amount=Sum("amount"))
        .order_by("status")
    ]
    special = lines.aggregate(
        arrears_count=Count("id", filter=Q(for_month__lt=cycle.month, kind=LineKind.MONTHLY)),
        arrears_amount=Sum("amount", filter=Q(for_month__lt=cycle.month, kind=LineKind.MONTHLY), default=0),
        difference_count=Count("id", filter=Q(kind=LineKind.DIFFERENCE)),
        difference_amount=Sum("amount", filter=Q(kind=LineKind.DIFFERENCE), default=0),
        funeral_count=Count("id", filter=Q(kind=LineKind.FUNERAL)),
        funeral_amount=Sum("amount", filter=Q(kind=LineKind.FUNERAL), default=0),
        reissue_count=Count("id", filter=Q(attempt__gt=0)),
        returned_count=Count("id", filter=Q(status__in=[LineStatus.RETURNED, LineStatus.REISSUED])),
        returned_amount=Sum(
            "amount", filter=Q(status__in=[LineStatus.RETURNED, LineStatus.REISSUED]), default=0
        ),
        no_account_count=Count("id", filter=Q(channel=PaymentChannel.CASH, cash_reason=NO_ACCOUNT)),
        no_account_amount=Sum(
            "amount", filter=Q(channel=PaymentChannel.CASH, cash_reason=NO_ACCOUNT), default=0
        ),
    )
    for key, value in special.items():
        setattr(report, key, value)
    report.return_reasons = [
        dict(row)
        for row in lines.filter(status__in=[LineStatus.RETURNED, LineStatus.REISSUED])
        .values("return_reason")
        .annotate(count=Count("id"))
        .order_by("-count", "return_reason")[:20]
    ]
    return report


def _with_shares(rows: Any) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        row = _renamed(row)
        row["share_count"] = row["non_cash_count"] / row["count"] if row["count"] else None
        row["share_amount"] = row["non_cash_amount"] / row["amount"] if row["amount"] else None
        out.append(row)
    return out
