"""Background jobs of the reports app: computing a period's indicators for the whole nation."""

from __future__ import annotations

from typing import Any

from ansinh.core.actors import Actor
from ansinh.core.jobs import job_kind
from ansinh.reports.compute import compute_period
from ansinh.reports.periods import parse_period


@job_kind("reports.compute")
def compute_job(job: Any, progress: Any, *, period: str, codes: list[str] | None = None) -> dict[str, Any]:
    return compute_period(parse_period(period), codes=codes, progress=progress)


def compute_start(*, actor: Actor, period: Any) -> Any:
    """Start the nation's computation of a period in the background (ministry users)."""
    from ansinh.core.errors import PermissionDenied
    from ansinh.core.jobs import job_start
    from ansinh.core.scope import require

    require(actor, "reports.approve")
    if actor.scope_level is not None:
        raise PermissionDenied()
    return job_start(actor=actor, kind="reports.compute", params={"period": period.code, "codes": None})
