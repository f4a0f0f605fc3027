"""Cycle generation: amounts and snapshot, arrears, idempotency, resuming after a crash, suspensions,
death and funeral support, channels. Amounts are those of Decree 76/2024 (500.000 đ standard) and
Decree 176/2025 (500.000 đ social pension), months 07/2025–06/2026."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.payments import generation, services
from ansinh.payments.models import NO_ACCOUNT, CycleStatus, LineKind, PaymentLine
from ansinh.payments.references import is_valid, line_reference
from tests.payments.conftest import MONTH, SA_2025, SP_2025, lines_of

pytestmark = pytest.mark.django_db


def months(*items):
    return [dt.date(y, m, 1) for y, m in items]


def test_one_line_per_owed_month_with_amount_reference_and_snapshot(enrol, generated):
    enrolment = enrol(start_month=MONTH)
    cycle = generated()
    [line] = lines_of(cycle)
    assert (line.for_month, line.amount, line.kind, line.attempt) == (MONTH, SA_2025, "monthly", 0)
    assert line.reference == line_reference(enrolment.pk, MONTH, "monthly", 0) and is_valid(line.reference)
    assert (line.channel, line.bank_code, line.account) == ("bank", "VCB", enrolment.person.bank_account)
    assert line.payee_name == enrolment.person.full_name
    snap = line.frozen_snapshot()
    assert snap["clause"] == "5a" and snap["facts"]["household"] == "poor"
    assert snap["lines"][0]["amount"] == SA_2025 and "20/2021" in snap["lines"][0]["basis"]
    assert any("76/2024" in c for c in snap["citations"])
    assert (snap["channel"], snap["account"]) == ("bank", enrolment.person.bank_account)
    assert (cycle.status, cycle.line_count, cycle.total_amount) == (CycleStatus.GENERATED, 1, SA_2025)


def test_snapshot_is_frozen_when_facts_change_later(enrol, generated):
    enrolment = enrol(start_month=MONTH)
    cycle = generated()
    enrolment.facts = {**enrolment.facts, "household": "none"}
    enrolment.save()
    enrolment.person.bank_account = "999999999"
    enrolment.person.save()
    [line] = lines_of(cycle)
    assert line.frozen_snapshot()["facts"]["household"] == "poor"
    assert line.account != "999999999"


def test_social_pension_amount(enrol, generated):
    enrol(regime="social_pension", birth_date="1945-05-05", start_month=MONTH)
    [line] = lines_of(generated())
    assert (line.regime, line.amount) == ("social_pension", SP_2025)


def test_late_decision_is_paid_as_arrears_in_the_next_cycle(enrol, generated):
    enrol(start_month=MONTH)
    generated()  # October 2025: one line
    late = enrol(start_month=dt.date(2025, 8, 1))  # decided after October's cycle, effective August
    november = generated(dt.date(2025, 11, 1))
    paid = [(x.enrolment_id, x.for_month) for x in lines_of(november)]
    assert [m for e, m in paid if e == late.pk] == months((2025, 8), (2025, 9), (2025, 10), (2025, 11))
    assert len(paid) == 5  # the first enrolment only gets November


def test_arrears_reach_back_at_most_the_lookback(enrol, generated):
    enrol(start_month=dt.date(2021, 7, 1))
    cycle = generated()
    owed = [x.for_month for x in lines_of(cycle)]
    assert owed[0] == dt.date(2023, 10, 1) and owed[-1] == MONTH
    assert len(owed) == generation.ARREARS_LOOKBACK_MONTHS + 1


def test_running_twice_creates_nothing_new(enrol, generated):
    for _ in range(3):
        enrol(start_month=dt.date(2025, 8, 1))
    cycle = generated()
    before = [(x.pk, x.reference) for x in lines_of(cycle)]
    report = services.cycle_generate(cycle=cycle)
    assert report.lines_inserted == 0
    assert [(x.pk, x.reference) for x in lines_of(cycle)] == before
    assert PaymentLine.objects.count() == 9


def test_crash_between_chunks_resumes_without_duplicate_or_loss(enrol, new_cycle, province_officer):
    for _ in range(5):
        enrol(start_month=MONTH)
    cycle = new_cycle()
    report = services.cycle_generate(cycle=cycle, chunk_size=2, stop_after_chunks=1)
    cycle.refresh_from_db()
    assert (report.finished, cycle.status, cycle.lines.count()) == (False, CycleStatus.GENERATING, 2)
    assert cycle.cursor == sorted(cycle.lines.values_list("enrolment_id", flat=True))[-1]
    services.cycle_generate(cycle=cycle, chunk_size=2)
    cycle.refresh_from_db()
    assert (cycle.status, cycle.line_count) == (CycleStatus.GENERATED, 5)
    assert len(set(cycle.lines.values_list("enrolment_id", flat=True))) == 5


def test_exception_in_a_chunk_rolls_back_only_that_chunk(enrol, new_cycle, monkeypatch):
    from django.db import connection

    for _ in range(4):
        enrol(start_month=MONTH)
    cycle = new_cycle()
    real = generation._writer_for(connection.vendor)
    calls = []

    def flaky(lines):
        calls.append(len(lines))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(lines)

    monkeypatch.setattr(generation, "_writer_for", lambda vendor: flaky)
    with pytest.raises(RuntimeError):
        services.cycle_generate(cycle=cycle, chunk_size=2)
    cycle.refresh_from_db()
    assert cycle.lines.count() == 2 and cycle.status == CycleStatus.GENERATING
    monkeypatch.undo()
    services.cycle_generate(cycle=cycle, chunk_size=2)
    cycle.refresh_from_db()
    assert (cycle.line_count, cycle.status) == (4, CycleStatus.GENERATED)


def test_suspended_months_are_skipped(enrol, generated):
    from ansinh.benefits.models import Suspension

    enrolment = enrol(start_month=dt.date(2025, 7, 1))
    Suspension.objects.create(
        enrolment=enrolment,
        from_month=dt.date(2025, 8, 1),
        to_month=dt.date(2025, 9, 1),
        reason="Đi khỏi nơi cư trú",
    )
    owed = [x.for_month for x in lines_of(generated())]
    assert owed == months((2025, 7), (2025, 10))


def test_open_suspension_stops_payment(enrol, generated):
    from ansinh.benefits.models import Suspension

    enrolment = enrol(start_month=dt.date(2025, 9, 1), status="suspended")
    Suspension.objects.create(enrolment=enrolment, from_month=MONTH, reason="Chưa rõ nơi ở")
    assert [x.for_month for x in lines_of(generated())] == months((2025, 9))


def test_death_stops_after_the_month_of_death_and_pays_funeral_support(enrol, generated, make_person):
    from ansinh.benefits.models import OneOffEntitlement

    person = make_person(birth_date="1950-03-10", bank_code="VCB", bank_account="0011223344")
    enrolment = enrol(
        person=person, start_month=dt.date(2025, 7, 1), end_month=dt.date(2025, 9, 1), status="stopped"
    )
    type(person).objects.filter(pk=person.pk).update(status="deceased", death_date=dt.date(2025, 9, 20))
    OneOffEntitlement.objects.create(
        enrolment=enrolment,
        person=person,
        kind="funeral",
        amount=10_000_000,
        due_month=MONTH,
        payee_name="Lò Văn Pấng",
        lines=[{"label": "Mai táng", "amount": 10_000_000, "basis": "Điều 11"}],
        commune=enrolment.commune,
        province_code="11",
    )
    lines = lines_of(generated())
    monthly = [x.for_month for x in lines if x.kind == LineKind.MONTHLY]
    assert monthly == months((2025, 7), (2025, 8), (2025, 9))
    [funeral] = [x for x in lines if x.kind == LineKind.FUNERAL]
    assert (funeral.amount, funeral.payee_name, funeral.channel) == (10_000_000, "Lò Văn Pấng", "cash")
    assert funeral.frozen_snapshot()["lines"][0]["basis"] == "Điều 11"


def test_death_date_caps_payment_even_without_an_end_month(enrol, generated, make_person):
    person = make_person(birth_date="1950-03-10", bank_code="VCB", bank_account="0011223355")
    enrol(person=person, start_month=dt.date(2025, 7, 1))
    type(person).objects.filter(pk=person.pk).update(status="deceased", death_date=dt.date(2025, 8, 2))
    assert [x.for_month for x in lines_of(generated())] == months((2025, 7), (2025, 8))


def test_channels_ewallet_cash_and_no_account(enrol, generated):
    wallet = enrol(
        start_month=MONTH, channel="ewallet", wallet_provider="VNPTMONEY", wallet_account="0912345678"
    )
    cash = enrol(start_month=MONTH, channel="cash", cash_reason="Người cao tuổi không đi lại được")
    no_account = enrol(start_month=MONTH, account=False)
    by = {x.enrolment_id: x for x in lines_of(generated())}
    assert (by[wallet.pk].channel, by[wallet.pk].bank_code, by[wallet.pk].account) == (
        "ewallet",
        "VNPTMONEY",
        "0912345678",
    )
    assert (by[cash.pk].channel, by[cash.pk].cash_reason) == ("cash", "Người cao tuổi không đi lại được")
    assert (by[no_account.pk].channel, by[no_account.pk].cash_reason) == ("cash", NO_ACCOUNT)


def test_not_eligible_month_creates_no_line_and_bad_facts_are_listed(enrol, generated):
    enrol(regime="social_pension", birth_date="1970-01-01", start_month=MONTH)  # 55: not eligible
    bad = enrol(start_month=MONTH, facts={"clauses": ["99"], "household": "poor"})
    cycle = generated()
    assert cycle.line_count == 0
    assert cycle.problem_count == 1 and cycle.problems[0]["enrolment"] == bad.pk


def test_older_facts_apply_to_arrears_months(enrol, generated):
    from ansinh.benefits.models import EnrolmentFacts

    severe = {"clauses": ["6"], "disability": "severe", "household": "none", "children": 0, "studying": False}
    worse = {**severe, "disability": "especially_severe"}
    enrolment = enrol(facts=worse, start_month=dt.date(2025, 8, 1), facts_from=MONTH, birth_date="1990-01-01")
    EnrolmentFacts.objects.create(
        enrolment=enrolment, from_month=dt.date(2025, 8, 1), clause="6", facts=severe
    )
    EnrolmentFacts.objects.create(enrolment=enrolment, from_month=MONTH, clause="6", facts=worse)
    amounts = [(x.for_month.month, x.amount) for x in lines_of(generated())]
    # Adult, severe × 1,5 = 750.000 đ; especially severe × 2,0 = 1.000.000 đ (Decree 20/2021 Art. 6).
    assert amounts == [(8, 750_000), (9, 750_000), (10, 1_000_000)]


def test_other_provinces_and_future_starts_are_left_out(
    enrol, generated, make_person, ha_noi_commune, other_province_officer
):
    person = make_person(
        actor=other_province_officer, commune_id=ha_noi_commune.pk, bank_code="VCB", bank_account="0099887766"
    )
    enrol(person=person, start_month=MONTH)
    enrol(start_month=dt.date(2025, 12, 1))
    assert generated().line_count == 0


def test_submitted_cycle_cannot_be_generated_again(enrol, generated, province_officer):
    from ansinh.core.errors import Conflict

    enrol(start_month=MONTH)
    cycle = services.cycle_submit(actor=province_officer, cycle=generated())
    with pytest.raises(Conflict):
        services.cycle_generate(cycle=cycle)


def test_suspended_status_without_a_suspension_on_record_is_not_paid_this_month(enrol, generated):
    enrol(start_month=dt.date(2025, 9, 1), status="suspended")
    assert [x.for_month for x in lines_of(generated())] == months((2025, 9))
