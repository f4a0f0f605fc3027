"""Merit allowances paid by the province's payment cycle (regime "merit"): the amount of each appendix row,
arrears for a late decision, and the difference when the standard is recorded after the months were paid.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from ansinh.benefits import law
from ansinh.benefits.inputs import DecisionData
from ansinh.benefits.models import LegalParameter
from ansinh.merit import rules
from ansinh.merit.allowance import facts as merit_facts
from ansinh.merit.allowance import services
from tests.payments.conftest import lines_of

pytestmark = pytest.mark.django_db

OCT = dt.date(2025, 10, 1)
JULY, AUGUST, SEPTEMBER, OCTOBER = (dt.date(2026, m, 1) for m in (7, 8, 9, 10))
_numbers = itertools.count(1)


def decision(month, **kw):
    return DecisionData(
        number=f"{next(_numbers)}/QĐ-SNV", signed_on=dt.date(2025, 9, 20), signer="Giám đốc Sở Nội vụ",
        effective_month=month, **kw,
    )  # fmt: skip


def enrol(actor, record, month, **declared):
    return services.allowance_enrol(
        actor=actor, record_id=record.pk, decision=decision(month), basis="Pháp lệnh 02/2020/UBTVQH14",
        declared=declared,
    )  # fmt: skip


def merit_lines(cycle):
    return [(x.kind, x.for_month, x.amount) for x in lines_of(cycle) if x.regime == "merit"]


# Nghị định 77/2024/NĐ-CP (VBHN 4804): Phụ lục II STT 41 (61 %) 5.450.000; Phụ lục II STT 61 (81 %) 7.240.000
# + Phụ lục I 6.1 supplement 1.399.000 + caregiver at home 2.789.000; Phụ lục I item 4: Heroic Mother
# 8.367.000 + 2.337.000 + caregiver 2.789.000; Phụ lục I 3.2: relative of two martyrs 5.578.000.
@pytest.mark.parametrize(
    ("category", "rate", "declared", "amount"),
    [
        ("war_invalid", 61, {}, 5_450_000),
        ("war_invalid", 81, {"lives_at_home": True}, 7_240_000 + 1_399_000 + 2_789_000),
        ("war_invalid", 81, {"lives_at_home": False}, 7_240_000 + 1_399_000),
        ("heroic_mother", None, {}, 8_367_000 + 2_337_000 + 2_789_000),
        ("hero", None, {}, 2_337_000),
    ],
)
def test_an_enrolled_person_with_merit_is_paid_by_the_province_cycle(
    recognised, province_officer, generated, category, rate, declared, amount
):
    record = recognised(category, rate=rate)
    enrolment = enrol(province_officer, record, OCT, **declared)
    record.refresh_from_db()
    assert record.enrolment == enrolment and enrolment.regime == "merit" and enrolment.province_code == "11"
    cycle = generated(OCT)
    assert merit_lines(cycle) == [("monthly", OCT, amount)]
    line = lines_of(cycle)[0]
    assert line.channel == "bank" and line.account
    # The calculator gives the same amount for the same facts (one facts builder for both).
    facts = merit_facts.calculator_facts(record, OCT, enrolment.facts)
    assert rules.due(facts).monthly_amount == amount


def test_a_martyrs_relative_is_paid_per_martyr_linked(
    recognised, province_officer, generated, make_person, make_martyr_pair
):
    person = make_person(birth_date="1940-01-01", bank_code="VCB", bank_account="7712345678")
    make_martyr_pair(person, "mother", "mother")
    record = recognised("martyr_relative", person=person)
    enrol(province_officer, record, OCT)
    assert merit_lines(generated(OCT)) == [("monthly", OCT, 5_578_000)]  # Phụ lục I, 3.2


def test_a_late_decision_is_paid_back_as_arrears(recognised, province_officer, generated):
    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, dt.date(2025, 8, 1))
    assert merit_lines(generated(OCT)) == [
        ("monthly", dt.date(2025, 8, 1), 5_450_000),
        ("monthly", dt.date(2025, 9, 1), 5_450_000),
        ("monthly", OCT, 5_450_000),
    ]


def test_a_rate_below_the_threshold_is_refused(recognised, province_officer):
    record = recognised("war_invalid", rate=15)
    with pytest.raises(services.Refused) as caught:
        enrol(province_officer, record, OCT)
    assert caught.value.code == "enrolment.not_eligible"


def test_an_assessed_category_without_an_assessment_is_refused(recognised, province_officer):
    record = recognised("war_invalid")
    with pytest.raises(merit_facts.MissingAssessment):
        enrol(province_officer, record, OCT)


def test_a_second_merit_enrolment_of_the_person_is_refused(recognised, province_officer, make_person):
    first = recognised("war_invalid", rate=61)
    enrol(province_officer, first, OCT)
    second = recognised("former_prisoner", person=first.person)
    with pytest.raises(Exception) as caught:
        enrol(province_officer, second, OCT)
    assert getattr(caught.value, "code", "") == "enrolment.double"


@pytest.fixture
def merit_standard_not_yet_recorded():
    """The merit standard as it stood in July 2026: 2.789.000 đ open-ended, the 3.012.000 đ row not recorded.
    Returns a function that records it, as the sync of the new data row does."""
    new = LegalParameter.objects.get(key="merit.standard", province_code="", valid_from=JULY)
    kept = {f: getattr(new, f) for f in ("value", "citation", "confidence", "note")}
    new.delete()
    LegalParameter.objects.filter(key="merit.standard", valid_to=dt.date(2026, 6, 30)).update(valid_to=None)
    law.clear_cache()

    def record():
        LegalParameter.objects.filter(key="merit.standard", valid_to=None).update(
            valid_to=dt.date(2026, 6, 30), recorded_at=timezone.now()
        )
        LegalParameter.objects.create(key="merit.standard", province_code="", valid_from=JULY, **kept)
        law.clear_cache()

    yield record
    law.clear_cache()


def test_the_merit_standard_is_mirrored_into_the_legal_parameters():
    rows = LegalParameter.objects.filter(key="merit.standard", province_code="").order_by("valid_from")
    assert [(r.valid_from, int(r.value), r.confidence) for r in rows] == [
        (dt.date(2021, 7, 1), 1_624_000, "confirmed"),
        (dt.date(2023, 7, 1), 2_055_000, "confirmed"),
        (dt.date(2024, 7, 1), 2_789_000, "confirmed"),
        (JULY, 3_012_000, "reported"),
    ]


def test_a_standard_recorded_after_months_were_paid_pays_the_difference(
    recognised, province_officer, generated, merit_standard_not_yet_recorded
):
    record = recognised("war_invalid", rate=61)
    enrol(province_officer, record, JULY)
    for month in (JULY, AUGUST, SEPTEMBER):
        assert merit_lines(generated(month)) == [("monthly", month, 5_450_000)]  # 77/2024, Phụ lục II STT 41

    merit_standard_not_yet_recorded()
    # 5.450.000 ÷ 2.789.000 × 3.012.000 rounded to the thousand (Decree 75/2021 Art. 3(2) as amended).
    new = rules.round_thousand(5_450_000 * 3_012_000, 2_789_000)
    assert new == 5_886_000
    october = generated(OCTOBER)
    assert merit_lines(october) == [
        ("difference", JULY, new - 5_450_000),
        ("difference", AUGUST, new - 5_450_000),
        ("difference", SEPTEMBER, new - 5_450_000),
        ("monthly", OCTOBER, new),
    ]
    basis = lines_of(october)[-1].frozen_snapshot()
    assert basis["provisional"] is True
    assert any("3.012.000" in n for n in basis["notes"])
