"""Background work of the registry, found by the task queue in each app's `jobs.py`: importing a large
file of persons and households (`registry.imports`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.jobs import job_kind
from ansinh.registry import imports

REFUSED_LISTED = 1_000  # refused rows kept in the job's result for the page


@job_kind(imports.JOB)
def import_job(job: Any, progress: Any, *, path: str, filename: str) -> dict[str, Any]:
    """A refused file is an answer (every refused row listed), not a failed job; a file that cannot be
    imported at all fails the job with the reason."""
    kept = Path(path)
    progress(0, None, _("Checking the file"), force=True)
    try:
        result = imports.import_file(
            actor=job.created_by,
            filename=filename,
            content=kept.read_bytes(),
            max_rows=imports.JOB_MAX_ROWS,
            progress=progress,
        )
    except imports.ImportRefused as exc:
        return {
            "refused": True,
            "message": str(exc.message),
            "rows": [row.as_dict() for row in exc.rows[:REFUSED_LISTED]],
            "refused_rows": len(exc.rows),
            "file": filename,
            "url": f"/persons/import/?job={job.pk}",
        }
    finally:
        kept.unlink(missing_ok=True)
    progress(result.created, result.created, _("Imported"))
    return {
        "created": result.created,
        "linked": result.linked,
        "households": result.households,
        "file": filename,
        "url": "/persons/",
    }
