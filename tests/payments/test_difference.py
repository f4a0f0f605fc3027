"""Difference arrears (truy lĩnh chênh lệch): months already paid at an amount lower than is now due.

The case the law produced in 2026: the 540.000 đ standard applies from 1/7/2026 but was decided later, so
July was paid at 500.000 đ × 1,5 = 750.000 đ and is owed 540.000 đ × 1,5 = 810.000 đ.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ansinh.benefits import law
from ansinh.benefits.models import EnrolmentFacts, LegalParameter
from ansinh.payments import bankfiles, services
from ansinh.payments.models import LineKind
from ansinh.payments.references import is_valid, line_reference, parse
from tests.payments.conftest import lines_of

pytestmark = pytest.mark.django_db

JULY, AUGUST, SEPTEMBER = dt.date(2026, 7, 1), dt.date(2026, 8, 1), dt.date(2026, 9, 1)
OLD, NEW = 750_000, 810_000  # 500.000 / 540.000 đ × 1,5 (Decree 20/2021 Art. 6, clause 5a under 80)


@pytest.fixture
def standard_not_yet_decided():
    """The law as it stood in July 2026: 500.000 đ with no end date, the 540.000 đ row not recorded.
    Returns a function that records the new level, as the sync of a new data file would."""
    new = LegalParameter.objects.get(key="sa.standard", province_code="", valid_from=JULY)
    kept = {f: getattr(new, f) for f in ("value", "citation", "confidence", "note")}
    new.delete()
    LegalParameter.objects.filter(key="sa.standard", province_code="", valid_to=dt.date(2026, 6, 30)).update(
        valid_to=None
    )
    law.clear_cache()

    def decide():
        LegalParameter.objects.filter(key="sa.standard", province_code="", valid_to=None).update(
            valid_to=dt.date(2026, 6, 30), recorded_at=timezone.now()
        )
        LegalParameter.objects.create(key="sa.standard", province_code="", valid_from=JULY, **kept)
        law.clear_cache()

    yield decide
    law.clear_cache()


def kinds(cycle):
    return [(x.kind, x.for_month, x.amount, x.attempt) for x in lines_of(cycle)]


def test_a_rate_decided_after_the_month_was_paid_pays_the_difference(
    enrol, generated, standard_not_yet_decided
):
    enrolment = enrol(start_month=JULY)
    july = generated(JULY)
    assert kinds(july) == [("monthly", JULY, OLD, 0)]

    standard_not_yet_decided()
    august = generated(AUGUST)
    assert kinds(august) == [("difference", JULY, NEW - OLD, 0), ("monthly", AUGUST, NEW, 0)]
    diff = next(x for x in lines_of(august) if x.kind == LineKind.DIFFERENCE)
    assert diff.reference == line_reference(enrolment.pk, JULY, "difference", 0) and is_valid(diff.reference)
    assert parse(diff.reference).kind == "difference"
    assert diff.snapshot == {"paid_before": OLD, "due": NEW}
    assert diff.frozen_snapshot()["lines"][0]["amount"] == NEW
    assert (august.line_count, august.total_amount) == (2, NEW + NEW - OLD)

    # Generating again, or the next month, pays the difference no second time.
    services.cycle_generate(cycle=august)
    assert len(lines_of(august)) == 2
    assert kinds(generated(SEPTEMBER)) == [("monthly", SEPTEMBER, NEW, 0)]


def test_without_a_change_since_payment_no_month_is_read_again(enrol, generated, monkeypatch):
    from ansinh.payments import generation

    enrol(start_month=JULY)
    generated(JULY)
    reads = []
    real = generation._select
    monkeypatch.setattr(generation, "_select", lambda name, *a: reads.append(name) or real(name, *a))
    august = generated(AUGUST)
    assert kinds(august) == [("monthly", AUGUST, NEW, 0)]
    assert "paid" not in reads and "existing" in reads


def test_facts_changed_from_an_earlier_month_pay_the_difference(enrol, generated):
    severe = {"clauses": ["6"], "disability": "severe", "household": "none", "children": 0, "studying": False}
    worse = {**severe, "disability": "especially_severe"}
    enrolment = enrol(facts=severe, start_month=JULY, birth_date="1990-01-01")
    generated(JULY)
    generated(AUGUST)
    # Reassessed in September: especially severe from July (× 2,0 instead of × 1,5 of 540.000 đ).
    EnrolmentFacts.objects.create(enrolment=enrolment, from_month=JULY, clause="6", facts=worse)
    enrolment.facts, enrolment.facts_from = worse, JULY
    enrolment.save()
    september = generated(SEPTEMBER)
    assert kinds(september) == [
        ("difference", JULY, 270_000, 0),
        ("difference", AUGUST, 270_000, 0),
        ("monthly", SEPTEMBER, 1_080_000, 0),
    ]


def test_a_lower_amount_is_listed_for_a_recovery_decision_not_paid_negative(enrol, generated):
    worse = {"clauses": ["6"], "disability": "especially_severe", "household": "none", "children": 0}
    severe = {**worse, "disability": "severe"}  # reassessed from July: × 1,5 instead of × 2,0
    enrolment = enrol(facts={**worse, "studying": False}, start_month=JULY, birth_date="1990-01-01")
    generated(JULY)
    EnrolmentFacts.objects.create(enrolment=enrolment, from_month=JULY, clause="6", facts=severe)
    enrolment.facts, enrolment.facts_from = severe, JULY
    enrolment.save()
    august = generated(AUGUST)
    assert kinds(august) == [("monthly", AUGUST, 810_000, 0)]
    [problem] = august.problems
    assert problem["enrolment"] == enrolment.pk and problem["code"] == "line.overpaid"
    assert "1.080.000" in problem["message"] and "810.000" in problem["message"]


def test_a_second_change_for_the_same_month_is_a_second_difference(
    enrol, generated, standard_not_yet_decided
):
    enrol(start_month=JULY)
    generated(JULY)
    standard_not_yet_decided()
    generated(AUGUST)
    # A province then records its own higher level from July (People's Council resolution).
    LegalParameter.objects.create(
        key="sa.standard",
        province_code="11",
        valid_from=JULY,
        value=600_000,
        citation="Nghị quyết HĐND tỉnh (thử nghiệm)",
        confidence="confirmed",
    )
    law.clear_cache()
    september = generated(SEPTEMBER)
    assert kinds(september) == [
        ("difference", JULY, 900_000 - NEW, 10),
        ("difference", AUGUST, 900_000 - NEW, 0),
        ("monthly", SEPTEMBER, 900_000, 0),
    ]


def test_a_returned_payment_is_counted_once(enrol, generated, standard_not_yet_decided):
    from ansinh.payments.models import LineStatus, PaymentLine

    enrolment = enrol(start_month=JULY)
    july = generated(JULY)
    # The bank returned July's transfer; August re-issues it (attempt 1) and pays the difference once.
    PaymentLine.objects.filter(cycle=july).update(status=LineStatus.RETURNED, return_reason="closed account")
    standard_not_yet_decided()
    august = generated(AUGUST)
    got = sorted((x.kind, x.for_month, x.amount, x.attempt) for x in lines_of(august))
    assert got == [
        ("difference", JULY, NEW - OLD, 0),
        ("monthly", JULY, OLD, 1),
        ("monthly", AUGUST, NEW, 0),
    ]
    assert PaymentLine.objects.filter(enrolment=enrolment, for_month=JULY, kind="monthly").count() == 2
    assert kinds(generated(SEPTEMBER)) == [("monthly", SEPTEMBER, NEW, 0)]


def test_bank_description_says_difference():
    text = bankfiles.description(
        regime="social_assistance", kind="difference", for_month=JULY, cycle_month=AUGUST
    )
    assert text == "TCXH 07/2026 truy linh chenh lech"
