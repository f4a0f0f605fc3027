"""Computed indicators of the unemployment benefit (see ansinh/core/indicators.py).

UI.CLAIMS: persons receiving the unemployment benefit in the period — a decided claim whose benefit
months (start_date to end_date, cut at the stop day) overlap the period — counted by the claimant's
commune of residence. One GROUP BY query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, F, Q

from ansinh.core.indicators import Computed, Source
from ansinh.unemployment.models import Claim, ClaimStatus


def receiving(start: dt.date, end: dt.date) -> Iterable[Computed]:
    paid = Q(status__in=[ClaimStatus.APPROVED, ClaimStatus.STOPPED], start_date__isnull=False)
    overlaps = Q(start_date__lte=end, end_date__gte=start)
    # A stopped claim paid the months that began before the stop day.
    not_stopped_before = Q(stopped_on__isnull=True) | (
        Q(stopped_on__gt=start) & Q(stopped_on__gt=F("start_date"))
    )
    rows = (
        Claim.objects.filter(paid & overlaps & not_stopped_before)
        .values("commune__code")
        .annotate(n=Count("person_id", distinct=True))
        .order_by("commune__code")
    )
    return [Computed(unit_code=row["commune__code"], value=Decimal(row["n"])) for row in rows]


SOURCES: dict[str, Source] = {"UI.CLAIMS": receiving}
