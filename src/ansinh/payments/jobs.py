"""Background work of payments, run by the task queue (web) or in-process (CLI): cycle generation,
forming a large bank batch, applying a large bank result file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.jobs import job_kind
from ansinh.payments.models import PaymentCycle


@job_kind("payments.cycle_generate")
def cycle_generate_job(
    job: Any, progress: Any, *, cycle_id: int, chunk_size: int | None = None
) -> dict[str, Any]:
    from ansinh.payments.generation import DEFAULT_CHUNK
    from ansinh.payments.services import cycle_generate

    cycle = PaymentCycle.objects.get(pk=cycle_id)
    chunk_size = chunk_size or DEFAULT_CHUNK
    report = cycle_generate(cycle=cycle, progress=progress, chunk_size=chunk_size)
    cycle.refresh_from_db()
    return {
        "cycle_id": cycle.pk,
        "lines": cycle.line_count,
        "total_amount": cycle.total_amount,
        "inserted": report.lines_inserted,
        "chunks": report.chunks,
        "chunk_size": chunk_size,
        "problems": cycle.problem_count,
        "seconds": round(report.seconds, 1),
        "url": f"/payments/cycles/{cycle.pk}/",
    }


@job_kind("payments.batch_export")
def batch_export_job(job: Any, progress: Any, *, cycle_id: int) -> dict[str, Any]:
    from ansinh.payments.services import batch_export_store

    cycle = PaymentCycle.objects.get(pk=cycle_id)
    progress(0, None, _("Forming the bank batch"), force=True)
    batch = batch_export_store(actor=job.created_by, cycle=cycle)
    progress(batch.line_count, batch.line_count, _("Bank files written"))
    return {
        "batch": batch.reference,
        "lines": batch.line_count,
        "total_amount": batch.total_amount,
        "url": f"/payments/cycles/{cycle.pk}/",
    }


@job_kind("payments.result_import")
def result_import_job(job: Any, progress: Any, *, batch_id: int, path: str, file_name: str) -> dict[str, Any]:
    """Apply a kept result file; a refused file is an answer (its problems listed), not a failed job."""
    from ansinh.core.errors import ValidationFailed
    from ansinh.payments.models import BankBatch
    from ansinh.payments.services import result_import

    batch = BankBatch.objects.select_related("cycle").get(pk=batch_id)
    url = f"/payments/cycles/{batch.cycle_id}/"
    progress(0, None, _("Checking the bank's result file"), force=True)
    kept = Path(path)
    try:
        result = result_import(
            actor=job.created_by, batch=batch, file_bytes=kept.read_bytes(), file_name=file_name
        )
    except ValidationFailed as exc:
        errors = [str(e.message) for e in exc.errors]
        return {
            "refused": True,
            "file": file_name,
            "errors": errors[:500],
            "error_count": len(errors),
            "url": url,
        }
    finally:
        kept.unlink(missing_ok=True)
    return {"paid": result.paid_count, "returned": result.returned_count, "file": file_name, "url": url}
