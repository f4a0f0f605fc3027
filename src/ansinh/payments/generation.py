"""Cycle generation (lập danh sách chi trả): the set-based engine from enrolments to payment lines.

The province's payable enrolments are walked by id from `cycle.cursor`, `chunk_size` at a time. For
each chunk one query fetches the enrolment and person columns, three small ones fetch the lines
already written for those enrolments, their suspensions and (rarely) their older facts; amounts come
from `EntitlementCache` (a dict lookup per row once warm). The lines are inserted with ON CONFLICT
DO NOTHING — PostgreSQL through COPY into a temporary table — and `cycle.cursor` moves to the chunk's
last id in the same transaction, under a row lock on the cycle.

So a crash loses at most the chunk in flight (its transaction rolls back; the next run resumes at
the cursor). On PostgreSQL one run per cycle holds a session advisory lock (dropped by the server if
the process dies) and another run is told the cycle is being generated; on SQLite runs take turns
chunk by chunk. Even a run that restarts from the beginning creates nothing twice: the unique
constraint (enrolment, for_month, kind, attempt) is the last word, and `payments_line_one_live`
keeps a re-issue from ever being live beside the line it replaces.

Which months are owed (the "missing months" rule): every month from max(start month, cycle month −
ARREARS_LOOKBACK_MONTHS) to min(cycle month, end month, month of death), minus suspended months,
minus months that already have a first-attempt line. Months before the cycle month are arrears
(truy lĩnh): a decision recorded late is paid back in the next cycle. A month whose amount is zero
(not eligible that month) gets no line.

Differences (truy lĩnh chênh lệch): a month already paid can be owed more when the law or the facts
changed from a date in the past after it was paid — a standard level decided in August from 1 July, a
disability reassessed from an earlier month. Such months are found without re-reading every line: a
month is re-checked for every enrolment when a legal parameter in force in it was recorded after the
first cycle that could have paid it was created, and for one enrolment when its facts apply from
before the enrolment was last changed. For a re-checked month the amount now due is compared with
what its lines carry (re-issues counted once); a shortfall becomes a `difference` line, an excess is
listed as a problem (recovering money needs a decision, not a cycle).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import logging
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ansinh.benefits.entitlement import EntitlementCache, facts_json
from ansinh.benefits.household_status import StatusBook
from ansinh.benefits.law import current_params
from ansinh.benefits.models import (
    Enrolment,
    EnrolmentStatus,
    LegalParameter,
    OneOffEntitlement,
    OneOffKind,
)
from ansinh.core import audit
from ansinh.core.errors import ApplicationError, Conflict
from ansinh.core.models import AuditAction
from ansinh.core.money import format_vnd
from ansinh.core.periods import add_months, month_label
from ansinh.payments.models import (
    DIFFERENCE_STEP,
    FUNERAL_CASH,
    NO_ACCOUNT,
    CycleStatus,
    LineKind,
    LineStatus,
    PaymentBasis,
    PaymentChannel,
    PaymentCycle,
    PaymentLine,
)
from ansinh.payments.references import KIND_DIGITS, MAX_ATTEMPT, line_reference
from ansinh.payments.rules import EARLIEST_CYCLE_MONTH

log = logging.getLogger(__name__)

# How far back a missing month is still paid as arrears. Project rule (❓): Decree 20/2021/NĐ-CP
# sets no limit on back pay (truy lĩnh); two years bounds the lookup per enrolment and covers any
# decision recorded late in practice. Older months need a manual decision.
ARREARS_LOOKBACK_MONTHS = 24
DEFAULT_CHUNK = 20_000
MAX_PROBLEMS_LISTED = 100
_IN_BATCH = 10_000  # below SQLite's 32,766 bound variables per statement


_INSERT_COLUMNS = (
    "cycle_id",
    "enrolment_id",
    "person_id",
    "province_code",
    "commune_id",
    "regime",
    "kind",
    "for_month",
    "attempt",
    "reference",
    "amount",
    "channel",
    "cash_reason",
    "payee_name",
    "bank_code",
    "account",
    "basis_id",
    "snapshot",
    "status",
    "return_reason",
)
_KIND_MONTHLY = str(LineKind.MONTHLY)
_KIND_DIFFERENCE = str(LineKind.DIFFERENCE)
_PENDING = str(LineStatus.PENDING)
_SUSPENDED = str(EnrolmentStatus.SUSPENDED)

Progress = Callable[..., Any]


@dataclass
class _Chunk:
    after: int  # the cursor it starts from
    last: int  # its last enrolment id: the cursor once written
    enrolments: int
    lines: list[tuple[Any, ...]]
    problems: list[dict[str, Any]]


@dataclass
class GenerationReport:
    chunks: int = 0
    enrolments: int = 0
    lines_inserted: int = 0
    finished: bool = False
    seconds: float = 0.0
    problems: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def _mi(d: dt.date) -> int:
    """A month as one integer (year × 12 + month − 1): owed-month arithmetic without date objects."""
    return d.year * 12 + d.month - 1


def _month(i: int) -> dt.date:
    return dt.date(i // 12, i % 12 + 1, 1)


def cycle_generate(
    *,
    cycle: PaymentCycle,
    progress: Progress | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    stop_after_chunks: int | None = None,
) -> GenerationReport:
    """Generate (or resume generating) a cycle's lines; see the module docstring.

    `stop_after_chunks` stops early with the cycle still `generating` (what a crash between chunks
    leaves behind); calling again resumes from the cursor.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    with _sole_run(cycle.pk):
        return _generate(cycle, progress, chunk_size, stop_after_chunks)


def _generate(
    cycle: PaymentCycle, progress: Progress | None, chunk_size: int, stop_after_chunks: int | None
) -> GenerationReport:
    started = time.perf_counter()
    report = GenerationReport()
    cycle = _begin(cycle)
    engine = _Engine(cycle, chunk_size)
    total, done = engine.counts()
    if progress:
        progress(done, total, _("Generating payment lines"))

    def step(enrolments: int, inserted: int) -> None:
        nonlocal done
        report.chunks += 1
        report.enrolments += enrolments
        report.lines_inserted += inserted
        done += enrolments
        if progress:
            progress(done, total, _("%(done)s of %(total)s enrolments") % {"done": done, "total": total})

    # The explanation is frozen in the language of the documents.
    with translation.override("vi"), _serial_reads(), _no_gc_pauses():
        pipelined = connection.vendor == "postgresql" and not connection.in_atomic_block
        walk = _walk_pipelined if pipelined else _walk_serial
        complete = walk(engine, step, stop_after_chunks)
        report.problems = engine.problem_count
        if not complete:
            report.seconds = time.perf_counter() - started
            return report
        report.extra = _finish(cycle.pk)
    report.lines_inserted += sum(report.extra.get(k, 0) for k in ("funeral", "reissued"))
    report.finished = True
    report.seconds = time.perf_counter() - started
    if progress:
        progress(total, total, _("Generation finished"))
    return report


# The first key of the PostgreSQL advisory locks that say "this cycle is being generated".
_LOCK_SPACE = 0x414E5331  # "ANS1"


def generation_running() -> Conflict:
    return Conflict(
        "cycle.generation_running",
        _(
            "This cycle is already being generated by another run; its progress is shown on the cycle "
            "page. Wait for it to finish."
        ),
    )


@contextmanager
def _sole_run(cycle_id: int) -> Iterator[None]:
    """PostgreSQL: one run per cycle at a time, through a session advisory lock — which the server
    drops by itself when the process dies, however it dies, so a killed run never blocks the next.
    A run that finds the lock taken stops at once with a clear Conflict instead of competing. (SQLite
    has one writer at a time anyway: runs there take turns chunk by chunk under the cycle's lock.)"""
    if connection.vendor != "postgresql":
        yield
        return
    key = [_LOCK_SPACE, cycle_id % 2**31]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        if not cursor.fetchone()[0]:
            raise generation_running()
    try:
        yield
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
        except DatabaseError:  # an aborted transaction: the lock then goes with the session
            log.warning("cycle %s: generation lock not released before the session ends", cycle_id)


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """No cyclic garbage collection during the walk: the chunks are millions of short-lived tuples and
    no reference cycles, and the collector's passes over them cost about a tenth of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def _serial_reads() -> Iterator[None]:
    """PostgreSQL: no parallel workers for the chunk reads. On two cores a 20,000-row read is slower
    through Gather Merge than in one process, and the workers would take the CPU this process and
    the writer need."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET max_parallel_workers_per_gather")


def _walk_serial(engine: _Engine, step: Callable[[int, int], None], stop_after: int | None) -> bool:
    """Chunk after chunk, each read, computed and written under the cycle's lock: True when the walk
    reached the end, False when stopped early."""
    chunks = 0
    while stop_after is None or chunks < stop_after:
        done = engine.run_chunk()
        if done is None:
            return True
        step(*done)
        chunks += 1
    return False


def _walk_pipelined(engine: _Engine, step: Callable[[int, int], None], stop_after: int | None) -> bool:
    """PostgreSQL: a writer thread (its own connection) writes chunk k while this thread reads and
    computes chunk k+1, so Python and the database server work at the same time. Each write is still
    one transaction under the cycle's lock that moves the cursor; a chunk another run has written
    meanwhile is skipped, and the unique constraint settles any overlap."""
    todo: queue.Queue[_Chunk | None] = queue.Queue(maxsize=2)
    done: queue.Queue[tuple[int, int] | BaseException | None] = queue.Queue()

    def writer() -> None:
        try:
            while (chunk := todo.get()) is not None:
                inserted = engine.commit(chunk)
                done.put((chunk.enrolments, inserted or 0) if inserted is not None else None)
        except BaseException as exc:  # handed to the main thread, which raises it
            done.put(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer, name="cycle-writer", daemon=True)
    thread.start()
    chunks, complete, stopped = 0, False, False
    try:
        after = engine.stored_cursor()
        while stop_after is None or chunks < stop_after:
            stopped = _drain(done, step)
            if stopped:
                break
            chunk = engine.prepare(max(after, engine.stored_cursor()))
            if chunk is None:
                complete = True
                break
            _hand_over(todo, chunk, thread)
            after, chunks = chunk.last, chunks + 1
    finally:
        _hand_over(todo, None, thread)
        thread.join()
    stopped = _drain(done, step) or stopped
    return complete and not stopped


def _hand_over(todo: queue.Queue, item: _Chunk | None, thread: threading.Thread) -> None:
    """Queue an item for the writer, waiting while it is busy, unless it has died (its error is reported)."""
    while thread.is_alive():
        try:
            todo.put(item, timeout=1)
            return
        except queue.Full:
            continue


def _drain(done: queue.Queue, step: Callable[[int, int], None]) -> bool:
    """Report the chunks the writer has finished; True if the cycle stopped generating meanwhile."""
    stopped = False
    while True:
        try:
            item = done.get_nowait()
        except queue.Empty:
            return stopped
        if isinstance(item, BaseException):
            raise item
        if item is None:
            stopped = True
        else:
            step(*item)


def _begin(cycle: PaymentCycle) -> PaymentCycle:
    """Move the cycle to `generating`: from the start when it is new or being regenerated, else resume."""
    with transaction.atomic():
        locked = PaymentCycle.objects.select_for_update().get(pk=cycle.pk)
        if locked.month < EARLIEST_CYCLE_MONTH:
            # A cycle recorded before months were checked: refused before it is marked generating.
            raise Conflict(
                "cycle.month_out_of_range",
                _("This cycle is for %(month)s, before %(earliest)s: it cannot be generated.")
                % {"month": month_label(locked.month), "earliest": month_label(EARLIEST_CYCLE_MONTH)},
            )
        if locked.status in (CycleStatus.DRAFT, CycleStatus.GENERATED):
            locked.status, locked.cursor = CycleStatus.GENERATING, 0
            locked.problems, locked.problem_count = [], 0
            locked.save(update_fields=["status", "cursor", "problems", "problem_count"])
        elif locked.status != CycleStatus.GENERATING:
            raise Conflict(
                "cycle.not_generatable",
                _("This cycle has been submitted or approved; its lines can no longer be generated."),
            )
    return locked


def payment_channel(
    *,
    channel: str,
    cash_reason: str,
    wallet_provider: str,
    wallet_account: str,
    bank_code: str,
    bank_account: str,
) -> tuple[str, str, str, str]:
    """Where an enrolment is paid: (channel, cash reason, bank or wallet code, account).

    Non-cash is the default (the sector's priority); cash at the commune is an exception with a reason.
    A bank or e-wallet enrolment with no account on file is paid in cash, with that reason.
    """
    return _channel(channel, cash_reason, wallet_provider, wallet_account, bank_code, bank_account)


_BANK, _EWALLET, _CASH = str(PaymentChannel.BANK), str(PaymentChannel.EWALLET), str(PaymentChannel.CASH)


def _channel(
    channel: str, reason: str, wallet: str, wallet_account: str, bank: str, bank_account: str
) -> tuple[str, str, str, str]:
    if channel == _CASH:
        return _CASH, reason, "", ""
    if channel == _EWALLET:
        return (
            (_EWALLET, "", wallet, wallet_account)
            if wallet and wallet_account
            else (_CASH, NO_ACCOUNT, "", "")
        )
    return (_BANK, "", bank, bank_account) if bank and bank_account else (_CASH, NO_ACCOUNT, "", "")


class _Engine:
    def __init__(self, cycle: PaymentCycle, chunk_size: int) -> None:
        self.cycle_id = cycle.pk
        self.province = cycle.province_code
        self.month = cycle.month
        self.month_i = _mi(cycle.month)
        self.window = add_months(cycle.month, -ARREARS_LOOKBACK_MONTHS)
        self.window_i = _mi(self.window)
        self.chunk_size = chunk_size
        self.cache = EntitlementCache(current_params())
        self.facts_by_raw: dict[str, tuple[str, dict[str, Any]]] = {}
        self.bases: dict[tuple[int, str], int] = {}
        self.months = {i: _month(i) for i in range(self.window_i, self.month_i + 1)}
        # The month as the insert wants it: a date for COPY, ISO text for SQLite (as Django stores it).
        postgres = connection.vendor == "postgresql"
        self.stored = {i: d if postgres else d.isoformat() for i, d in self.months.items()}
        # The part of a line's reference body that depends on the month (kind monthly, attempt 0).
        self.reference_parts = {
            i: (d.year * 100 + d.month) * 1000 + KIND_DIGITS[_KIND_MONTHLY] * 100
            for i, d in self.months.items()
        }
        self.problem_count = 0
        self.writer = _writer_for(connection.vendor)
        self.first_cycle_at = _first_cycle_at(self.province, self.window, self.month)
        self.retro_months = _retro_months(self.province, self.first_cycle_at)
        self.book = StatusBook()

    # --- which enrolments -------------------------------------------------------------------------

    def candidates(self):
        payable = Q(status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.SUSPENDED]) | Q(
            status=EnrolmentStatus.STOPPED, end_month__gte=self.window
        )
        return Enrolment.objects.filter(payable, province_code=self.province, start_month__lte=self.month)

    def counts(self) -> tuple[int, int]:
        cursor = PaymentCycle.objects.values_list("cursor", flat=True).get(pk=self.cycle_id)
        agg = self.candidates().aggregate(total=Count("id"), done=Count("id", filter=Q(id__lte=cursor)))
        return agg["total"], agg["done"]

    def fetch(self, after: int) -> list[tuple[Any, ...]]:
        """The next chunk of enrolments with their person's columns: one raw query (the ORM's per-value
        converters would cost more than everything else here). Months come back as month numbers."""
        params: list[Any] = [
            self.province,
            after,
            self.month.isoformat(),
            self.window.isoformat(),
            self.chunk_size,
        ]
        with connection.cursor() as cursor:
            cursor.execute(_FETCH_SQL[connection.vendor == "postgresql"], params)
            return cursor.fetchall()

    # --- one chunk ----------------------------------------------------------------------------------

    def stored_cursor(self) -> int:
        return PaymentCycle.objects.values_list("cursor", flat=True).get(pk=self.cycle_id)

    def prepare(self, after: int) -> _Chunk | None:
        """Read and compute the chunk after `after` (no write); None when no enrolment is left."""
        rows = self.fetch(after)
        if not rows:
            return None
        lines, problems = self.lines_for(rows)
        return _Chunk(after=after, last=rows[-1][0], enrolments=len(rows), lines=lines, problems=problems)

    def commit(self, chunk: _Chunk) -> int | None:
        """Write a prepared chunk and move the cursor past it, in one transaction under the cycle's
        lock; the lines inserted, 0 if another run already went past it, None if the cycle is no
        longer generating."""
        with transaction.atomic():
            locked = PaymentCycle.objects.select_for_update().only("status", "cursor").get(pk=self.cycle_id)
            if locked.status != CycleStatus.GENERATING:
                return None
            if locked.cursor >= chunk.last:
                return 0
            if connection.vendor == "postgresql":
                # A crash may lose the last chunks committed (never half of one: the cursor moves in
                # the same transaction), and the next run redoes them; no need to wait for the disk.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            inserted = self.writer(chunk.lines) if chunk.lines else 0
            updates: dict[str, Any] = {"cursor": chunk.last}
            if chunk.problems:
                updates.update(self._problem_updates(chunk.problems))
            PaymentCycle.objects.filter(pk=self.cycle_id).update(**updates)
        return inserted

    def run_chunk(self) -> tuple[int, int] | None:
        """Read, compute and write the next chunk in one transaction holding the cycle's lock (so that
        runs at the same time take turns); (enrolments, lines inserted), or None when done."""
        with transaction.atomic():
            locked = PaymentCycle.objects.select_for_update().only("status", "cursor").get(pk=self.cycle_id)
            if locked.status != CycleStatus.GENERATING:
                return None  # another run finished the walk meanwhile
            chunk = self.prepare(locked.cursor)
            if chunk is None:
                return None
            inserted = self.commit(chunk)
        return chunk.enrolments, inserted or 0

    def _problem_updates(self, problems: list[dict[str, Any]]) -> dict[str, Any]:
        current = PaymentCycle.objects.values_list("problems", "problem_count").get(pk=self.cycle_id)
        listed = list(current[0] or [])
        known = {p["enrolment"] for p in listed}
        fresh = [p for p in problems if p["enrolment"] not in known]
        self.problem_count += len(fresh)
        return {
            "problems": (listed + fresh)[:MAX_PROBLEMS_LISTED],
            "problem_count": current[1] + len(fresh),
        }

    def lines_for(self, rows: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], list[dict[str, Any]]]:
        ids = [r[0] for r in rows]
        # The households' poverty statuses (two queries a chunk): social assistance and the social
        # pension read the household's status on each month's date.
        self.book = StatusBook.for_persons(r[1] for r in rows)
        existing = self.existing_months(ids)
        suspended = self.suspended_months(ids)
        owed: list[tuple[tuple[Any, ...], list[int]]] = []
        for row in rows:
            months = self.missing_months(row, existing.get(row[0]), suspended.get(row[0]))
            if months:
                owed.append((row, months))
        recheck = self.recheck_months(rows, suspended)
        paid = self.paid_months(recheck)
        older = {row[0] for row, months in owed if months[0] < row[5]}
        from_of = {row[0]: row[5] for row in rows}
        older.update(eid for eid, months in recheck.items() if min(months) < from_of[eid])
        history = self.older_facts(sorted(older))
        lines: list[tuple[Any, ...]] = []
        problems: list[dict[str, Any]] = []
        for row, months in owed:
            try:
                lines.extend(self.row_lines(row, months, history.get(row[0])))
            except (ApplicationError, LookupError, ValueError, TypeError) as exc:
                problems.append(_problem(row[0], exc))
        if paid:
            for row in rows:
                if row[0] in paid:
                    try:
                        lines.extend(self.difference_lines(row, paid[row[0]], history.get(row[0]), problems))
                    except (ApplicationError, LookupError, ValueError, TypeError) as exc:
                        problems.append(_problem(row[0], exc))
        return lines, problems

    # --- differences for months already paid -----------------------------------------------------------

    def recheck_months(
        self, rows: list[tuple[Any, ...]], suspended: dict[int, set[int]]
    ) -> dict[int, set[int]]:
        """Per enrolment, the months before the cycle's whose amount may have changed since they were paid."""
        out: dict[int, set[int]] = {}
        first_cycle = self.first_cycle_at
        for row in rows:
            eid, from_i, start_i, end_i, death_i, updated = row[0], row[5], row[6], row[7], row[17], row[19]
            first = max(start_i, self.window_i)
            last = self.month_i - 1
            if end_i is not None:
                last = min(last, end_i)
            if death_i is not None:
                last = min(last, death_i)
            if first > last:
                continue
            months = {m for m in self.retro_months if first <= m <= last}
            since = first_cycle.get(max(from_i, first))
            if from_i <= last and since is not None and _as_aware(updated) > since:
                months.update(range(max(from_i, first), last + 1))
            for change in self.book.changes(row[1]):
                # A poverty status decided after a cycle that paid its months: re-check from its month.
                change_i = max(_mi(change.valid_from), first)
                since = first_cycle.get(change_i)
                if change_i <= last and since is not None and _as_aware(change.recorded_at) > since:
                    months.update(range(change_i, last + 1))
            months -= suspended.get(eid, set())
            if months:
                out[eid] = months
        return out

    def paid_months(self, recheck: dict[int, set[int]]) -> dict[int, dict[int, tuple[int, int | None]]]:
        """For the re-checked enrolments: month → (amount its lines carry, highest difference attempt)."""
        if not recheck:
            return {}
        out: dict[int, dict[int, tuple[int, int | None]]] = defaultdict(dict)
        window = [self.window.isoformat(), self.month.isoformat()]
        for eid, month, amount, attempt in _select("paid", sorted(recheck), window):
            if month in recheck.get(eid, ()):
                out[eid][month] = (int(amount or 0), attempt)
        return out

    def difference_lines(
        self,
        row: tuple[Any, ...],
        paid: dict[int, tuple[int, int | None]],
        history: list[tuple[int, str]] | None,
        problems: list[dict[str, Any]],
    ) -> list[tuple[Any, ...]]:
        eid, person_id, commune_id, regime, raw, from_i = row[:6]
        born = _born(row[13], row[14])
        current = self.canonical(raw)[0]
        channel, cash_reason, bank_code, account = self.channel_of(row)
        reviewed = self.book.reviewed(person_id)
        out = []
        for m in sorted(paid):
            already, last_attempt = paid[m]
            fjson = current if m >= from_i or not history else self.facts_at(history, m, current)
            if reviewed:
                fjson = self.book.json_for(person_id, fjson, self.months[m])
            result = self.cache.month_result(regime, fjson, born, self.months[m], self.province)
            due = result.monthly_amount if result.eligible else 0
            if due < already:
                problems.append(_overpaid(eid, self.months[m], already, due))
                continue
            if due == already:
                continue
            attempt = 0 if last_attempt is None else (last_attempt // DIFFERENCE_STEP + 1) * DIFFERENCE_STEP
            if attempt > MAX_ATTEMPT:
                raise ValueError(f"too many differences for {self.months[m]:%m/%Y}")
            basis = self.bases.get((id(result), fjson))
            if basis is None:
                basis = self.bases[(id(result), fjson)] = _basis_id(regime, result, fjson)
            snapshot = json.dumps({"paid_before": already, "due": due})
            out.append(
                (
                    self.cycle_id,
                    eid,
                    person_id,
                    self.province,
                    commune_id,
                    regime,
                    _KIND_DIFFERENCE,
                    self.stored[m],
                    attempt,
                    line_reference(eid, self.months[m], _KIND_DIFFERENCE, attempt),
                    due - already,
                    channel,
                    cash_reason,
                    row[12],
                    bank_code,
                    account,
                    basis,
                    snapshot,
                    _PENDING,
                    "",
                )
            )
        return out

    def missing_months(
        self,
        row: tuple[Any, ...],
        existing: tuple[int, int, int] | set[int] | None,
        suspended: set[int] | None,
    ) -> list[int]:
        first = max(row[6], self.window_i)
        last = self.month_i
        if row[7] is not None:
            last = min(last, row[7])
        if row[17] is not None:  # death: paid up to and including the month of death
            last = min(last, row[17])
        if first > last:
            return []
        if existing is None:
            months = list(range(first, last + 1))
        elif isinstance(existing, tuple):  # lines cover [lo, hi] without a gap
            lo, hi = existing[1], existing[2]
            months = [*range(first, min(last, lo - 1) + 1), *range(max(first, hi + 1), last + 1)]
        else:
            months = [m for m in range(first, last + 1) if m not in existing]
        if suspended:
            months = [m for m in months if m not in suspended]
        if row[18] == _SUSPENDED and months and months[-1] == self.month_i:
            # Suspended without a suspension on record for this month: not paid until resumed.
            months.pop()
        return months

    def row_lines(
        self, row: tuple[Any, ...], months: list[int], history: list[tuple[int, str]] | None
    ) -> list[tuple[Any, ...]]:
        """The lines of one enrolment for its owed months (the hot loop: a few dict lookups a line)."""
        eid, person_id, commune_id, regime, raw, from_i = row[:6]
        name = row[12]
        born = _born(row[13], row[14])
        current = self.canonical(raw)[0]
        channel, cash_reason, bank_code, account = self.channel_of(row)
        month_result, bases, dates, stored = self.cache.month_result, self.bases, self.months, self.stored
        parts = self.reference_parts
        reviewed = self.book.reviewed(person_id)
        out = []
        for m in months:
            fjson = current if m >= from_i or not history else self.facts_at(history, m, current)
            if reviewed:
                fjson = self.book.json_for(person_id, fjson, dates[m])
            result = month_result(regime, fjson, born, dates[m], self.province)
            amount = result.monthly_amount
            if not result.eligible or amount <= 0:
                continue
            basis = bases.get((id(result), fjson))
            if basis is None:
                basis = bases[(id(result), fjson)] = _basis_id(regime, result, fjson)
            # = line_reference(eid, month, "monthly", 0), inlined: it is computed millions of times.
            body = eid * 1_000_000_000 + parts[m]
            out.append(
                (
                    self.cycle_id,
                    eid,
                    person_id,
                    self.province,
                    commune_id,
                    regime,
                    _KIND_MONTHLY,
                    stored[m],
                    0,
                    f"AS{body:019d}{98 - body * 100 % 97:02d}",
                    amount,
                    channel,
                    cash_reason,
                    name,
                    bank_code,
                    account,
                    basis,
                    "{}",
                    _PENDING,
                    "",
                )
            )
        return out

    def canonical(self, raw: str) -> tuple[str, dict[str, Any]]:
        found = self.facts_by_raw.get(raw)
        if found is None:
            data = json.loads(raw)
            found = self.facts_by_raw[raw] = (facts_json(data), data)
        return found

    def facts_at(self, history: list[tuple[int, str]], month: int, current: str) -> str:
        """The facts in force in `month`: the newest history row starting on or before it."""
        chosen = None
        for start, fjson in history:
            if start <= month:
                chosen = fjson
            else:
                break
        return chosen if chosen is not None else (history[0][1] if history else current)

    def channel_of(self, row: tuple[Any, ...]) -> tuple[str, str, str, str]:
        """(channel, cash reason, bank or wallet code, account) for an enrolment row."""
        return _channel(row[8], row[9], row[10], row[11], row[15], row[16])

    # --- the small per-chunk lookups ----------------------------------------------------------------

    def existing_months(self, ids: list[int]) -> dict[int, tuple[int, int, int] | set[int]]:
        """Per enrolment, the months in the window that already have a first-attempt monthly line:
        (count, lo, hi) when they form one unbroken run (the usual case), else the exact set."""
        out: dict[int, tuple[int, int, int] | set[int]] = {}
        gaps: list[int] = []
        window = [self.window.isoformat(), self.month.isoformat()]
        for eid, n, first, last in _select("existing", ids, window):
            lo, hi = _mi(_as_date(first)), _mi(_as_date(last))
            if n == hi - lo + 1:
                out[eid] = (n, lo, hi)
            else:
                gaps.append(eid)
        if gaps:
            exact: dict[int, set[int]] = defaultdict(set)
            for eid, month in _select("existing_exact", gaps, window):
                exact[eid].add(month)
            out.update(exact)
        return out

    def suspended_months(self, ids: list[int]) -> dict[int, set[int]]:
        out: dict[int, set[int]] = defaultdict(set)
        for eid, start, end in _select("suspensions", ids, [self.window.isoformat()]):
            first = max(start, self.window_i)
            last = self.month_i if end is None else min(end, self.month_i)
            out[eid].update(range(first, last + 1))
        return out

    def older_facts(self, ids: list[int]) -> dict[int, list[tuple[int, str]]]:
        out: dict[int, list[tuple[int, str]]] = defaultdict(list)
        if not ids:
            return out
        for eid, start, raw in _select("facts", ids, []):
            out[eid].append((start, self.canonical(raw)[0]))
        return out


def _born(birth_date: Any, birth_year: int) -> dt.date:
    if birth_date is None:  # year only: 1 January of that year (the social-insurance convention)
        return dt.date(birth_year, 1, 1)
    return birth_date if isinstance(birth_date, dt.date) else dt.date.fromisoformat(birth_date)


def _problem(enrolment_id: int, exc: Exception) -> dict[str, Any]:
    message = getattr(exc, "message", exc)
    code = getattr(exc, "code", type(exc).__name__)
    return {"enrolment": enrolment_id, "code": code, "message": str(message)[:300]}


def _overpaid(enrolment_id: int, month: dt.date, paid: int, due: int) -> dict[str, Any]:
    message = _(
        "%(month)s was paid %(paid)s but %(due)s is due now: recovering the excess needs a decision."
    ) % {"month": month_label(month), "paid": format_vnd(paid), "due": format_vnd(due)}
    return {"enrolment": enrolment_id, "code": "line.overpaid", "message": message}


def _as_aware(value: Any) -> dt.datetime:
    """An `updated_at` as the raw read returns it (aware on PostgreSQL, ISO text on SQLite) → aware UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=dt.UTC)
    return value


def _first_cycle_at(province: str, window: dt.date, month: dt.date) -> dict[int, dt.datetime]:
    """Month number → when the first cycle that could have paid that month (its own or a later one,
    before `month`) was created. Months before it was created cannot have been paid at an old rate."""
    created = dict(
        PaymentCycle.objects.filter(province_code=province, month__gte=window, month__lt=month)
        .order_by("month")
        .values_list("month", "created_at")
    )
    out: dict[int, dt.datetime] = {}
    earliest: dt.datetime | None = None
    for i in range(_mi(month) - 1, _mi(window) - 1, -1):
        at = created.get(_month(i))
        if at is not None and (earliest is None or at < earliest):
            earliest = at
        if earliest is not None:
            out[i] = earliest
    return out


def _retro_months(province: str, first_cycle_at: dict[int, dt.datetime]) -> set[int]:
    """Months (numbers) in which a legal parameter — national or the province's — was recorded after
    the first cycle that could have paid them was created."""
    if not first_cycle_at:
        return set()
    oldest = min(first_cycle_at.values())
    rows = LegalParameter.objects.filter(
        Q(province_code="") | Q(province_code=province), recorded_at__gt=oldest
    ).values_list("valid_from", "valid_to", "recorded_at")
    out: set[int] = set()
    for valid_from, valid_to, recorded_at in rows:
        lo = _mi(valid_from)
        hi = _mi(valid_to) if valid_to is not None else max(first_cycle_at)
        out.update(m for m in range(lo, hi + 1) if m in first_cycle_at and recorded_at > first_cycle_at[m])
    return out


# --- the raw reads (one statement per chunk each; vendor differences kept to month arithmetic) --------


def _month_sql(column: str, postgres: bool) -> str:
    """A date column as a month number (year × 12 + month − 1), computed by the database."""
    if postgres:
        return f"(EXTRACT(YEAR FROM {column})::int * 12 + EXTRACT(MONTH FROM {column})::int - 1)"
    return f"(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER) - 1)"


def _fetch_sql(postgres: bool) -> str:
    m = lambda column: _month_sql(column, postgres)  # noqa: E731
    facts = "e.facts::text" if postgres else "e.facts"
    birth = "p.birth_date" if postgres else "p.birth_date || ''"  # text on SQLite: no date converter
    updated = "e.updated_at" if postgres else "e.updated_at || ''"  # likewise: parsed only when needed
    return (  # names and SQL fragments of our own, no user input
        f"SELECT e.id, e.person_id, e.commune_id, e.regime, {facts}, {m('e.facts_from')}, "  # noqa: S608
        f"{m('e.start_month')}, "
        f"{m('e.end_month')}, e.channel, e.cash_reason, e.wallet_provider, e.wallet_account, p.full_name, "
        f"{birth}, p.birth_year, p.bank_code, p.bank_account, {m('p.death_date')}, e.status, {updated} "
        "FROM benefits_enrolment e JOIN registry_person p ON p.id = e.person_id "
        "WHERE e.province_code = %s AND e.id > %s AND e.start_month <= %s "
        "AND (e.status IN ('active', 'suspended') OR (e.status = 'stopped' AND e.end_month >= %s)) "
        "ORDER BY e.id LIMIT %s"
    )


_FETCH_SQL = {flag: _fetch_sql(flag) for flag in (False, True)}


def _lookup_sql(postgres: bool, dense: bool) -> dict[str, str]:
    """The per-chunk lookups. A dense chunk (its ids fill most of their range: one province's
    enrolments made together) is read as one index range; a sparse one (ids interleaved with other
    provinces') as that range AND the list of its ids, passed as ONE parameter — a PostgreSQL array,
    a JSON array on SQLite — not as thousands of bound values. Rows of enrolments outside the chunk
    that a range brings along are ignored by the caller."""
    listed = "= ANY(%s::bigint[])" if postgres else "IN (SELECT value FROM json_each(%s))"
    ids = "BETWEEN %s AND %s" if dense else f"BETWEEN %s AND %s AND enrolment_id {listed}"
    m = lambda column: _month_sql(column, postgres)  # noqa: E731
    monthly = (
        f"enrolment_id {ids} AND kind = 'monthly' AND attempt = 0 AND for_month >= %s AND for_month <= %s"
    )
    return {
        # Plain MIN/MAX: turned into month numbers here for 20,000 rows rather than there for all.
        "existing": "SELECT enrolment_id, COUNT(*), MIN(for_month), MAX(for_month) "  # noqa: S608
        f"FROM payments_paymentline WHERE {monthly} GROUP BY enrolment_id",
        "existing_exact": f"SELECT enrolment_id, {m('for_month')} FROM payments_paymentline WHERE {monthly}",  # noqa: S608
        "suspensions": f"SELECT enrolment_id, {m('from_month')}, {m('to_month')} FROM benefits_suspension "  # noqa: S608
        f"WHERE enrolment_id {ids} AND (to_month IS NULL OR to_month >= %s)",
        # What the lines of a month carry: monthly and difference lines, a re-issued line counted once
        # (through its new attempt), and the highest difference attempt so far.
        "paid": f"SELECT enrolment_id, {m('for_month')}, "  # noqa: S608
        "SUM(CASE WHEN status <> 'reissued' THEN amount ELSE 0 END), "
        "MAX(CASE WHEN kind = 'difference' THEN attempt END) FROM payments_paymentline "
        f"WHERE enrolment_id {ids} AND kind IN ('monthly', 'difference') AND for_month >= %s "
        "AND for_month < %s GROUP BY enrolment_id, for_month",
        "facts": f"SELECT enrolment_id, {m('from_month')}, {'facts::text' if postgres else 'facts'} "  # noqa: S608
        f"FROM benefits_enrolmentfacts WHERE enrolment_id {ids} ORDER BY enrolment_id, from_month",
    }


_LOOKUPS = {(pg, dense): _lookup_sql(pg, dense) for pg in (False, True) for dense in (False, True)}


def _select(name: str, ids: list[int], params: list[Any]) -> list[tuple[Any, ...]]:
    if not ids:
        return []
    postgres = connection.vendor == "postgresql"
    lo, hi = min(ids), max(ids)
    dense = hi - lo + 1 <= 2 * len(ids)
    bound: list[Any]
    if dense:
        bound = [lo, hi]
    else:
        listed = "{" + ",".join(map(str, ids)) + "}" if postgres else json.dumps(ids)
        bound = [lo, hi, listed]
    with connection.cursor() as cursor:
        cursor.execute(_LOOKUPS[(postgres, dense)][name], [*bound, *params])
        return cursor.fetchall()


# --- after the walk: one-offs, re-issues, totals ------------------------------------------------------


def _finish(cycle_id: int) -> dict[str, int]:
    with transaction.atomic():
        cycle = PaymentCycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.status != CycleStatus.GENERATING:
            return {}
        extra = {"funeral": _funeral_lines(cycle), "reissued": _reissue_lines(cycle)}
        before = {"status": cycle.status}
        totals = cycle.lines.aggregate(n=Count("id"), total=Sum("amount"))
        cycle.line_count, cycle.total_amount = totals["n"], totals["total"] or 0
        cycle.status, cycle.generated_at = CycleStatus.GENERATED, timezone.now()
        cycle.save(update_fields=["line_count", "total_amount", "status", "generated_at"])
        after = {
            "status": cycle.status,
            "line_count": cycle.line_count,
            "total_amount": cycle.total_amount,
            "problem_count": cycle.problem_count,
            **extra,
        }
        actor = cycle.generated_by
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=cycle, before=before, after=after)
    return extra


def _funeral_lines(cycle: PaymentCycle) -> int:
    """Funeral support due by the cycle month and not yet paid: one cash line each (paid to the family)."""
    paid = PaymentLine.objects.filter(enrolment_id=OuterRef("enrolment_id"), kind=LineKind.FUNERAL)
    due = (
        OneOffEntitlement.objects.filter(
            province_code=cycle.province_code, kind=OneOffKind.FUNERAL, due_month__lte=cycle.month
        )
        .exclude(Exists(paid))
        .select_related("enrolment", "person")
    )
    lines = []
    for one in due.iterator(chunk_size=2000):
        month = one.due_month.replace(day=1)
        snapshot = {"kind": "funeral", "lines": one.lines, "decision": one.decision_id, "one_off": one.pk}
        lines.append(
            PaymentLine(
                cycle=cycle,
                enrolment_id=one.enrolment_id,
                person_id=one.person_id,
                province_code=cycle.province_code,
                commune_id=one.commune_id,
                regime=one.enrolment.regime,
                kind=LineKind.FUNERAL,
                for_month=month,
                attempt=0,
                reference=line_reference(one.enrolment_id, month, LineKind.FUNERAL, 0),
                amount=one.amount,
                channel=PaymentChannel.CASH,
                cash_reason=FUNERAL_CASH,
                payee_name=(one.payee_name or one.person.full_name)[:120],
                snapshot=snapshot,
            )
        )
    created = PaymentLine.objects.bulk_create([x for x in lines if x.amount > 0], ignore_conflicts=True)
    return len(created)


def _reissue_lines(cycle: PaymentCycle) -> int:
    """Lines returned by the bank in earlier cycles of the province: a new attempt in this cycle, to the
    account (or channel) on file now; the returned line becomes `reissued`.

    The returned lines are locked (in id order, after the cycle: the order every writer of lines takes)
    before they are read, so an officer switching one of them to cash meanwhile either finishes first
    — the line is no longer returned and is left alone — or waits and then finds it re-issued. The
    constraint `payments_line_one_live` makes a second live payment impossible whatever happens."""
    returned = list(
        PaymentLine.objects.select_for_update(of=("self",))
        .filter(province_code=cycle.province_code, status=LineStatus.RETURNED, cycle__month__lt=cycle.month)
        .order_by("id")
    )
    if not returned:
        return 0
    current = _current_channels([x.enrolment_id for x in returned])
    fresh = []
    for old in returned:
        channel, reason, code, number, name = current.get(old.enrolment_id, _cash_fallback(old))
        snapshot = {**old.snapshot, "reissue_of": old.reference, "return_reason": old.return_reason}
        attempt = old.attempt + 1
        fresh.append(
            PaymentLine(
                cycle=cycle,
                enrolment_id=old.enrolment_id,
                person_id=old.person_id,
                province_code=old.province_code,
                commune_id=old.commune_id,
                regime=old.regime,
                kind=old.kind,
                for_month=old.for_month,
                attempt=attempt,
                reference=line_reference(old.enrolment_id, old.for_month, old.kind, attempt),
                amount=old.amount,
                channel=channel,
                cash_reason=reason,
                payee_name=name or old.payee_name,
                bank_code=code,
                account=number,
                basis_id=old.basis_id,
                snapshot=snapshot,
                reissue_of=old,
            )
        )
    PaymentLine.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=2000)
    # Only a line whose re-issue was written becomes `reissued`: one the constraint turned away (its
    # payment is live elsewhere) stays returned, for an officer to look at.
    ids = [x.pk for x in returned]
    reissued = Exists(PaymentLine.objects.filter(reissue_of=OuterRef("pk")))
    done = 0
    for batch in _batches(ids, _IN_BATCH):
        done += (
            PaymentLine.objects.filter(pk__in=batch, status=LineStatus.RETURNED)
            .filter(reissued)
            .update(status=LineStatus.REISSUED)
        )
    return done


def _cash_fallback(line: PaymentLine) -> tuple[str, str, str, str, str]:
    return str(PaymentChannel.CASH), NO_ACCOUNT, "", "", line.payee_name


def _current_channels(enrolment_ids: list[int]) -> dict[int, tuple[str, str, str, str, str]]:
    out = {}
    for batch in _batches(enrolment_ids, _IN_BATCH):
        rows = Enrolment.objects.filter(pk__in=batch).values_list(
            "id",
            "channel",
            "cash_reason",
            "wallet_provider",
            "wallet_account",
            "person__full_name",
            "person__bank_code",
            "person__bank_account",
        )
        for eid, channel, reason, wallet, wallet_account, name, bank, account in rows:
            found = payment_channel(
                channel=channel,
                cash_reason=reason,
                wallet_provider=wallet,
                wallet_account=wallet_account,
                bank_code=bank,
                bank_account=account,
            )
            out[eid] = (*found, name)
    return out


# --- writing --------------------------------------------------------------------------------------


def basis_content(result: Any, fjson: str) -> dict[str, Any]:
    """The frozen explanation of one amount (what `PaymentBasis.content` holds)."""
    return {
        "clause": result.clause,
        "facts": json.loads(fjson),
        "amount": result.monthly_amount,
        "lines": [line.as_dict() for line in result.lines],
        "notes": [str(n) for n in result.notes],
        "citations": list(result.citations),
        "provisional": bool(result.provisional),
    }


def _basis_id(regime: str, result: Any, fjson: str) -> int:
    """The id of the basis with this content, stored the first time it is met (by any run)."""
    content = basis_content(result, fjson)
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(f"{regime}|{text}".encode()).hexdigest()
    found = PaymentBasis.objects.filter(digest=digest).values_list("id", flat=True).first()
    if found is None:
        row = PaymentBasis(
            digest=digest, regime=regime, clause=result.clause, amount=result.monthly_amount, content=content
        )
        PaymentBasis.objects.bulk_create([row], ignore_conflicts=True)  # a concurrent run may have won
        found = PaymentBasis.objects.values_list("id", flat=True).get(digest=digest)
    return found


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _batches(items: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _writer_for(vendor: str) -> Callable[[list[tuple[Any, ...]]], int]:
    return _copy_insert if vendor == "postgresql" else _executemany_insert


_TABLE = PaymentLine._meta.db_table
_COLUMNS_SQL = ", ".join(_INSERT_COLUMNS)


def _executemany_insert(lines: list[tuple[Any, ...]]) -> int:
    """SQLite: one prepared INSERT … ON CONFLICT DO NOTHING run over all rows by the driver (dates as
    ISO text, as Django itself stores them)."""
    placeholders = ", ".join(["?"] * len(_INSERT_COLUMNS))
    sql = f"INSERT INTO {_TABLE} ({_COLUMNS_SQL}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"  # noqa: S608
    connection.ensure_connection()
    raw = connection.connection  # the sqlite3 connection: no per-statement placeholder rewriting
    before = raw.total_changes
    raw.executemany(sql, lines)
    return raw.total_changes - before


def _changes(cursor: Any) -> int:
    cursor.execute("SELECT total_changes()")
    return cursor.fetchone()[0]


_STAGE = "payments_line_stage"


def _copy_insert(lines: list[tuple[Any, ...]]) -> int:
    """PostgreSQL: COPY straight into the table — the chunk's owed months were computed under the cycle's
    lock, so a clash is rare (the same enrolment in two cycles generated at once). On a clash the
    savepoint rolls back and the chunk goes through a temporary table and INSERT … ON CONFLICT DO
    NOTHING instead: the unique constraint still decides, at close to COPY speed either way."""
    from psycopg import errors as pg_errors

    columns = _COLUMNS_SQL
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {_TABLE} ({columns}) FROM STDIN") as copy:
                for row in lines:
                    copy.write_row(row)
            return len(lines)
    except (IntegrityError, pg_errors.UniqueViolation):  # the raw cursor raises psycopg's own error
        pass
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} AS SELECT {columns} FROM {_TABLE} WITH NO DATA"  # noqa: S608
        )
        with cursor.cursor.copy(f"COPY {_STAGE} ({columns}) FROM STDIN") as copy:
            for row in lines:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {_TABLE} ({columns}) SELECT {columns} FROM {_STAGE} ON CONFLICT DO NOTHING"  # noqa: S608
        )
        inserted = cursor.rowcount
        cursor.execute(f"DELETE FROM {_STAGE}")  # noqa: S608
    return inserted
