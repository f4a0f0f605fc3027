"""The social pension: Law 41/2024/QH15 and Decree 176/2025/NĐ-CP (RULES §1.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from ansinh.benefits.law import Params, national_rows
from ansinh.benefits.rules import FactsError, higher_of
from ansinh.benefits.rules import social_assistance as sa
from ansinh.benefits.rules import social_pension as sp


@pytest.fixture(autouse=True)
def _vietnamese():
    """Figures in the default language, whatever an earlier test's request left active in this thread."""
    with translation.override("vi"):
        yield


D500 = dt.date(2025, 8, 15)  # Decree 176/2025: 500.000 đ from 01/07/2025 🟢
D540 = dt.date(2026, 8, 15)  # reported 540.000 đ from 01/07/2026 ⚠️


@pytest.fixture(scope="module")
def params():
    return Params(national_rows())


def facts(on: dt.date, age: int, **kw) -> sp.Facts:
    birth = dt.date(on.year - age, on.month, 1).isoformat()
    return sp.parse({"on": on.isoformat(), "birth_date": birth, **kw})


# (citation — case, on, age, facts, eligible, amount)
CASES = [
    ("Law 41/2024 — 75 with no pension", D500, 75, {}, True, 500_000),
    ("Law 41/2024 — 90 with no pension", D500, 90, {"household": "none"}, True, 500_000),
    ("Law 41/2024 — 74 not poor: too young", D500, 74, {}, False, 0),
    ("Law 41/2024 — 70 to under 75 in a poor household", D500, 70, {"household": "poor"}, True, 500_000),
    ("Law 41/2024 — 74 in a near-poor household", D500, 74, {"household": "near_poor"}, True, 500_000),
    ("Law 41/2024 — 69 in a poor household: too young", D500, 69, {"household": "poor"}, False, 0),
    ("Law 41/2024 — pension lower than the level", D500, 80, {"pension_monthly": 400_000}, True, 500_000),
    ("Law 41/2024 — pension equal to the level", D500, 80, {"pension_monthly": 500_000}, False, 0),
    ("Law 41/2024 — pension higher than the level", D500, 80, {"pension_monthly": 3_000_000}, False, 0),
    ("Decree 335/2026 ⚠️ — level 540.000 from 07/2026", D540, 76, {}, True, 540_000),
    (
        "Decree 335/2026 ⚠️ — pension 520.000 under the 540.000 level",
        D540,
        76,
        {"pension_monthly": 520_000},
        True,
        540_000,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_social_pension(params, case):
    _, on, age, data, eligible, amount = case
    result = sp.monthly_amount(facts(on, age, **data), params)
    assert result.eligible is eligible, result.notes
    assert result.monthly_amount == amount
    if not eligible:
        assert result.notes and not result.lines


def test_lines_cite_the_decree(params):
    result = sp.monthly_amount(facts(D500, 75), params)
    (line,) = result.lines
    assert line.amount == 500_000
    assert line.basis == "500.000 đ — Nghị định 176/2025/NĐ-CP; Luật Bảo hiểm xã hội 41/2024/QH15"
    assert not result.provisional


def test_lower_pension_interpretation_is_provisional(params):
    result = sp.monthly_amount(facts(D500, 80, pension_monthly=100_000), params)
    assert result.provisional  # RULES §1.3: whether the full level or the difference is paid is ❓
    assert any("unconfirmed" in n or "chưa" in n for n in result.notes)


def test_2026_level_is_provisional(params):
    assert sp.monthly_amount(facts(D540, 80), params).provisional


def test_before_the_law_is_not_eligible_but_check_refuses(params):
    early = facts(dt.date(2025, 6, 30), 80)
    assert not sp.monthly_amount(early, params).eligible
    with pytest.raises(FactsError) as caught:
        sp.check(early, params)
    assert (caught.value.code, caught.value.field) == ("facts.date_too_early", "on")


@pytest.mark.parametrize(
    ("data", "code", "field"),
    [
        ({"on": "2025-08-01", "birth_date": "2026-01-01"}, "facts.born_after_date", "birth_date"),
        (
            {"on": "2025-08-01", "birth_date": "1940-01-01", "pension_monthly": -5},
            "facts.negative",
            "pension_monthly",
        ),
        (
            {"on": "2025-08-01", "birth_date": "1940-01-01", "household": "x"},
            "facts.unknown_household",
            "household",
        ),
        ({"on": "2025-08-01"}, "facts.missing", "birth_date"),
        (
            {"on": "2025-08-01", "birth_date": "1940-01-01", "clauses": ["5a"]},
            "facts.unknown_fact",
            "clauses",
        ),
    ],
)
def test_contradictions(params, data, code, field):
    with pytest.raises(FactsError) as caught:
        sp.check(sp.parse(data), params)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_too_young_is_an_answer_not_an_error(params):
    young = facts(D500, 60)
    sp.check(young, params)
    assert not sp.monthly_amount(young, params).eligible


def test_higher_of_social_assistance_and_social_pension(params):
    """Decree 176/2025 (RULES §1.3 🟢): someone eligible for both gets the higher, never the sum."""
    on, birth = "2025-08-15", "1940-08-01"
    assistance = sa.monthly_amount(
        sa.parse({"on": on, "birth_date": birth, "clauses": ["5a"], "household": "poor"}), params
    )
    pension = sp.monthly_amount(sp.parse({"on": on, "birth_date": birth, "household": "poor"}), params)
    assert (assistance.monthly_amount, pension.monthly_amount) == (1_000_000, 500_000)
    assert higher_of(assistance, pension) is assistance
    only_5c = sa.monthly_amount(sa.parse({"on": on, "birth_date": birth, "clauses": ["5c"]}), params)
    assert higher_of(only_5c, pension).monthly_amount == 500_000  # a tie: one benefit, not 1.000.000
    not_eligible = sa.monthly_amount(sa.parse({"on": on, "birth_date": birth, "clauses": ["8"]}), params)
    assert higher_of(not_eligible, pension) is pension


@pytest.mark.parametrize(
    ("on", "amount"), [(D500, 10_000_000), (D540, 10_800_000)], ids=["20 × 500k ⚠️", "20 × 540k ⚠️"]
)
def test_funeral_support_is_provisional(params, on, amount):
    result = sp.funeral_support(on=on, province=None, params=params)
    assert result.monthly_amount == amount and result.provisional
