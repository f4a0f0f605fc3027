"""Background jobs of the programmes app: a programme's dry-run against the registry."""

from __future__ import annotations

from typing import Any

from ansinh.core.jobs import job_kind
from ansinh.programmes.dryrun import dry_run
from ansinh.programmes.selectors import access_programme

JOB_KIND = "programmes.dry_run"


@job_kind(JOB_KIND)
def dry_run_job(
    job: Any, progress: Any, *, programme_id: int, province_code: str | None = None
) -> dict[str, Any]:
    """Run the dry-run as the user who started it (their scope); the figures become the job's result."""
    actor = job.created_by
    programme = access_programme(actor=actor, programme_id=programme_id)
    return dry_run(actor=actor, programme=programme, province_code=province_code, progress=progress)
