"""Payment writes: cycles and their maker-checker approval, the bank batch and its result (đối soát), cash.

A cycle moves draft → generating → generated → submitted → approved → exported → reconciled; the
checker who approves is never the officer who generated or submitted it, and a rejection sends it
back to generated. Each service checks the capability and the scope, changes the rows and writes
the audit event in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import user_of
from ansinh.core import audit, clock
from ansinh.core.actors import Actor
from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.jobs import job_start, jobs_sweep_interrupted
from ansinh.core.models import AuditAction, Job, JobStatus
from ansinh.core.periods import month_label
from ansinh.core.scope import require
from ansinh.geo.models import AdminUnit
from ansinh.payments import bankfiles
from ansinh.payments.generation import DEFAULT_CHUNK, GenerationReport, generation_running
from ansinh.payments.generation import cycle_generate as _generate
from ansinh.payments.models import (
    BankBatch,
    BankResult,
    CycleStatus,
    LineStatus,
    PaymentChannel,
    PaymentCycle,
    PaymentLine,
)
from ansinh.payments.references import batch_reference, is_valid
from ansinh.payments.rules import cycle_month
from ansinh.payments.selectors import NON_CASH, cycle_scope_q

GENERATION_JOB = "payments.cycle_generate"
EXPORT_JOB = "payments.batch_export"
IMPORT_JOB = "payments.result_import"
# Above these sizes the web hands the work to the task queue and shows its progress on the cycle page;
# below them an answer comes faster in the request itself.
INLINE_EXPORT_LINES = 20_000
INLINE_IMPORT_BYTES = 2 * 1024 * 1024
CYCLE_AUDIT_FIELDS = [
    "status",
    "line_count",
    "total_amount",
    "generated_by_id",
    "submitted_by_id",
    "approved_by_id",
]
MIN_CHUNK, MAX_CHUNK = 1, 500_000  # enrolments per generation chunk (a chunk is held in memory)
_UPDATE_CHUNK = 50_000  # ids per UPDATE when a batch is formed
_REFERENCE_CHUNK = 5_000  # references per UPDATE … WHERE reference IN (…) when a result is applied


class MakerChecker(PermissionDenied):
    """The same officer may not both prepare and approve a cycle."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "You generated or submitted this cycle, so you cannot approve it: "
                "another officer with the right to approve must check it (maker-checker)."
            )
        )
        self.code = "cycle.maker_checker"


def _locked(actor: Actor, cycle: PaymentCycle | int) -> PaymentCycle:
    """The cycle, re-read under a row lock through the actor's scope (NotFound outside it)."""
    pk = cycle.pk if isinstance(cycle, PaymentCycle) else cycle
    found = PaymentCycle.objects.select_for_update().filter(cycle_scope_q(actor), pk=pk).first()
    if found is None:
        raise NotFound("cycle")
    return found


def _expect(cycle: PaymentCycle, *statuses: str) -> None:
    if cycle.status not in statuses:
        raise Conflict(
            "cycle.wrong_status",
            _("This cannot be done while the cycle is “%(status)s”.")
            % {"status": cycle.get_status_display()},
        )


def _audit(actor: Actor, obj: Any, before: dict[str, Any] | None, action: str = AuditAction.UPDATE) -> None:
    after = audit.snapshot(obj, CYCLE_AUDIT_FIELDS) if isinstance(obj, PaymentCycle) else None
    audit.record(actor=actor, action=action, obj=obj, before=before, after=after)


# --- cycles ---------------------------------------------------------------------------------------


@transaction.atomic
def cycle_create(*, actor: Actor, province_code: str, month: dt.date | str) -> PaymentCycle:
    """A new cycle for one province and one month (at most one per province and month)."""
    require(actor, "payments.prepare")
    month = cycle_month(month, today=clock.today())
    province = AdminUnit.objects.filter(level="province", structure="2025", code=province_code).first()
    if province is None or not _province_in_scope(actor, province_code):
        raise NotFound("province")
    if PaymentCycle.objects.filter(province_code=province_code, month=month).exists():
        raise Conflict(
            "cycle.exists",
            _("Province %(province)s already has a cycle for %(month)s.")
            % {"province": province.name, "month": month_label(month)},
        )
    try:
        with transaction.atomic():
            cycle = PaymentCycle.objects.create(
                province_code=province_code, month=month, created_by=user_of(actor)
            )
    except IntegrityError:  # created by someone else a moment ago
        raise Conflict("cycle.exists", _("This province already has a cycle for that month.")) from None
    _audit(actor, cycle, None, AuditAction.CREATE)
    return cycle


def _province_in_scope(actor: Actor, province_code: str) -> bool:
    level = actor.scope_level
    if level is None:
        return True
    unit = actor.scope_unit
    return level == "province" and unit is not None and unit.code == province_code


@transaction.atomic
def cycle_generation_start(*, actor: Actor, cycle: PaymentCycle, chunk_size: int | None = None) -> Job:
    """Record the actor as the cycle's maker and start generating it in the task queue (resuming if a
    run stopped part-way). The job runs `cycle_generate`; the CLI runs the same job in-process.

    Refused while the cycle's generation job is running; a job whose process died (killed, machine
    lost) is marked interrupted instead, and the new job resumes from the cycle's cursor."""
    require(actor, "payments.prepare")
    if chunk_size is not None and not MIN_CHUNK <= chunk_size <= MAX_CHUNK:
        raise ValidationFailed(
            [
                ApplicationError(
                    "chunk_size.out_of_range",
                    _("The chunk size must be between %(min)s and %(max)s enrolments.")
                    % {"min": MIN_CHUNK, "max": MAX_CHUNK},
                    field="chunk_size",
                )
            ]
        )
    locked = _locked(actor, cycle)
    _expect(locked, CycleStatus.DRAFT, CycleStatus.GENERATING, CycleStatus.GENERATED)
    _refuse_while_running(locked)
    before = audit.snapshot(locked, CYCLE_AUDIT_FIELDS)
    params: dict[str, Any] = {"cycle_id": locked.pk}
    if chunk_size is not None:
        params["chunk_size"] = chunk_size
    job = job_start(actor=actor, kind=GENERATION_JOB, params=params, province_code=locked.province_code)
    locked.generated_by, locked.job = user_of(actor), job
    locked.save(update_fields=["generated_by", "job"])
    _audit(actor, locked, before)
    cycle.generated_by, cycle.job = user_of(actor), job
    return job


def _refuse_while_running(cycle: PaymentCycle) -> None:
    job = cycle.job
    if job is None or job.kind != GENERATION_JOB or job.status != JobStatus.RUNNING:
        return
    if not jobs_sweep_interrupted(ids=[job.pk]):
        raise generation_running()


def cycle_generate(
    *,
    cycle: PaymentCycle,
    progress: Any = None,
    chunk_size: int = DEFAULT_CHUNK,
    stop_after_chunks: int | None = None,
) -> GenerationReport:
    """The set-based engine (see `payments.generation`): resumable, idempotent, safe to run twice at once."""
    return _generate(
        cycle=cycle, progress=progress, chunk_size=chunk_size, stop_after_chunks=stop_after_chunks
    )


@transaction.atomic
def cycle_submit(*, actor: Actor, cycle: PaymentCycle) -> PaymentCycle:
    require(actor, "payments.prepare")
    locked = _locked(actor, cycle)
    _expect(locked, CycleStatus.GENERATED)
    if locked.line_count == 0:
        raise Conflict("cycle.empty", _("The cycle has no payment line to submit."))
    before = audit.snapshot(locked, CYCLE_AUDIT_FIELDS)
    locked.status, locked.submitted_at = CycleStatus.SUBMITTED, timezone.now()
    locked.submitted_by = user_of(actor)
    locked.rejection_reason = ""
    locked.save(update_fields=["status", "submitted_by", "submitted_at", "rejection_reason"])
    _audit(actor, locked, before)
    return locked


@transaction.atomic
def cycle_approve(*, actor: Actor, cycle: PaymentCycle) -> PaymentCycle:
    """The checker's approval: another officer than the maker; the totals must still be those submitted."""
    require(actor, "payments.approve")
    locked = _locked(actor, cycle)
    _expect(locked, CycleStatus.SUBMITTED)
    if actor.pk in (locked.generated_by_id, locked.submitted_by_id):
        raise MakerChecker()
    totals = locked.lines.aggregate(n=Count("id"), total=Sum("amount", default=0))
    if (totals["n"], totals["total"]) != (locked.line_count, locked.total_amount):
        raise Conflict("cycle.totals_changed", _("The lines no longer match the submitted totals."))
    before = audit.snapshot(locked, CYCLE_AUDIT_FIELDS)
    locked.status, locked.approved_at = CycleStatus.APPROVED, timezone.now()
    locked.approved_by = user_of(actor)
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    _audit(actor, locked, before)
    return locked


@transaction.atomic
def cycle_reject(*, actor: Actor, cycle: PaymentCycle, reason: str) -> PaymentCycle:
    """The checker sends the cycle back to the maker (status generated), saying why."""
    require(actor, "payments.approve")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            [ApplicationError("reason.required", _("Say why the cycle is sent back."), field="reason")]
        )
    locked = _locked(actor, cycle)
    _expect(locked, CycleStatus.SUBMITTED)
    before = audit.snapshot(locked, CYCLE_AUDIT_FIELDS)
    locked.status, locked.rejection_reason = CycleStatus.GENERATED, reason[:300]
    locked.submitted_by, locked.submitted_at = None, None
    locked.save(update_fields=["status", "rejection_reason", "submitted_by", "submitted_at"])
    _audit(actor, locked, before)
    return locked


# --- the bank batch ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchFile:
    batch: BankBatch
    content: bytes  # empty when the file is read from `path`
    file_name: str
    content_type: str
    path: Path | None = None  # the file written when the batch was formed in the task queue


def export_in_background(cycle: PaymentCycle) -> bool:
    """Whether forming this cycle's batch is long enough to go to the task queue."""
    limit = getattr(settings, "PAYMENTS_INLINE_EXPORT_LINES", INLINE_EXPORT_LINES)
    pending = PaymentLine.objects.filter(cycle=cycle, channel__in=NON_CASH, status=LineStatus.PENDING)
    return cycle.status == CycleStatus.APPROVED and pending[: limit + 1].count() > limit


def import_in_background(size: int) -> bool:
    return size > getattr(settings, "PAYMENTS_INLINE_IMPORT_BYTES", INLINE_IMPORT_BYTES)


def _files(*parts: str) -> Path:
    folder = Path(settings.FILES_DIR, "payments", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_batch_path(batch: BankBatch, fmt: str) -> Path:
    return _files("batches") / f"{batch.reference}.{fmt}"


@transaction.atomic
def batch_export_start(*, actor: Actor, cycle: PaymentCycle) -> Job:
    """Form the bank batch of an approved cycle in the task queue (the cycle page shows the progress);
    the job writes the CSV and XLSX files that the download then serves."""
    require(actor, "payments.prepare")
    locked = _locked(actor, cycle)
    _expect(locked, CycleStatus.APPROVED)
    job = job_start(
        actor=actor, kind=EXPORT_JOB, params={"cycle_id": locked.pk}, province_code=locked.province_code
    )
    locked.job = job
    locked.save(update_fields=["job"])
    return job


def batch_export_store(*, actor: Actor, cycle: PaymentCycle) -> BankBatch:
    """What the export job does: form the batch (once) and write both files of it."""
    exported = batch_export(actor=actor, cycle=cycle, fmt="csv")
    stored_batch_path(exported.batch, "csv").write_bytes(exported.content)
    xlsx = render_batch(batch=exported.batch, cycle=exported.batch.cycle, fmt="xlsx")
    stored_batch_path(exported.batch, "xlsx").write_bytes(xlsx.content)
    return exported.batch


@transaction.atomic
def result_import_start(*, actor: Actor, batch: BankBatch, chunks: Iterable[bytes], file_name: str) -> Job:
    """Keep an uploaded result file and apply it in the task queue (`result_import`, all or nothing)."""
    require(actor, "payments.prepare")
    locked = _locked(actor, batch.cycle_id)
    suffix = Path(file_name).suffix.lower()[:6]
    path = _files("results") / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    params = {"batch_id": batch.pk, "path": str(path), "file_name": file_name[:200]}
    job = job_start(actor=actor, kind=IMPORT_JOB, params=params, province_code=locked.province_code)
    locked.job = job
    locked.save(update_fields=["job"])
    return job


@transaction.atomic
def batch_export(*, actor: Actor, cycle: PaymentCycle, fmt: str = "csv") -> BatchFile:
    """Put every non-cash line of an approved cycle into its bank batch (lines → exported) and return the
    bank file. Once exported, the same batch is returned again (in either format) and nothing changes."""
    require(actor, "payments.prepare")
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed([ApplicationError("format.invalid", _("Choose CSV or XLSX."), field="fmt")])
    locked = _locked(actor, cycle)
    _expect(locked, CycleStatus.APPROVED, CycleStatus.EXPORTED, CycleStatus.RECONCILED)
    if locked.status == CycleStatus.APPROVED:
        batch = _form_batch(actor, locked)
    else:
        batch = BankBatch.objects.get(cycle=locked)
        audit.record(actor=actor, action=AuditAction.VIEW, obj=batch, province_code=locked.province_code)
    return render_batch(batch=batch, cycle=locked, fmt=fmt)


def batch_download(*, actor: Actor, cycle: PaymentCycle, fmt: str = "csv") -> BatchFile:
    """The bank file of a cycle already exported (full account numbers: the download is audited)."""
    require(actor, "payments.prepare")
    if fmt not in ("csv", "xlsx"):
        raise ValidationFailed([ApplicationError("format.invalid", _("Choose CSV or XLSX."), field="fmt")])
    found = PaymentCycle.objects.filter(cycle_scope_q(actor), pk=cycle.pk).first()
    if found is None:
        raise NotFound("cycle")
    batch = BankBatch.objects.filter(cycle=found).first()
    if batch is None:
        raise NotFound("batch")
    audit.record(actor=actor, action=AuditAction.EXPORT, obj=batch, province_code=found.province_code)
    stored = stored_batch_path(batch, fmt)
    if stored.exists():
        kind = bankfiles.XLSX_TYPE if fmt == "xlsx" else bankfiles.CSV_TYPE
        return BatchFile(batch, b"", f"{batch.reference}.{fmt}", kind, path=stored)
    return render_batch(batch=batch, cycle=found, fmt=fmt)


def _form_batch(actor: Actor, cycle: PaymentCycle) -> BankBatch:
    pending = PaymentLine.objects.filter(cycle=cycle, channel__in=NON_CASH, status=LineStatus.PENDING)
    bounds = pending.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        raise Conflict(
            "batch.empty", _("The cycle has no line to pay into an account: nothing to send to the bank.")
        )
    batch = BankBatch.objects.create(
        cycle=cycle,
        reference=batch_reference(cycle.province_code, cycle.month),
        line_count=0,
        total_amount=0,
        created_by=user_of(actor),
    )
    for lo in range(bounds["lo"], bounds["hi"] + 1, _UPDATE_CHUNK):
        pending.filter(id__gte=lo, id__lt=lo + _UPDATE_CHUNK).update(batch=batch, status=LineStatus.EXPORTED)
    totals = batch.lines.aggregate(n=Count("id"), total=Sum("amount", default=0))
    batch.line_count, batch.total_amount = totals["n"], totals["total"]
    batch.save(update_fields=["line_count", "total_amount"])
    before = audit.snapshot(cycle, CYCLE_AUDIT_FIELDS)
    cycle.status = CycleStatus.EXPORTED
    cycle.save(update_fields=["status"])
    _audit(actor, cycle, before)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=batch,
        province_code=cycle.province_code,
        after={
            "reference": batch.reference,
            "line_count": batch.line_count,
            "total_amount": batch.total_amount,
        },
    )
    return batch


def render_batch(*, batch: BankBatch, cycle: PaymentCycle, fmt: str) -> BatchFile:
    """The bank file of a batch, built from its lines in id order (the same content in both formats)."""
    header = bankfiles.BatchHeader(
        batch.reference, cycle.month, cycle.province_code, batch.line_count, batch.total_amount
    )
    lines = (
        batch.lines.order_by("id")
        .values_list(
            "reference", "payee_name", "bank_code", "account", "amount", "regime", "kind", "for_month"
        )
        .iterator(chunk_size=20_000)
    )
    rows = bankfiles.batch_rows(header, lines)
    if fmt == "xlsx":
        content = bankfiles.write_xlsx(rows, row_count=batch.line_count + 3)
        return BatchFile(batch, content, f"{batch.reference}.xlsx", bankfiles.XLSX_TYPE)
    return BatchFile(batch, bankfiles.write_csv(rows), f"{batch.reference}.csv", bankfiles.CSV_TYPE)


# --- the bank's result ---------------------------------------------------------------------------------


@transaction.atomic
def result_import(*, actor: Actor, batch: BankBatch, file_bytes: bytes, file_name: str) -> BankResult:
    """Apply the bank's result file to a batch: all of it, or — on any problem — none of it.

    Everything is checked before anything is written: the file's own control totals, the batch's
    totals, every reference (well formed, in this batch, not repeated), every amount and status, and
    that every line of the batch is reported. ValidationFailed lists each problem with its row.
    """
    require(actor, "payments.prepare")
    locked = _locked(actor, batch.cycle_id)
    batch = BankBatch.objects.select_for_update().get(pk=batch.pk, cycle=locked)
    checksum = hashlib.sha256(file_bytes).hexdigest()
    if BankResult.objects.filter(checksum=checksum).exists():
        raise Conflict("result.duplicate_file", _("This file has already been imported."))
    if batch.reconciled_at is not None:
        raise Conflict("result.already_reconciled", _("This batch already has its result from the bank."))
    parsed = _checked_result(batch, file_bytes, file_name)
    return _apply_result(actor, locked, batch, parsed, checksum, file_name)


def _checked_result(batch: BankBatch, file_bytes: bytes, file_name: str) -> bankfiles.ResultFile:
    table = bankfiles.read_table(file_bytes, file_name)
    errors = bankfiles.ErrorList()
    parsed = bankfiles.parse_result(table, errors)
    if parsed.batch_reference is not None and parsed.batch_reference != batch.reference:
        errors.add(
            "result.wrong_batch",
            _("The file is for batch %(file)s, not %(batch)s.")
            % {"file": parsed.batch_reference[:40], "batch": batch.reference},
        )
    _check_totals(batch, parsed, errors)
    _check_lines(batch, parsed, errors)
    errors.raise_if_any()
    return parsed


def _check_totals(batch: BankBatch, parsed: bankfiles.ResultFile, errors: bankfiles.ErrorList) -> None:
    rows, total = len(parsed.rows), sum(r.amount for r in parsed.rows)
    if parsed.control_count is None or parsed.control_count < 0:
        return
    if (parsed.control_count, parsed.control_total) != (rows, total):
        errors.add(
            "result.control_mismatch",
            _(
                "The control row says %(count)s lines and %(total)s đồng, but the file has %(rows)s lines "
                "and "
                "%(sum)s đồng."
            )
            % {"count": parsed.control_count, "total": parsed.control_total, "rows": rows, "sum": total},
        )
    if (parsed.control_count, parsed.control_total) != (batch.line_count, batch.total_amount):
        errors.add(
            "result.batch_mismatch",
            _(
                "The control row says %(count)s lines and %(total)s đồng; the batch sent has %(lines)s "
                "lines and "
                "%(amount)s đồng."
            )
            % {
                "count": parsed.control_count,
                "total": parsed.control_total,
                "lines": batch.line_count,
                "amount": batch.total_amount,
            },
        )


def _check_lines(batch: BankBatch, parsed: bankfiles.ResultFile, errors: bankfiles.ErrorList) -> None:
    amounts = dict(batch.lines.values_list("reference", "amount").iterator(chunk_size=50_000))
    seen: dict[str, int] = {}
    for row in parsed.rows:
        if row.reference in seen:
            errors.add(
                "result.repeated_reference",
                _("reference %(reference)s is repeated (first on row %(first)s).")
                % {"reference": row.reference, "first": seen[row.reference]},
                row.row,
            )
            continue
        seen[row.reference] = row.row
        expected = amounts.get(row.reference)
        if expected is None:
            problem = (
                _("reference %(reference)s is not in this batch.")
                if is_valid(row.reference)
                else _("%(reference)s is not a valid payment reference (check digits do not match).")
            )
            errors.add("result.unknown_reference", problem % {"reference": row.reference[:40]}, row.row)
        elif expected != row.amount:
            errors.add(
                "result.wrong_amount",
                _("amount %(amount)s differs from the %(expected)s đồng sent for %(reference)s.")
                % {"amount": row.amount, "expected": expected, "reference": row.reference},
                row.row,
            )
    missing = [ref for ref in amounts if ref not in seen]
    if missing:
        shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        errors.add(
            "result.missing_lines",
            _(
                "%(count)s lines of the batch are not in the file (%(references)s). A result file must "
                "report "
                "every line of the batch."
            )
            % {"count": len(missing), "references": shown},
        )


def _apply_result(
    actor: Actor,
    cycle: PaymentCycle,
    batch: BankBatch,
    parsed: bankfiles.ResultFile,
    checksum: str,
    file_name: str,
) -> BankResult:
    """Set-based: returned lines by reason, in chunks of references; then every other line is paid."""
    now = timezone.now()
    returned: dict[str, list[str]] = defaultdict(list)
    for row in parsed.rows:
        if row.status == "returned":
            returned[row.reason].append(row.reference)
    changed = 0
    for reason, refs in returned.items():
        for i in range(0, len(refs), _REFERENCE_CHUNK):
            changed += batch.lines.filter(
                reference__in=refs[i : i + _REFERENCE_CHUNK], status=LineStatus.EXPORTED
            ).update(status=LineStatus.RETURNED, return_reason=reason, settled_at=now)
    paid = batch.lines.filter(status=LineStatus.EXPORTED).update(status=LineStatus.PAID, settled_at=now)
    returned_count = sum(len(refs) for refs in returned.values())
    if changed != returned_count or changed + paid != batch.line_count:
        raise Conflict(
            "result.lines_changed", _("The batch's lines changed while the file was applied; try again.")
        )
    returned_amount = sum(r.amount for r in parsed.rows if r.status == "returned")
    result = BankResult.objects.create(
        batch=batch,
        file_name=file_name[:200],
        checksum=checksum,
        line_count=len(parsed.rows),
        total_amount=batch.total_amount,
        paid_count=paid,
        paid_amount=batch.total_amount - returned_amount,
        returned_count=returned_count,
        returned_amount=returned_amount,
        imported_by=user_of(actor),
    )
    batch.reconciled_at = now
    batch.save(update_fields=["reconciled_at"])
    before = audit.snapshot(cycle, CYCLE_AUDIT_FIELDS)
    cycle.status = CycleStatus.RECONCILED
    cycle.save(update_fields=["status"])
    _audit(actor, cycle, before)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=result,
        object_label=file_name[:200],
        province_code=cycle.province_code,
        after={"paid": result.paid_count, "returned": result.returned_count, "checksum": checksum},
    )
    return result


# --- cash ---------------------------------------------------------------------------------------------


def _locked_line(actor: Actor, line: PaymentLine | int) -> PaymentLine:
    """The line, through the actor's scope, under a row lock taken after its cycle's: the order in which
    generation (cycle, then the returned lines it re-issues, by id), batches and results lock, so two
    writers of the same line never wait on each other in a circle."""
    from ansinh.core import scope

    pk = line.pk if isinstance(line, PaymentLine) else line
    visible = scope.restrict(PaymentLine.objects.all(), actor).filter(pk=pk)
    cycle_id = visible.values_list("cycle_id", flat=True).first()
    if cycle_id is None:
        raise NotFound("payment_line")
    list(PaymentCycle.objects.select_for_update().filter(pk=cycle_id).values_list("pk", flat=True))
    found = visible.select_for_update(of=("self",)).select_related("cycle").first()
    if found is None:
        raise NotFound("payment_line")
    return found


LINE_AUDIT_FIELDS = ["status", "channel", "cash_reason", "bank_code", "account", "settled_at"]


@transaction.atomic
def line_switch_to_cash(*, actor: Actor, line: PaymentLine, reason: str) -> PaymentLine:
    """Pay a line in cash at the commune instead: a line the bank returned, or a pending line of a cycle
    not yet submitted. The commune then pays it and it is marked with `line_mark_cash_paid`."""
    require(actor, "payments.prepare")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            [ApplicationError("reason.required", _("Say why this payment is made in cash."), field="reason")]
        )
    locked = _locked_line(actor, line)
    returned = locked.status == LineStatus.RETURNED
    editable = locked.status == LineStatus.PENDING and locked.cycle.status == CycleStatus.GENERATED
    if locked.channel == PaymentChannel.CASH or not (returned or editable):
        raise Conflict(
            "line.not_switchable",
            _(
                "Only a line returned by the bank, or a pending line of a cycle not yet submitted, can be "
                "switched "
                "to cash."
            ),
        )
    before = audit.snapshot(locked, LINE_AUDIT_FIELDS)
    locked.channel, locked.cash_reason, locked.status = PaymentChannel.CASH, reason[:200], LineStatus.PENDING
    locked.save(update_fields=["channel", "cash_reason", "status"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        before=before,
        after=audit.snapshot(locked, LINE_AUDIT_FIELDS),
    )
    return locked


@transaction.atomic
def line_mark_cash_paid(*, actor: Actor, line: PaymentLine, paid_on: dt.date | None = None) -> PaymentLine:
    """Record that the commune paid a cash line (only once its cycle is approved)."""
    require(actor, "payments.cash")
    locked = _locked_line(actor, line)
    approved = locked.cycle.status in (CycleStatus.APPROVED, CycleStatus.EXPORTED, CycleStatus.RECONCILED)
    if locked.channel != PaymentChannel.CASH or locked.status != LineStatus.PENDING or not approved:
        raise Conflict(
            "line.not_cash_payable",
            _("Only a cash line still to pay, in an approved cycle, can be marked as paid in cash."),
        )
    before = audit.snapshot(locked, LINE_AUDIT_FIELDS)
    locked.status = LineStatus.CASH_PAID
    locked.settled_at = (
        timezone.now() if paid_on is None else timezone.make_aware(dt.datetime.combine(paid_on, dt.time(12)))
    )
    locked.save(update_fields=["status", "settled_at"])
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=locked,
        before=before,
        after=audit.snapshot(locked, LINE_AUDIT_FIELDS),
    )
    return locked
