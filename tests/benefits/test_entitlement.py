"""The month rule (Decree 20/2021 Art. 8): the month's last day decides;
the first day when eligibility ends in the month."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import translation

from ansinh.benefits.entitlement import EntitlementCache, facts_json, funeral_result, month_result
from ansinh.benefits.law import Params, national_rows
from ansinh.benefits.models import Regime


@pytest.fixture(autouse=True)
def _vietnamese():
    """Figures in the default language, whatever an earlier test's request left active in this thread."""
    with translation.override("vi"):
        yield


SA, SP = Regime.SOCIAL_ASSISTANCE, Regime.SOCIAL_PENSION


@pytest.fixture(scope="module")
def params():
    return Params(national_rows())


def due(params, regime, facts, birth, month, province=None):
    return month_result(
        regime=regime, facts=facts, birth_date=birth, month=month, province=province, params=params
    )


def test_child_turning_4_gets_the_new_coefficient_that_month(params):
    facts, birth = {"clauses": ["1"], "household": "none"}, dt.date(2022, 3, 20)
    assert due(params, SA, facts, birth, dt.date(2026, 2, 1)).monthly_amount == 1_250_000  # 2,5
    march = due(params, SA, facts, birth, dt.date(2026, 3, 1))
    assert march.monthly_amount == 750_000  # 1,5 from the month of the 4th birthday
    assert any("03/2026" in n for n in march.notes)


def test_child_turning_16_not_studying_is_paid_that_month_then_stops(params):
    facts, birth = {"clauses": ["1"], "household": "none", "studying": False}, dt.date(2010, 5, 10)
    may = due(params, SA, facts, birth, dt.date(2026, 5, 1))
    assert may.eligible and may.monthly_amount == 750_000
    assert any("05/2026" in n for n in may.notes)
    june = due(params, SA, facts, birth, dt.date(2026, 6, 1))
    assert not june.eligible and june.monthly_amount == 0


def test_child_turning_16_studying_moves_to_clause_2(params):
    facts, birth = {"clauses": ["1"], "household": "none", "studying": True}, dt.date(2010, 5, 10)
    for month in (dt.date(2026, 5, 1), dt.date(2026, 6, 1)):
        result = due(params, SA, facts, birth, month)
        assert (result.eligible, result.monthly_amount, result.clause) == (True, 750_000, "2")


def test_clause_2_ends_after_the_month_of_turning_23(params):
    facts, birth = {"clauses": ["2"], "household": "none", "studying": True}, dt.date(2003, 5, 10)
    assert due(params, SA, facts, birth, dt.date(2026, 5, 1)).monthly_amount == 750_000
    assert not due(params, SA, facts, birth, dt.date(2026, 6, 1)).eligible


def test_turning_75_starts_5b_that_month(params):
    """Art. 8(1): clause 5b is paid from the point the person turns 75."""
    facts, birth = {"clauses": ["5b"], "household": "near_poor"}, dt.date(1951, 9, 20)
    assert not due(params, SA, facts, birth, dt.date(2026, 8, 1)).eligible
    september = due(params, SA, facts, birth, dt.date(2026, 9, 1))
    assert september.monthly_amount == 540_000
    assert any("09/2026" in n for n in september.notes)


def test_turning_80_raises_5a_and_starts_5c(params):
    birth = dt.date(1946, 10, 5)
    poor = {"clauses": ["5a"], "household": "poor"}
    assert due(params, SA, poor, birth, dt.date(2026, 9, 1)).monthly_amount == 810_000
    assert due(params, SA, poor, birth, dt.date(2026, 10, 1)).monthly_amount == 1_080_000
    fivec = {"clauses": ["5c"], "household": "none"}
    assert not due(params, SA, fivec, birth, dt.date(2026, 9, 1)).eligible
    assert due(params, SA, fivec, birth, dt.date(2026, 10, 1)).monthly_amount == 540_000


def test_5b_ends_at_80_but_5c_takes_over(params):
    birth = dt.date(1946, 10, 5)
    only_5b = {"clauses": ["5b"], "household": "near_poor"}
    october = due(params, SA, only_5b, birth, dt.date(2026, 10, 1))
    assert october.monthly_amount == 540_000 and any("10/2026" in n for n in october.notes)
    assert not due(params, SA, only_5b, birth, dt.date(2026, 11, 1)).eligible
    both = {"clauses": ["5b", "5c"], "household": "near_poor"}
    assert due(params, SA, both, birth, dt.date(2026, 11, 1)).clause == "5c"


def test_standard_change_applies_from_july_2024(params):
    facts, birth = {"clauses": ["5a"], "household": "poor"}, dt.date(1950, 1, 1)
    assert due(params, SA, facts, birth, dt.date(2024, 6, 1)).monthly_amount == 540_000
    july = due(params, SA, facts, birth, dt.date(2024, 7, 1))
    assert july.monthly_amount == 750_000
    assert (
        "Từ tháng 07/2024: mức chuẩn 500.000 đ" in july.notes
        or "From 07/2024: standard level 500.000 đ" in july.notes
    )
    august = due(params, SA, facts, birth, dt.date(2024, 8, 1))
    assert not any("07/2024" in n for n in august.notes)


def test_july_2026_change_is_marked_provisional(params):
    facts, birth = {"clauses": ["5a"], "household": "poor"}, dt.date(1950, 1, 1)
    july = due(params, SA, facts, birth, dt.date(2026, 7, 1))
    assert july.monthly_amount == 810_000 and july.provisional
    assert any(
        "07/2026" in n and "540.000 đ" in n and ("provisional" in n or "tạm tính" in n) for n in july.notes
    )


def test_social_pension_turning_75_and_level_change(params):
    birth = dt.date(1951, 8, 31)
    assert not due(params, SP, {"household": "none"}, birth, dt.date(2026, 7, 1)).eligible
    assert due(params, SP, {"household": "none"}, birth, dt.date(2026, 8, 1)).monthly_amount == 540_000
    old = dt.date(1940, 1, 1)
    assert due(params, SP, {"household": "none"}, old, dt.date(2026, 6, 1)).monthly_amount == 500_000
    assert due(params, SP, {"household": "none"}, old, dt.date(2026, 7, 1)).monthly_amount == 540_000
    assert not due(params, SP, {"household": "none"}, old, dt.date(2025, 6, 1)).eligible


def test_month_argument_may_be_any_day_and_regime_hyphenated(params):
    facts, birth = {"clauses": ["5a"], "household": "poor"}, dt.date(1950, 1, 1)
    a = due(params, "social-assistance", facts, birth, dt.date(2025, 3, 17))
    b = due(params, "social_assistance", facts, birth, dt.date(2025, 3, 1))
    assert a == b and a.monthly_amount == 750_000


def test_facts_json_is_canonical():
    assert facts_json({"household": "poor", "clauses": ["5a"]}) == facts_json(
        {"clauses": ["5a"], "household": "poor"}
    )
    assert facts_json({"b": 1, "a": "ư"}) == '{"a":"ư","b":1}'


def test_cache_gives_the_same_answers_as_month_result(params):
    cache = EntitlementCache(params)
    facts_list = [
        (SA, {"clauses": ["1"], "household": "none", "studying": False}),
        (SA, {"clauses": ["1"], "household": "none", "studying": True}),
        (SA, {"clauses": ["5a", "4"], "household": "poor", "children": 2}),
        (SA, {"clauses": ["5b", "5c"], "household": "near_poor"}),
        (SA, {"clauses": ["6"], "disability": "severe", "household": "none"}),
        (SP, {"household": "poor", "pension_monthly": 0}),
        (SP, {"household": "none", "pension_monthly": 200000}),
    ]
    births = [
        dt.date(2022, 3, 20),
        dt.date(2010, 5, 10),
        dt.date(1951, 9, 20),
        dt.date(1946, 10, 5),
        dt.date(1955, 2, 28),
        dt.date(1951, 9, 3),
        dt.date(1960, 1, 31),
    ]
    months = [
        dt.date(2024, 6, 1),
        dt.date(2024, 7, 1),
        dt.date(2026, 3, 1),
        dt.date(2026, 5, 1),
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
    ]
    for (regime, facts), birth, month, province in itertools.product(
        facts_list, births, months, [None, "11"]
    ):
        expected = due(params, regime, facts, birth, month, province)
        assert cache.month_result(regime, facts_json(facts), birth, month, province) == expected
    # Two people with the same ages over a month share one cached answer.
    first = cache.month_result(
        SA, facts_json(facts_list[2][1]), dt.date(1950, 1, 1), dt.date(2025, 3, 1), "11"
    )
    misses = cache.misses
    second = cache.month_result(
        SA, facts_json(facts_list[2][1]), dt.date(1950, 1, 2), dt.date(2025, 3, 1), "11"
    )
    assert second is first and cache.misses == misses


def test_funeral_result(params):
    assert (
        funeral_result(regime=SA, death_date=dt.date(2025, 3, 2), province=None, params=params).monthly_amount
        == 10_000_000
    )
    sp = funeral_result(regime="social-pension", death_date=dt.date(2025, 9, 2), province="", params=params)
    assert sp.monthly_amount == 10_000_000 and sp.provisional
