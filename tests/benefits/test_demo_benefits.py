"""Demo enrolments (`benefits.demo.enrol_persons`, `ansinh demo-benefits`): realistic, deterministic,
within the law's constraints, and never enrolling anyone twice."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from ansinh.benefits.demo import enrol_persons
from ansinh.benefits.entitlement import EntitlementCache, facts_json
from ansinh.benefits.law import current_params
from ansinh.benefits.models import Decision, Enrolment, EnrolmentFacts, Suspension
from ansinh.core import reference
from ansinh.registry.demo import demo_data_load
from ansinh.registry.models import Person

START = dt.date(2025, 7, 1)


@pytest.fixture
def registry(units):
    demo_data_load(province_code="11", persons=1500, seed=7)


def _snapshot() -> list[tuple]:
    rows = Enrolment.objects.order_by("person_id").values_list(
        "person_id", "regime", "clause", "facts", "status", "channel", "cash_reason", "wallet_provider"
    )
    return [(*row[:3], facts_json(row[3]), *row[4:]) for row in rows]


def test_enrols_a_realistic_mix_within_the_law(registry):
    count = enrol_persons(province_code="11", share=0.3, seed=1, start_month=START)
    enrolments = Enrolment.objects.select_related("person", "decision")
    assert count == enrolments.count() > 300
    regimes = Counter(enrolments.values_list("regime", flat=True))
    clauses = Counter(enrolments.filter(regime="social_assistance").values_list("clause", flat=True))
    assert regimes["social_pension"] > 0 and regimes["social_assistance"] > regimes["social_pension"]
    assert {"1", "5c", "6", "7"} <= set(clauses)
    cache = EntitlementCache(current_params())
    for e in enrolments:
        birth = e.person.birth_date or dt.date(e.person.birth_year, 1, 1)
        result = cache.month_result(e.regime, facts_json(e.facts), birth, START, e.province_code)
        assert result.eligible, (e.facts, birth)
        assert e.clause == result.clause
        assert e.start_month == e.facts_from == START
        assert e.decision.kind == "enrol" and e.decision.enrolment_id == e.pk and e.decision.facts == e.facts
        assert e.decision.commune_id == e.commune_id and re.fullmatch(r"\d+/QĐ-UBND", e.decision.number)


def test_nobody_holds_two_live_enrolments_or_both_regimes(registry):
    enrol_persons(province_code="11", share=0.5, seed=2, start_month=START)
    per_person = Enrolment.objects.values("person_id").annotate(n=Count("id")).filter(n__gt=1)
    assert not per_person.exists()
    numbers = Decision.objects.values("commune_id", "number").annotate(n=Count("id")).filter(n__gt=1)
    assert not numbers.exists()


def test_history_channel_and_status_rows(registry):
    enrol_persons(province_code="11", share=0.5, seed=3, start_month=START)
    enrolments = list(Enrolment.objects.select_related("person"))
    facts = {f.enrolment_id: f for f in EnrolmentFacts.objects.all()}
    banks = {b.code for b in reference.banks()}
    channels = Counter(e.channel for e in enrolments)
    assert channels["bank"] > len(enrolments) / 2  # non-cash first
    for e in enrolments:
        assert facts[e.pk].facts == e.facts and facts[e.pk].clause == e.clause
        assert facts[e.pk].from_month == START and facts[e.pk].decision_id == e.decision_id
        if e.channel == "bank":
            assert e.person.bank_code in banks and e.person.bank_account.isdigit()
        elif e.channel == "ewallet":
            assert e.wallet_provider and re.fullmatch(r"0\d{9}", e.wallet_account)
        else:
            assert e.cash_reason
        if e.status == "stopped":
            assert e.person.death_date and e.end_month == e.person.death_date.replace(day=1)
            assert e.end_decision.kind == "stop"
    suspended = [e for e in enrolments if e.status == "suspended"]
    assert Suspension.objects.count() == len(suspended)
    assert all(e.person.status == "alive" or e.status == "stopped" for e in enrolments)


def test_deterministic_for_a_seed_and_a_second_run_adds_nobody(registry):
    with transaction.atomic():
        enrol_persons(province_code="11", share=0.3, seed=5, start_month=START)
        first = _snapshot()
        accounts = sorted(Person.objects.exclude(bank_code="").values_list("id", "bank_code", "bank_account"))
        transaction.set_rollback(True)
    assert not Enrolment.objects.exists()
    enrol_persons(province_code="11", share=0.3, seed=5, start_month=START)
    assert _snapshot() == first
    assert (
        sorted(Person.objects.exclude(bank_code="").values_list("id", "bank_code", "bank_account"))
        == accounts
    )
    assert enrol_persons(province_code="11", share=0.3, seed=5, start_month=START) == 0
    other = enrol_persons(province_code="11", share=0.6, seed=6, start_month=START)
    assert other > 0 and len(_snapshot()) == len(first) + other  # new persons only


def test_limit_and_other_provinces_untouched(registry, ha_noi_commune, make_person, other_province_officer):
    outsider = make_person(
        actor=other_province_officer, commune_id=ha_noi_commune.pk, birth_date="1930-01-01"
    )
    assert enrol_persons(province_code="11", limit=40, seed=1, start_month=START) == 40
    assert Enrolment.objects.count() == 40
    assert not Enrolment.objects.filter(person=outsider).exists()
    assert enrol_persons(province_code="79", share=0.2) == 0  # no persons there


def test_command_enrols_once_then_does_nothing(registry):
    out = StringIO()
    call_command("demo-benefits", province="11", share=0.2, stdout=out)
    count = Enrolment.objects.count()
    assert count > 0 and f"{count:,}" in out.getvalue()
    out = StringIO()
    call_command("demo-benefits", province="11", share=0.2, stdout=out)
    assert "nothing done" in out.getvalue() and Enrolment.objects.count() == count


def test_command_refuses_bad_arguments(registry):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("demo-benefits", province="11", share=1.5)
    assert exc.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("demo-benefits", province="11", start="07-2025")


def test_a_household_the_commune_decided_on_keeps_its_status(registry):
    """Households with a recorded poverty status (demo-poverty runs first) are enrolled with that status
    as their household fact, never with a drawn one."""
    from ansinh.poverty.models import PovertyStatus
    from ansinh.registry.models import Household

    decided = list(Household.objects.order_by("pk")[:150])  # the others stay a large sample
    for household in decided:
        PovertyStatus.objects.create(
            household=household, status="middle", transition="none", valid_from=dt.date(2025, 1, 10),
            decision_number="1/QĐ-UBND", decision_date=dt.date(2025, 1, 10), commune_id=household.commune_id,
            province_code=household.province_code,
        )  # fmt: skip
    assert enrol_persons(province_code="11", share=0.6, seed=3, start_month=START) > 0
    members = Enrolment.objects.filter(
        person__memberships__household__in=decided, person__memberships__left_on=None
    )
    households = Counter(e.facts["household"] for e in members)
    assert households and set(households) == {"none"}
    others = Enrolment.objects.exclude(pk__in=members.values("pk"))
    drawn = {e.facts["household"] for e in others}
    assert "none" in drawn and drawn & {"poor", "near_poor"}  # the others still drawn
