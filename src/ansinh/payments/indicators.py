"""Payment indicators computed from the payment lines (protocol: `ansinh.core.indicators`).

The period's cycles are the monthly cycles whose month falls in the period; a line counts once it has been
paid — by the bank (`paid`) or in cash at the commune (`cash_paid`). Lines sent to the bank and not yet
confirmed, returned lines and the originals of re-issued lines are not money paid (a re-issue is its own
line and counts when it is paid), so nothing is counted twice.

* SA.SPENDING — "Kinh phí chi trả trợ cấp": the amount of social assistance and the social pension paid,
  in đồng, by the beneficiary's commune (the merit allowance paid in the same cycles is MERIT.SPENDING).
* PAY.NONCASH_SHARE — "Tỷ lệ chi trả không dùng tiền mặt" by amount: paid into bank accounts and
  e-wallets / all paid, every regime the cycles pay (numerator and denominator, so provinces add them up
  before dividing).
* PAY.NONCASH_SHARE_COUNT — the same by number of payments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ansinh.benefits.models import Regime
from ansinh.core.indicators import Computed, Source, shared
from ansinh.geo.models import AdminUnit
from ansinh.payments.models import LineStatus, PaymentChannel, PaymentCycle, PaymentLine

PAID = (LineStatus.PAID, LineStatus.CASH_PAID)
NON_CASH = (PaymentChannel.BANK, PaymentChannel.EWALLET)


def _paid_by_commune(start: dt.date, end: dt.date) -> list[tuple[str, int, int, int, int, int]]:
    """(commune code, amount, non-cash amount, count, non-cash count, social-protection amount) of the
    lines paid in the period;
    one query shared by the three indicators within a compute."""
    return shared(("payments.paid", start, end), lambda: _paid_query(start, end))


def _paid_query(start: dt.date, end: dt.date) -> list[tuple[str, int, int, int, int, int]]:
    cycles = list(
        PaymentCycle.objects.filter(month__gte=start.replace(day=1), month__lte=end).values_list(
            "id", flat=True
        )
    )
    if not cycles:
        return []
    non_cash = Q(channel__in=NON_CASH)
    rows = list(
        PaymentLine.objects.filter(cycle_id__in=cycles, status__in=PAID)
        .order_by()
        .values("commune_id")
        .annotate(
            paid_amount=Sum("amount"),
            non_cash_amount=Sum("amount", filter=non_cash),
            n=Count("id"),
            non_cash_n=Count("id", filter=non_cash),
            social_amount=Sum("amount", filter=Q(regime__in=Regime.own())),
        )
        .values_list("commune_id", "paid_amount", "non_cash_amount", "n", "non_cash_n", "social_amount")
    )
    # Grouped by the commune's id (no join on millions of lines), then named by code in one small query.
    codes = dict(AdminUnit.objects.filter(pk__in={row[0] for row in rows}).values_list("id", "code"))
    return [(codes[row[0]], *row[1:]) for row in rows]


def spending(start: dt.date, end: dt.date) -> Iterable[Computed]:
    for code, _amount, _nc_amount, _n, _nc_n, social in _paid_by_commune(start, end):
        if social:
            yield Computed(unit_code=code, value=Decimal(social))


def noncash_share(start: dt.date, end: dt.date) -> Iterable[Computed]:
    for code, amount, nc_amount, _n, _nc_n, _social in _paid_by_commune(start, end):
        yield Computed(unit_code=code, value=Decimal(nc_amount or 0), denominator=Decimal(amount or 0))


def noncash_share_by_count(start: dt.date, end: dt.date) -> Iterable[Computed]:
    for code, _amount, _nc_amount, n, nc_n, _social in _paid_by_commune(start, end):
        yield Computed(unit_code=code, value=Decimal(nc_n or 0), denominator=Decimal(n or 0))


SOURCES: dict[str, Source] = {
    "SA.SPENDING": spending,
    "PAY.NONCASH_SHARE": noncash_share,
    "PAY.NONCASH_SHARE_COUNT": noncash_share_by_count,
}
