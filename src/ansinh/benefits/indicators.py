"""Social-assistance indicators computed from the enrolments (protocol: `ansinh.core.indicators`).

* SA.BENEFICIARIES — "Số đối tượng hưởng trợ cấp xã hội hàng tháng": enrolments in monthly social
  assistance or the social pension payable in the period's last month (started on or before it, not ended
  before it), by the commune responsible for them. A suspended enrolment still counts: the person remains
  a beneficiary whose payment is held, as the sector counts them.
* SA.BENEFICIARIES_ASSISTANCE / SA.BENEFICIARIES_PENSION — the same by regime.

One GROUP BY over commune and regime; the three indicators share it within one compute (`shared`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Q

from ansinh.benefits.models import Enrolment, Regime
from ansinh.core.indicators import Computed, Source, shared
from ansinh.geo.models import AdminUnit


def _counts(start: dt.date, end: dt.date) -> dict[tuple[str, str], int]:
    return shared(("benefits.enrolments", end), lambda: _count_enrolments(end))


def _count_enrolments(end: dt.date) -> dict[tuple[str, str], int]:
    last_month = end.replace(day=1)
    rows = (
        Enrolment.objects.filter(start_month__lte=last_month)
        .filter(Q(end_month__isnull=True) | Q(end_month__gte=last_month))
        .order_by()
        .values("commune_id", "regime")
        .annotate(n=Count("id"))
        .values_list("commune_id", "regime", "n")
    )
    rows = list(rows)
    # Grouped by the commune's id (no join on the big table), then named by code in one small query.
    codes = dict(AdminUnit.objects.filter(pk__in={row[0] for row in rows}).values_list("id", "code"))
    return {(codes[commune], regime): n for commune, regime, n in rows}


def _by_regime(regimes: tuple[str, ...]):
    def source(start: dt.date, end: dt.date) -> Iterable[Computed]:
        totals: dict[str, int] = defaultdict(int)
        for (code, regime), n in _counts(start, end).items():
            if regime in regimes:
                totals[code] += n
        for code, n in sorted(totals.items()):
            yield Computed(unit_code=code, value=Decimal(n))

    return source


beneficiaries = _by_regime((Regime.SOCIAL_ASSISTANCE, Regime.SOCIAL_PENSION))
assistance_beneficiaries = _by_regime((Regime.SOCIAL_ASSISTANCE,))
pension_beneficiaries = _by_regime((Regime.SOCIAL_PENSION,))

SOURCES: dict[str, Source] = {
    "SA.BENEFICIARIES": beneficiaries,
    "SA.BENEFICIARIES_ASSISTANCE": assistance_beneficiaries,
    "SA.BENEFICIARIES_PENSION": pension_beneficiaries,
}
