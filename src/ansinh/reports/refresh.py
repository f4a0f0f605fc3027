"""Computed figures fill themselves: the periods in progress are recomputed in the background.

The periods an officer is working on are the month, quarter, six months and year that contain today, and
the ones just before them (a report is written after its period ends). Each is due when it has never been
computed or was last computed more than `REFRESH_EVERY` ago, and no computation of it is already queued or
running. `ansinh serve` looks every `CHECK_EVERY` seconds and starts a `reports.compute` job per due
period; `ansinh indicators refresh` does the same once (for a cron job where the server runs elsewhere).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from ansinh.core.jobs import job_start
from ansinh.core.models import Job, JobStatus
from ansinh.reports.models import ComputeRun
from ansinh.reports.periods import KINDS, Period, period_of

REFRESH_EVERY = dt.timedelta(hours=1)
CHECK_EVERY = 600  # seconds between two looks by the server
JOB_KIND = "reports.compute"


def periods_in_progress(today: dt.date) -> list[Period]:
    periods = []
    for kind in KINDS:
        current = period_of(kind, today)
        periods += [current.previous(), current]
    return periods


def due_periods(now: dt.datetime | None = None) -> list[Period]:
    """The periods in progress whose computed figures are missing or older than REFRESH_EVERY."""
    now = now or timezone.now()
    periods = periods_in_progress(timezone.localdate(now))
    codes = [p.code for p in periods]
    oldest = dict(
        ComputeRun.objects.filter(period_code__in=codes)
        .values_list("period_code")
        .annotate(oldest=Min("computed_at"))
        .values_list("period_code", "oldest")
    )
    busy = {
        job_params.get("period")
        for job_params in Job.objects.filter(
            kind=JOB_KIND, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).values_list("params", flat=True)
    }
    return [
        p
        for p in periods
        if p.code not in busy and (p.code not in oldest or now - oldest[p.code] >= REFRESH_EVERY)
    ]


def refresh_start(now: dt.datetime | None = None) -> list[Any]:
    """Start one computation job per due period; the jobs they started."""
    with transaction.atomic():
        return [
            job_start(actor=None, kind=JOB_KIND, params={"period": p.code, "codes": None})
            for p in due_periods(now)
        ]
