"""Generation runs of the same cycle at once, and generation racing the officers and the bank's result:
no duplicate line, none lost, never two live payments for the same month (PostgreSQL, threads)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections, transaction

from ansinh.core.errors import Conflict
from ansinh.payments import generation, services
from ansinh.payments.models import DEAD_STATUSES, CycleStatus, LineStatus, PaymentCycle, PaymentLine
from tests.payments.conftest import MONTH
from tests.payments.test_workflow import _returned_line, result_csv

NOVEMBER, DECEMBER = dt.date(2025, 11, 1), dt.date(2025, 12, 1)


def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks and concurrent writers: PostgreSQL (SQLite has one writer at a time)")


def in_thread(fn, errors: list) -> threading.Thread:
    def run():
        try:
            fn()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def live_for(line: PaymentLine):
    return PaymentLine.objects.filter(
        enrolment_id=line.enrolment_id, for_month=line.for_month, kind=line.kind
    ).exclude(status__in=DEAD_STATUSES)


def _expected(cycle: PaymentCycle) -> int:
    # Each enrolment starts in August: August, September and October are owed.
    return 3 * cycle_enrolments()


def cycle_enrolments() -> int:
    from ansinh.benefits.models import Enrolment

    return Enrolment.objects.count()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_create_no_duplicate(enrol, new_cycle):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time: see test_interleaved_runs_create_no_duplicate")
    for _ in range(8):
        enrol(start_month=dt.date(2025, 8, 1))
    cycle = new_cycle(MONTH)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            services.cycle_generate(cycle=PaymentCycle.objects.get(pk=cycle.pk), chunk_size=1)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    # The run that comes second either waits its turn or is told the cycle is being generated.
    assert all(getattr(e, "code", None) == "cycle.generation_running" for e in errors), errors
    assert len(errors) < 2
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.GENERATED
    keys = list(PaymentLine.objects.values_list("enrolment_id", "for_month", "kind", "attempt"))
    assert len(keys) == len(set(keys)) == _expected(cycle) == cycle.line_count


@pytest.mark.django_db
def test_interleaved_runs_create_no_duplicate(enrol, new_cycle):
    """Run A stops part-way (as if another process took over), run B finishes, A resumes: still once."""
    for _ in range(6):
        enrol(start_month=dt.date(2025, 8, 1))
    cycle = new_cycle(MONTH)
    services.cycle_generate(cycle=cycle, chunk_size=2, stop_after_chunks=1)
    services.cycle_generate(cycle=PaymentCycle.objects.get(pk=cycle.pk), chunk_size=4)
    services.cycle_generate(cycle=PaymentCycle.objects.get(pk=cycle.pk), chunk_size=2)
    cycle.refresh_from_db()
    keys = list(PaymentLine.objects.values_list("enrolment_id", "for_month", "kind", "attempt"))
    assert len(keys) == len(set(keys)) == _expected(cycle) == cycle.line_count


@pytest.mark.django_db
def test_unique_constraint_is_the_last_word(enrol, new_cycle):
    """Even lines computed without looking at what exists are written at most once."""
    from ansinh.payments import generation

    for _ in range(3):
        enrol(start_month=MONTH)
    cycle = new_cycle(MONTH)
    services.cycle_generate(cycle=cycle)
    engine = generation._Engine(PaymentCycle.objects.get(pk=cycle.pk), 100)
    rows = engine.fetch(0)
    again = [line for row in rows for line in engine.row_lines(row, [engine.month_i], None)]
    assert len(again) == 3
    writer = generation._writer_for(connection.vendor)
    from django.db import transaction

    with transaction.atomic():
        assert writer(again) == 0
    assert PaymentLine.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_stopped_and_resumed_outside_a_transaction(enrol, new_cycle):
    """The production path (on PostgreSQL: the pipelined writer thread) stops and resumes cleanly."""
    for _ in range(7):
        enrol(start_month=dt.date(2025, 8, 1))
    cycle = new_cycle(MONTH)
    first = services.cycle_generate(cycle=cycle, chunk_size=2, stop_after_chunks=2)
    cycle.refresh_from_db()
    assert not first.finished and cycle.status == CycleStatus.GENERATING
    assert PaymentLine.objects.count() == 3 * 4 and cycle.cursor > 0
    services.cycle_generate(cycle=PaymentCycle.objects.get(pk=cycle.pk), chunk_size=2)
    cycle.refresh_from_db()
    keys = list(PaymentLine.objects.values_list("enrolment_id", "for_month", "kind", "attempt"))
    assert len(keys) == len(set(keys)) == 21 == cycle.line_count


@pytest.mark.django_db(transaction=True)
def test_switch_to_cash_committing_during_a_reissue_pays_once(exported, province_officer, new_cycle):
    """The officer's switch holds the returned line while the next cycle is generated: the generation
    waits, then finds the line pending in cash and does not re-issue it."""
    postgres_only()
    line = _returned_line(exported, province_officer)
    november = new_cycle(NOVEMBER)
    switched, errors = threading.Event(), []

    def switch():
        try:
            with transaction.atomic():
                services.line_switch_to_cash(actor=province_officer, line=line, reason="Nhận tại xã")
                switched.set()
                time.sleep(1.5)  # the generation reaches the returned lines meanwhile
        finally:
            switched.set()

    thread = in_thread(switch, errors)
    assert switched.wait(30)
    services.cycle_generate(cycle=november)
    thread.join(60)
    assert errors == []
    assert list(live_for(line).values_list("pk", "channel")) == [(line.pk, "cash")]
    assert not november.lines.filter(reissue_of=line).exists()
    november.refresh_from_db()
    assert november.status == CycleStatus.GENERATED and november.line_count == november.lines.count()


@pytest.mark.django_db(transaction=True)
def test_switch_to_cash_arriving_during_a_reissue_waits_and_is_refused(
    exported, province_officer, new_cycle, monkeypatch
):
    """The generation holds the returned lines first: the switch waits for it, then finds the line
    re-issued and is refused; the re-issue is the one live payment."""
    postgres_only()
    line = _returned_line(exported, province_officer)
    november = new_cycle(NOVEMBER)
    locked = threading.Event()
    channels = generation._current_channels

    def slow_channels(ids):
        locked.set()  # the returned lines are locked by now
        time.sleep(1.5)
        return channels(ids)

    monkeypatch.setattr(generation, "_current_channels", slow_channels)
    errors: list = []
    thread = in_thread(lambda: services.cycle_generate(cycle=november), errors)
    assert locked.wait(60)
    with pytest.raises(Conflict) as refused:
        services.line_switch_to_cash(actor=province_officer, line=line, reason="Nhận tại xã")
    thread.join(60)
    assert errors == [] and refused.value.code == "line.not_switchable"
    reissue = november.lines.get(reissue_of=line)
    assert list(live_for(line)) == [reissue]
    line.refresh_from_db()
    assert line.status == LineStatus.REISSUED


@pytest.mark.django_db(transaction=True)
def test_generation_racing_the_bank_result_loses_and_doubles_nothing(exported, province_officer, new_cycle):
    """October's result (one line returned) is applied while November is generated. Whichever commits
    first, every October payment ends up paid, or re-issued once, or still returned for the next
    cycle — and after December nothing is left unpaid and nothing is live twice."""
    postgres_only()
    batch = exported.batch
    returned = batch.lines.order_by("id").first()
    file_bytes = result_csv(batch, returned=[returned.reference])
    november = new_cycle(NOVEMBER)
    barrier, errors = threading.Barrier(2), []

    def apply_result():
        barrier.wait()
        services.result_import(actor=province_officer, batch=batch, file_bytes=file_bytes, file_name="kq.csv")

    def generate():
        barrier.wait()
        services.cycle_generate(cycle=PaymentCycle.objects.get(pk=november.pk), chunk_size=1)

    threads = [in_thread(apply_result, errors), in_thread(generate, errors)]
    for thread in threads:
        thread.join(60)
    assert errors == []
    november.refresh_from_db()
    assert november.status == CycleStatus.GENERATED
    assert november.line_count == november.lines.count()
    returned.refresh_from_db()
    assert returned.status in (LineStatus.RETURNED, LineStatus.REISSUED)
    reissues = november.lines.filter(reissue_of=returned).count()
    assert reissues == (1 if returned.status == LineStatus.REISSUED else 0)
    assert live_for(returned).count() == reissues
    # The next cycle settles whatever November did not see.
    services.cycle_generate(cycle=new_cycle(DECEMBER))
    for line in PaymentLine.objects.filter(cycle=exported.batch.cycle):
        assert live_for(line).count() == 1, line.reference
    keys = list(PaymentLine.objects.values_list("enrolment_id", "for_month", "kind", "attempt"))
    assert len(keys) == len(set(keys))


@pytest.mark.django_db(transaction=True)
def test_three_concurrent_generations_one_runs_the_others_are_told(enrol, new_cycle):
    postgres_only()
    for _ in range(8):
        enrol(start_month=dt.date(2025, 8, 1))
    cycle = new_cycle(MONTH)
    barrier, errors = threading.Barrier(3), []
    started = threading.Event()
    progress = lambda *a, **k: (started.set(), time.sleep(0.05))  # noqa: E731  a run that takes a while

    def run():
        barrier.wait()
        services.cycle_generate(cycle=PaymentCycle.objects.get(pk=cycle.pk), chunk_size=1, progress=progress)

    threads = [in_thread(run, errors) for _ in range(3)]
    for thread in threads:
        thread.join(60)
    assert [type(e) for e in errors] == [Conflict, Conflict]
    assert {e.code for e in errors} == {"cycle.generation_running"}
    cycle.refresh_from_db()
    keys = list(PaymentLine.objects.values_list("enrolment_id", "for_month", "kind", "attempt"))
    assert cycle.status == CycleStatus.GENERATED
    assert len(keys) == len(set(keys)) == _expected(cycle) == cycle.line_count
