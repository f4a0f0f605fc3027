"""Background work of payments: cycle generation, run by the task queue (web) or in-process (CLI)."""

from __future__ import annotations

from typing import Any

from ansinh.core.jobs import job_kind
from ansinh.payments.models import PaymentCycle


@job_kind("payments.cycle_generate")
def cycle_generate_job(job: Any, progress: Any, *, cycle_id: int) -> dict[str, Any]:
    from ansinh.payments.services import cycle_generate

    cycle = PaymentCycle.objects.get(pk=cycle_id)
    report = cycle_generate(cycle=cycle, progress=progress)
    cycle.refresh_from_db()
    return {
        "cycle_id": cycle.pk,
        "lines": cycle.line_count,
        "total_amount": cycle.total_amount,
        "inserted": report.lines_inserted,
        "problems": cycle.problem_count,
        "seconds": round(report.seconds, 1),
        "url": f"/payments/cycles/{cycle.pk}/",
    }
