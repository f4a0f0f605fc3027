"""Background jobs of the benefits app: the national policy-cost simulation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse

from ansinh.benefits.simulation.costs import simulate
from ansinh.core.jobs import job_kind


@job_kind("benefits.simulate")
def simulate_job(
    job: Any,
    progress: Any,
    *,
    regime: str,
    standard: int | None,
    from_month: str,
    coefficients: dict[str, str],
    province_code: str | None,
) -> dict[str, Any]:
    """Run a simulation as the user who started it (their scope); the figures become the job's result."""
    result = simulate(
        actor=job.created_by,
        regime=regime,
        standard=standard,
        from_month=dt.date.fromisoformat(from_month),
        coefficients={spec: Decimal(value) for spec, value in coefficients.items()},
        province_code=province_code,
        progress=progress,
    )
    return {**result.as_dict(), "url": reverse("simulations:job", args=[job.pk])}
