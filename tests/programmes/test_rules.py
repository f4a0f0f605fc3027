"""Each packaged policy as a table: facts → eligible and amount, citing its article.

Resolution 68/NQ-CP section II (amounts from domain/RULES.md §6, secondary sources; the add-ons of
policies 4–6 unconfirmed) and Decree 20/2021/NĐ-CP chapter III (read in the Legal Code, topic 6.1).
"""

import datetime as dt
from decimal import Decimal

import pytest

from ansinh.programmes import rules

LABOUR = {"contract_type": "labour_contract", "si_paid_prior_month": True}

CASES = [
    # Resolution 68 II.4: suspended contract or unpaid leave, ≥15 days;
    # 1,855,000 under a month, 3,710,000 from one.
    ("nq68-4", {**LABOUR, "days_suspended": 15}, True, 1_855_000),
    ("nq68-4", {**LABOUR, "days_suspended": 29}, True, 1_855_000),
    ("nq68-4", {**LABOUR, "days_suspended": 30}, True, 3_710_000),
    ("nq68-4", {**LABOUR, "days_suspended": 14}, False, 0),
    ("nq68-4", {**LABOUR, "days_suspended": 40, "si_paid_prior_month": False}, False, 0),
    ("nq68-4", {**LABOUR, "days_suspended": 40, "pregnant": True, "children_under_6": 2}, True, 6_710_000),
    # II.5: work stoppage, quarantine or lockdown ≥14 days: 1,000,000.
    ("nq68-5", {**LABOUR, "quarantine_days": 14}, True, 1_000_000),
    ("nq68-5", {**LABOUR, "quarantine_days": 13}, False, 0),
    ("nq68-5", {**LABOUR, "quarantine_days": 20, "contract_type": "none"}, False, 0),
    # II.6: terminated, not eligible for unemployment benefit: 3,710,000.
    ("nq68-6", {**LABOUR, "unlawful_quit": False, "pension": False, "ui_claim": []}, True, 3_710_000),
    ("nq68-6", {**LABOUR, "unlawful_quit": False, "pension": False, "ui_claim": ["approved"]}, False, 0),
    ("nq68-6", {**LABOUR, "unlawful_quit": True, "pension": False, "ui_claim": []}, False, 0),
    ("nq68-6", {**LABOUR, "unlawful_quit": False, "pension": True, "ui_claim": []}, False, 0),
    # II.7: food 80,000 a day, F0 at most 45 days, F1 at most 21; children under 16 +1,000,000.
    ("nq68-7-f0", {"isolation": "f0", "treatment_days": 30}, True, 2_400_000),
    ("nq68-7-f0", {"isolation": "f0", "treatment_days": 60}, True, 3_600_000),
    ("nq68-7-f0", {"isolation": "f1", "treatment_days": 10}, False, 0),
    ("nq68-7-f1", {"isolation": "f1", "treatment_days": 30}, True, 1_680_000),
    ("nq68-7-f1", {"isolation": "f1", "treatment_days": 7}, True, 560_000),
    ("nq68-7-tre-em", {"age": 15, "isolation": "f1"}, True, 1_000_000),
    ("nq68-7-tre-em", {"age": 16, "isolation": "f0"}, False, 0),
    # II.8: public art performers suspended ≥15 days: 3,710,000.
    ("nq68-8", {"contract_type": "public_art_employee", "days_suspended": 15}, True, 3_710_000),
    ("nq68-8", {"contract_type": "labour_contract", "days_suspended": 15}, False, 0),
    # II.9: tour guides with a practising card: 3,710,000.
    ("nq68-9", {"contract_type": "tour_guide", "practising_card": True}, True, 3_710_000),
    ("nq68-9", {"contract_type": "tour_guide", "practising_card": False}, False, 0),
    # II.10: tax-registered business households suspended ≥15 days: 3,000,000 per household.
    ("nq68-10", {"tax_registered": True, "days_suspended": 15}, True, 3_000_000),
    ("nq68-10", {"tax_registered": False, "days_suspended": 30}, False, 0),
    # II.12: informal workers: the province sets the amount (none set: not payable).
    ("nq68-12", {"contract_type": "none"}, False, 0),
    # Decree 20/2021 Art. 12(1): 15 kg of rice a person a month, at most 3 months: the province values it.
    ("nd20-12-luong-thuc", {"months_hungry": 2}, False, 0),
    # Art. 13(1): severely injured: at least 10 × the standard (500,000 from 01/07/2024, Decree 76/2024).
    ("nd20-13-bi-thuong", {"severely_injured": True}, True, 5_000_000),
    ("nd20-13-bi-thuong", {"severely_injured": False}, False, 0),
    # Art. 14(1): death or missing in a disaster: at least 50 × the standard.
    ("nd20-14-mai-tang", {"died_in_window": True}, True, 25_000_000),
    # Art. 15(1): house collapsed, poor / near-poor / hardship household: at least 40,000,000.
    (
        "nd20-15-lam-nha",
        {"house_damage": "collapsed", "household_status": "near_poor", "hardship": False},
        True,
        40_000_000,
    ),
    (
        "nd20-15-lam-nha",
        {"house_damage": "collapsed", "household_status": "none", "hardship": True},
        True,
        40_000_000,
    ),
    (
        "nd20-15-lam-nha",
        {"house_damage": "collapsed", "household_status": "none", "hardship": False},
        False,
        0,
    ),
    (
        "nd20-15-lam-nha",
        {"house_damage": "severely_damaged", "household_status": "poor", "hardship": False},
        False,
        0,
    ),
    # Art. 15(2): emergency relocation: at least 30,000,000.
    ("nd20-15-di-doi", {"house_damage": "relocated"}, True, 30_000_000),
    # Art. 15(3): house severely damaged: at least 20,000,000.
    (
        "nd20-15-sua-nha",
        {"house_damage": "severely_damaged", "household_status": "poor", "hardship": False},
        True,
        20_000_000,
    ),
]


@pytest.mark.parametrize(("code", "facts", "eligible", "amount"), CASES)
def test_policy_table(policy_of, code, facts, eligible, amount):
    from ansinh.programmes.selectors import province_amount, standard_on

    definition, policy = policy_of(code)
    standard = standard_on(dt.date(2025, 10, 1))
    result = rules.evaluate(
        definition, facts, standard=standard, province_amount=province_amount(policy, "11")
    )
    assert (result.eligible, result.amount) == (eligible, amount), result.lines
    assert policy.citation in result.lines[-1]


def test_province_set_amount_and_criteria(policy_of):
    """Resolution 68 II.12 and Decree 20 Art. 12: the province's own amount (and criteria) apply."""
    food, _ = policy_of("nd20-12-luong-thuc")
    own = rules.ProvinceAmount(amount=225_000, citation="Quyết định 12/QĐ-UBND tỉnh Điện Biên")
    result = rules.evaluate(food, {"months_hungry": 5}, province_amount=own)
    assert (result.eligible, result.amount) == (True, 675_000)  # three months at most

    informal, _ = policy_of("nq68-12")
    extra = rules.ConditionDef(fact="age", op="gte", value=18, province_code="11")
    definition = rules.PolicyDef(**{**informal.__dict__, "conditions": (*informal.conditions, extra)})
    amount = rules.ProvinceAmount(amount=1_500_000, citation="Nghị quyết 5/NQ-HĐND")
    facts = {"contract_type": "none", "age": 17}
    assert not rules.evaluate(definition, facts, province_code="11", province_amount=amount).eligible
    # Another province's criterion does not bind here.
    assert rules.evaluate(definition, facts, province_code="01", province_amount=amount).amount == 1_500_000


def test_a_province_may_pay_more_than_the_minimum(policy_of):
    house, _ = policy_of("nd20-15-lam-nha")
    facts = {"house_damage": "collapsed", "household_status": "poor", "hardship": False}
    more = rules.ProvinceAmount(amount=60_000_000, citation="Quyết định 3/QĐ-UBND")
    assert rules.evaluate(house, facts, province_amount=more).amount == 60_000_000
    less = rules.ProvinceAmount(amount=10_000_000, citation="Quyết định 4/QĐ-UBND")
    assert rules.evaluate(house, facts, province_amount=less).amount == 40_000_000


def test_missing_facts_are_named_not_guessed(policy_of):
    definition, _ = policy_of("nq68-4")
    result = rules.evaluate(definition, {"contract_type": "labour_contract"})
    assert not result.eligible and len(result.unknown) == 2


def test_explanation_is_vietnamese(policy_of):
    definition, _ = policy_of("nd20-13-bi-thuong")
    standard = rules.Standard(amount=500_000, citation="Nghị định 76/2024/NĐ-CP, Điều 1")
    result = rules.evaluate(definition, {"severely_injured": True}, standard=standard)
    text = "\n".join(result.lines)
    assert "500.000 đ × 10 (mức chuẩn: Nghị định 76/2024/NĐ-CP, Điều 1) = 5.000.000 đ" in text
    assert "Bị thương nặng do sự kiện: có — đạt" in text
    assert "Tổng cộng: 5.000.000 đ" in text


def test_provisional_policies_say_so(policy_of):
    definition, _ = policy_of("nq68-4")
    facts = {**LABOUR, "days_suspended": 15}
    assert rules.evaluate(definition, facts).provisional
    assert not rules.evaluate(
        policy_of("nq68-8")[0], {"contract_type": "public_art_employee", "days_suspended": 15}
    ).provisional


@pytest.mark.parametrize(
    ("fact", "op", "raw", "field"),
    [
        ("age", "in", "16", "op"),
        ("age", "lt", "mười", "value"),
        ("household_status", "in", "giau", "value"),
        ("residence", "in", "1", "value"),
        ("nonsense", "in", "x", "fact"),
        ("isolation", "in", "", "value"),
    ],
)
def test_bad_conditions_name_their_field(fact, op, raw, field):
    with pytest.raises(rules.RuleError) as err:
        rules.parse_value(fact, op, raw)
    assert err.value.field == field


def test_amount_rules_are_checked():
    with pytest.raises(rules.RuleError) as err:
        rules.check_amount_rule(rules.AmountRule(kind=rules.FIXED, amount=0))
    assert err.value.field == "amount"
    with pytest.raises(rules.RuleError):
        rules.check_amount_rule(rules.AmountRule(kind=rules.STANDARD_MULTIPLE, multiple=Decimal(0)))
    with pytest.raises(rules.RuleError):
        rules.check_amount_rule(rules.AmountRule(kind=rules.FIXED, amount=1, per_field="age"))


def test_load_is_idempotent(loaded):
    from ansinh.programmes.models import Condition, Policy, Programme
    from ansinh.programmes.services import programmes_load

    before = (Programme.objects.count(), Policy.objects.count(), Condition.objects.count())
    programmes_load(actor=None)
    assert (Programme.objects.count(), Policy.objects.count(), Condition.objects.count()) == before
    assert before[:2] == (2, 16)
