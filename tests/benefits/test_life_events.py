"""Life events drive the money: death, moves, suspension and resumption, and the age transitions the
month-by-month timeline shows."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.benefits import selectors, services
from ansinh.benefits.models import (
    Decision,
    DecisionKind,
    Enrolment,
    EnrolmentStatus,
    OneOffEntitlement,
    Suspension,
)
from ansinh.benefits.selectors import MonthState
from ansinh.core.errors import ApplicationError, Conflict, NotFound, ValidationFailed
from ansinh.core.models import AuditAction, AuditEvent
from ansinh.registry.models import Person
from tests.benefits.test_enrolment_helpers import (
    BANK,
    JULY,
    PENSION,
    STANDARD,
    decision,
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


AUG, SEP, OCT, NOV, DEC = (dt.date(2026, m, 1) for m in (8, 9, 10, 11, 12))


def _timeline(enrolment, until=DEC):
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    return {
        m.month: m
        for m in selectors.enrolment_timeline(enrolment=enrolment, person=enrolment.person, until=until)
    }


# --- death ------------------------------------------------------------------------------------------


def test_death_stops_payment_from_the_next_month_and_owes_funeral_support(elder, enrol, province_officer):
    enrolment = enrol(elder)
    outcome = services.death_record(
        actor=province_officer,
        person=elder,
        death_date=dt.date(2026, 9, 14),
        decision=decision(effective=None),
        payee_name="Lò Văn Hùng",
    )

    person = Person.objects.get(pk=elder.pk)
    assert (person.status, person.death_date) == ("deceased", dt.date(2026, 9, 14))
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.end_month) == (EnrolmentStatus.STOPPED, SEP)
    assert enrolment.end_decision_id == outcome.decision.pk
    assert outcome.decision.kind == DecisionKind.FUNERAL and outcome.decision.effective_month == OCT
    funeral = outcome.funeral
    # Decree 20/2021/NĐ-CP Art. 11: 20 × the standard level.
    assert funeral.amount == 20 * STANDARD == 10_800_000
    assert (funeral.due_month, funeral.payee_name, funeral.enrolment_id) == (OCT, "Lò Văn Hùng", enrolment.pk)
    assert funeral.lines and funeral.lines[0]["amount"] == funeral.amount
    months = _timeline(enrolment)
    assert months[SEP].state == MonthState.PAYABLE and months[SEP].amount == STANDARD * 3 // 2
    assert months[OCT].state == MonthState.ENDED and months[OCT].amount == 0
    assert NOV not in months  # one month after the end is enough to show it ended
    audited = set(AuditEvent.objects.filter(actor=province_officer).values_list("object_type", "action"))
    assert {
        ("registry.person", "update"),
        ("benefits.enrolment", "update"),
        ("benefits.oneoffentitlement", "create"),
    } <= audited


def test_recording_the_same_death_twice_changes_nothing(elder, enrol, province_officer):
    enrol(elder)
    first = services.death_record(
        actor=province_officer,
        person=elder,
        death_date=dt.date(2026, 9, 14),
        decision=decision(effective=None),
    )
    events = AuditEvent.objects.count()
    again = services.death_record(
        actor=province_officer,
        person=elder.pk,
        death_date=dt.date(2026, 9, 14),
        decision=decision(effective=None),
    )
    assert again.funeral == first.funeral and again.stopped == [] and again.decision is None
    assert AuditEvent.objects.count() == events
    assert OneOffEntitlement.objects.filter(person=elder).count() == 1
    with pytest.raises(Conflict) as caught:
        services.death_record(actor=province_officer, person=elder, death_date=dt.date(2026, 9, 1))
    assert caught.value.code == "person.death_date_differs"


def test_death_of_a_social_pensioner_owes_its_funeral_support(make_person, enrol, province_officer):
    person = make_person(birth_date="1948-01-01", **BANK)
    enrol(person, regime="social_pension", facts=PENSION)
    outcome = services.death_record(
        actor=province_officer,
        person=person,
        death_date=dt.date(2026, 8, 2),
        decision=decision(effective=None),
    )
    assert outcome.funeral.amount == 20 * STANDARD and outcome.funeral.due_month == SEP


def test_death_needs_a_decision_when_something_stops_but_not_otherwise(
    elder, make_person, enrol, province_officer
):
    enrol(elder)
    with pytest.raises(ValidationFailed) as caught:
        services.death_record(actor=province_officer, person=elder, death_date=dt.date(2026, 9, 14))
    assert caught.value.errors[0].field == "number"
    assert Person.objects.get(pk=elder.pk).status == "alive"  # nothing half-saved

    not_a_beneficiary = make_person(birth_date="1970-01-01")
    outcome = services.death_record(
        actor=province_officer, person=not_a_beneficiary, death_date=dt.date(2026, 9, 1)
    )
    assert outcome.funeral is None and outcome.person.status == "deceased"


def test_death_before_an_enrolment_begins_leaves_nothing_payable(make_person, enrol, province_officer):
    person = make_person(birth_date="1960-01-01", **BANK)
    later = enrol(person, effective=NOV, decision=decision(effective=NOV, signed=dt.date(2026, 10, 28)))
    outcome = services.death_record(
        actor=province_officer,
        person=person,
        death_date=dt.date(2026, 10, 30),
        decision=decision(effective=None),
    )
    later.refresh_from_db()
    assert later.status == EnrolmentStatus.STOPPED and later.end_month == OCT < later.start_month
    assert outcome.funeral is None  # never received a month


def test_a_death_date_in_the_future_is_refused(today, elder, province_officer):
    with pytest.raises(ValidationFailed) as caught:
        services.death_record(actor=province_officer, person=elder, death_date=today + dt.timedelta(days=2))
    assert caught.value.errors[0].code == "death_date.future"


# --- moves ------------------------------------------------------------------------------------------


def test_a_move_within_the_province_moves_responsibility(
    elder, enrol, commune_officer, other_commune_officer, commune_b
):
    enrolment = enrol(elder, actor=commune_officer)
    outcome = services.person_move(
        actor=commune_officer,
        person=elder,
        to_commune=commune_b,
        from_month=OCT,
        decision=decision(effective=None),
        expected_version=elder.version,
    )
    enrolment.refresh_from_db()
    assert enrolment.commune_id == commune_b.pk and enrolment.status == EnrolmentStatus.ACTIVE
    assert Person.objects.get(pk=elder.pk).commune_id == commune_b.pk
    move = outcome.decision
    assert (
        move.kind == DecisionKind.MOVE and move.commune_id == elder.commune_id and move.effective_month == OCT
    )
    with pytest.raises(NotFound):
        selectors.enrolment_get(actor=commune_officer, enrolment_id=enrolment.pk)
    assert selectors.enrolment_get(actor=other_commune_officer, enrolment_id=enrolment.pk) == enrolment
    assert move in selectors.enrolment_decisions(enrolment=enrolment)
    assert all(m.state == MonthState.PAYABLE for m in _timeline(enrolment).values())  # payments keep running


def test_a_move_to_another_province_hands_the_person_over(
    elder, enrol, province_officer, other_province_officer, commune_officer, ha_noi_commune
):
    enrolment = enrol(elder)
    with pytest.raises(
        ValidationFailed
    ) as caught:  # a commune officer cannot send someone to another province
        services.person_move(
            actor=commune_officer,
            person=elder,
            to_commune=ha_noi_commune,
            from_month=OCT,
            decision=decision(effective=None),
        )
    assert caught.value.errors[0].code == "to_commune.other_province"
    with pytest.raises(NotFound):
        selectors.enrolment_get(actor=other_province_officer, enrolment_id=enrolment.pk)

    services.person_move(
        actor=province_officer,
        person=elder,
        to_commune=ha_noi_commune,
        from_month=OCT,
        decision=decision(effective=None),
    )
    enrolment.refresh_from_db()
    assert enrolment.province_code == ha_noi_commune.province_code == "01"
    assert selectors.enrolment_get(actor=other_province_officer, enrolment_id=enrolment.pk) == enrolment
    with pytest.raises(NotFound):
        selectors.enrolment_get(actor=province_officer, enrolment_id=enrolment.pk)
    history = selectors.benefit_history(actor=other_province_officer, person_id=elder.pk, until=DEC)
    assert [e.enrolment.pk for e in history.enrolments] == [enrolment.pk]


def test_move_refusals(elder, enrol, province_officer, commune_a, other_commune_officer, commune_b):
    enrol(elder)
    with pytest.raises(NotFound):  # the source must be in scope
        services.person_move(
            actor=other_commune_officer,
            person=elder,
            to_commune=commune_b,
            from_month=OCT,
            decision=decision(effective=None),
        )
    with pytest.raises(ValidationFailed) as same:
        services.person_move(
            actor=province_officer,
            person=elder,
            to_commune=commune_a,
            from_month=OCT,
            decision=decision(effective=None),
        )
    assert same.value.errors[0].code == "to_commune.same"
    with pytest.raises(Conflict) as stale:
        services.person_move(
            actor=province_officer,
            person=elder,
            to_commune=commune_b,
            from_month=OCT,
            decision=decision(effective=None),
            expected_version=elder.version + 5,
        )
    assert stale.value.code == "person.stale"


# --- suspension -------------------------------------------------------------------------------------


def test_suspended_months_are_not_paid(elder, enrol, province_officer):
    enrolment = enrol(elder)
    enrolment = services.enrolment_suspend(
        actor=province_officer,
        enrolment=enrolment,
        decision=decision(effective=SEP),
        reason="Đi khỏi địa phương",
    )
    assert enrolment.status == EnrolmentStatus.SUSPENDED
    with pytest.raises(Conflict):
        services.enrolment_suspend(
            actor=province_officer, enrolment=enrolment, decision=decision(effective=OCT), reason="x"
        )
    enrolment = services.enrolment_resume(
        actor=province_officer, enrolment=enrolment, decision=decision(effective=NOV)
    )
    assert enrolment.status == EnrolmentStatus.ACTIVE
    suspension = Suspension.objects.get(enrolment=enrolment)
    assert (suspension.from_month, suspension.to_month) == (SEP, OCT)
    assert (
        suspension.decision.kind == DecisionKind.SUSPEND
        and suspension.resume_decision.kind == DecisionKind.RESUME
    )
    states = {month: m.state for month, m in _timeline(enrolment).items()}
    assert states == {
        JULY: "payable",
        AUG: "payable",
        SEP: "suspended",
        OCT: "suspended",
        NOV: "payable",
        DEC: "payable",
    }
    with pytest.raises(Conflict) as caught:
        services.enrolment_resume(
            actor=province_officer, enrolment=enrolment, decision=decision(effective=DEC)
        )
    assert caught.value.code == "enrolment.not_suspended"


def test_stop_ends_payment_after_the_last_month(elder, enrol, province_officer):
    enrolment = enrol(elder)
    with pytest.raises(ValidationFailed):  # the reason is required
        services.enrolment_stop(
            actor=province_officer, enrolment=enrolment, decision=decision(effective=None), last_month=SEP
        )
    enrolment = services.enrolment_stop(
        actor=province_officer,
        enrolment=enrolment,
        decision=decision(effective=None),
        last_month=SEP,
        reason="Không còn thuộc hộ nghèo",
    )
    assert (enrolment.status, enrolment.end_month, enrolment.end_decision.effective_month) == (
        "stopped",
        SEP,
        OCT,
    )
    states = {month: m.state for month, m in _timeline(enrolment).items()}
    assert states == {JULY: "payable", AUG: "payable", SEP: "payable", OCT: "ended"}
    with pytest.raises(Conflict) as caught:
        services.enrolment_suspend(
            actor=province_officer, enrolment=enrolment, decision=decision(effective=OCT), reason="x"
        )
    assert caught.value.code == "enrolment.stopped"


# --- age transitions in the timeline ----------------------------------------------------------------


CHILD = {"clauses": ["1"], "disability": None, "household": "none", "children": 0, "studying": False}


def test_a_child_turning_4_gets_the_lower_coefficient_from_that_month(make_person, enrol):
    child = make_person(birth_date="2022-09-15", **BANK)
    months = _timeline(enrol(child, facts=CHILD))
    assert months[AUG].amount == STANDARD * 5 // 2 and months[AUG].clause == "1"  # under 4: × 2,5
    assert months[SEP].amount == STANDARD * 3 // 2  # turns 4 on 15/09: × 1,5 from September
    assert any("09/2026" in note for note in months[SEP].notes)


@pytest.mark.parametrize(
    ("studying", "october"), [(True, ("payable", "2", 810_000)), (False, ("not_eligible", "", 0))]
)
def test_a_clause_1_child_turning_16(make_person, enrol, studying, october):
    child = make_person(birth_date="2010-09-10", **BANK)
    months = _timeline(enrol(child, facts={**CHILD, "studying": studying}))
    assert (months[AUG].state, months[AUG].clause, months[AUG].amount) == ("payable", "1", 810_000)
    # The month of the 16th birthday is still paid (eligible on its first day) ...
    assert months[SEP].state == "payable" and months[SEP].amount == 810_000
    # ... then clause 2 while studying (Decree 20/2021/NĐ-CP, Art. 5(2)), or nothing.
    assert (months[OCT].state, months[OCT].clause, months[OCT].amount) == october


def test_turning_75_under_clause_5b_is_paid_from_that_month(make_person, enrol):
    person = make_person(birth_date="1951-05-20", **BANK)
    facts = {
        "clauses": ["5b"],
        "disability": None,
        "household": "near_poor",
        "children": 0,
        "studying": False,
    }
    may = dt.date(2026, 5, 1)
    enrolment = enrol(person, facts=facts, effective=may)  # signed 10/07, paid from May (Art. 8(1))
    months = _timeline(enrolment, until=AUG)
    assert enrolment.start_month == may
    assert [months[m].amount for m in sorted(months)] == [
        500_000,
        500_000,
        STANDARD,
        STANDARD,
    ]  # 540k from 07/2026


def test_the_social_pension_label_changes_at_75(make_person, enrol):
    person = make_person(birth_date="1951-09-05", **BANK)  # 74 in July, poor: eligible from 70
    months = _timeline(
        enrol(person, regime="social_pension", facts={"household": "poor", "pension_monthly": 0})
    )
    assert months[AUG].amount == months[SEP].amount == STANDARD
    assert months[AUG].lines[0].label != months[SEP].lines[0].label


def test_turning_80_under_clause_5a_raises_the_coefficient(make_person, enrol):
    person = make_person(birth_date="1946-09-20", **BANK)
    months = _timeline(enrol(person))
    assert months[AUG].amount == STANDARD * 3 // 2  # 60 to under 80: × 1,5
    assert months[SEP].amount == STANDARD * 2  # 80 from 20/09: × 2,0 for September


# --- the history selector ---------------------------------------------------------------------------


def test_benefit_history_is_an_audited_full_read(
    elder, enrol, commune_officer, other_commune_officer, counsellor
):
    enrolment = enrol(elder)
    history = selectors.benefit_history(actor=commune_officer, person_id=elder.pk, until=DEC)
    (entry,) = history.enrolments
    assert entry.enrolment == enrolment and [d.kind for d in entry.decisions] == ["enrol"]
    assert len(entry.timeline) == 6 and entry.total_payable == 6 * STANDARD * 3 // 2
    assert AuditEvent.objects.filter(
        actor=commune_officer, action=AuditAction.VIEW, object_type="registry.person", object_id=str(elder.pk)
    ).exists()
    with pytest.raises(NotFound):
        selectors.benefit_history(actor=other_commune_officer, person_id=elder.pk)
    with pytest.raises(ApplicationError):
        selectors.benefit_history(actor=counsellor, person_id=elder.pk)


def test_the_timeline_shows_at_most_36_months(make_person, enrol, province_officer):
    person = make_person(birth_date="1950-01-01", **BANK)
    enrolment = enrol(
        person,
        effective=dt.date(2021, 7, 1),
        decision=decision(effective=dt.date(2021, 7, 1), signed=dt.date(2021, 7, 5)),
    )
    months = selectors.enrolment_timeline(enrolment=enrolment, person=person, until=DEC)
    assert len(months) == 36 and months[-1].month == DEC and months[0].month == dt.date(2024, 1, 1)
    assert months[0].amount == 360_000 * 3 // 2 and months[-1].amount == STANDARD * 3 // 2
    assert Decision.objects.filter(person=person).count() == 1


def test_after_a_move_the_new_province_level_applies_from_the_move(
    elder, enrol, province_officer, ha_noi_commune
):
    from ansinh.benefits.models import LegalParameter

    # A province's own higher standard level (a People's Council resolution): Hà Nội, hypothetical 600.000 đ.
    LegalParameter.objects.create(
        key="sa.standard", province_code="01", valid_from=JULY, value=600_000,
        citation="Nghị quyết HĐND (thử nghiệm)", confidence="confirmed",
    )  # fmt: skip
    enrolment = enrol(elder)
    services.person_move(
        actor=province_officer, person=elder, to_commune=ha_noi_commune, from_month=OCT,
        decision=decision(effective=None),
    )  # fmt: skip
    months = _timeline(enrolment)
    assert [months[m].amount for m in (JULY, AUG, SEP)] == [
        STANDARD * 3 // 2
    ] * 3  # Điện Biên: national level
    assert [months[m].amount for m in (OCT, NOV, DEC)] == [900_000] * 3  # Hà Nội from October: 600.000 × 1,5


def test_history_lists_the_payment_lines_of_the_person(elder, enrol, commune_officer):
    from ansinh.payments.models import PaymentCycle, PaymentLine

    enrolment = enrol(elder)
    cycle = PaymentCycle.objects.create(province_code="11", month=JULY)
    PaymentLine.objects.create(
        cycle=cycle, enrolment=enrolment, person=elder, province_code="11", commune=elder.commune,
        regime=enrolment.regime, for_month=JULY, reference="TEST-2026-07-1", amount=810_000, channel="bank",
        payee_name=elder.full_name,
    )  # fmt: skip
    history = selectors.benefit_history(actor=commune_officer, person_id=elder.pk, until=AUG)
    assert [(line.reference, line.amount, line.for_month) for line in history.payment_lines] == [
        ("TEST-2026-07-1", 810_000, JULY)
    ]
