"""Enrolment by decision: what is created, and every refusal with its code."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ansinh.benefits import services
from ansinh.benefits.inputs import ChannelData, parse_enrolment
from ansinh.benefits.models import Decision, DecisionKind, Enrolment, EnrolmentFacts, EnrolmentStatus
from ansinh.core.errors import ApplicationError, Conflict, NotFound, PermissionDenied, ValidationFailed
from ansinh.core.models import AuditAction, AuditEvent
from tests.benefits.test_enrolment_helpers import (
    BANK,
    ELDERLY_POOR,
    JULY,
    PENSION,
    STANDARD,
    decision,
    decision_raw,
    enroller,
    make_elder,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(make_person):
    return make_elder(make_person)


@pytest.fixture
def enrol(province_officer):
    return enroller(province_officer)


def _codes(exc: ValidationFailed) -> dict[str, str]:
    return {e.field: e.code for e in exc.errors}


def test_enrol_records_decision_enrolment_and_facts(elder, enrol, province_officer):
    enrolment = enrol(elder, decision=decision(number="125/QĐ-UBND"))

    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert (enrolment.regime, enrolment.clause) == ("social_assistance", "5a")
    assert enrolment.start_month == enrolment.facts_from == JULY
    assert enrolment.end_month is None
    assert (enrolment.commune_id, enrolment.province_code) == (elder.commune_id, elder.province_code)
    signed = enrolment.decision
    assert (signed.kind, signed.number, signed.signer) == (DecisionKind.ENROL, "125/QĐ-UBND", "Lò Văn Minh")
    assert signed.enrolment_id == enrolment.pk and signed.effective_month == JULY
    assert signed.facts == ELDERLY_POOR
    facts = EnrolmentFacts.objects.get(enrolment=enrolment)
    assert (facts.from_month, facts.clause, facts.facts, facts.decision_id) == (
        JULY,
        "5a",
        ELDERLY_POOR,
        signed.pk,
    )
    actions = set(
        AuditEvent.objects.filter(actor=province_officer, action=AuditAction.CREATE).values_list(
            "object_type", flat=True
        )
    )
    assert {"benefits.enrolment", "benefits.decision"} <= actions


def test_double_enrolment_in_the_same_regime_is_refused(elder, enrol):
    enrol(elder)
    with pytest.raises(Conflict) as caught:
        enrol(elder, effective=dt.date(2026, 8, 1))
    assert caught.value.code == "enrolment.double"
    assert Enrolment.objects.filter(person=elder).count() == 1


def test_the_database_constraint_reads_as_the_same_refusal(elder, enrol, monkeypatch):
    enrol(elder)
    # Two officers at the same moment: the check passes for both, the unique constraint catches the second.
    monkeypatch.setattr(services, "_refuse_double", lambda *a, **k: None)
    with pytest.raises(Conflict) as caught:
        enrol(elder, effective=dt.date(2026, 8, 1))
    assert caught.value.code == "enrolment.double"


def test_a_new_enrolment_may_follow_a_stopped_one(elder, enrol, province_officer):
    first = enrol(elder)
    services.enrolment_stop(
        actor=province_officer,
        enrolment=first,
        decision=decision(effective=None),
        last_month=dt.date(2026, 8, 1),
        reason="Chuyển sang chế độ khác",
    )
    with pytest.raises(Conflict):
        enrol(elder, effective=dt.date(2026, 8, 1))  # August is still paid by the first
    second = enrol(
        elder,
        effective=dt.date(2026, 9, 1),
        decision=decision(effective=dt.date(2026, 9, 1), signed=dt.date(2026, 9, 2)),
    )
    assert second.start_month == dt.date(2026, 9, 1)


def test_social_pension_while_receiving_assistance_names_the_higher(make_person, enrol):
    person = make_person(birth_date="1950-02-01", **BANK)  # 76: 5a poor = 1,5 × standard > social pension
    enrol(person)
    with pytest.raises(Conflict) as caught:
        enrol(person, regime="social_pension", facts=PENSION)
    error = caught.value
    assert error.code == "enrolment.other_regime"
    assert error.params["higher"] == "social_assistance"
    text = str(error.message)
    assert f"{STANDARD * 3 // 2:,}".replace(",", ".") in text and f"{STANDARD:,}".replace(",", ".") in text


def test_assistance_while_receiving_the_social_pension_says_stop_the_pension_first(make_person, enrol):
    person = make_person(birth_date="1950-02-01", **BANK)
    enrol(person, regime="social_pension", facts=PENSION)
    with pytest.raises(Conflict) as caught:
        enrol(person)  # 5a, poor: 810.000 đ against 540.000 đ
    assert caught.value.code == "enrolment.other_regime"
    assert caught.value.params["higher"] == "social_assistance"


def test_a_deceased_person_is_not_enrolled(make_person, enrol):
    person = make_person(birth_date="1950-02-01", status="deceased", death_date="2026-06-01", **BANK)
    with pytest.raises(ApplicationError) as caught:
        enrol(person)
    assert caught.value.code == "person.deceased"


def test_facts_that_contradict_the_law_are_refused_on_their_field(elder, enrol):
    with pytest.raises(ApplicationError) as caught:
        enrol(elder, facts={**ELDERLY_POOR, "clauses": ["1"]})  # clause 1 is for children
    assert (caught.value.code, caught.value.field) == ("enrolment.facts_contradict", "clauses")


def test_not_eligible_in_the_effective_month_is_refused_with_the_reason(elder, enrol):
    with pytest.raises(ApplicationError) as caught:
        enrol(elder, facts={**ELDERLY_POOR, "household": "none"})  # 5a needs a poor household
    assert caught.value.code == "enrolment.not_eligible"
    assert "07/2026" in str(caught.value.message)


def test_a_decision_number_is_unique_in_its_commune(elder, make_person, enrol):
    enrol(elder, decision=decision(number="7/QĐ-UBND"))
    other = make_person(birth_date="1958-01-01", **BANK)
    with pytest.raises(ValidationFailed) as caught:
        enrol(other, decision=decision(number="7/QĐ-UBND"))
    assert _codes(caught.value) == {"number": "number.taken"}


def test_out_of_scope_person_reads_as_not_found_and_roles_without_the_capability_are_refused(
    elder, enrol, other_commune_officer, analyst, auditor, counsellor
):
    with pytest.raises(NotFound):
        enrol(elder, actor=other_commune_officer)
    for actor in (analyst, auditor, counsellor):
        with pytest.raises(PermissionDenied):
            enrol(elder, actor=actor)


# --- parsing the form ---------------------------------------------------------------------------------


def test_parse_reports_every_field_at_once(elder):
    raw = {
        "regime": "social_assistance",
        "number": "12/QĐ UBND!",
        "signed_on": "2099-01-01",
        "signer": "",
        "effective_month": "13/2026",
        "clauses": ["9"],
        "household": "rich",
        "children": "x",
        "channel": "cash",
    }
    with pytest.raises(ValidationFailed) as caught:
        parse_enrolment(raw, person=elder)
    assert _codes(caught.value) == {
        "number": "number.invalid",
        "signed_on": "signed_on.future",
        "signer": "signer.required",
        "effective_month": "field.bad_month",
        "clauses": "clauses.unknown",
        "household": "household.invalid",
        "children": "field.not_integer",
        "cash_reason": "cash_reason.required",
    }


def test_an_enrolment_decision_may_wait_for_its_number(elder, make_person, commune_officer):
    """Left empty, the number comes from the commune's register when the decision is first printed; the
    other decisions (suspend, stop, …) are recorded with their number."""
    from ansinh.benefits.inputs import decision_only

    raw = {
        "regime": "social_assistance",
        "number": "",
        "signed_on": "2025-09-05",
        "signer": "Lò Văn Minh",
        "effective_month": "10/2025",
        "clauses": ["5a"],
        "household": "poor",
        "children": "0",
        "channel": "cash",
        "cash_reason": "Chưa có tài khoản",
    }
    data = parse_enrolment(raw, person=elder)
    assert data.decision.number == ""
    blank = dataclasses.replace(decision(), number="")
    second = make_elder(make_person)
    for person in (elder, second):  # several decisions may wait for their number in one commune
        services.enrolment_create(
            actor=commune_officer,
            person=person,
            regime="social_assistance",
            decision=blank,
            facts=dict(ELDERLY_POOR),
            channel=ChannelData(),
        )
    assert list(Decision.objects.filter(commune=elder.commune).values_list("number", flat=True)) == ["", ""]
    with pytest.raises(ValidationFailed) as caught:
        decision_only({k: raw[k] for k in ("number", "signed_on", "signer", "effective_month")})
    assert _codes(caught.value) == {"number": "number.required"}


def test_parse_gives_typed_data(elder):
    data = parse_enrolment(
        decision_raw(
            regime="social_assistance",
            clauses=["5a", "4"],
            household="poor",
            children="2",
            studying="on",
            effective="07/2026",
            number="12/QĐ-UBND",
        ),
        person=elder,
    )
    assert data.decision.number == "12/QĐ-UBND" and data.decision.signed_on == dt.date(2026, 7, 10)
    assert data.decision.effective_month == JULY
    assert data.facts == {
        "clauses": ["4", "5a"],
        "disability": None,
        "household": "poor",
        "children": 2,
        "studying": True,
    }
    assert data.channel == ChannelData(channel="bank")


def test_effective_month_before_signing_is_refused_except_from_an_event(make_person):
    person = make_person(birth_date="1951-05-20", **BANK)  # turns 75 in May 2026
    base = decision_raw(regime="social_assistance", household="near_poor", effective="2026-05")
    with pytest.raises(ValidationFailed) as caught:
        parse_enrolment({**base, "clauses": ["5a"]}, person=person)
    assert _codes(caught.value) == {"effective_month": "effective_month.too_early"}
    # Clause 5b is paid from the month the person turns 75 (Decree 20/2021/NĐ-CP, Art. 8(1)) ...
    assert parse_enrolment({**base, "clauses": ["5b"]}, person=person).decision.effective_month.month == 5
    # ... and not before.
    with pytest.raises(ValidationFailed):
        parse_enrolment({**base, "clauses": ["5b"], "effective_month": "2026-04"}, person=person)


def test_disability_is_paid_from_the_month_of_the_certificate(make_person, enrol):
    person = make_person(birth_date="1990-01-01", **BANK)
    base = decision_raw(regime="social_assistance", clauses=["6"], disability="severe", effective="2026-03")
    with pytest.raises(ValidationFailed):
        parse_enrolment(base, person=person)
    data = parse_enrolment({**base, "disability_certified_on": "15/03/2026"}, person=person)
    enrolment = enrol(
        person, facts=data.facts, decision=data.decision, disability_certified_on=data.disability_certified_on
    )
    assert enrolment.start_month == dt.date(2026, 3, 1) and enrolment.clause == "6"
    assert enrolment.decision.facts["disability_certified_on"] == "2026-03-15"


def test_payment_channel_rules(make_person):
    without_bank = make_person(birth_date="1960-01-01")
    base = decision_raw(regime="social_assistance", clauses=["5a"], household="poor")
    cases = {
        "bank": ({}, {"channel": "channel.no_bank_account"}),
        "ewallet": (
            {"wallet_provider": "", "wallet_account": "1"},
            {"wallet_provider": "wallet_provider.required", "wallet_account": "wallet_account.invalid"},
        ),
        "cash": ({}, {"cash_reason": "cash_reason.required"}),
    }
    for channel, (extra, expected) in cases.items():
        with pytest.raises(ValidationFailed) as caught:
            parse_enrolment({**base, "channel": channel, **extra}, person=without_bank)
        assert _codes(caught.value) == expected, channel
    wallet = parse_enrolment(
        {**base, "channel": "ewallet", "wallet_provider": "MoMo", "wallet_account": "0912345678"},
        person=without_bank,
    )
    assert wallet.channel == ChannelData(
        channel="ewallet", wallet_provider="MoMo", wallet_account="0912345678"
    )
    cash = parse_enrolment(
        {**base, "channel": "cash", "cash_reason": "Không có tài khoản"}, person=without_bank
    )
    assert cash.channel.cash_reason == "Không có tài khoản"


# --- adjust -----------------------------------------------------------------------------------------


def test_adjust_records_new_facts_from_a_month(elder, enrol, province_officer):
    enrolment = enrol(elder)
    version = enrolment.version
    adjusted = services.enrolment_adjust(
        actor=province_officer,
        enrolment=enrolment,
        decision=decision(effective=dt.date(2026, 9, 1)),
        facts={**ELDERLY_POOR, "clauses": ["5a", "6"], "disability": "especially_severe"},
        expected_version=version,
    )
    assert adjusted.version == version + 1
    assert adjusted.facts_from == dt.date(2026, 9, 1) and adjusted.clause == "6"
    history = list(EnrolmentFacts.objects.filter(enrolment=enrolment).values_list("from_month", "clause"))
    assert history == [(JULY, "5a"), (dt.date(2026, 9, 1), "6")]
    assert Decision.objects.filter(enrolment=enrolment, kind=DecisionKind.ADJUST).count() == 1
    assert AuditEvent.objects.filter(object_type="benefits.enrolment", action=AuditAction.UPDATE).exists()


def test_a_retroactive_adjustment_keeps_the_newest_facts_current(elder, enrol, province_officer):
    enrolment = enrol(elder)
    services.enrolment_adjust(
        actor=province_officer,
        enrolment=enrolment,
        decision=decision(effective=dt.date(2026, 10, 1)),
        facts={**ELDERLY_POOR, "clauses": ["5d"]},
    )
    enrolment = services.enrolment_adjust(
        actor=province_officer,
        enrolment=enrolment.pk,
        decision=decision(effective=dt.date(2026, 8, 1)),
        facts={**ELDERLY_POOR, "clauses": ["5a", "6"], "disability": "severe"},
    )
    assert enrolment.facts_from == dt.date(2026, 10, 1) and enrolment.clause == "5d"
    assert EnrolmentFacts.objects.filter(enrolment=enrolment).count() == 3


def test_adjust_refusals(elder, enrol, province_officer):
    enrolment = enrol(elder)
    with pytest.raises(Conflict) as stale:
        services.enrolment_adjust(
            actor=province_officer,
            enrolment=enrolment,
            decision=decision(),
            facts=ELDERLY_POOR,
            expected_version=enrolment.version - 1,
        )
    assert stale.value.code == "enrolment.stale" and stale.value.status == 409
    with pytest.raises(ValidationFailed) as early:
        services.enrolment_adjust(
            actor=province_officer,
            enrolment=enrolment,
            decision=decision(effective=dt.date(2026, 6, 1)),
            facts=ELDERLY_POOR,
        )
    assert _codes(early.value) == {"effective_month": "effective_month.before_start"}
    with pytest.raises(ApplicationError) as ineligible:
        services.enrolment_adjust(
            actor=province_officer,
            enrolment=enrolment,
            decision=decision(),
            facts={**ELDERLY_POOR, "household": "near_poor"},
        )
    assert ineligible.value.code == "enrolment.not_eligible"
