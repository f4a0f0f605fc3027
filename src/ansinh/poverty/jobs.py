"""Background work of the poverty review, found by the task queue in each app's `jobs.py`: importing a
long file of last year's approved lists (`poverty.approved.imports`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.jobs import job_kind
from ansinh.core.tabular import ImportRefused
from ansinh.poverty.approved import imports

REFUSED_LISTED = 1_000  # refused rows kept in the job's result


@job_kind(imports.JOB)
def status_import_job(job: Any, progress: Any, *, path: str, filename: str) -> dict[str, Any]:
    """All or nothing, as the import of a short file: a refused file is an answer (every refused row
    listed, up to REFUSED_LISTED), not a failed job; a file that cannot be read fails the job."""
    kept = Path(path)
    progress(0, None, _("Checking the file"), force=True)
    try:
        result = imports.import_statuses(actor=job.created_by, filename=filename, content=kept.read_bytes())
    except ImportRefused as exc:
        return {
            "refused": True,
            "message": str(exc.message),
            "rows": [row.as_dict() for row in exc.rows[:REFUSED_LISTED]],
            "refused_rows": len(exc.rows),
            "file": filename,
        }
    finally:
        kept.unlink(missing_ok=True)
    progress(result.households, result.households, _("Imported"))
    return {
        "households": result.households,
        "poor": result.poor,
        "near_poor": result.near_poor,
        "others": result.others,
        "file": filename,
        "url": "/poverty/households/",
    }
