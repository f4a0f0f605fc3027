"""Merit indicators computed from the merit records, the payment lines of the merit regime and the poverty
statuses (protocol: `ansinh.core.indicators`), never typed. Rows are by the commune the person (or the
household) is registered in; the reports app rolls them up to province and nation (ratios as ratio of sums).

The reference date of a stock is the period's last day.

* MERIT.BENEFICIARIES — persons with a merit record active on the reference date (recognised by then, and
  not suspended, terminated or deceased on it); MERIT.BENEFICIARIES_<CATEGORY> — the records of one
  category (a person in two categories counts in both lines, once in the total).
* MERIT.SPENDING — the merit allowances paid (lines of regime "merit" paid by the bank or in cash) in the
  cycles whose month falls in the period, in đồng.
* MERIT.NONCASH_SHARE — of those, paid into bank accounts and e-wallets ÷ all paid, by amount.
* MERIT.HEROIC_MOTHERS_CARED — living Heroic Mothers with an active record cared for by an organisation on
  the reference date ÷ those mothers (`merit.care`).
* MERIT.HH_STANDARD — merit households at or above the community's average living standard on the
  reference date ÷ merit households; the standard from the household's poverty status (poor or near-poor:
  below; otherwise at or above), else the officer's latest dated assessment, else not at or above
  (`merit.care`, whose note is the definition).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ansinh.core.indicators import Computed, Source, shared
from ansinh.geo.models import AdminUnit
from ansinh.merit import care
from ansinh.merit.models import Category, MeritRecord
from ansinh.payments.models import LineStatus, PaymentChannel, PaymentCycle, PaymentLine

REGIME = "merit"
PAID = (LineStatus.PAID, LineStatus.CASH_PAID)
NON_CASH = (PaymentChannel.BANK, PaymentChannel.EWALLET)


def _codes(ids: Iterable[int]) -> dict[int, str]:
    return dict(AdminUnit.objects.filter(pk__in=set(ids)).values_list("id", "code"))


# --- beneficiaries ------------------------------------------------------------------------------------


def _beneficiary_counts(day: dt.date) -> dict[tuple[str, str], int]:
    """(commune code, category or "") → records (persons for "") active on `day`."""
    active = MeritRecord.objects.filter(care.active_on(day)).order_by()
    rows = list(
        active.values("person__commune_id", "category")
        .annotate(n=Count("pk"))
        .values_list("person__commune_id", "category", "n")
    )
    persons = list(
        active.values("person__commune_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__commune_id", "n")
    )
    codes = _codes([r[0] for r in rows])
    found = {(codes[commune], category): n for commune, category, n in rows}
    found.update({(codes[commune], ""): n for commune, n in persons})
    return found


def _beneficiaries(category: str) -> Source:
    def source(start: dt.date, end: dt.date) -> Iterable[Computed]:
        counts = shared(("merit.beneficiaries", end), lambda: _beneficiary_counts(end))
        for (code, cat), n in sorted(counts.items()):
            if cat == category:
                yield Computed(unit_code=code, value=Decimal(n))

    return source


# --- payments -----------------------------------------------------------------------------------------


def _paid(start: dt.date, end: dt.date) -> list[tuple[str, int, int]]:
    """(commune code, amount paid, non-cash amount paid) of the merit lines of the period's cycles."""
    cycles = list(
        PaymentCycle.objects.filter(month__gte=start.replace(day=1), month__lte=end).values_list(
            "id", flat=True
        )
    )
    if not cycles:
        return []
    rows = list(
        PaymentLine.objects.filter(cycle_id__in=cycles, regime=REGIME, status__in=PAID)
        .order_by()
        .values("commune_id")
        .annotate(paid=Sum("amount"), non_cash=Sum("amount", filter=Q(channel__in=NON_CASH)))
        .values_list("commune_id", "paid", "non_cash")
    )
    codes = _codes(r[0] for r in rows)
    return [(codes[commune], int(amount or 0), int(non_cash or 0)) for commune, amount, non_cash in rows]


def spending(start: dt.date, end: dt.date) -> Iterable[Computed]:
    for code, amount, _non_cash in shared(("merit.paid", start, end), lambda: _paid(start, end)):
        yield Computed(unit_code=code, value=Decimal(amount))


def noncash_share(start: dt.date, end: dt.date) -> Iterable[Computed]:
    for code, amount, non_cash in shared(("merit.paid", start, end), lambda: _paid(start, end)):
        yield Computed(unit_code=code, value=Decimal(non_cash), denominator=Decimal(amount))


# --- care and living standard -------------------------------------------------------------------------


def mothers_cared(start: dt.date, end: dt.date) -> Iterable[Computed]:
    rows = list(
        care.mothers(end)
        .order_by()
        .values("person__commune_id")
        .annotate(n=Count("pk"), cared=Count("pk", filter=care.cared_q(end)))
        .values_list("person__commune_id", "n", "cared")
    )
    codes = _codes(r[0] for r in rows)
    for commune, n, cared in sorted(rows, key=lambda r: codes[r[0]]):
        yield Computed(unit_code=codes[commune], value=Decimal(cared), denominator=Decimal(n))


def households_at_standard(start: dt.date, end: dt.date) -> Iterable[Computed]:
    rows = list(
        care.with_standing(care.merit_households(end), end)
        .order_by()
        .values("commune_id")
        .annotate(n=Count("pk"), at=Count("pk", filter=Q(standing=care.AT_OR_ABOVE)))
        .values_list("commune_id", "n", "at")
    )
    codes = _codes(r[0] for r in rows)
    for commune, n, at in sorted(rows, key=lambda r: codes[r[0]]):
        yield Computed(unit_code=codes[commune], value=Decimal(at), denominator=Decimal(n))


def _sources() -> dict[str, Source]:
    found: dict[str, Source] = {"MERIT.BENEFICIARIES": _beneficiaries("")}
    for value in Category.values:
        found[f"MERIT.BENEFICIARIES_{value.upper()}"] = _beneficiaries(value)
    found.update(
        {
            "MERIT.SPENDING": spending,
            "MERIT.NONCASH_SHARE": noncash_share,
            "MERIT.HEROIC_MOTHERS_CARED": mothers_cared,
            "MERIT.HH_STANDARD": households_at_standard,
        }
    )
    return found


SOURCES: dict[str, Source] = _sources()
