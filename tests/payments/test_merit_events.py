"""Life events of a merit allowance (Decree 131/2021/NĐ-CP) end to end through the payment cycles: death
and the funeral allowance, a martyr's spouse who remarries, a new injury assessment, suspension and
termination, and the transfer of the dossier to another province."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.core.errors import NotFound
from ansinh.merit.allowance import services
from ansinh.merit.inputs import parse_assessment
from ansinh.merit.models import MartyrRelative, RecordStatus
from ansinh.payments import services as payment_services
from tests.payments.test_merit_cycle import decision, enrol, merit_lines

pytestmark = pytest.mark.django_db

AUG, SEP, OCT, NOV = (dt.date(2025, m, 1) for m in (8, 9, 10, 11))
BASIS = "Nghị định 131/2021/NĐ-CP"


def test_death_pays_to_the_month_of_death_and_the_funeral_allowance_next(
    recognised, province_officer, generated
):
    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, AUG)
    assert merit_lines(generated(AUG)) == [("monthly", AUG, 5_450_000)]
    outcome = services.merit_death(
        actor=province_officer, record_id=record.pk, death_date=dt.date(2025, 9, 15),
        decision=decision(None), basis=BASIS, payee_name="Lò Thị Hoa",
    )  # fmt: skip
    # 10 × the base salary of 2.340.000 đ (Decree 73/2024) on the day of death ❓ provisional.
    assert outcome.funeral.amount == 23_400_000
    assert outcome.decision.facts["basis"] == BASIS and outcome.notes
    record.refresh_from_db()
    assert record.status == RecordStatus.DECEASED
    october = generated(OCT)
    assert merit_lines(october) == [("monthly", SEP, 5_450_000), ("funeral", OCT, 23_400_000)]
    funeral = next(x for x in october.lines.all() if x.kind == "funeral")
    assert funeral.payee_name == "Lò Thị Hoa" and funeral.regime == "merit"
    assert merit_lines(generated(NOV)) == []


def test_a_martyrs_spouse_who_remarries_stops_from_the_month_of_marriage(
    recognised, province_officer, generated, make_person, make_martyr_pair
):
    person = make_person(birth_date="1950-01-01", sex="F", bank_code="VCB", bank_account="7700000001")
    make_martyr_pair(person, "spouse")
    record = recognised("martyr_relative", person=person)
    enrol(province_officer, record, AUG)
    generated(AUG)
    assert merit_lines(generated(SEP)) == [("monthly", SEP, 2_789_000)]  # Phụ lục I, 3.1 (77/2024)
    outcome = services.spouse_remarried(
        actor=province_officer, record_id=record.pk, married_on=dt.date(2025, 9, 10),
        decision=decision(None), basis=BASIS,
    )  # fmt: skip
    assert [(x["month"], x["amount"]) for x in outcome.recovery] == [("2025-09-01", 2_789_000)]
    assert outcome.recovery_total == 2_789_000
    assert outcome.enrolment.end_month == AUG and outcome.decision.facts["recovery"] == outcome.recovery
    assert MartyrRelative.objects.get(person=person).remarried_on == dt.date(2025, 9, 10)
    record.refresh_from_db()
    assert record.status == RecordStatus.TERMINATED
    assert merit_lines(generated(OCT)) == []


def test_a_spouse_who_is_also_a_parent_of_a_martyr_keeps_that_allowance(
    recognised, province_officer, generated, make_person, make_martyr_pair
):
    person = make_person(birth_date="1930-01-01", sex="F", bank_code="VCB", bank_account="7700000002")
    make_martyr_pair(person, "spouse", "mother")
    record = recognised("martyr_relative", person=person)
    enrol(province_officer, record, AUG)
    assert merit_lines(generated(AUG)) == [("monthly", AUG, 5_578_000)]  # two martyrs, Phụ lục I 3.2
    outcome = services.spouse_remarried(
        actor=province_officer, record_id=record.pk, married_on=dt.date(2025, 8, 20),
        decision=decision(None), basis=BASIS,
    )  # fmt: skip
    assert outcome.recovery == [{"month": "2025-08-01", "amount": 5_578_000 - 2_789_000}]
    assert merit_lines(generated(SEP)) == [("monthly", SEP, 2_789_000)]


def test_a_new_injury_assessment_changes_the_amount_from_its_month(recognised, province_officer, generated):
    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, AUG)
    generated(AUG)
    generated(SEP)
    services.assessment_decide(
        actor=province_officer,
        record_id=record.pk,
        assessment=parse_assessment(
            {"rate": 81, "assessed_on": "2025-09-05", "medical_council": "Hội đồng GĐYK tỉnh Điện Biên"}
        ),
        decision=decision(None),
        basis=BASIS,
    )
    new = 7_240_000 + 1_399_000 + 2_789_000  # Phụ lục II STT 61, Phụ lục I 6.1 supplement and caregiver
    assert merit_lines(generated(OCT)) == [("difference", SEP, new - 5_450_000), ("monthly", OCT, new)]


def test_suspension_and_termination_carry_their_reason(recognised, province_officer, generated):
    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, AUG)
    generated(AUG)
    services.allowance_suspend(
        actor=province_officer, record_id=record.pk, decision=decision(SEP), basis=BASIS,
        reason="Không lĩnh trợ cấp 6 tháng liên tục",
    )  # fmt: skip
    record.refresh_from_db()
    assert record.status == RecordStatus.SUSPENDED
    assert merit_lines(generated(SEP)) == []
    outcome = services.allowance_terminate(
        actor=province_officer, record_id=record.pk, decision=decision(None), basis=BASIS,
        last_month=AUG, reason="Hồ sơ giả mạo",
    )  # fmt: skip
    assert outcome.decision.reason == "Hồ sơ giả mạo" and outcome.recovery == []
    record.refresh_from_db()
    assert record.status == RecordStatus.TERMINATED
    assert merit_lines(generated(OCT)) == []


def test_a_reason_and_a_basis_are_required(recognised, province_officer):
    from ansinh.core.errors import ValidationFailed

    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, AUG)
    with pytest.raises(ValidationFailed) as caught:
        services.allowance_terminate(
            actor=province_officer, record_id=record.pk, decision=decision(None), basis="",
            last_month=AUG, reason="x",
        )  # fmt: skip
    assert {e.field for e in caught.value.errors} == {"basis"}


def test_a_transfer_moves_payment_and_scope_to_the_new_province(
    recognised, province_officer, other_province_officer, generated, ha_noi_commune, approver
):
    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, AUG)
    generated(AUG)
    services.dossier_transfer(
        actor=province_officer, record_id=record.pk, to_commune=ha_noi_commune.pk, slip_month=SEP,
        decision=decision(None), basis="Phiếu báo di chuyển hồ sơ số 12/PB-SNV",
    )  # fmt: skip
    # The old province pays to the month on the slip, the new one from the next month.
    assert merit_lines(generated(OCT)) == [("monthly", SEP, 5_450_000)]
    cycle = payment_services.cycle_create(actor=other_province_officer, province_code="01", month=OCT)
    payment_services.cycle_generation_start(actor=other_province_officer, cycle=cycle)
    payment_services.cycle_generate(cycle=cycle)
    assert merit_lines(cycle) == [("monthly", OCT, 5_450_000)]
    record.refresh_from_db()
    assert record.province_code == "01" and record.person.commune_id == ha_noi_commune.pk
    from ansinh.merit.selectors import record_get

    with pytest.raises(NotFound):
        record_get(actor=province_officer, record_id=record.pk)
    assert record_get(actor=other_province_officer, record_id=record.pk).pk == record.pk


def test_a_commune_officer_cannot_transfer_a_dossier(
    recognised, commune_officer, province_officer, ha_noi_commune
):
    from ansinh.core.errors import ValidationFailed

    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, AUG)
    with pytest.raises(ValidationFailed) as caught:
        services.dossier_transfer(
            actor=commune_officer, record_id=record.pk, to_commune=ha_noi_commune.pk, slip_month=SEP,
            decision=decision(None), basis=BASIS,
        )  # fmt: skip
    assert caught.value.errors[0].field == "to_commune"


def test_an_officer_of_another_province_finds_no_record(recognised, province_officer, other_province_officer):
    record = recognised("war_invalid", rate=61)
    with pytest.raises(NotFound):
        enrol(other_province_officer, record, AUG)
