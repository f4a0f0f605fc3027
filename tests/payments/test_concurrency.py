"""Two generation runs of the same cycle at once create no duplicate line and lose none."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from ansinh.payments import services
from ansinh.payments.models import CycleStatus, PaymentCycle, PaymentLine
from tests.payments.conftest import MONTH


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
    assert errors == []
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
