"""Labour-market indicators computed from the records (protocol: `ansinh.core.indicators`).

* LM.JOB_FAIRS — "Số phiên giao dịch việc làm": sessions held (status "held") that started in the period,
  counted where they were hosted: the host commune for a session of a commune-level centre, else the host
  province. A session joining several provinces counts once, for its host.
* LM.NEW_JOBS — "Số lao động được tạo việc làm mới" (the part the employment-service records know):
  placements whose job started in the period, by the commune where the seeker lives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count

from ansinh.core.indicators import Computed, Source
from ansinh.labour.models import FairStatus, JobFair, Placement


def job_fairs(start: dt.date, end: dt.date) -> Iterable[Computed]:
    held = JobFair.objects.filter(
        status=FairStatus.HELD, starts_at__date__gte=start, starts_at__date__lte=end
    ).order_by()
    by_commune = (
        held.filter(host_commune__isnull=False)
        .values("host_commune__code")
        .annotate(n=Count("id"))
        .values_list("host_commune__code", "n")
    )
    by_province = (
        held.filter(host_commune__isnull=True)
        .values("province_code")
        .annotate(n=Count("id"))
        .values_list("province_code", "n")
    )
    for code, n in [*by_commune, *by_province]:
        yield Computed(unit_code=code, value=Decimal(n))


def new_jobs(start: dt.date, end: dt.date) -> Iterable[Computed]:
    rows = (
        Placement.objects.filter(placed_on__gte=start, placed_on__lte=end)
        .order_by()
        .values("commune__code")
        .annotate(n=Count("id"))
        .values_list("commune__code", "n")
    )
    for code, n in rows:
        yield Computed(unit_code=code, value=Decimal(n))


SOURCES: dict[str, Source] = {"LM.JOB_FAIRS": job_fairs, "LM.NEW_JOBS": new_jobs}
